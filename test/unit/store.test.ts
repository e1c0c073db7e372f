import * as assert from 'node:assert/strict';
import type { SampleServer } from '../../src/sample/server';
import { countByStatus, groupByStatus } from '../../src/tasks/grouping';
import { type LoadScope, type StoreChange, TaskStore } from '../../src/tasks/store';
import { clientFor, withServer } from './helpers';

function scopeFor(server: SampleServer, patch: Partial<LoadScope> = {}): LoadScope {
  const { client } = clientFor(server);
  return {
    key: 'scope-a',
    source: client,
    query: { enterpriseProjectId: 'all_granted_eps' },
    pageSize: 100,
    concurrency: 4,
    ...patch,
  };
}

describe('TaskStore', () => {
  let server: SampleServer;
  let store: TaskStore;
  beforeEach(async () => {
    server = await withServer({ taskCount: 450 });
    store = new TaskStore(() => 1_000);
  });
  afterEach(async () => {
    store.dispose();
    await server.close();
  });

  it('loads the scope, groups it in the fixed order and counts failures', async () => {
    store.setScope(scopeFor(server));
    await store.refresh();
    const state = store.state;
    assert.equal(state.tasks.length, server.tasks.length);
    assert.equal(state.loading, false);
    assert.equal(state.loadedAt, 1_000);
    assert.ok(state.requestId);
    const counts = countByStatus(state.tasks);
    assert.deepEqual(
      groupByStatus(state.tasks).map((g) => g.status),
      (['running', 'waiting', 'failed', 'timeout', 'skipped', 'success'] as const).filter(
        (s) => counts[s] > 0,
      ),
    );
    assert.equal(state.failures?.failed, server.tasks.filter((t) => t.status === 'failed').length);
    assert.equal(state.failures?.timeout, server.tasks.filter((t) => t.status === 'timeout').length);
  });

  it('shows the first page while the rest of a first load arrives', async () => {
    server.setFaults({ latency: { ms: 20 } });
    store.setScope(scopeFor(server));
    const partial: number[] = [];
    store.onDidChangeState((state) => {
      if (state.progress) partial.push(state.tasks.length);
    });
    await store.refresh();
    assert.equal(partial[0], 100);
    assert.equal(store.state.progress, undefined);
  });

  it('reads a status filter server-side and still counts every failure in scope', async () => {
    store.setScope(scopeFor(server, { statuses: ['running', 'failed'] }));
    await store.refresh();
    assert.ok(store.state.tasks.every((t) => t.status === 'running' || t.status === 'failed'));
    assert.equal(
      store.state.tasks.length,
      server.tasks.filter((t) => ['running', 'failed'].includes(t.status)).length,
    );
    const statusQueries = server.requests.map((r) => r.query.status);
    assert.ok(statusQueries.includes('running') && statusQueries.includes('failed'));
    // The timeout count is asked for with one small page.
    assert.ok(server.requests.some((r) => r.query.status === 'timeout' && r.query.limit === '10'));
    assert.equal(store.state.failures?.timeout, server.tasks.filter((t) => t.status === 'timeout').length);
    const starts = store.state.tasks.map((t) => t.startedAt ?? 0);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => b - a),
      'merged newest first',
    );
  });

  it('keeps the last good list, marked with the error, when a refresh fails', async () => {
    store.setScope(scopeFor(server));
    await store.refresh();
    const before = store.state.tasks;
    server.setFaults({ serverError: { status: 500 } });
    await store.refresh();
    assert.equal(store.state.tasks, before);
    assert.equal(store.state.error?.kind, 'server');
    assert.equal(store.state.loadedAt, 1_000);
    server.setFaults({});
    await store.refresh();
    assert.equal(store.state.error, undefined);
  });

  it('keeps ids across refreshes and fires changes for exactly the tasks that changed', async () => {
    store.setScope(scopeFor(server));
    await store.refresh();
    const ids = store.state.tasks.map((t) => t.id);
    const changes: StoreChange[] = [];
    store.onDidChangeTasks((change) => changes.push(change));

    const running = server.tasks.filter((t) => t.status === 'running');
    assert.ok(running.length >= 2);
    for (const task of running.slice(0, 2)) task.process = Math.min(99, task.process + 5);
    await store.refresh();

    assert.deepEqual(
      store.state.tasks.map((t) => t.id),
      ids,
    );
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.changed.length, 2);
    assert.equal(changes[0]?.added.length, 0);
    assert.equal(changes[0]?.removed.length, 0);
  });

  it('cancels the load in flight when refreshed again', async () => {
    server.setFaults({ latency: { ms: 200 } });
    store.setScope(scopeFor(server));
    const first = store.refresh();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = store.refresh();
    await Promise.all([first, second]);
    assert.equal(store.state.error, undefined);
    assert.equal(store.state.tasks.length, server.tasks.length);
  });

  it('drops the list of another scope instead of showing it as this one', async () => {
    store.setScope(scopeFor(server));
    await store.refresh();
    store.setScope(scopeFor(server, { key: 'scope-b', query: { resourceName: 'nothing-matches-this' } }));
    assert.equal(store.state.tasks.length, 0);
    await store.refresh();
    assert.equal(store.state.tasks.length, 0);
    assert.notEqual(store.state.loadedAt, undefined);
  });
});
