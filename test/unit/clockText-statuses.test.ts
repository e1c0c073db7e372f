/** clockText: which time each status shows, and nothing without one (English, literal times). */
import * as assert from 'node:assert/strict';
import type { TaskStatus } from '../../src/hss/model';
import { clockText } from '../../src/tasks/clockText';
import { assignIds, type Task } from '../../src/tasks/identity';

const NOW = Date.UTC(2026, 10, 27, 12);
const MIN = 60_000;

function taskOf(status: TaskStatus, startedAt?: number, endedAt?: number): Task {
  const [task] = assignIds([{ hostId: 'h', backupName: 'b', status, startedAt, endedAt }]);
  if (!task) throw new Error('no task');
  return task;
}

describe('clockText', () => {
  it('shows how long a running task has run, a waiting one since when it waits', () => {
    assert.equal(clockText(taskOf('running', NOW - 12 * MIN), NOW, 'en'), '12 min');
    // A waiting row that carries an end time is still dated by its start.
    assert.equal(clockText(taskOf('waiting', NOW - 5 * MIN, NOW - MIN), NOW, 'en'), '5 minutes ago');
  });

  it('dates a settled task by its end, or by its start without one', () => {
    assert.equal(clockText(taskOf('success', NOW - 180 * MIN, NOW - 60 * MIN), NOW, 'en'), '1 hour ago');
    assert.equal(clockText(taskOf('failed', NOW - 120 * MIN), NOW, 'en'), '2 hours ago');
  });

  it('shows nothing for a task without a time', () => {
    assert.equal(clockText(taskOf('running'), NOW, 'en'), '');
    assert.equal(clockText(taskOf('waiting'), NOW, 'en'), '');
    assert.equal(clockText(taskOf('success'), NOW, 'en'), '');
  });
});
