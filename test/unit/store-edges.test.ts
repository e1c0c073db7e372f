/** TaskStore edge cases over an in-memory source: what the mutation run showed no test pinned. */
import * as assert from 'node:assert/strict';
import type { PageRequest, PageResult } from '../../src/hss/client';
import { HssError } from '../../src/hss/errors';
import type { OperationLog, TaskStatus } from '../../src/hss/model';
import { type LoadScope, type StoreState, TaskStore } from '../../src/tasks/store';

const T0 = Date.UTC(2026, 10, 27, 12);

function log(
  host: string,
  status: TaskStatus,
  startedAt: number,
  extra: Partial<OperationLog> = {},
): OperationLog {
  return {
    hostId: host,
    backupName: 'b',
    startedAt,
    status,
    progress: status === 'running' ? 50 : 100,
    ...extra,
  };
}

class Source {
  rows: OperationLog[] = [];
  readonly requests: PageRequest[] = [];
  /** total_num says this many more rows than the page has (pages then come back empty). */
  ghost = 0;
  onRequest?: (request: PageRequest) => void;
  async listOperationLogs(request: PageRequest): Promise<PageResult> {
    this.requests.push(request);
    this.onRequest?.(request);
    await Promise.resolve();
    const rows = this.rows.filter((r) => !request.status || r.status === request.status);
    return {
      totalNum: rows.length + this.ghost,
      items: rows.slice(request.offset, request.offset + request.limit),
      requestId: `${request.status ?? 'all'}-${request.offset}`,
    };
  }
}

function setup(rows: OperationLog[], extra: Partial<LoadScope> = {}) {
  const clock = { now: T0 };
  const source = new Source();
  source.rows = rows;
  const store = new TaskStore(() => clock.now);
  const scope: LoadScope = { key: 'k', source, query: {}, pageSize: 10, concurrency: 1, ...extra };
  store.setScope(scope);
  const states: StoreState[] = [];
  store.onDidChangeState((state) => states.push(state));
  return { clock, source, store, scope, states };
}

const ids = (store: TaskStore) => store.state.tasks.map((t) => `${t.hostId}:${t.status}:${t.progress}`);

