import * as assert from 'node:assert/strict';
import { ALL_ENTERPRISE_PROJECTS } from '../../src/sample/catalog';
import type { SampleServer } from '../../src/sample/server';
import { type CoverageChange, CoverageTracker, type TaskListState } from '../../src/servers/coverageTracker';
import { newlyAtRisk } from '../../src/servers/riskChanges';
import { ServerStore } from '../../src/servers/serverStore';
import { buildCoverage } from '../../src/tasks/coverage';
import { Emitter } from '../../src/tasks/events';
import { clientFor, NOW, withServer } from './helpers';

const HOUR = 3_600_000;

describe('ServerStore against the sample server', () => {
  let server: SampleServer;
  beforeEach(async () => {
    server = await withServer({ taskCount: 100 });
  });
  afterEach(async () => {
    await server.close();
  });

  const scope = (key = 'a', pageSize = 10) => ({
    key,
    source: clientFor(server).client,
    query: { enterpriseProjectId: ALL_ENTERPRISE_PROJECTS },
    pageSize,
    concurrency: 2,
  });

  it('loads every page of the list', async () => {
    const store = new ServerStore(() => NOW);
    store.setScope(scope());
    await store.refresh();
    assert.equal(store.state.servers.length, 20);
    assert.equal(store.state.totalNum, 20);
    assert.equal(store.state.complete, true);
    assert.equal(store.state.loadedAt, NOW);
    assert.equal(store.state.error, undefined);
    assert.ok(store.state.requestId);
    // 20 servers in pages of 10.
    assert.equal(
      server.requests.filter((request) => request.path.endsWith('/ransomware/server')).length >= 2,
      true,
    );
  });

  it('reads the whole list from a server that serves fewer rows than asked for', async () => {
    await server.close();
    server = await withServer({ taskCount: 100, pageCap: 3 });
    const store = new ServerStore(() => NOW);
    store.setScope(scope('a', 10));
    await store.refresh();
    assert.equal(store.state.error, undefined);
    assert.equal(store.state.complete, true);
    assert.deepEqual(
      store.state.servers.map((s) => s.hostName),
      server.servers.map((s) => s.host_name),
    );
    // 20 servers, 3 a page: 7 pages at least.
    assert.ok(server.requests.filter((request) => request.path.endsWith('/ransomware/server')).length >= 7);
  });

  it('keeps the last good list, with the error, when a refresh fails', async () => {
    const store = new ServerStore(() => NOW);
    store.setScope(scope());
    await store.refresh();
    server.setToken('rotated');
    await store.refresh();
    assert.equal(store.state.servers.length, 20);
    assert.equal(store.state.error?.kind, 'credentials');
    assert.equal(store.state.loading, false);
  });

  it('drops the list of another scope', async () => {
    const store = new ServerStore(() => NOW);
    store.setScope(scope('a'));
    await store.refresh();
    store.setScope(scope('b'));
    assert.deepEqual(store.state.servers, []);
    assert.equal(store.state.scopeKey, 'b');
    assert.equal(store.state.loadedAt, undefined);
  });
});

/** A task store stand-in with only the state the tracker reads. */
class TaskStates {
  state: TaskListState = { tasks: [], loading: false };
  private readonly emitter = new Emitter<TaskListState>();
  readonly onDidChangeState = this.emitter.event;
  set(state: TaskListState): void {
    this.state = state;
    this.emitter.fire(state);
  }
}

