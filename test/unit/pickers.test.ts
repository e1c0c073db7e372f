import * as assert from 'node:assert/strict';
import { assignIds } from '../../src/tasks/identity';
import { serverNameChoices, timeRangeChoices } from '../../src/tasks/pickers';

describe('filter pickers', () => {
  it('offers each known server name once, in reading order', () => {
    const tasks = assignIds([
      { hostName: 'web-10', status: 'success' },
      { hostName: 'db-primary', status: 'failed' },
      { hostName: 'web-2', status: 'success' },
      { hostName: 'db-primary', status: 'success' },
      { hostId: 'no-name', status: 'success' },
      { hostName: 'Café-prod', status: 'running' },
    ]);
    assert.deepEqual(serverNameChoices(tasks, 'en'), ['Café-prod', 'db-primary', 'web-2', 'web-10']);
  });

  it('marks the time range in effect: the filter, else the setting; 0 is all time', () => {
    const marked = (filter?: number, setting?: number) =>
      timeRangeChoices(filter, setting)
        .filter((choice) => choice.current)
        .map((choice) => choice.days);
    assert.deepEqual(
      timeRangeChoices(undefined, 7).map((c) => c.days),
      [1, 3, 7, 14, 30, 0],
    );
    assert.deepEqual(marked(undefined, 7), [7]);
    assert.deepEqual(marked(3, 7), [3]);
    assert.deepEqual(marked(0, 7), [0]);
    assert.deepEqual(marked(undefined, 0), [0]);
    assert.deepEqual(marked(undefined, undefined), [0]);
  });

  it('offers a setting that is not a standard range, in its place, marked', () => {
    assert.deepEqual(
      timeRangeChoices(undefined, 5).map((c) => [c.days, c.current]),
      [
        [1, false],
        [3, false],
        [5, true],
        [7, false],
        [14, false],
        [30, false],
        [0, false],
      ],
    );
  });
});
