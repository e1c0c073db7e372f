import * as assert from 'node:assert/strict';
import { fetchAllPages, type LoadProgress } from '../../src/hss/pager';
import type { SampleServer } from '../../src/sample/server';
import { indexTasks, TaskIndexer } from '../../src/tasks/identity';
import { type LoadScope, type StoreChange, TaskStore } from '../../src/tasks/store';
import { clientFor, NOW, withServer } from './helpers';

const ALL = { enterpriseProjectId: 'all_granted_eps' } as const;

function scopeFor(server: SampleServer, patch: Partial<LoadScope> = {}): LoadScope {
  return {
    key: 'scope-a',
    source: clientFor(server).client,
    query: ALL,
    pageSize: 100,
    concurrency: 4,
    ...patch,
  };
}

/** A clock that moves a second per reading: every page of a load is shown as it arrives. */
function steppingClock(): () => number {
  let now = NOW;
  return () => {
    now += 1_000;
    return now;
  };
}

const row = (hostId: string, startedAt: number) => ({
  hostId,
  backupName: 'b',
  startedAt,
  status: 'success' as const,
});

describe('TaskIndexer', () => {
  it('numbers duplicates on from the parts before, as one indexTasks over the whole list', () => {
    const indexer = new TaskIndexer();
    const first = indexer.append([row('h1', 1), row('h2', 2), row('h1', 1)]);
    const second = indexer.append([row('h1', 1), row('h3', 3), row('h2', 2)]);
    assert.deepEqual(
      first.map((task) => task.id),
      ['h1|b|1', 'h2|b|2', 'h1|b|1#1'],
    );
    assert.deepEqual(
      second.map((task) => task.id),
      ['h1|b|1#2', 'h3|b|3', 'h2|b|2#1'],
    );
    assert.equal(indexer.tasks.length, 6);
    assert.equal(indexer.byId.get('h1|b|1#2'), second[0]);
  });
});

describe('fetchAllPages progress prefix', () => {
  let server: SampleServer;
  afterEach(async () => {
    await server.close();
  });

  it('grows from the top, one array per read, each row once, ending as the whole list', async () => {
    server = await withServer({ taskCount: 1_000, faults: { latency: { ms: 5 } } });
    const { client } = clientFor(server);
    const lengths: number[] = [];
    let prefix: LoadProgress['prefix'] | undefined;
    const result = await fetchAllPages(client, ALL, {
      pageSize: 100,
      concurrency: 3,
      onProgress: (progress) => {
        assert.equal(progress.attempt, 1);
        prefix ??= progress.prefix;
        assert.equal(progress.prefix, prefix, 'the same array all along');
        lengths.push(progress.prefix.length);
      },
    });
    assert.equal(lengths[0], 100, 'the first page at once');
    for (let i = 1; i < lengths.length; i++) assert.ok((lengths[i] ?? 0) >= (lengths[i - 1] ?? 0));
    assert.equal(prefix?.length, 1_000);
    assert.deepEqual(prefix, result.items);
  });

  it('starts a new prefix when a conflict makes it read the list again', async () => {
    server = await withServer({ taskCount: 1237 });
    let served = 0;
    server.onRequest = (request, s) => {
      if (request.route === 'operation-logs' && ++served === 3) s.tasks.pop();
    };
    const { client } = clientFor(server);
    const seen: { attempt: number; length: number }[] = [];
    const result = await fetchAllPages(client, ALL, {
      pageSize: 200,
      concurrency: 1,
      onProgress: (progress) => seen.push({ attempt: progress.attempt, length: progress.prefix.length }),
    });
    assert.equal(result.attempts, 2);
    const restart = seen.findIndex((entry) => entry.attempt === 2);
    assert.ok(restart > 0);
    assert.equal(seen[restart]?.length, 200, 'the second read starts from its own first page');
    assert.equal(seen.at(-1)?.length, 1236);
  });
});

describe('TaskStore first load, shown as it arrives', () => {
  let server: SampleServer;
  let store: TaskStore;
  afterEach(async () => {
    store.dispose();
    await server.close();
  });

  it('appends each row once and ends where a load without progress ends', async () => {
    server = await withServer({ taskCount: 2_345, faults: { latency: { ms: 3 } } });
    store = new TaskStore(steppingClock());
    store.setScope(scopeFor(server));
    const changes: StoreChange[] = [];
    store.onDidChangeTasks((change) => changes.push(change));
    await store.refresh();

    // The load without progress: the same pages, indexed once at the end.
    const oracle = indexTasks((await fetchAllPages(clientFor(server).client, ALL, { pageSize: 100 })).items);
    assert.deepEqual(
      store.state.tasks.map((task) => task.id),
      oracle.tasks.map((task) => task.id),
    );
    assert.deepEqual(store.state.tasks, oracle.tasks);
    assert.equal(store.state.progress, undefined);
    assert.equal(store.state.loadedAt !== undefined, true);

    const appended = changes.filter((change) => change.appended);
    assert.ok(appended.length >= 5, `${appended.length} appending updates`);
    // The first update brings the first page; every later one only the rows new since the one before.
    const rows = changes.map((change) => change.added.length);
    assert.equal(rows[0], 100);
    assert.equal(
      rows.reduce((sum, n) => sum + n, 0),
      2_345,
      'rows handed out over the load: each once',
    );
    const handed = changes.flatMap((change) => change.added.map((task) => task.id));
    assert.equal(new Set(handed).size, handed.length, 'no row handed out twice');
    for (const change of appended) {
      assert.equal(change.removed.length, 0);
      assert.equal(change.changed.length, 0);
      assert.ok(change.added.length <= 300, `${change.added.length} rows in one update`);
    }
    // The first update replaced what was shown (nothing) once; every other one appended.
    assert.equal(appended.length, changes.length - 1);
  });

  it('appends per status series under a status filter and ends in the merged order', async () => {
    server = await withServer({ taskCount: 1_500, faults: { latency: { ms: 3 } } });
    store = new TaskStore(steppingClock());
    store.setScope(scopeFor(server, { statuses: ['success', 'failed'] }));
    let handed = 0;
    store.onDidChangeTasks((change) => {
      if (change.appended || change.added.length) handed += change.appended ? change.added.length : 0;
    });
    await store.refresh();
    const expected = server.tasks.filter((task) => task.status === 'success' || task.status === 'failed');
    assert.equal(store.state.tasks.length, expected.length);
    const starts = store.state.tasks.map((task) => task.startedAt ?? 0);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => b - a),
    );
    assert.ok(handed <= expected.length, `${handed} rows appended`);
  });
});