describe('CoverageTracker and newlyAtRisk', () => {
  let server: SampleServer;
  beforeEach(async () => {
    server = await withServer({
      tasks: [],
      servers: [
        {
          enterprise_project_id: '0',
          host_id: 'h1',
          host_name: 'one',
          backup_protection_status: 'opened',
          backup_policy_id: 'p',
          vault_status: 'available',
        },
        {
          enterprise_project_id: '0',
          host_id: 'h2',
          host_name: 'two',
          backup_protection_status: 'opened',
          backup_policy_id: 'p',
          vault_status: 'available',
        },
      ],
    });
  });
  afterEach(async () => {
    await server.close();
  });

  it('names a server once when it goes from covered to at risk, not on the first reading', async () => {
    const servers = new ServerStore(() => NOW);
    servers.setScope({ key: 's', source: clientFor(server).client, query: {}, pageSize: 50, concurrency: 1 });
    const tasks = new TaskStates();
    const changes: CoverageChange[] = [];
    let maxAge = 2;
    const tracker = new CoverageTracker({
      servers,
      tasks,
      maxBackupAgeDays: () => maxAge,
      now: () => NOW,
      utcOffsetMinutes: 0,
    });
    tracker.onDidChange((change) => changes.push(change));
    const ok = (hostId: string) => ({
      hostId,
      status: 'success' as const,
      startedAt: NOW - 2 * HOUR,
      endedAt: NOW - HOUR,
    });
    const failed = (hostId: string) => ({ hostId, status: 'failed' as const, startedAt: NOW - HOUR / 2 });

    await servers.refresh();
    assert.equal(changes.length, 0, 'no reading before the tasks are loaded');
    tasks.set({ scopeKey: 't', tasks: [ok('h1'), ok('h2')], loading: false, loadedAt: NOW });
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0]?.coverage?.counts, {
      notProtected: 0,
      vaultProblem: 0,
      stale: 0,
      lastFailed: 0,
      covered: 2,
    });
    assert.deepEqual(changes[0]?.newlyAtRisk, []);

    tasks.set({ scopeKey: 't', tasks: [failed('h2'), ok('h1'), ok('h2')], loading: false, loadedAt: NOW });
    assert.deepEqual(
      changes[1]?.newlyAtRisk.map((entry) => `${entry.id}:${entry.state}`),
      ['h2:lastFailed'],
    );
    // The same list read again: nothing new to tell.
    tasks.set({
      scopeKey: 't',
      tasks: [failed('h2'), ok('h1'), ok('h2')],
      loading: false,
      loadedAt: NOW + 1,
    });
    assert.deepEqual(changes.at(-1)?.newlyAtRisk, []);
    // A setting that puts every server at risk re-reads, but tells nothing.
    maxAge = 0;
    tracker.recompute();
    assert.equal(changes.at(-1)?.coverage?.counts.stale, 2);
    assert.deepEqual(changes.at(-1)?.newlyAtRisk, []);
    tracker.dispose();
  });

  it('starts again for another scope', async () => {
    const servers = new ServerStore(() => NOW);
    servers.setScope({ key: 's', source: clientFor(server).client, query: {}, pageSize: 50, concurrency: 1 });
    const tasks = new TaskStates();
    const tracker = new CoverageTracker({ servers, tasks, maxBackupAgeDays: () => 2, now: () => NOW });
    const ok = { hostId: 'h1', status: 'success' as const, startedAt: NOW - HOUR };
    await servers.refresh();
    tasks.set({ scopeKey: 't', tasks: [ok], loading: false, loadedAt: NOW });
    assert.ok(tracker.coverage);
    tasks.set({ scopeKey: 'other', tasks: [], loading: true });
    assert.equal(tracker.coverage, undefined);
    tracker.dispose();
  });

  it('newlyAtRisk ignores servers new to the list and servers already at risk', () => {
    const opened = { backupProtectionStatus: 'opened' as const, backupPolicyId: 'p' };
    const before = buildCoverage(
      [{ hostId: 'a', ...opened }, { hostId: 'b' }],
      [{ hostId: 'a', status: 'success', startedAt: NOW - HOUR }],
      { now: NOW, maxBackupAgeDays: 2 },
    );
    const after = buildCoverage([{ hostId: 'a' }, { hostId: 'b' }, { hostId: 'c' }], [], {
      now: NOW,
      maxBackupAgeDays: 2,
    });
    assert.deepEqual(
      newlyAtRisk(before, after).map((entry) => entry.id),
      ['a'],
    );
    assert.deepEqual(newlyAtRisk(undefined, after), []);
  });
});
