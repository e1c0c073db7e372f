import * as assert from 'node:assert/strict';
import { PRODUCTION_ENTERPRISE_PROJECT_ID, SAMPLE_HOSTS, TASK_STATUSES } from '../../src/sample/catalog';
import type { SampleTask } from '../../src/sample/data';
import { type SampleServer, startSampleServer } from '../../src/sample/server';
import type { OperationLogPage, OperationLogRow } from '../../src/sample/wire';

const NOW = Date.parse('2025-03-06T05:26:18Z');
const DAY = 86_400_000;

type Row = OperationLogRow;
type Page = OperationLogPage;
interface ErrorBody {
  error_code: string;
  error_msg: string;
  request_id: string;
}

function logsUrl(
  server: SampleServer,
  query: Record<string, string | number>,
  projectId = server.projectId,
): string {
  const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
  return `${server.url}/v5/${projectId}/ransomware/backup/operation-logs?${search}`;
}

async function get(
  server: SampleServer,
  query: Record<string, string | number>,
  headers: Record<string, string> = { 'X-Auth-Token': server.token },
  projectId?: string,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(logsUrl(server, query, projectId), { headers });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

async function page(server: SampleServer, query: Record<string, string | number>): Promise<Page> {
  const res = await get(server, query);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as Page;
}

function timeOf(value: string | number | undefined): number {
  return typeof value === 'number' ? value : Date.parse(value ?? '');
}

/** Reads every page the way the Terraform provider does: offset += rows until an empty page. */
async function readAll(
  server: SampleServer,
  query: Record<string, string | number>,
  limit = 200,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (;;) {
    const { data_list } = await page(server, { ...query, offset: rows.length, limit });
    if (data_list.length === 0) return rows;
    rows.push(...data_list);
  }
}

describe('sample server: operation-logs', () => {
  let server: SampleServer;

  beforeEach(async () => {
    server = await startSampleServer({ token: 'test-token', seed: 1, now: NOW, clock: () => NOW });
  });
  afterEach(() => server.close());

  describe('paging', () => {
    it('returns limit rows from offset, newest first, with the total', async () => {
      const first = await page(server, { offset: 0, limit: 10, enterprise_project_id: 'all_granted_eps' });
      assert.equal(first.total_num, 600);
      assert.equal(first.data_list.length, 10);
      const second = await page(server, { offset: 10, limit: 10, enterprise_project_id: 'all_granted_eps' });
      const times = [...first.data_list, ...second.data_list].map((row) => timeOf(row.started_at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      const expected = server.tasks.slice(10, 20).map((task) => task.backupName);
      assert.deepEqual(
        second.data_list.map((row) => row.backup_name),
        expected,
      );
    });

    it('reads every task exactly once when paging to the end', async () => {
      const rows = await readAll(server, { enterprise_project_id: 'all_granted_eps' }, 200);
      assert.equal(rows.length, 600);
      const keys = rows.map((row) => `${row.host_id}|${row.backup_name}|${row.started_at}|${row.status}`);
      const expected = server.tasks.map(
        (task) =>
          `${task.hostId}|${task.backupName}|${task.timeFormat === 'iso' ? new Date(task.startedAt).toISOString().replace(/\.\d{3}Z$/, 'Z') : task.startedAt}|${task.status}`,
      );
      assert.deepEqual(keys, expected);
    });

    it('returns a short last page and an empty page past the end, with the true total', async () => {
      const last = await page(server, { offset: 590, limit: 200, enterprise_project_id: 'all_granted_eps' });
      assert.equal(last.data_list.length, 10);
      const past = await page(server, { offset: 5000, limit: 10, enterprise_project_id: 'all_granted_eps' });
      assert.deepEqual(past, { total_num: 600, data_list: [] });
    });

    // Its speed is measured by the bench (npm run bench), not by a wall-clock limit here.
    it('serves 10,000 tasks in 51 pages', async function () {
      this.timeout(20_000);
      const big = await startSampleServer({ taskCount: 10_000, token: 't', now: NOW, clock: () => NOW });
      try {
        const rows = await readAll(big, { enterprise_project_id: 'all_granted_eps' }, 200);
        assert.equal(rows.length, 10_000);
        assert.equal(big.requests.length, 51);
      } finally {
        await big.close();
      }
    });
  });

  describe('filters', () => {
    it('status selects one status', async () => {
      for (const status of TASK_STATUSES) {
        const result = await page(server, {
          offset: 0,
          limit: 200,
          status,
          enterprise_project_id: 'all_granted_eps',
        });
        const expected = server.tasks.filter((task) => task.status === status).length;
        assert.ok(expected > 0);
        assert.equal(result.total_num, expected, status);
        assert.ok(result.data_list.every((row) => row.status === status));
      }
    });

    it('enterprise_project_id defaults to "0"; all_granted_eps selects all; others select theirs', async () => {
      const inDefault = server.tasks.filter((task) => task.enterpriseProjectId === '0').length;
      const inProduction = server.tasks.filter(
        (task) => task.enterpriseProjectId === PRODUCTION_ENTERPRISE_PROJECT_ID,
      );
      assert.ok(inDefault > 0 && inDefault < 600 && inProduction.length > 0);
      assert.equal((await page(server, { offset: 0, limit: 10 })).total_num, inDefault);
      assert.equal(
        (await page(server, { offset: 0, limit: 10, enterprise_project_id: '0' })).total_num,
        inDefault,
      );
      assert.equal(
        (await page(server, { offset: 0, limit: 10, enterprise_project_id: 'all_granted_eps' })).total_num,
        600,
      );
      const production = await page(server, {
        offset: 0,
        limit: 200,
        enterprise_project_id: PRODUCTION_ENTERPRISE_PROJECT_ID,
      });
      assert.equal(production.total_num, inProduction.length);
      const productionHosts = new Set(
        SAMPLE_HOSTS.filter((host) => host.enterpriseProjectId === PRODUCTION_ENTERPRISE_PROJECT_ID).map(
          (host) => host.id,
        ),
      );
      assert.ok(production.data_list.every((row) => productionHosts.has(row.host_id ?? '')));
      assert.equal(
        (await page(server, { offset: 0, limit: 10, enterprise_project_id: 'no-such-ep' })).total_num,
        0,
      );
    });

    it('last_days keeps tasks started within that many days', async () => {
      for (const days of [1, 7, 30]) {
        const result = await page(server, {
          offset: 0,
          limit: 200,
          last_days: days,
          enterprise_project_id: 'all_granted_eps',
        });
        const expected = server.tasks.filter((task) => task.startedAt >= NOW - days * DAY).length;
        assert.equal(result.total_num, expected, `last_days=${days}`);
        assert.ok(result.data_list.every((row) => timeOf(row.started_at) >= NOW - days * DAY));
      }
      const oneDay = await page(server, {
        offset: 0,
        limit: 10,
        last_days: 1,
        enterprise_project_id: 'all_granted_eps',
      });
      assert.ok(oneDay.total_num > 0 && oneDay.total_num < 100);
    });

    it('resource_name is a case-insensitive substring of the server name', async () => {
      const all = { offset: 0, limit: 200, enterprise_project_id: 'all_granted_eps' };
      const db = await page(server, { ...all, resource_name: 'DB-' });
      assert.ok(db.total_num > 0);
      assert.deepEqual([...new Set(db.data_list.map((row) => row.host_name))].sort(), [
        'db-primary',
        'db-replica-01',
      ]);
      const exact = server.tasks.filter((task) => task.hostName === 'web-服务器-02').length;
      assert.equal((await page(server, { ...all, resource_name: '服务器' })).total_num, exact);
      const cafe = server.tasks.filter((task) => task.hostName === 'café-prod').length;
      assert.equal((await page(server, { ...all, resource_name: 'CAFÉ' })).total_num, cafe);
      // Decomposed é (as typed on some systems) finds the composed name.
      assert.equal((await page(server, { ...all, resource_name: 'cafe\u0301' })).total_num, cafe);
      assert.equal((await page(server, { ...all, resource_name: 'nothing-like-this' })).total_num, 0);
      // An empty value is no filter.
      assert.equal((await page(server, { ...all, resource_name: '' })).total_num, 600);
    });

    it('combines filters', async () => {
      const result = await page(server, {
        offset: 0,
        limit: 200,
        status: 'failed',
        resource_name: 'db',
        enterprise_project_id: 'all_granted_eps',
      });
      const expected = server.tasks.filter(
        (task) => task.status === 'failed' && task.hostName?.includes('db'),
      ).length;
      assert.equal(result.total_num, expected);
    });
  });

  describe('validation', () => {
    const cases: [string, Record<string, string | number>, string][] = [
      ['missing offset', { limit: 10 }, 'offset'],
      ['missing limit', { offset: 0 }, 'limit'],
      ['negative offset', { offset: -1, limit: 10 }, 'offset'],
      ['fractional offset', { offset: '1.5', limit: 10 }, 'offset'],
      ['limit below 10', { offset: 0, limit: 9 }, 'limit'],
      ['limit above 200', { offset: 0, limit: 201 }, 'limit'],
      ['non-numeric limit', { offset: 0, limit: 'ten' }, 'limit'],
      ['unknown status', { offset: 0, limit: 10, status: 'timeout:' }, 'status'],
      ['last_days 0', { offset: 0, limit: 10, last_days: 0 }, 'last_days'],
      ['last_days 31', { offset: 0, limit: 10, last_days: 31 }, 'last_days'],
      [
        'enterprise_project_id too long',
        { offset: 0, limit: 10, enterprise_project_id: 'e'.repeat(257) },
        'enterprise_project_id',
      ],
    ];
    for (const [name, query, parameter] of cases) {
      it(`400 HSS.0001 naming the parameter: ${name}`, async () => {
        const res = await get(server, query);
        assert.equal(res.status, 400);
        const body = res.body as ErrorBody;
        assert.equal(body.error_code, 'HSS.0001');
        assert.ok(body.error_msg.includes(parameter), body.error_msg);
        assert.equal(body.request_id, res.headers.get('x-request-id'));
      });
    }

    it('accepts the limits 10 and 200 and offset 0', async () => {
      assert.equal((await page(server, { offset: 0, limit: 10 })).data_list.length, 10);
      assert.equal((await get(server, { offset: 0, limit: 200 })).status, 200);
    });
  });

  describe('authentication and routing', () => {
    it('401 APIGW.0301 without a token, with a wrong token, and after setToken for the old one', async () => {
      for (const headers of [{}, { 'X-Auth-Token': 'wrong' }] as Record<string, string>[]) {
        const res = await get(server, { offset: 0, limit: 10 }, headers);
        assert.equal(res.status, 401);
        const body = res.body as ErrorBody;
        assert.equal(body.error_code, 'APIGW.0301');
        assert.match(body.error_msg, /^Incorrect IAM authentication information: /);
        assert.equal(body.request_id, res.headers.get('x-request-id'));
      }
      server.setToken('rotated');
      assert.equal(server.token, 'rotated');
      assert.equal(
        (await get(server, { offset: 0, limit: 10 }, { 'X-Auth-Token': 'test-token' })).status,
        401,
      );
      assert.equal((await get(server, { offset: 0, limit: 10 }, { 'X-Auth-Token': 'rotated' })).status, 200);
    });

    it('never echoes the presented token in an error', async () => {
      const res = await get(server, { offset: 0, limit: 10 }, { 'X-Auth-Token': 'secret-wrong-token' });
      assert.ok(!JSON.stringify(res.body).includes('secret-wrong-token'));
    });

    it('404 APIGW.0101 for unknown paths and methods, before authentication', async () => {
      for (const [method, path] of [
        ['GET', '/v5/x/unknown'],
        ['GET', `/v5/${server.projectId}/ransomware/backup/operation-logs/extra`],
        ['POST', `/v5/${server.projectId}/ransomware/backup/operation-logs`],
        ['GET', '/'],
      ] as const) {
        const res = await fetch(`${server.url}${path}`, { method });
        assert.equal(res.status, 404, `${method} ${path}`);
        const body = (await res.json()) as ErrorBody;
        assert.equal(body.error_code, 'APIGW.0101');
        assert.equal(body.error_msg, 'The API does not exist or has not been published in the environment');
        assert.match(body.request_id, /^[0-9a-f]{32}$/);
      }
    });

    it('answers another project with 400 HSS.0010 once authenticated, 401 before', async () => {
      const other = await get(server, { offset: 0, limit: 10 }, undefined, 'another-project');
      assert.equal(other.status, 400);
      assert.equal((other.body as ErrorBody).error_code, 'HSS.0010');
      const anonymous = await get(server, { offset: 0, limit: 10 }, {}, 'another-project');
      assert.equal(anonymous.status, 401);
    });

    it('uses the configured project id', async () => {
      const custom = await startSampleServer({ projectId: 'my-project', token: 't', taskCount: 20 });
      try {
        assert.equal(custom.projectId, 'my-project');
        const res = await get(custom, { offset: 0, limit: 10, enterprise_project_id: 'all_granted_eps' });
        assert.equal(res.status, 200);
        assert.equal((res.body as Page).total_num, 20);
      } finally {
        await custom.close();
      }
    });
  });

  describe('responses', () => {
    it('carry a unique 32-hex X-Request-Id and a JSON content type, on success and error alike', async () => {
      const ids = new Set<string>();
      for (const query of [
        { offset: 0, limit: 10 },
        { offset: 0, limit: 1 },
      ]) {
        const res = await fetch(logsUrl(server, query), { headers: { 'X-Auth-Token': 'test-token' } });
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        ids.add(res.headers.get('x-request-id') ?? '');
      }
      const missing = await fetch(`${server.url}/nope`);
      ids.add(missing.headers.get('x-request-id') ?? '');
      assert.equal(ids.size, 3);
      for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
    });

    it('gives the same request ids for the same seed', async () => {
      const twin = await startSampleServer({ token: 'test-token', seed: 1, now: NOW, clock: () => NOW });
      try {
        const a = await fetch(logsUrl(server, { offset: 0, limit: 10 }), {
          headers: { 'X-Auth-Token': 'test-token' },
        });
        const b = await fetch(logsUrl(twin, { offset: 0, limit: 10 }), {
          headers: { 'X-Auth-Token': 'test-token' },
        });
        assert.equal(a.headers.get('x-request-id'), b.headers.get('x-request-id'));
        assert.deepEqual(await a.json(), await b.json());
      } finally {
        await twin.close();
      }
    });

    it('omits optional fields by status and mixes ISO strings with epoch milliseconds', async () => {
      const rows = await readAll(server, { enterprise_project_id: 'all_granted_eps' });
      for (const row of rows) {
        if (row.status === 'running' || row.status === 'waiting') assert.ok(!('ended_at' in row));
        if (row.status === 'waiting') assert.equal(row.process, 0);
        if (row.status === 'success') assert.ok(!row.error_info?.code);
        if (row.status === 'failed') assert.ok(row.error_info?.code);
      }
      assert.ok(rows.some((row) => typeof row.started_at === 'number'));
      assert.ok(
        rows.some(
          (row) =>
            typeof row.started_at === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(row.started_at),
        ),
      );
      assert.ok(rows.some((row) => !('host_name' in row)));
      assert.ok(rows.some((row) => row.status === 'success' && !('error_info' in row)));
      assert.ok(rows.some((row) => row.error_info?.code === '' && row.error_info.message === ''));
    });
  });

  describe('test hooks', () => {
    it('serves changes made to the tasks array between requests', async () => {
      const running = server.tasks.find((task) => task.status === 'running');
      assert.ok(running);
      running.process = 77;
      const added: SampleTask = {
        enterpriseProjectId: '0',
        hostId: 'new-host',
        hostName: 'brand-new',
        backupName: 'autobk_0001',
        process: 0,
        status: 'waiting',
        startedAt: NOW,
        timeFormat: 'iso',
      };
      server.tasks.push(added);
      const first = await page(server, { offset: 0, limit: 200, enterprise_project_id: 'all_granted_eps' });
      assert.equal(first.total_num, 601);
      assert.equal(first.data_list[0]?.host_name, 'brand-new');
      assert.ok(first.data_list.some((row) => row.backup_name === running.backupName && row.process === 77));
      running.status = 'success';
      running.process = 100;
      running.endedAt = NOW;
      const after = await page(server, {
        offset: 0,
        limit: 200,
        status: 'running',
        enterprise_project_id: 'all_granted_eps',
      });
      assert.ok(!after.data_list.some((row) => row.backup_name === running.backupName));
    });

    it('calls onRequest before handling, so a test can change data mid-paging', async () => {
      const seen: string[] = [];
      server.onRequest = (request, live) => {
        seen.push(`${request.route} ${request.query.offset}`);
        if (request.query.offset === '10') live.tasks.splice(0, 1);
      };
      await page(server, { offset: 0, limit: 10 });
      const second = await page(server, { offset: 10, limit: 10, enterprise_project_id: 'all_granted_eps' });
      assert.deepEqual(seen, ['operation-logs 0', 'operation-logs 10']);
      assert.equal(second.total_num, 599);
    });

    it('logs method, path, query, status, request id and time, and never a credential', async () => {
      await get(server, { offset: 0, limit: 10, status: 'failed' });
      await get(server, { offset: 0, limit: 10 }, { 'X-Auth-Token': 'a-wrong-secret-token' });
      await fetch(`${logsUrl(server, { offset: 0, limit: 10 })}&token=leaked-in-url`, {
        headers: { 'X-Auth-Token': 'test-token', Authorization: 'Bearer leaked-auth-header' },
      });
      assert.equal(server.requests.length, 3);
      const [ok, denied, leaked] = server.requests;
      assert.deepEqual(
        { ...ok, durationMs: 0 },
        {
          method: 'GET',
          path: `/v5/${server.projectId}/ransomware/backup/operation-logs`,
          query: { offset: '0', limit: '10', status: 'failed' },
          status: 200,
          requestId: ok?.requestId,
          time: NOW,
          durationMs: 0,
          auth: 'token',
          faults: [],
        },
      );
      assert.match(ok?.requestId ?? '', /^[0-9a-f]{32}$/);
      assert.equal(denied?.status, 401);
      assert.equal(leaked?.query.token, '[redacted]');
      const log = JSON.stringify(server.requests);
      for (const secret of ['test-token', 'a-wrong-secret-token', 'leaked-in-url', 'leaked-auth-header']) {
        assert.ok(!log.includes(secret), secret);
      }
    });
  });
});
