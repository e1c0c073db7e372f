/**
 * TaskStore's guards over an in-memory list: a kept list offered at the wrong moment, a refresh
 * without a scope, loads and polls dropped after a switch, failed loads that must not be marked
 * incomplete, and the merge of a status filter's series when one of them cannot be read.
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

const T0 = Date.UTC(2026, 10, 27, 12);

function log(host: string, status: TaskStatus, startedAt: number): OperationLog {
  return { hostId: host, backupName: 'b', startedAt, status, progress: status === 'running' ? 50 : 100 };
}

/** Rows from memory; `brokenStatus` answers an empty page under a total of 5; `hold` delays answers. */
class Source implements TaskListSource {
  readonly requests: PageRequest[] = [];
  fail?: (request: PageRequest) => Error | undefined;
  brokenStatus?: TaskStatus;
  private gate?: { promise: Promise<void>; release: () => void };

  constructor(public rows: OperationLog[]) {}

  /** Holds the requests from now on until `release`; returns what releases only these. */
  hold(): () => void {
    let release = () => {};
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.gate = { promise, release };
    return release;
  }

  release(): void {
    this.gate?.release();
    this.gate = undefined;
  }

  async listOperationLogs(request: PageRequest, signal?: AbortSignal): Promise<PageResult> {
    this.requests.push(request);
    if (this.gate) await this.gate.promise;
    if (signal?.aborted) throw new HssError('cancelled', 'The request was cancelled.');
    const failure = this.fail?.(request);
    if (failure) throw failure;
    if (request.status && request.status === this.brokenStatus) return { totalNum: 5, items: [] };
    const rows = this.rows.filter((row) => !request.status || row.status === request.status);
    return {
      totalNum: rows.length,
      items: rows.slice(request.offset, request.offset + request.limit),
      requestId: `req-${this.requests.length}`,
    };
  }
}

function scopeOf(source: TaskListSource, extra: Partial<LoadScope> = {}): LoadScope {
  return { key: 'a', source, query: {}, pageSize: 10, concurrency: 1, ...extra };
}

function storeOf() {
  const store = new TaskStore(() => T0);
  const changes: StoreChange[] = [];
  store.onDidChangeTasks((change) => changes.push(change));
  return { store, changes };
}

const rows3 = () => [log('a', 'success', T0 - 1), log('b', 'success', T0 - 2), log('c', 'success', T0 - 3)];
const EMPTY_PAGE_PROBLEM = 'a page came back empty although total_num was 5; 5 rows could not be read';

