import * as assert from 'node:assert/strict';
import type { SampleTask } from '../../src/sample/data';
import { type SampleServer, type SampleServerOptions, startSampleServer } from '../../src/sample/server';
import type { OperationLogPage } from '../../src/sample/wire';

const NOW = Date.parse('2025-03-06T05:26:18Z');
const MINUTE = 60_000;

async function listPage(
  server: SampleServer,
  query: Record<string, string | number>,
): Promise<OperationLogPage> {
  const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
  const res = await fetch(`${server.url}/v5/${server.projectId}/ransomware/backup/operation-logs?${search}`, {
    headers: { 'X-Auth-Token': server.token },
  });
  assert.equal(res.status, 200);
  return (await res.json()) as OperationLogPage;
}

const ALL = { enterprise_project_id: 'all_granted_eps' };
/** Queries that each select differently: every filter, alone and together, and plain pages. */
const QUERIES: Record<string, string | number>[] = [
  { ...ALL, offset: 0, limit: 50 },
  { ...ALL, offset: 49, limit: 50 },
  { ...ALL, offset: 0, limit: 20, status: 'running' },
  { ...ALL, offset: 0, limit: 20, status: 'waiting' },
  { ...ALL, offset: 0, limit: 30, status: 'failed', last_days: 7 },
  { ...ALL, offset: 0, limit: 30, resource_name: 'WEB' },
  { offset: 0, limit: 40 },
  { offset: 10, limit: 40, last_days: 1 },
];

describe('sample server: the kept query views (viewCache)', () => {
  const servers: SampleServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  /** The same world twice, on one clock: with the kept views and without (every request scans). */
  async function pair(options: SampleServerOptions): Promise<[SampleServer, SampleServer]> {
    const cached = await startSampleServer({ ...options, viewCache: true });
    const scanning = await startSampleServer({ ...options, viewCache: false });
    servers.push(cached, scanning);
    return [cached, scanning];
  }

  async function sameAnswers(cached: SampleServer, scanning: SampleServer, when: string): Promise<void> {
    for (const query of QUERIES) {
      const [a, b] = [await listPage(cached, query), await listPage(scanning, query)];
      assert.deepEqual(a, b, `${when}: ${JSON.stringify(query)}`);
    }
  }

  it('answers as a scanning server while time passes in the living world', async () => {
    let now = NOW;
    const [cached, scanning] = await pair({
      token: 'tok',
      taskCount: 300,
      seed: 7,
      now: NOW,
      clock: () => now,
      world: 'living',
    });
    await sameAnswers(cached, scanning, 'at the start');
    // Within the first minute tasks only start and settle in place (no wave yet, the length stays).
    for (const at of [20_000, 40_000, 55_000, 3 * MINUTE, 10 * MINUTE]) {
      now = NOW + at;
      await sameAnswers(cached, scanning, `at ${at} ms`);
    }
    assert.ok(cached.tasks.length > 300, 'waves arrived');
    assert.deepEqual(
      cached.tasks.map((task) => `${task.backupName} ${task.status} ${task.process}`),
      scanning.tasks.map((task) => `${task.backupName} ${task.status} ${task.process}`),
    );
  });

  it('answers as a scanning server while tasks arrive at the top', async () => {
    let now = NOW;
    const [cached, scanning] = await pair({
      token: 'tok',
      taskCount: 200,
      now: NOW,
      clock: () => now,
      arrivalsPerSecond: 2,
    });
    await sameAnswers(cached, scanning, 'at the start');
    for (const step of [500, 1000, 4000]) {
      now += step;
      await sameAnswers(cached, scanning, `after ${step} ms more`);
    }
    assert.equal(cached.tasks.length, 211, '2 a second for 5.5 s');
  });

  it('answers as a scanning server when the tasks-arrive fault prepends tasks', async () => {
    const [cached, scanning] = await pair({
      token: 'tok',
      taskCount: 120,
      now: NOW,
      clock: () => NOW,
      faults: { tasksArrive: { count: 5 } },
    });
    const first = await listPage(cached, { ...ALL, offset: 0, limit: 10 });
    await listPage(scanning, { ...ALL, offset: 0, limit: 10 });
    const second = await listPage(cached, { ...ALL, offset: 10, limit: 10 });
    assert.equal(second.total_num, 125);
    assert.deepEqual(second.data_list.slice(0, 5), first.data_list.slice(5));
    await listPage(scanning, { ...ALL, offset: 10, limit: 10 });
    await sameAnswers(cached, scanning, 'after the arrivals');
  });

  it('answers as a scanning server when onRequest changes the data mid-paging', async () => {
    const [cached, scanning] = await pair({ token: 'tok', taskCount: 120, now: NOW, clock: () => NOW });
    await sameAnswers(cached, scanning, 'before');
    const index = cached.tasks.findIndex((task) => task.status === 'success');
    for (const server of [cached, scanning]) {
      server.onRequest = (request, live) => {
        const task = live.tasks[index];
        if (request.query.offset === '49' && task) task.status = 'running';
      };
    }
    await sameAnswers(cached, scanning, 'a success turned running at offset 49');
    const running = await listPage(cached, { ...ALL, offset: 0, limit: 50, status: 'running' });
    assert.ok(running.data_list.some((row) => row.backup_name === cached.tasks[index]?.backupName));
  });

  it('keeps a view until told of an edit in place; a new array, a push or a splice it sees itself', async () => {
    const [server] = await pair({ token: 'tok', taskCount: 100, now: NOW, clock: () => NOW });
    const failed = () => listPage(server, { ...ALL, offset: 0, limit: 200, status: 'failed' });
    const before = (await failed()).total_num;
    const task = server.tasks.find((t) => t.status === 'success') as SampleTask;
    task.status = 'failed';
    assert.equal((await failed()).total_num, before, 'the kept view: the edit is not announced yet');
    server.tasksChanged();
    assert.equal((await failed()).total_num, before + 1);

    const extra: SampleTask = { ...task, backupName: 'pushed', startedAt: NOW };
    server.tasks.push(extra);
    assert.equal((await failed()).total_num, before + 2, 'a push changes the length');
    server.tasks.splice(server.tasks.indexOf(extra), 1);
    assert.equal((await failed()).total_num, before + 1, 'so does a splice');
    server.tasks = server.tasks.filter((t) => t !== task);
    assert.equal((await failed()).total_num, before, 'a new array');
  });
});
