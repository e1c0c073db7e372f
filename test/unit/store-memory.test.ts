/**
 * TaskStore against an in-memory task list (no HTTP) and an advancing clock: staleness, polls,
 * scope switches mid-load, failure counts. Expected values are the list's own rows or literals.
 */
import * as assert from 'node:assert/strict';
import type { PageRequest, PageResult } from '../../src/hss/client';
import { HssError } from '../../src/hss/errors';
import type { OperationLog, TaskStatus } from '../../src/hss/model';
import {
  diffTasks,
  type LoadScope,
  type StoreChange,
  type TaskListSource,
  TaskStore,
} from '../../src/tasks/store';

function log(
  host: string,
  status: TaskStatus,
  startedAt: number,
  extra: Partial<OperationLog> = {},
): OperationLog {
  return {
    hostId: host,
    hostName: `${host}-name`,
    backupName: 'b',
    progress: status === 'running' ? 50 : 100,
    status,
    rawStatus: undefined,
    startedAt,
    endedAt: undefined,
    error: undefined,
    ...extra,
  };
}

/** A list served from memory, newest first; each request is recorded and may be made to fail. */
class MemorySource implements TaskListSource {
  rows: OperationLog[];
  readonly requests: PageRequest[] = [];
  fail?: (request: PageRequest) => Error | undefined;
  /** Resolved by the test to let a held request answer. */
  hold?: Promise<void>;

  constructor(rows: OperationLog[]) {
    this.rows = rows;
  }

  async listOperationLogs(request: PageRequest, signal?: AbortSignal): Promise<PageResult> {
    this.requests.push(request);
    const failure = this.fail?.(request);
    if (this.hold) await this.hold;
    if (signal?.aborted) throw new HssError('cancelled', 'The request was cancelled.');
    if (failure) throw failure;
    const rows = this.rows.filter((row) => !request.status || row.status === request.status);
    return {
      totalNum: rows.length,
      items: rows.slice(request.offset, request.offset + request.limit),
      requestId: `req-${this.requests.length}`,
    };
  }
}

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 10, 27, 12);

function scopeOf(source: TaskListSource, extra: Partial<LoadScope> = {}): LoadScope {
  return { key: 'scope-a', source, query: {}, pageSize: 10, concurrency: 2, ...extra };
}

function storeWithClock(start = T0) {
  const clock = { now: start };
  const store = new TaskStore(() => clock.now);
  const changes: StoreChange[] = [];
  store.onDidChangeTasks((change) => changes.push(change));
  return { store, clock, changes };
}

const hosts = (store: TaskStore) => store.state.tasks.map((task) => `${task.hostId}:${task.status}`);

