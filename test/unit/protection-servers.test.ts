/** ListProtectionServer end to end: the client against the sample server's route, faults included. */
import * as assert from 'node:assert/strict';
import { HssError } from '../../src/hss/errors';
import { ALL_ENTERPRISE_PROJECTS, SAMPLE_HOSTS } from '../../src/sample/catalog';
import type { SampleServer } from '../../src/sample/server';
import { clientFor, withServer } from './helpers';

async function failure(promise: Promise<unknown>): Promise<HssError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HssError, `expected an HssError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

describe('ListProtectionServer: client and sample route', () => {
  let server: SampleServer;
  beforeEach(async () => {
    server = await withServer({ taskCount: 200 });
  });
  afterEach(async () => {
    await server.close();
  });

  it('sends every query parameter under the API name', async () => {
    const { client } = clientFor(server);
    await client.listProtectionServers({
      offset: 0,
      limit: 50,
      enterpriseProjectId: ALL_ENTERPRISE_PROJECTS,
      hostName: 'web',
      osType: 'Windows',
      hostIp: '119.3',
      hostStatus: 'ACTIVE',
      lastDays: 7,
    });
    const request = server.requests.at(-1);
    assert.equal(request?.path, `/v5/${server.projectId}/ransomware/server`);
    assert.deepEqual(request?.query, {
      offset: '0',
      limit: '50',
      enterprise_project_id: 'all_granted_eps',
      host_name: 'web',
      os_type: 'Windows',
      host_ip: '119.3',
      host_status: 'ACTIVE',
      last_days: '7',
    });
  });

  it('serves the same hosts and ids as the task list, plus servers with no task', async () => {
    const { client } = clientFor(server);
    const page = await client.listProtectionServers({
      offset: 0,
      limit: 200,
      enterpriseProjectId: ALL_ENTERPRISE_PROJECTS,
    });
    assert.equal(page.totalNum, 20);
    assert.equal(page.items.length, 20);
    for (const host of SAMPLE_HOSTS) {
      const row = page.items.find((item) => item.hostId === host.id);
      assert.equal(row?.hostName, host.name, host.name);
      assert.equal(row?.enterpriseProjectId, host.enterpriseProjectId, host.name);
    }
    const taskHosts = new Set(server.tasks.map((task) => task.hostId));
    assert.deepEqual(
      page.items.filter((item) => !taskHosts.has(item.hostId ?? '')).map((item) => item.hostName),
      [
        'legacy-erp-01',
        'win-ad-01',
        'batch-worker-07',
        'test-vm-old',
        'media-store-01',
        'bastion-01',
        'reporting-db',
        'qa-sandbox',
      ],
    );
  });

  it('shows each problem the coverage view must show, with the units of the wire', async () => {
    const { client } = clientFor(server);
    const { items } = await client.listProtectionServers({ offset: 0, limit: 200 });
    const byName = new Map(items.map((item) => [item.hostName, item]));
    assert.equal(byName.get('app-backend-03')?.backupProtectionStatus, 'closed');
    assert.deepEqual(byName.get('legacy-erp-01')?.backupError, {
      code: 'HSS.1120',
      description: 'The server is not associated with a backup vault.',
    });
    assert.equal(byName.get('legacy-erp-01')?.backupProtectionStatus, 'failed_to_turn_on_backup');
    assert.equal(byName.get('win-ad-01')?.backupPolicyId, undefined);
    assert.equal(byName.get('k8s-node-1')?.backupPolicyEnabled, false);
    assert.equal(byName.get('fileserver-nas')?.vaultStatus, 'frozen');
    // 470 GB of 500 sent as 481,280 MB.
    assert.equal(byName.get('media-store-01')?.vaultUsedMB, 481_280);
    assert.equal(byName.get('media-store-01')?.vaultUsedGB, 470);
    assert.equal(byName.get('media-store-01')?.vaultSizeGB, 500);
    assert.equal(byName.get('test-vm-old')?.hostStatus, 'SHUTOFF');
    // The default enterprise project only: 6 task hosts and 6 others.
    assert.equal(items.length, 12);
  });

  it('counts backups held from the successful tasks of the host', async () => {
    const { client } = clientFor(server);
    const { items } = await client.listProtectionServers({ offset: 0, limit: 200 });
    const host = SAMPLE_HOSTS[0];
    const expected = server.tasks.filter(
      (task) => task.hostId === host?.id && task.status === 'success',
    ).length;
    assert.ok(expected > 0);
    assert.equal(items.find((item) => item.hostId === host?.id)?.countBackuped, expected);
    assert.equal(items.find((item) => item.hostName === 'batch-worker-07')?.countBackuped, 0);
  });

  it('filters by name (any case, in part), status, OS and IP, and pages', async () => {
    const { client } = clientFor(server);
    const all = { offset: 0, limit: 200, enterpriseProjectId: ALL_ENTERPRISE_PROJECTS };
    const names = async (query: Partial<typeof all> & Record<string, unknown>) =>
      (await client.listProtectionServers({ ...all, ...query })).items.map((item) => item.hostName);
    assert.deepEqual(await names({ hostName: 'WEB' }), ['ecs-web-01', 'web-服务器-02']);
    assert.deepEqual(await names({ hostStatus: 'SHUTOFF' }), ['test-vm-old', 'qa-sandbox']);
    assert.deepEqual(await names({ osType: 'Windows' }), ['web-服务器-02', 'win-ad-01']);
    assert.deepEqual(await names({ hostIp: '192.168.0.23' }), ['legacy-erp-01']);
    const second = await client.listProtectionServers({ ...all, offset: 10, limit: 10 });
    assert.equal(second.totalNum, 20);
    assert.deepEqual(
      second.items.map((item) => item.hostName),
      [
        'redis-cache-01',
        'staging-api',
        'legacy-erp-01',
        'win-ad-01',
        'batch-worker-07',
        'test-vm-old',
        'media-store-01',
        'bastion-01',
        'reporting-db',
        'qa-sandbox',
      ],
    );
  });

  it('answers a query outside the API limits with HSS.0001 naming the parameter', async () => {
    const get = (query: string) =>
      fetch(`${server.url}/v5/${server.projectId}/ransomware/server?${query}`, {
        headers: { 'x-auth-token': server.token },
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
      }));
    for (const [query, word] of [
      ['limit=9', 'limit'],
      ['limit=201', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=2000001', 'offset'],
      ['last_days=0', 'last_days'],
      ['last_days=31', 'last_days'],
      ['os_type=linux', 'os_type'],
      ['host_status=RUNNING', 'host_status'],
      [`host_name=${'x'.repeat(257)}`, 'host_name'],
    ] as const) {
      const { status, body } = await get(query);
      assert.equal(status, 400, query);
      assert.equal(body.error_code, 'HSS.0001', query);
      assert.match(String(body.error_msg), new RegExp(word), query);
    }
    // Without offset and limit: the SDK defaults, 0 and 10.
    const defaults = await get('enterprise_project_id=all_granted_eps');
    assert.equal(defaults.status, 200);
    assert.equal((defaults.body.data_list as unknown[]).length, 10);
  });

  it('refuses another project and a request without credentials', async () => {
    const response = await fetch(`${server.url}/v5/other/ransomware/server`, {
      headers: { 'x-auth-token': server.token },
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as Record<string, unknown>).error_code, 'HSS.0010');
    const anonymous = await fetch(`${server.url}/v5/${server.projectId}/ransomware/server`);
    assert.equal(anonymous.status, 401);
  });

  it('goes through the same retries: a throttled and a failing server are retried', async () => {
    server.setFaults({
      throttle: { times: 1, match: (request) => request.route === 'protection-servers' },
      serverError: { times: 1, status: 503, match: (request) => request.route === 'protection-servers' },
    });
    const { client, sleeps, logger } = clientFor(server);
    const page = await client.listProtectionServers({ offset: 0, limit: 200 });
    assert.equal(page.items.length, 12);
    assert.equal(sleeps.length, 2);
    assert.equal(sleeps[0], 2000); // the throttle's Retry-After: 2
    assert.equal(server.requests.filter((request) => request.path.endsWith('/ransomware/server')).length, 3);
    assert.ok(logger.lines.some((line) => /GET \/v5\/.*\/ransomware\/server\?.* → 200/.test(line)));
    assert.ok(page.requestId);
  });

  it('leaves the server list alone for faults scoped to the task list', async () => {
    server.setFaults({ serverError: { status: 500 } });
    const { client } = clientFor(server);
    const page = await client.listProtectionServers({ offset: 0, limit: 200 });
    assert.equal(page.items.length, 12);
  });

  it('reports a rejected credential without retrying it', async () => {
    const { client } = clientFor(server);
    server.setToken('another');
    const error = await failure(client.listProtectionServers({ offset: 0, limit: 10 }));
    assert.equal(error.kind, 'credentials');
    assert.equal(server.requests.length, 1);
  });

  it('reports a malformed body with the request id', async () => {
    server.setFaults({ malformedJson: { match: (request) => request.route === 'protection-servers' } });
    const { client } = clientFor(server);
    const error = await failure(client.listProtectionServers({ offset: 0, limit: 10 }));
    assert.equal(error.kind, 'malformed');
    assert.ok(error.requestId);
  });
});