describe('TaskStore guards', () => {
  it('refuses a kept list without a scope, after a completed load, or over rows of this session', async () => {
    const { store } = storeOf();
    assert.equal(store.showCached('a', rows3(), T0 - 1000), false);

    const loadedEmpty = storeOf().store;
    loadedEmpty.setScope(scopeOf(new Source([])));
    await loadedEmpty.refresh();
    assert.equal(loadedEmpty.showCached('a', rows3(), T0 - 1000), false);
    assert.deepEqual(loadedEmpty.state.tasks, []);

    // A first load that failed part-way shows its rows, not loaded: they are still this session's.
    const partial = storeOf().store;
    const source = new Source(Array.from({ length: 15 }, (_, i) => log(`h${i}`, 'success', T0 - i)));
    source.fail = (request) => (request.offset > 0 ? new HssError('server', 'x') : undefined);
    partial.setScope(scopeOf(source));
    await partial.refresh();
    assert.equal(partial.state.tasks.length, 10);
    assert.equal(partial.showCached('a', rows3(), T0 - 1000), false);
    assert.equal(partial.state.tasks.length, 10);
  });

  it('shows a kept list as the first view of the scope', () => {
    const { store, changes } = storeOf();
    store.setScope(scopeOf(new Source([])));
    changes.length = 0;
    assert.equal(store.showCached('a', rows3(), T0 - 1000), true);
    assert.deepEqual(
      changes.map((c) => [c.source, c.reset, c.added.length]),
      [['initial', false, 3]],
    );
  });

  it('does nothing on refresh without a scope', async () => {
    const { store } = storeOf();
    await store.refresh();
    assert.deepEqual(store.state, { tasks: [], loading: false });
  });

  it('gives the new scope no error of the old one cancelled under way', async () => {
    const source = new Source(rows3());
    const { store } = storeOf();
    store.setScope(scopeOf(source));
    source.hold();
    const loading = store.refresh();
    store.setScope(scopeOf(new Source([]), { key: 'b' }));
    source.release();
    await loading;
    assert.deepEqual(store.state, { scopeKey: 'b', tasks: [], loading: false });
  });

  it('drops a load whose failure count was under way when the scope changed', async () => {
    const source = new Source([log('a', 'running', T0 - 1), log('b', 'failed', T0 - 2)]);
    const { store } = storeOf();
    store.setScope(scopeOf(source, { statuses: ['running'] }));
    // The list itself answers; the counting requests (failed, timeout) are held.
    const original = source.listOperationLogs.bind(source);
    source.listOperationLogs = async (request, signal) => {
      if (request.status !== 'running') source.hold();
      return original(request, signal);
    };
    const loading = store.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    store.setScope(scopeOf(new Source([]), { key: 'b' }));
    source.release();
    await loading;
    assert.deepEqual(store.state, { scopeKey: 'b', tasks: [], loading: false });
  });

  it('still cancels a load after the load or poll it replaced has ended', async () => {
    const earlier: [string, (store: TaskStore) => Promise<unknown>][] = [
      ['a load', (store) => store.refresh()],
      ['a poll', (store) => store.pollActive()],
    ];
    for (const [name, start] of earlier) {
      const source = new Source([log('a', 'running', T0 - 1)]);
      const { store } = storeOf();
      store.setScope(scopeOf(source));
      await store.refresh();
      const releaseFirst = source.hold();
      const first = start(store);
      source.hold();
      const second = store.refresh();
      releaseFirst();
      await first;
      store.setScope(scopeOf(new Source([]), { key: 'b' }));
      source.release();
      await second;
      assert.deepEqual(store.state, { scopeKey: 'b', tasks: [], loading: false }, name);
    }
  });

  it('asks for no failure count for a load cancelled as its last page arrived', async () => {
    const source = new Source([log('a', 'running', T0 - 1)]);
    const { store } = storeOf();
    store.setScope(scopeOf(source, { statuses: ['running'] }));
    store.onDidChangeState((state) => {
      if (state.progress && state.scopeKey === 'a') store.setScope(scopeOf(new Source([]), { key: 'b' }));
    });
    await store.refresh();
    assert.deepEqual(
      source.requests.map((r) => r.status),
      ['running'],
    );
    assert.deepEqual(store.state, { scopeKey: 'b', tasks: [], loading: false });
  });

  it('replaces a kept list offered while the first load of an empty list was ending', async () => {
    const { store } = storeOf();
    store.setScope(scopeOf(new Source([])));
    let shown: boolean | undefined;
    store.onDidChangeState((state) => {
      if (state.progress) shown ??= store.showCached('a', rows3(), T0 - 1000);
    });
    await store.refresh();
    assert.equal(shown, true);
    assert.deepEqual(store.state.tasks, []);
    assert.equal(store.state.cachedAt, undefined);
    assert.equal(store.state.loadedAt, T0);
  });

  it('shows an empty list marked incomplete when pages came back empty and the list then emptied', async () => {
    const source = new Source([]);
    let calls = 0;
    source.listOperationLogs = async (request) => {
      source.requests.push(request);
      // Four empty pages under a total of 5, then a total of 0: the list emptied meanwhile.
      return { totalNum: ++calls < 5 ? 5 : 0, items: [] };
    };
    const { store } = storeOf();
    store.setScope(scopeOf(source));
    await store.refresh();
    assert.equal(calls, 5);
    assert.equal(store.state.error, undefined);
    assert.deepEqual(store.state.tasks, []);
    // The pager's own words for what it could not read; the store shows them as the mark.
    assert.match(store.state.incomplete ?? '', /^a page came back empty .*; 5 rows could not be read$/);
  });

  it('keeps the rows a first load showed when a listener broke on them, marked incomplete', async () => {
    const source = new Source(Array.from({ length: 15 }, (_, i) => log(`h${i}`, 'success', T0 - i)));
    const { store } = storeOf();
    store.setScope(scopeOf(source));
    store.onDidChangeTasks((change) => {
      if (change.added.length > 0) throw new Error('the listener broke');
    });
    await store.refresh();
    assert.equal(store.state.tasks.length, 10);
    assert.equal(store.state.incomplete, 'only 10 tasks could be read');
    assert.equal(store.state.error?.message, 'Error: the listener broke');
    assert.equal(store.state.loading, false);
  });

  it('never reads again by itself without a scope, even when a listener broke the switch to none', async () => {
    const source = new Source(rows3());
    source.fail = () => new HssError('server', 'x');
    const { store } = storeOf();
    store.setScope(scopeOf(source));
    await store.refresh();
    assert.equal(store.recoversByItself, true);
    store.onDidChangeTasks(() => {
      throw new Error('the listener broke');
    });
    assert.throws(() => store.setScope(undefined), /the listener broke/);
    // The switch stopped half-way: the old scope's error may still be in the state.
    assert.equal(store.recoversByItself, false);
  });

  it('skips a poll that a refresh cancelled, without an error', async () => {
    const source = new Source([log('a', 'running', T0 - 1)]);
    const { store } = storeOf();
    store.setScope(scopeOf(source));
    await store.refresh();
    source.hold();
    const polling = store.pollActive();
    const refreshing = store.refresh();
    source.release();
    assert.equal(await polling, 'skipped');
    await refreshing;
    assert.equal(store.state.error, undefined);
    assert.equal(store.state.pollFailed, undefined);
  });

  it('marks no list incomplete when a first load fails before any row, or a later refresh fails', async () => {
    const source = new Source(rows3());
    source.fail = () => new HssError('server', 'x');
    const { store } = storeOf();
    store.setScope(scopeOf(source));
    await store.refresh();
    assert.equal(store.state.error?.kind, 'server');
    assert.equal(store.state.incomplete, undefined);

    source.fail = undefined;
    await store.refresh();
    source.fail = () => new HssError('server', 'x');
    await store.refresh();
    assert.equal(store.state.error?.kind, 'server');
    assert.equal(store.state.tasks.length, 3);
    assert.equal(store.state.incomplete, undefined);
  });

  it('marks a kept list that the first load could not replace stale, not incomplete', async () => {
    const source = new Source(rows3());
    source.fail = () => new HssError('server', 'x');
    const { store } = storeOf();
    store.setScope(scopeOf(source));
    store.showCached('a', rows3(), T0 - 1000);
    await store.refresh();
    assert.equal(store.state.error?.kind, 'server');
    assert.equal(store.state.cachedAt, T0 - 1000);
    assert.equal(store.state.incomplete, undefined);
  });

  it('fires replacing changes, and appending ones while a first load grows, never as resets', async () => {
    const source = new Source(Array.from({ length: 25 }, (_, i) => log(`h${i}`, 'success', T0 - i)));
    // The clock moves a second a request: every page is shown as it arrives.
    let clock = T0;
    const timed = new TaskStore(() => clock);
    const timedChanges: StoreChange[] = [];
    timed.onDidChangeTasks((change) => timedChanges.push(change));
    timed.setScope(scopeOf(source));
    timedChanges.length = 0;
    const original = source.listOperationLogs.bind(source);
    source.listOperationLogs = async (request, signal) => {
      clock += 1000;
      return original(request, signal);
    };
    await timed.refresh();
    assert.deepEqual(
      timedChanges.map((c) => [c.source, c.reset, Boolean(c.appended), c.added.length]),
      [
        ['initial', false, false, 10],
        ['initial', false, true, 9],
        ['initial', false, true, 6],
      ],
    );
    source.rows = source.rows.slice(1);
    await timed.refresh();
    assert.deepEqual(
      timedChanges.slice(3).map((c) => [c.source, c.reset, c.removed.length]),
      [['refresh', false, 1]],
    );
  });

  it('says a status filter series could not be read: no task at all, or the others with the mark', async () => {
    const alone = new Source([log('a', 'running', T0 - 1)]);
    alone.brokenStatus = 'failed';
    const { store } = storeOf();
    store.setScope(scopeOf(alone, { statuses: ['failed'] }));
    await store.refresh();
    assert.equal(store.state.error?.kind, 'paging');
    assert.equal(store.state.error?.message, `No task could be read: ${EMPTY_PAGE_PROBLEM}.`);

    const mixed = new Source([log('a', 'running', T0 - 1), log('b', 'running', T0 - 2)]);
    mixed.brokenStatus = 'failed';
    const both = storeOf().store;
    both.setScope(scopeOf(mixed, { statuses: ['running', 'failed'] }));
    await both.refresh();
    assert.equal(both.state.error, undefined);
    assert.equal(both.state.tasks.length, 2);
    assert.equal(both.state.incomplete, EMPTY_PAGE_PROBLEM);
  });

  it('estimates the time left of a running task from two loads, and fires polls as changes, not resets', async () => {
    const source = new Source([{ ...log('a', 'running', T0 - 1), progress: 10 }]);
    let now = T0;
    const store = new TaskStore(() => now);
    const changes: StoreChange[] = [];
    store.onDidChangeTasks((change) => changes.push(change));
    store.setScope(scopeOf(source));
    await store.refresh();
    const id = store.state.tasks[0]?.id ?? '';
    now = T0 + 60_000;
    source.rows = [{ ...log('a', 'running', T0 - 1), progress: 20 }];
    changes.length = 0;
    assert.equal(await store.pollActive(), 'updated');
    // 10 points a minute, 80 to go.
    assert.equal(store.remainingMs(id), 8 * 60_000);
    assert.deepEqual(
      changes.map((c) => [c.source, c.reset, c.changed.length]),
      [['poll', false, 1]],
    );
  });

  it('diffs as a refresh unless told otherwise', () => {
    assert.deepEqual(diffTasks([], []), {
      reset: false,
      source: 'refresh',
      added: [],
      removed: [],
      changed: [],
    });
  });
});