describe('TaskStore edges', () => {
  it('starts empty, idle, without a scope', () => {
    const store = new TaskStore();
    assert.deepEqual(store.state, { tasks: [], loading: false });
    assert.equal(store.currentScope, undefined);
    assert.equal(store.hasActiveTasks, false);
    assert.equal(store.recoversByItself, false);
    store.dispose();
  });

  it('is loading while it loads, and says so first', async () => {
    const { store, states, scope } = setup([log('a', 'success', T0)]);
    assert.equal(store.currentScope, scope);
    assert.equal(store.state.loading, false);
    await store.refresh();
    assert.equal(states[0]?.loading, true);
    assert.equal(states.at(-1)?.loading, false);
  });

  it('keeps the list shown when no task could be read although total_num promised some', async () => {
    const { store, source } = setup([log('a', 'success', T0)]);
    await store.refresh();
    const shown = store.state.tasks;
    source.rows = [];
    source.ghost = 30;
    await store.refresh();
    assert.equal(store.state.tasks, shown);
    assert.equal(store.state.error?.kind, 'paging');
    assert.match(
      store.state.error?.message ?? '',
      /^No task could be read: a page came back empty although total_num was 30; /,
    );
    assert.match(store.state.error?.message ?? '', /\.$/);
  });

  it('shows an empty list as empty when total_num is 0', async () => {
    const { store } = setup([]);
    await store.refresh();
    assert.deepEqual(store.state.tasks, []);
    assert.equal(store.state.error, undefined);
    assert.equal(store.state.incomplete, undefined);
  });

  it('reads an incomplete list again by itself, but not while it loads', async () => {
    const { store, source } = setup(Array.from({ length: 30 }, (_, i) => log(`h${i}`, 'success', T0 - i)));
    // Every page after the first comes back empty: the rows in hand, marked incomplete.
    source.onRequest = (request) => {
      if (request.offset > 0) source.rows = source.rows.slice(0, 10);
    };
    source.ghost = 0;
    const original = source.listOperationLogs.bind(source);
    let calls = 0;
    source.listOperationLogs = async (request) => {
      calls++;
      const page = await original(request);
      return calls === 1 ? { ...page, totalNum: 30 } : { ...page, items: [], totalNum: 30 };
    };
    await store.refresh();
    assert.equal(store.state.tasks.length, 10);
    assert.match(store.state.incomplete ?? '', /rows could not be read/);
    assert.equal(store.state.error, undefined);
    assert.equal(store.recoversByItself, true);
    const loading = store.refresh();
    assert.equal(store.recoversByItself, false, 'not while loading');
    await loading;
  });

  it('tells active tasks apart among settled ones', async () => {
    const { store } = setup([log('a', 'success', T0), log('b', 'waiting', T0 - 1)]);
    await store.refresh();
    assert.equal(store.hasActiveTasks, true);
  });

  it('reports progress only on a first load, paced by the clock: not again within 300 ms', async () => {
    const { store, source, clock, states } = setup(
      Array.from({ length: 46 }, (_, i) => log(`h${i}`, 'success', T0 - i)),
    );
    // Time passes while a request is out: each page arrives 150 ms after the one before (the next
    // request may already be out when a page is shown).
    const original = source.listOperationLogs.bind(source);
    source.listOperationLogs = async (request) => {
      const page = await original(request);
      clock.now += 150;
      return page;
    };
    await store.refresh();
    // Pages at 150, 300, 450, 600, 750, 900 ms bring 10, 19, 28, 37, 46 rows: shown at 150, 450 and 750.
    assert.deepEqual(
      states.flatMap((s) => (s.progress ? [s.progress.loaded] : [])),
      [10, 28, 46],
    );
    states.length = 0;
    await store.refresh();
    assert.deepEqual(
      states.flatMap((s) => (s.progress ? [s.progress.loaded] : [])),
      [],
      'a refresh keeps the list shown until it is whole',
    );
  });

  it('sums the progress of the series of a status filter', async () => {
    const rows = [
      ...Array.from({ length: 15 }, (_, i) => log(`r${i}`, 'running', T0 - 2 * i)),
      ...Array.from({ length: 12 }, (_, i) => log(`f${i}`, 'failed', T0 - 2 * i - 1)),
    ];
    const { store, states, clock, source } = setup(rows, { statuses: ['running', 'failed'] });
    source.onRequest = () => {
      clock.now += 1000;
    };
    await store.refresh();
    const progress = states.flatMap((s) => (s.progress ? [[s.progress.loaded, s.progress.total]] : []));
    assert.deepEqual(progress[0], [10, 15]);
    // Both first pages: 10 of 15 running and 10 of 12 failed.
    assert.ok(
      progress.some(([loaded, total]) => loaded === 20 && total === 27),
      JSON.stringify(progress),
    );
    assert.equal(store.state.tasks.length, 27);
    assert.equal(store.state.tasks[0]?.hostId, 'r0');
    assert.equal(store.state.tasks[1]?.hostId, 'f0');
    assert.equal(store.state.requestId, 'failed-9', 'the last request id of the last series');
  });

  it('polls with the page size of the scope, and reloads when another task replaced one of two', async () => {
    const { store, source } = setup([
      log('a', 'running', T0),
      log('b', 'running', T0 - 1),
      log('c', 'success', T0 - 2),
    ]);
    await store.refresh();
    source.requests.length = 0;
    source.rows = [
      log('a', 'running', T0, { progress: 60 }),
      log('b', 'running', T0 - 1),
      log('c', 'success', T0 - 2),
    ];
    assert.equal(await store.pollActive(), 'updated');
    assert.ok(source.requests.every((r) => r.limit === 10));
    source.rows = [
      log('a', 'running', T0),
      log('n', 'running', T0 - 1),
      log('b', 'success', T0 - 1),
      log('c', 'success', T0 - 2),
    ];
    assert.equal(await store.pollActive(), 'reloaded');
    assert.deepEqual(ids(store), ['a:running:50', 'n:running:50', 'b:success:100', 'c:success:100']);
  });

  it('maps a polled task back to its id in the whole list when true duplicates exist', async () => {
    // Two rows alike in host, backup and start: the second is the running one.
    const { store, source } = setup([log('a', 'success', T0), log('a', 'running', T0)]);
    await store.refresh();
    assert.deepEqual(
      store.state.tasks.map((t) => t.id),
      [`a|b|${T0}`, `a|b|${T0}#1`],
    );
    source.rows = [log('a', 'success', T0), log('a', 'running', T0, { progress: 90 })];
    assert.equal(await store.pollActive(), 'updated');
    assert.deepEqual(
      store.state.tasks.map((t) => [t.id, t.status, t.progress]),
      [
        [`a|b|${T0}`, 'success', 100],
        [`a|b|${T0}#1`, 'running', 90],
      ],
    );
  });

  it('drops a poll whose scope was replaced while it ran', async () => {
    const { store, source, scope } = setup([log('a', 'running', T0)]);
    await store.refresh();
    source.onRequest = () => store.setScope({ ...scope });
    assert.equal(await store.pollActive(), 'skipped');
    source.onRequest = () => store.setScope({ ...scope, key: 'other' });
    const other = setup([log('a', 'running', T0)]);
    await other.store.refresh();
    other.source.onRequest = () => other.store.setScope({ ...other.scope, key: 'other' });
    assert.equal(await other.store.pollActive(), 'skipped');
    assert.equal(other.store.state.error, undefined);
  });

  it('wraps a poll failure that is not an HssError', async () => {
    const { store, source } = setup([log('a', 'running', T0)]);
    await store.refresh();
    source.onRequest = () => {
      throw new TypeError('bad');
    };
    assert.equal(await store.pollActive(), 'failed');
    assert.equal(store.state.error?.kind, 'network');
    assert.equal(store.state.error?.message, 'TypeError: bad');
  });

  it('says how many of how many a first load could read before it failed', async () => {
    const { store, source } = setup(Array.from({ length: 25 }, (_, i) => log(`h${i}`, 'success', T0 - i)));
    source.onRequest = (request) => {
      if (request.offset > 0) throw new HssError('timeout', 'late');
    };
    await store.refresh();
    assert.equal(store.state.incomplete, 'only 10 of 25 tasks could be read');
    // The retry fails on its first page: the rows in hand and what is known of them stay.
    source.onRequest = () => {
      throw new HssError('timeout', 'late');
    };
    await store.refresh();
    assert.equal(store.state.tasks.length, 10);
    assert.equal(store.state.incomplete, 'only 10 of 25 tasks could be read');
  });

  it('gives no estimate for an unknown task and stops on dispose', async () => {
    const { store } = setup([log('a', 'running', T0)]);
    await store.refresh();
    assert.equal(store.remainingMs('nope'), undefined);
    const seen: unknown[] = [];
    store.onDidChangeState((s) => seen.push(s));
    store.dispose();
    await store.refresh();
    assert.deepEqual(seen, []);
  });
});
