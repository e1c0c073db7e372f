import * as assert from 'node:assert/strict';
import { SAMPLE_ERROR_REASONS } from '../../src/sample/catalog';
import { generateTasks } from '../../src/sample/data';
import { type SampleServer, startSampleServer } from '../../src/sample/server';
import type { OperationLogPage, OperationLogRow } from '../../src/sample/wire';

const START = Date.parse('2026-11-30T22:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** A sample server whose clock the test moves. */
async function livingServer(
  options: {
    world?: 'static' | 'living';
    seed?: number;
    taskCount?: number;
    arrivalsPerSecond?: number;
    pageCap?: number;
  } = {},
): Promise<{ server: SampleServer; at: (ms: number) => void }> {
  let now = START;
  const server = await startSampleServer({
    seed: options.seed ?? 10,
    taskCount: options.taskCount ?? 600,
    world: options.world ?? 'living',
    arrivalsPerSecond: options.arrivalsPerSecond,
    pageCap: options.pageCap,
    clock: () => now,
  });
  return { server, at: (ms) => (now = START + ms) };
}

async function readAll(server: SampleServer): Promise<{ total: number; rows: OperationLogRow[] }> {
  const rows: OperationLogRow[] = [];
  let total = 0;
  for (;;) {
    const query = new URLSearchParams({
      offset: String(rows.length),
      limit: '200',
      enterprise_project_id: 'all_granted_eps',
    });
    const res = await fetch(
      `${server.url}/v5/${server.projectId}/ransomware/backup/operation-logs?${query}`,
      {
        headers: { 'X-Auth-Token': server.token },
      },
    );
    assert.equal(res.status, 200);
    const page = (await res.json()) as OperationLogPage;
    total = page.total_num;
    if (page.data_list.length === 0) return { total, rows };
    rows.push(...page.data_list);
  }
}

const key = (row: OperationLogRow) => `${row.host_id}|${row.backup_name}|${row.started_at}`;
const byKey = (rows: OperationLogRow[]) => new Map(rows.map((row) => [key(row), row]));
const problemCodes = new Set(
  SAMPLE_ERROR_REASONS.filter((r) => r.status !== 'skipped').map((reason) => reason.code),
);

describe('sample server: the living world', () => {
  const servers: SampleServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  async function make(options?: Parameters<typeof livingServer>[0]) {
    const made = await livingServer(options);
    servers.push(made.server);
    return made;
  }

  it('is frozen by default: an hour later every row is the same', async () => {
    const { server, at } = await make({ world: 'static' });
    const before = await readAll(server);
    at(60 * MINUTE);
    const after = await readAll(server);
    assert.equal(after.total, 600);
    assert.deepEqual(after.rows, before.rows);
  });

  it('advances running tasks: progress grows between two readings 30 s apart', async () => {
    const { server, at } = await make();
    const first = await readAll(server);
    const running = first.rows.filter((row) => row.status === 'running');
    assert.ok(running.length >= 3, `${running.length} running`);
    at(30 * SECOND);
    const second = byKey((await readAll(server)).rows);
    let grew = 0;
    for (const row of running) {
      const later = second.get(key(row));
      assert.ok(later, `${key(row)} is still listed`);
      if (later.status === 'running') {
        assert.ok((later.process ?? 0) >= (row.process ?? 0), 'progress never goes back');
        if ((later.process ?? 0) > (row.process ?? 0)) grew++;
      }
    }
    assert.ok(grew >= 2, `${grew} running tasks progressed`);
  });

  it('settles tasks: within two minutes one fails with a real code, and all pending ones settle in 10 min', async () => {
    const { server, at } = await make();
    const first = await readAll(server);
    const pendingKeys = first.rows
      .filter((row) => row.status === 'running' || row.status === 'waiting')
      .map(key);
    at(2 * MINUTE);
    const mid = byKey((await readAll(server)).rows);
    const failedEarly = pendingKeys
      .map((k) => mid.get(k))
      .filter((row) => row?.status === 'failed' || row?.status === 'timeout');
    assert.ok(failedEarly.length >= 1, 'a pending task failed within two minutes');
    for (const row of failedEarly) {
      assert.ok(problemCodes.has(row?.error_info?.code ?? ''), `code ${row?.error_info?.code}`);
      assert.ok(row?.ended_at !== undefined, 'a settled task has ended_at');
    }
    at(10 * MINUTE);
    const late = byKey((await readAll(server)).rows);
    const outcomes = new Map<string, number>();
    for (const k of pendingKeys) {
      const status = late.get(k)?.status ?? 'missing';
      outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
    }
    assert.equal(outcomes.get('running'), undefined);
    assert.equal(outcomes.get('waiting'), undefined);
    assert.ok((outcomes.get('success') ?? 0) > pendingKeys.length / 2, JSON.stringify([...outcomes]));
  });

  it('brings a wave of scheduled backups every two minutes, at the top, waiting first', async () => {
    const { server, at } = await make();
    at(59 * SECOND);
    assert.equal((await readAll(server)).total, 600);
    at(61 * SECOND);
    const wave = await readAll(server);
    assert.ok(wave.total > 600, `total ${wave.total}`);
    const arrived = wave.rows.slice(0, wave.total - 600);
    for (const row of arrived) {
      assert.match(row.backup_name ?? '', /^autobk_\d{4}$/);
      assert.equal(row.status, 'waiting');
      assert.equal(row.process, 0);
    }
    at(4 * MINUTE + 30 * SECOND);
    const two = await readAll(server);
    // Waves 1 (at 1 min) and 2 (at 3 min) have 3 to 6 tasks each, at most 75 s from first to last.
    assert.ok(two.total >= 606 && two.total <= 612, `total ${two.total}`);
  });

  it('is a function of (seed, start, t): stepping every 13 s or jumping straight to 9 min gives the same list', async () => {
    const stepped = await make();
    const jumped = await make();
    for (let t = 0; t <= 9 * MINUTE; t += 13 * SECOND) {
      stepped.at(t);
      await readAll(stepped.server);
    }
    stepped.at(9 * MINUTE);
    jumped.at(9 * MINUTE);
    const a = await readAll(stepped.server);
    const b = await readAll(jumped.server);
    assert.ok(a.total > 600);
    assert.deepEqual(a, b);
    const other = await make({ seed: 11 });
    other.at(9 * MINUTE);
    assert.notDeepEqual((await readAll(other.server)).rows.slice(0, 10), a.rows.slice(0, 10));
  });

  it('ages out tasks older than 30 days', async () => {
    const { server, at } = await make();
    // The independent oracle: the same generated data, and the rule "started within 30 days".
    const generated = generateTasks({ count: 600, seed: 10, now: START });
    const cutoff = START + 2 * DAY - 30 * DAY;
    const staying = generated.filter((task) => task.startedAt >= cutoff).length;
    assert.ok(staying < 600 && staying > 500, `${staying} stay`);
    at(2 * DAY);
    const { rows } = await readAll(server);
    const startOf = (row: OperationLogRow) =>
      typeof row.started_at === 'number' ? row.started_at : Date.parse(row.started_at ?? '');
    // Wave tasks start a minute after START at the earliest.
    const old = rows.filter((row) => startOf(row) <= START);
    assert.equal(old.length, staying);
    for (const row of rows) assert.ok(startOf(row) >= cutoff, `${row.started_at} is within 30 days`);
  });

  it('drives tasks that arrive by other means (the tasksArrive fault) too', async () => {
    const { server, at } = await make();
    server.setFaults({ tasksArrive: { count: 2 } });
    await readAll(server);
    const arrived = server.tasks.slice(0, 2);
    assert.ok(arrived.every((task) => task.status === 'running' || task.status === 'waiting'));
    at(10 * MINUTE);
    await readAll(server);
    for (const task of arrived) {
      assert.ok(['success', 'failed', 'timeout'].includes(task.status), task.status);
    }
  });

  it('composes with arrivalsPerSecond and pageCap: arrivals start and settle, pages stay capped', async () => {
    const { server, at } = await make({ arrivalsPerSecond: 0.5, pageCap: 50 });
    await readAll(server);
    at(20 * SECOND);
    const early = await readAll(server);
    // 10 arrivals in 20 s, before the first wave (at 1 min).
    assert.equal(early.total, 610);
    const arrivals = early.rows.slice(0, 10);
    assert.ok(arrivals.every((row) => row.status === 'waiting' || row.status === 'running'));
    at(20 * SECOND + 5 * MINUTE);
    const late = byKey((await readAll(server)).rows);
    for (const row of arrivals) {
      assert.ok(['success', 'failed', 'timeout'].includes(late.get(key(row))?.status ?? ''), key(row));
    }
    const res = await fetch(
      `${server.url}/v5/${server.projectId}/ransomware/backup/operation-logs?offset=0&limit=200&enterprise_project_id=all_granted_eps`,
      { headers: { 'X-Auth-Token': server.token } },
    );
    assert.equal(((await res.json()) as OperationLogPage).data_list.length, 50);
  });
});
