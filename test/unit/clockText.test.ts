import * as assert from 'node:assert/strict';
import { clockText, rowsWhoseTimeChanged } from '../../src/tasks/clockText';
import { assignIds } from '../../src/tasks/identity';

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('rows whose time text changes', () => {
  const tasks = assignIds([
    // running 20 s: "20 s" → "50 s" in 30 s
    { hostId: 'run-new', status: 'running', startedAt: T0 - 20 * SECOND },
    // running 10 min 5 s: "10 min" at both T0 and T0 + 30 s
    { hostId: 'run-old', status: 'running', startedAt: T0 - 10 * MINUTE - 5 * SECOND },
    // queued 2 min 10 s ago: "2 minutes ago" → "3 minutes ago" at 2 min 40 s (rounded)
    { hostId: 'wait', status: 'waiting', startedAt: T0 - 2 * MINUTE - 10 * SECOND },
    // ended 3 days ago: the same for hours
    {
      hostId: 'done',
      status: 'success',
      startedAt: T0 - 3 * 86_400_000,
      endedAt: T0 - 3 * 86_400_000 + MINUTE,
    },
    // no times: never changes
    { hostId: 'bare', status: 'failed' },
  ]);

  it('writes the phrases the rows show', () => {
    assert.deepEqual(
      tasks.map((task) => clockText(task, T0, 'en')),
      ['20 s', '10 min', '2 minutes ago', '3 days ago', ''],
    );
  });

  it('names only the rows whose text moved on in 30 s', () => {
    const changed = rowsWhoseTimeChanged(tasks, (task) => task, T0, T0 + 30 * SECOND, 'en');
    assert.deepEqual(
      changed.map((task) => task.hostId),
      ['run-new', 'wait'],
    );
  });

  it('names none when no time passed, and the old running row after a minute', () => {
    assert.deepEqual(
      rowsWhoseTimeChanged(tasks, (task) => task, T0, T0, 'en'),
      [],
    );
    const later = rowsWhoseTimeChanged(tasks, (task) => task, T0, T0 + 60 * SECOND, 'en');
    assert.deepEqual(
      later.map((task) => task.hostId),
      ['run-new', 'run-old', 'wait'],
    );
  });
});
