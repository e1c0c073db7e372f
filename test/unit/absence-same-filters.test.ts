/**
 * absenceOf when the filters did not change since the task was listed: only the task itself (its
 * new status, name or age) can put it outside them. And sameFilters field by field.
 */
import * as assert from 'node:assert/strict';
import type { TaskStatus } from '../../src/hss/model';
import { absenceOf, sameFilters } from '../../src/tasks/absence';
import type { TaskFilters } from '../../src/tasks/filters';
import { assignIds, type Task } from '../../src/tasks/identity';

const NOW = Date.UTC(2026, 11, 1, 12);
const DAY = 86_400_000;

function taskOf(status: TaskStatus, startedAt: number | undefined, hostName?: string): Task {
  const [task] = assignIds([{ hostId: 'h1', hostName, status, startedAt, backupName: 'b' }]);
  if (!task) throw new Error('no task');
  return task;
}

const under = (task: Task, filters: TaskFilters) =>
  absenceOf(task, { filters, filtersWhenSeen: filters, now: NOW });

describe('absenceOf under unchanged filters', () => {
  it('is hidden when the task now has a status the filter leaves out, gone when it has not', () => {
    // Listed while running, under "running"; its last reading says it has finished.
    assert.equal(under(taskOf('success', NOW - DAY), { statuses: ['running'] }), 'hidden');
    assert.equal(under(taskOf('running', NOW - DAY), { statuses: ['running'] }), 'gone');
    assert.equal(under(taskOf('success', NOW - DAY), { statuses: [] }), 'gone');
  });

  it('is hidden when the server name no longer contains the filter, or is unknown', () => {
    assert.equal(under(taskOf('success', NOW - DAY, 'web-2'), { serverName: 'db' }), 'hidden');
    assert.equal(under(taskOf('success', NOW - DAY), { serverName: 'db' }), 'hidden');
    assert.equal(under(taskOf('success', NOW - DAY, 'db-1'), { serverName: 'db' }), 'gone');
  });

  it('is hidden once it started before the time range, to the millisecond', () => {
    assert.equal(under(taskOf('success', NOW - 7 * DAY - 1), { lastDays: 7 }), 'hidden');
    assert.equal(under(taskOf('success', NOW - 7 * DAY), { lastDays: 7 }), 'gone');
    assert.equal(under(taskOf('success', NOW - DAY), { lastDays: 7 }), 'gone');
    assert.equal(under(taskOf('success', undefined), { lastDays: 7 }), 'gone');
  });
});

describe('sameFilters', () => {
  it('compares the statuses as a set, an empty list as none', () => {
    assert.equal(sameFilters({ statuses: ['running', 'failed'] }, { statuses: ['failed', 'running'] }), true);
    assert.equal(sameFilters({}, { statuses: [] }), true);
    assert.equal(sameFilters({ statuses: ['running'] }, { statuses: ['failed'] }), false);
  });

  it('tells each other field apart, the rest equal', () => {
    const base: TaskFilters = {
      statuses: ['failed'],
      serverName: 'db',
      lastDays: 7,
      enterpriseProjectId: 'e1',
    };
    assert.equal(sameFilters(base, { ...base }), true);
    assert.equal(sameFilters(base, { ...base, statuses: ['timeout'] }), false);
    assert.equal(sameFilters(base, { ...base, serverName: 'web' }), false);
    assert.equal(sameFilters(base, { ...base, lastDays: 3 }), false);
    assert.equal(sameFilters(base, { ...base, enterpriseProjectId: 'e2' }), false);
    assert.equal(sameFilters({ serverName: '' }, {}), true);
  });
});
