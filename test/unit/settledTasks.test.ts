import * as assert from 'node:assert/strict';
import type { AnyTaskStatus } from '../../src/hss/model';
import type { Task } from '../../src/tasks/identity';
import {
  type NoticeWords,
  newlySettled,
  type SettledChange,
  settledNotice,
} from '../../src/ui/tasks/settledTasks';

function task(id: string, status: AnyTaskStatus, extra: Partial<Task> = {}): Task {
  return { id, status, hostName: `host-${id}`, ...extra } as Task;
}

function change(parts: Partial<SettledChange>): SettledChange {
  return { reset: false, source: 'poll', added: [], changed: [], ...parts };
}

const words: NoticeWords = {
  one: (status, what) => `one[${status}|${what}]`,
  allProblems: (count, tasks) => `all[${count}|${tasks}]`,
  mixed: (count, problems) => `mixed[${count}|${problems}]`,
  taskLabel: (t) => t.hostName ?? t.hostId ?? '(unnamed)',
  statusLabel: (status) => `${status.toUpperCase()}`,
};

describe('newlySettled', () => {
  const running = task('a', 'running');
  const failed = task('a', 'failed');

  it('finds a task that turned failed or timed out', () => {
    const timedOut = task('b', 'timeout');
    assert.deepEqual(
      newlySettled(
        change({
          changed: [
            { before: running, after: failed },
            { before: task('b', 'waiting'), after: timedOut },
          ],
        }),
        'failures',
      ),
      [failed, timedOut],
    );
  });

  it('ignores a task whose status stayed, even with other fields changed', () => {
    assert.deepEqual(
      newlySettled(
        change({ changed: [{ before: task('a', 'failed', { progress: 10 }), after: failed }] }),
        'all',
      ),
      [],
    );
  });

  it('finds added tasks that are already failed (a same-count swap in a poll)', () => {
    const other = task('c', 'failed');
    assert.deepEqual(newlySettled(change({ added: [task('d', 'running'), other] }), 'failures'), [other]);
  });

  it('lists changed tasks before added ones', () => {
    const added = task('c', 'timeout');
    assert.deepEqual(
      newlySettled(change({ added: [added], changed: [{ before: running, after: failed }] }), 'failures'),
      [failed, added],
    );
  });

  it('counts successes at level "all" only', () => {
    const done = task('a', 'success');
    const c = change({ changed: [{ before: running, after: done }], added: [task('e', 'success')] });
    assert.deepEqual(newlySettled(c, 'failures'), []);
    assert.deepEqual(
      newlySettled(c, 'all').map((t) => t.id),
      ['a', 'e'],
    );
  });

  it('never counts skipped, waiting, running or unknown', () => {
    const c = change({
      added: [task('1', 'skipped'), task('2', 'waiting'), task('3', 'running'), task('4', 'unknown')],
    });
    assert.deepEqual(newlySettled(c, 'all'), []);
  });

  it('says nothing when off, on the first load or when the list was replaced', () => {
    const c = { changed: [{ before: running, after: failed }], added: [task('c', 'failed')] };
    assert.deepEqual(newlySettled(change(c), 'off'), []);
    assert.deepEqual(newlySettled(change({ ...c, source: 'initial' }), 'failures'), []);
    assert.deepEqual(newlySettled(change({ ...c, reset: true }), 'failures'), []);
    assert.equal(newlySettled(change({ ...c, source: 'refresh' }), 'failures').length, 2);
  });
});

describe('settledNotice', () => {
  it('is undefined for no tasks', () => {
    assert.equal(settledNotice([], words), undefined);
  });

  it('names one task, its status in lower case and its backup, and offers its details', () => {
    const one = task('a', 'failed', { backupName: 'nightly' });
    assert.deepEqual(settledNotice([one], words), {
      message: 'one[failed|host-a (nightly)]',
      severity: 'warning',
      detailsOf: one,
    });
  });

  it('tells of one success as information, without a backup name when there is none', () => {
    const one = task('a', 'success');
    assert.deepEqual(settledNotice([one], words), {
      message: 'one[success|host-a]',
      severity: 'information',
      detailsOf: one,
    });
  });

  it('lists the first three of several problems', () => {
    const tasks = [
      task('a', 'failed'),
      task('b', 'timeout', { backupName: 'weekly' }),
      task('c', 'failed'),
      task('d', 'failed'),
    ];
    assert.deepEqual(settledNotice(tasks, words), {
      message: 'all[4|host-a, host-b (weekly), host-c]',
      severity: 'warning',
    });
  });

  it('counts problems among several finished tasks', () => {
    assert.deepEqual(
      settledNotice([task('a', 'success'), task('b', 'failed'), task('c', 'success')], words),
      {
        message: 'mixed[3|1]',
        severity: 'warning',
      },
    );
    assert.deepEqual(settledNotice([task('a', 'success'), task('b', 'success')], words), {
      message: 'mixed[2|0]',
      severity: 'information',
    });
  });
});
