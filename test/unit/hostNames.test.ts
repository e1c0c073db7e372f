import * as assert from 'node:assert/strict';
import { knownHostNames, serverNameOf } from '../../src/tasks/hostNames';
import { assignIds } from '../../src/tasks/identity';

describe('names over ids', () => {
  const tasks = assignIds([
    { hostId: 'h1', status: 'failed', startedAt: 300 },
    { hostId: 'h1', hostName: 'web-01', status: 'success', startedAt: 100 },
    { hostId: 'h1', hostName: 'web-01-renamed', status: 'success', startedAt: 200 },
    { hostId: 'h2', status: 'running', startedAt: 50 },
    { hostName: 'no-id', status: 'success', startedAt: 10 },
    { hostId: 'h3', hostName: 'db', status: 'success' },
  ]);

  it('knows each host id by the name of its newest named row', () => {
    assert.deepEqual([...knownHostNames(tasks)].sort(), [
      ['h1', 'web-01-renamed'],
      ['h3', 'db'],
    ]);
  });

  it('takes the first listed of named rows that started together, or have no start time', () => {
    const names = knownHostNames(
      assignIds([
        { hostId: 'h1', hostName: 'first', status: 'success', startedAt: 100 },
        { hostId: 'h1', hostName: 'second', status: 'success', startedAt: 100 },
        { hostId: 'h2', hostName: 'first', status: 'success' },
        { hostId: 'h2', hostName: 'second', status: 'success' },
      ]),
    );
    assert.deepEqual(
      [...names],
      [
        ['h1', 'first'],
        ['h2', 'first'],
      ],
    );
  });

  it('shows a row without host_name by the name known for its host_id, else nothing', () => {
    const names = knownHostNames(tasks);
    assert.deepEqual(
      tasks.map((task) => serverNameOf(task, names)),
      ['web-01-renamed', 'web-01', 'web-01-renamed', undefined, 'no-id', 'db'],
    );
  });
});