describe('TaskStore on an in-memory list', () => {
  it('loads the list, with when it was loaded, the last request id and the failures', async () => {
    const source = new MemorySource([
      log('a', 'failed', T0 - 1),
      log('b', 'timeout', T0 - 2),
      log('c', 'success', T0 - 3),
    ]);
    const { store, changes } = storeWithClock();
    store.setScope(scopeOf(source));
    await store.refresh();
    assert.deepEqual(hosts(store), ['a:failed', 'b:timeout', 'c:success']);
    assert.equal(store.state.loadedAt, T0);
    assert.equal(store.state.loading, false);
    assert.equal(store.state.requestId, 'req-1');
    assert.deepEqual(store.state.failures, { failed: 1, timeout: 1, countedAt: T0 });
    assert.equal(store.state.scopeKey, 'scope-a');
    assert.equal(store.state.error, undefined);
    assert.deepEqual(
      changes.map((c) => [c.source, c.reset, c.added.length]),
      [
        ['initial', true, 0],
        ['initial', false, 3],
      ],
    );
  });

  it('keeps the list and its load time when a refresh fails: the stale list is not re-dated', async () => {
    const source = new MemorySource([log('a', 'running', T0 - 1), log('b', 'success', T0 - 2)]);
    const { store, clock } = storeWithClock();
    store.setScope(scopeOf(source));
    await store.refresh();
    const shown = store.state.tasks;
    clock.now = T0 + HOUR;
    source.fail = () => new HssError('server', 'The server failed (HTTP 503).');
    await store.refresh();
    assert.equal(store.state.tasks, shown, 'the same list');
    assert.equal(store.state.loadedAt, T0, 'loaded at the first load, not at the failed one');
    assert.equal(store.state.error?.kind, 'server');
    assert.equal(store.state.loading, false);
    assert.equal(store.recoversByItself, true);
    clock.now = T0 + 2 * HOUR;
    source.fail = undefined;
    await store.refresh();
    assert.equal(store.state.loadedAt, T0 + 2 * HOUR);
    assert.equal(store.state.error, undefined);
    assert.equal(store.recoversByItself, false);
  });

  it('a refresh that brings the same list tells no listener the tasks changed', async () => {
    const source = new MemorySource([log('a', 'running', T0 - 1), log('b', 'success', T0 - 2)]);
    const { store, clock } = storeWithClock();
    store.setScope(scopeOf(source));
    await store.refresh();
    const changes: string[] = [];
    store.onDidChangeTasks((change) => changes.push(change.source));
    clock.now = T0 + HOUR;
    await store.refresh();
    assert.deepEqual(changes, []);
    assert.equal(store.state.loadedAt, T0 + HOUR, 'loaded again all the same');
    source.rows = [log('a', 'success', T0 - 1), log('b', 'success', T0 - 2)];
    await store.refresh();
    assert.deepEqual(changes, ['refresh']);
  });

  it('never reads again by itself after a credential error', async () => {
    const source = new MemorySource([log('a', 'success', T0)]);
    const { store } = storeWithClock();
    store.setScope(scopeOf(source));
    source.fail = () => new HssError('credentials', 'rejected');
    await store.refresh();
    assert.equal(store.state.error?.kind, 'credentials');
    assert.equal(store.recoversByItself, false);
    assert.deepEqual(store.state.tasks, []);
  });

  it('wraps an error that is not an HssError as a network error', async () => {
    const source = new MemorySource([log('a', 'success', T0)]);
    const { store } = storeWithClock();
    store.setScope(scopeOf(source));
    source.fail = () => new TypeError('boom');
    await store.refresh();
    assert.equal(store.state.error?.kind, 'network');
    assert.equal(store.state.error?.message, 'TypeError: boom');
  });

  it('drops a load of the old scope that answers after a switch', async () => {
    const old = new MemorySource([log('old', 'success', T0)]);
    let release: () => void = () => {};
    old.hold = new Promise((resolve) => {
      release = resolve;
    });
    const next = new MemorySource([log('new', 'failed', T0)]);
    const { store } = storeWithClock();
    store.setScope(scopeOf(old));
    const first = store.refresh();
    store.setScope(scopeOf(next, { key: 'scope-b' }));
    await store.refresh();
    release();
    await first;
    assert.deepEqual(hosts(store), ['new:failed']);
    assert.equal(store.state.scopeKey, 'scope-b');
  });

  it('keeps the list when the scope is set again with the same key', async () => {
    const source = new MemorySource([log('a', 'success', T0)]);
    const { store } = storeWithClock();
    store.setScope(scopeOf(source));
    await store.refresh();
    store.setScope(scopeOf(source));
    assert.deepEqual(hosts(store), ['a:success']);
    store.setScope(undefined);
    assert.deepEqual(hosts(store), []);
    assert.equal(store.state.scopeKey, undefined);
    await store.refresh();
    assert.equal(source.requests.length, 1, 'no scope, no request');
  });

  it('counts failures of statuses the filter did not load with one small request each', async () => {
    const source = new MemorySource([
      log('a', 'failed', T0 - 1),
      log('b', 'running', T0 - 2),
      log('c', 'timeout', T0 - 3),
      log('d', 'timeout', T0 - 4),
    ]);
    const { store } = storeWithClock();
    store.setScope(scopeOf(source, { statuses: ['running', 'failed'] }));
    await store.refresh();
    assert.deepEqual(hosts(store), ['a:failed', 'b:running']);
    assert.deepEqual(store.state.failures, { failed: 1, timeout: 2, countedAt: T0 });
    const counting = source.requests.filter((r) => r.status === 'timeout');
    assert.deepEqual(counting, [{ status: 'timeout', offset: 0, limit: 10 }]);
  });

  it('merges the series of a status filter newest first', async () => {
    const source = new MemorySource([
      log('a', 'failed', T0 - 1),
      log('b', 'running', T0 - 2),
      log('c', 'failed', T0 - 3),
      log('d', 'running', T0 - 4),
    ]);
    const { store } = storeWithClock();
    store.setScope(scopeOf(source, { statuses: ['running', 'failed'] }));
    await store.refresh();
    assert.deepEqual(hosts(store), ['a:failed', 'b:running', 'c:failed', 'd:running']);
  });

  it('keeps the earlier failure count when counting fails', async () => {
    const source = new MemorySource([log('a', 'failed', T0 - 1), log('b', 'timeout', T0 - 2)]);
    const { store, clock } = storeWithClock();
    store.setScope(scopeOf(source, { statuses: ['failed'] }));
    await store.refresh();
    assert.deepEqual(store.state.failures, { failed: 1, timeout: 1, countedAt: T0 });
    clock.now = T0 + HOUR;
    source.fail = (request) => (request.status === 'timeout' ? new HssError('server', 'x') : undefined);
    await store.refresh();
    assert.deepEqual(store.state.failures, { failed: 1, timeout: 1, countedAt: T0 });
    assert.equal(store.state.loadedAt, T0 + HOUR);
  });

  it('ends a first load shown as it came on the tasks shown: the rows held back appended, no diff', async () => {
    const rows = Array.from({ length: 45 }, (_, i) => log(`h${i}`, 'success', T0 - i));
    const source = new MemorySource(rows);
    // The clock stands still: the first page is shown at once, the rest waits for the complete list.
    const { store, changes } = storeWithClock();
    store.setScope(scopeOf(source));
    await store.refresh();
    assert.deepEqual(
      changes.map((change) => [
        change.reset,
        change.appended ?? false,
        change.added.length,
        change.changed.length,
      ]),
      [
        [true, false, 0, 0], // the scope set
        [false, false, 10, 0], // the first page, at once
        [false, true, 35, 0], // the rest, as the list completes
      ],
    );
    const handed = changes.flatMap((change) => change.added);
    assert.equal(store.state.tasks.length, 45);
    assert.ok(
      store.state.tasks.every((task, i) => task === handed[i]),
      'the tasks on screen are the ones handed out',
    );
    assert.deepEqual(store.state.tasks[44]?.id, `h44|b|${T0 - 44}`);
    assert.equal(store.state.progress, undefined);
  });

  it('ends a first load on the later reading of a row that changed between two pages', async () => {
    const rows = Array.from({ length: 19 }, (_, i) => log(`h${i}`, 'running', T0 - i));
    const source = new MemorySource(rows);
    const original = source.listOperationLogs.bind(source);
    source.listOperationLogs = async (request, signal) => {
      // h9 is the last row of the first page and the first of the second: 50 % then 60 %.
      if (request.offset > 0) source.rows[9] = log('h9', 'running', T0 - 9, { progress: 60 });
      return original(request, signal);
    };
    const { store, changes } = storeWithClock();
    store.setScope(scopeOf(source));
    await store.refresh();
    assert.equal(store.state.tasks.length, 19);
    assert.equal(store.state.tasks[9]?.progress, 60);
    assert.deepEqual(
      changes.at(-1)?.changed.map(({ before, after }) => [before.hostId, before.progress, after.progress]),
      [['h9', 50, 60]],
    );
  });

  it('ends a first load on the rows shown when each page brings copies of its rows, as HTTP does', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => log(`h${i}`, 'success', T0 - i));
    const source = new MemorySource(rows);
    const original = source.listOperationLogs.bind(source);
    source.listOperationLogs = async (request, signal) => {
      const page = await original(request, signal);
      return { ...page, items: page.items.map((row) => ({ ...row })) };
    };
    const { store, changes } = storeWithClock();
    store.setScope(scopeOf(source));
    await store.refresh();
    assert.deepEqual(
      changes.map((change) => [change.appended ?? false, change.added.length]),
      [
        [false, 0],
        [false, 10],
        [true, 15],
      ],
    );
    const handed = changes.flatMap((change) => change.added);
    assert.ok(
      store.state.tasks.every((task, i) => task === handed[i]),
      'the tasks on screen are the ones handed out',
    );
  });

  it('ends a first load on the later reading of a row whose host id or backup name appeared', async () => {
    // Read again as the first row of the second page, the last row of the first page now has a host
    // id where it had only a name (or a backup name, empty, where it had none): the same key.
    const cases: [Partial<OperationLog>, Partial<OperationLog>][] = [
      [
        { hostId: undefined, hostName: 'x' },
        { hostId: 'name:x', hostName: 'x' },
      ],
      [{ backupName: undefined }, { backupName: '' }],
    ];
    for (const [before, after] of cases) {
      const rows = Array.from({ length: 15 }, (_, i) => log(`h${i}`, 'success', T0 - i));
      rows[9] = log('h9', 'success', T0 - 9, before);
      const source = new MemorySource(rows);
      const original = source.listOperationLogs.bind(source);
      source.listOperationLogs = async (request, signal) => {
        if (request.offset > 0) source.rows[9] = log('h9', 'success', T0 - 9, after);
        return original(request, signal);
      };
      const { store } = storeWithClock();
      store.setScope(scopeOf(source));
      await store.refresh();
      assert.equal(store.state.tasks.length, 15);
      assert.deepEqual(
        [store.state.tasks[9]?.hostId, store.state.tasks[9]?.backupName],
        [after.hostId ?? 'h9', 'backupName' in after ? after.backupName : 'b'],
      );
    }
  });

  it('ends a first load on the row read last when another task took its place too late to read again', async () => {
    const rows = Array.from({ length: 19 }, (_, i) => log(`h${i}`, 'success', T0 - i * 1000));
    const source = new MemorySource(rows);
    const original = source.listOperationLogs.bind(source);
    source.listOperationLogs = async (request, signal) => {
      // The second page comes back empty three times, which spends the request budget; when it
      // comes, h9 is another task of the same host and backup, started later.
      const n = source.requests.length + 1;
      if (n === 6) source.rows = rows.map((row, i) => (i === 9 ? log('h9', 'success', T0 - 8500) : row));
      const page = await original(request, signal);
      return request.offset === 9 && n < 6 ? { ...page, items: [] } : page;
    };
    const { store } = storeWithClock();
    store.setScope(scopeOf(source, { concurrency: 1 }));
    await store.refresh();
    assert.equal(source.requests.length, 6);
    assert.match(store.state.incomplete ?? '', /^the list changed while it was read/);
    assert.equal(store.state.tasks.length, 19);
    assert.equal(store.state.tasks[9]?.startedAt, T0 - 8500);
  });

  it('ends a first load on the whole list when rows arrived at its top while it was read', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => log(`h${i}`, 'success', T0 - i));
    const source = new MemorySource(rows);
    const original = source.listOperationLogs.bind(source);
    source.listOperationLogs = async (request, signal) => {
      if (request.offset > 0 && source.rows.length === 25) source.rows = [log('new', 'running', T0), ...rows];
      return original(request, signal);
    };
    const { store, changes } = storeWithClock();
    store.setScope(scopeOf(source));
    await store.refresh();
    assert.deepEqual(hosts(store).slice(0, 2), ['new:running', 'h0:success']);
    assert.equal(store.state.tasks.length, 26);
    assert.deepEqual(
      changes.map((change) => [change.appended ?? false, change.added.length]),
      [
        [false, 0],
        [false, 10],
        [false, 16],
      ],
    );
  });

  it('shows no row twice when a first load reads its list again after a row left it', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => log(`h${i}`, 'success', T0 - i));
    const source = new MemorySource(rows);
    const { store, clock, changes } = storeWithClock();
    const original = source.listOperationLogs.bind(source);
    source.listOperationLogs = async (request, signal) => {
      // A second a page: every page is shown. h3 leaves before the second request.
      clock.now += 1000;
      if (source.requests.length === 1) source.rows = rows.filter((row) => row.hostId !== 'h3');
      return original(request, signal);
    };
    store.setScope(scopeOf(source, { concurrency: 1 }));
    await store.refresh();
    assert.equal(source.requests.length, 6, 'the list read twice');
    assert.deepEqual(
      changes.map((change) => [change.appended ?? false, change.added.length, change.removed.length]),
      [
        [false, 0, 0],
        [false, 10, 0],
        [true, 10, 0],
        [false, 5, 1],
      ],
    );
    assert.equal(store.state.tasks.length, 24);
  });

  it('holds back the rows of a status series until the end when another series read its list again', async () => {
    const running = Array.from({ length: 25 }, (_, i) => log(`r${i}`, 'running', T0 - 2 * i));
    const failed = Array.from({ length: 15 }, (_, i) => log(`f${i}`, 'failed', T0 - 2 * i - 1));
    const source = new MemorySource([...running, ...failed]);
    const original = source.listOperationLogs.bind(source);
    source.listOperationLogs = async (request, signal) => {
      // r3 leaves before the running series reads its second page: that series reads again.
      if (request.status === 'running' && request.offset > 0)
        source.rows = source.rows.filter((r) => r.hostId !== 'r3');
      return original(request, signal);
    };
    // The clock stands still: the first page (of the running series) is shown, the rest at the end.
    const { store, changes } = storeWithClock();
    store.setScope(scopeOf(source, { statuses: ['running', 'failed'], concurrency: 1 }));
    await store.refresh();
    assert.deepEqual(
      changes.map((change) => [change.appended ?? false, change.added.length, change.removed.length]),
      [
        [false, 0, 0],
        [false, 10, 0],
        [false, 30, 1],
      ],
    );
    assert.equal(store.state.tasks.length, 39);
  });

  it('shows the first page of a first load at once, then at most every 300 ms', async () => {
    const rows = Array.from({ length: 45 }, (_, i) => log(`h${i}`, 'success', T0 - i));
    const source = new MemorySource(rows);
    const { store, clock } = storeWithClock();
    const progress: (number | undefined)[] = [];
    store.onDidChangeState((state) => progress.push(state.progress?.loaded));
    store.setScope(scopeOf(source, { concurrency: 1 }));
    let requests = 0;
    const original = source.listOperationLogs.bind(source);
    source.listOperationLogs = async (request, signal) => {
      requests++;
      // Each page arrives 200 ms after the one before: a redraw every second page.
      const page = await original(request, signal);
      clock.now = T0 + 200 * requests;
      return page;
    };
    await store.refresh();
    assert.deepEqual(
      progress.filter((p) => p !== undefined),
      [10, 28, 45],
    );
  });

  it('marks a first load that failed part-way incomplete, with the rows in hand', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => log(`h${i}`, 'success', T0 - i));
    const source = new MemorySource(rows);
    const { store } = storeWithClock();
    store.setScope(scopeOf(source, { concurrency: 1 }));
    source.fail = (request) => (request.offset > 0 ? new HssError('server', 'x') : undefined);
    await store.refresh();
    assert.equal(store.state.tasks.length, 10);
    assert.equal(store.state.incomplete, 'only 10 of 30 tasks could be read');
    assert.equal(store.state.error?.kind, 'server');
    assert.equal(store.state.progress, undefined);
  });
});

