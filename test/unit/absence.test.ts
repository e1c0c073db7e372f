import * as assert from 'node:assert/strict';
import { absenceOf } from '../../src/tasks/absence';
import { assignIds } from '../../src/tasks/identity';

const NOW = Date.UTC(2026, 11, 1, 12);
const DAY = 86_400_000;
const [task] = assignIds([
  { hostId: 'h1', hostName: 'Café-Prod', status: 'failed', startedAt: NOW - 5 * DAY, backupName: 'b' },
]);
if (!task) throw new Error('no task');

describe('absenceOf: hidden by a filter, or gone from the list', () => {
  it('is gone when the filters are the ones it was listed under', () => {
    assert.equal(absenceOf(task, { filters: {}, filtersWhenSeen: {}, now: NOW }), 'gone');
    const f = { statuses: ['failed' as const], serverName: 'café' };
    assert.equal(absenceOf(task, { filters: f, filtersWhenSeen: f, now: NOW }), 'gone');
  });

  it('is hidden by a status filter that leaves its status out', () => {
    assert.equal(
      absenceOf(task, { filters: { statuses: ['running'] }, filtersWhenSeen: {}, now: NOW }),
      'hidden',
    );
  });

  it('is hidden by a server name it does not contain (case-insensitive, NFC)', () => {
    assert.equal(absenceOf(task, { filters: { serverName: 'db' }, filtersWhenSeen: {}, now: NOW }), 'hidden');
    // "cafe\u0301" is the decomposed spelling of "café".
    const decomposed = { serverName: 'CAFE\u0301' };
    assert.equal(absenceOf(task, { filters: decomposed, filtersWhenSeen: decomposed, now: NOW }), 'gone');
  });

  it('is hidden by a time range it started before, from the filter or the setting', () => {
    assert.equal(absenceOf(task, { filters: { lastDays: 3 }, filtersWhenSeen: {}, now: NOW }), 'hidden');
    assert.equal(
      absenceOf(task, { filters: {}, filtersWhenSeen: {}, defaultLastDays: 1, now: NOW }),
      'hidden',
    );
    // 0 = everything the API keeps: no limit.
    assert.equal(
      absenceOf(task, {
        filters: { lastDays: 0 },
        filtersWhenSeen: { lastDays: 0 },
        defaultLastDays: 1,
        now: NOW,
      }),
      'gone',
    );
  });

  it('is hidden when the filters changed in a way it cannot check (another enterprise project)', () => {
    assert.equal(
      absenceOf(task, { filters: { enterpriseProjectId: 'ep-2' }, filtersWhenSeen: {}, now: NOW }),
      'hidden',
    );
  });
});