describe('TaskStore polls', () => {
  async function loaded(rows: OperationLog[]) {
    const source = new MemorySource(rows);
    const context = storeWithClock();
    context.store.setScope(scopeOf(source));
    await context.store.refresh();
    context.changes.length = 0;
    return { source, ...context };
  }

  it('is idle with nothing active, and skipped without a scope', async () => {
    const { store, source } = await loaded([log('a', 'success', T0)]);
    assert.equal(await store.pollActive(), 'idle');
    assert.equal(source.requests.length, 1);
    assert.equal(await new TaskStore().pollActive(), 'skipped');
  });

  it('updates the active tasks in place with one request per active status', async () => {
    const { store, source, changes } = await loaded([
      log('a', 'running', T0 - 1),
      log('b', 'success', T0 - 2),
    ]);
    const before = store.state.tasks;
    source.rows = [log('a', 'running', T0 - 1, { progress: 80 }), log('b', 'success', T0 - 2)];
    assert.equal(await store.pollActive(), 'updated');
    assert.deepEqual(
      source.requests.slice(-2).map((r) => r.status),
      ['running', 'waiting'],
    );
    assert.equal(store.state.tasks[0]?.progress, 80);
    assert.equal(store.state.tasks[0]?.id, before[0]?.id);
    assert.equal(store.state.tasks[1], before[1], 'a settled task is the same object');
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.source, 'poll');
    assert.equal(changes[0]?.changed.length, 1);
    assert.equal(changes[0]?.changed[0]?.before.progress, 50);
  });

  it('polls only the active statuses of the filter', async () => {
    const source = new MemorySource([log('a', 'waiting', T0 - 1)]);
    const { store } = storeWithClock();
    store.setScope(scopeOf(source, { statuses: ['waiting', 'failed'] }));
    await store.refresh();
    source.requests.length = 0;
    assert.equal(await store.pollActive(), 'updated');
    assert.deepEqual(
      source.requests.map((r) => r.status),
      ['waiting'],
    );
  });

  it('reloads when one task finished and another started: the same count, another set', async () => {
    const { store, source, changes } = await loaded([
      log('a', 'running', T0 - 1),
      log('b', 'success', T0 - 2),
      log('c', 'failed', T0 - 3),
    ]);
    source.rows = [
      log('new', 'running', T0),
      log('a', 'success', T0 - 1),
      log('b', 'success', T0 - 2),
      log('c', 'failed', T0 - 3),
    ];
    assert.equal(await store.pollActive(), 'reloaded');
    assert.deepEqual(hosts(store), ['new:running', 'a:success', 'b:success', 'c:failed']);
    assert.equal(changes.at(-1)?.source, 'refresh');
  });

  it('reloads when an active task is gone from the poll', async () => {
    const { store, source } = await loaded([log('a', 'running', T0 - 1), log('b', 'waiting', T0 - 2)]);
    source.rows = [log('a', 'running', T0 - 1), log('b', 'success', T0 - 2)];
    assert.equal(await store.pollActive(), 'reloaded');
    assert.deepEqual(hosts(store), ['a:running', 'b:success']);
  });

  it('keeps the list on a failed poll and leaves the retry to the poller', async () => {
    const { store, source } = await loaded([log('a', 'running', T0 - 1)]);
    const shown = store.state.tasks;
    source.fail = () => new HssError('server', 'x');
    assert.equal(await store.pollActive(), 'failed');
    assert.equal(store.state.tasks, shown);
    assert.equal(store.state.pollFailed, true);
    assert.equal(store.state.error?.kind, 'server');
    assert.equal(store.recoversByItself, false, 'the poller backs off instead');
    source.fail = undefined;
    assert.equal(await store.pollActive(), 'updated');
    assert.equal(store.state.error, undefined);
    assert.equal(store.state.pollFailed, undefined);
  });

  it('skips a poll while a load is in flight', async () => {
    const { store, source } = await loaded([log('a', 'running', T0 - 1)]);
    let release: () => void = () => {};
    source.hold = new Promise((resolve) => {
      release = resolve;
    });
    const loading = store.refresh();
    assert.equal(await store.pollActive(), 'skipped');
    release();
    await loading;
    assert.equal(store.hasActiveTasks, true);
  });
});

describe('diffTasks', () => {
  const task = (id: string, status: TaskStatus) => ({ ...log(id, status, T0), id });

  it('finds added, removed and changed tasks by id', () => {
    const change = diffTasks(
      [task('a', 'running'), task('b', 'running'), task('c', 'success')],
      [task('a', 'success'), task('c', 'success'), task('d', 'waiting')],
      'poll',
    );
    assert.deepEqual(
      change.added.map((t) => t.id),
      ['d'],
    );
    assert.deepEqual(
      change.removed.map((t) => t.id),
      ['b'],
    );
    assert.deepEqual(
      change.changed.map((c) => [c.before.status, c.after.status]),
      [['running', 'success']],
    );
    assert.equal(change.source, 'poll');
    assert.equal(change.reset, false);
  });
});
