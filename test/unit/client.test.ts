import * as assert from 'node:assert/strict';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HssClient } from '../../src/hss/client';
import { TokenCredential } from '../../src/hss/credentials';
import { HssError } from '../../src/hss/errors';
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

/** A client of a one-off server on 127.0.0.1 that answers every request with `handler`. */
async function withCannedServer(
  handler: RequestListener,
  use: (client: HssClient) => Promise<void>,
): Promise<void> {
  const other = createServer(handler);
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    await use(
      new HssClient({
        endpoint: new URL(`http://127.0.0.1:${(other.address() as AddressInfo).port}`),
        projectId: 'p',
        credential: new TokenCredential('t'),
      }),
    );
  } finally {
    other.close();
  }
}

describe('HssClient against the sample server', () => {
  let server: SampleServer;
  beforeEach(async () => {
    server = await withServer({ taskCount: 120 });
  });
  afterEach(async () => {
    await server.close();
  });

  it('reads one page with every query parameter sent as the API names them', async () => {
    const { client } = clientFor(server);
    const page = await client.listOperationLogs({
      offset: 10,
      limit: 20,
      status: 'failed',
      resourceName: 'db',
      lastDays: 30,
      enterpriseProjectId: 'all_granted_eps',
    });
    const request = server.requests.at(-1);
    assert.deepEqual(request?.query, {
      offset: '10',
      limit: '20',
      status: 'failed',
      resource_name: 'db',
      last_days: '30',
      enterprise_project_id: 'all_granted_eps',
    });
    assert.equal(request?.path, `/v5/${server.projectId}/ransomware/backup/operation-logs`);
    assert.ok(page.items.every((item) => item.status === 'failed'));
    assert.match(page.requestId ?? '', /\S+/);
    assert.equal(page.requestId, request?.requestId);
  });

  it('never sends a page size above 200 or below 10', async () => {
    const { client } = clientFor(server);
    await client.listOperationLogs({ offset: 0, limit: 1000 });
    await client.listOperationLogs({ offset: 0, limit: 1 });
    assert.deepEqual(
      server.requests.map((r) => r.query.limit),
      ['200', '10'],
    );
  });

  it('turns a rejected token into a credentials error, tried once, with the request id', async () => {
    const { client } = clientFor(server, { credential: new TokenCredential('wrong-token-value') });
    const error = await failure(client.listOperationLogs({ offset: 0, limit: 10 }));
    assert.equal(error.kind, 'credentials');
    assert.equal(error.status, 401);
    assert.match(error.code ?? '', /APIGW?\.0301/);
    assert.equal(error.requestId, server.requests.at(-1)?.requestId);
    assert.equal(server.requests.length, 1, 'a 401 is never retried');
    assert.ok(!error.message.includes('wrong-token-value'));
  });

  it('reports a wrong path as an endpoint error', async () => {
    const client = new HssClient({
      endpoint: new URL(`${server.url}/nowhere`),
      projectId: server.projectId,
      credential: new TokenCredential(server.token),
    });
    const error = await failure(client.listOperationLogs({ offset: 0, limit: 10 }));
    assert.equal(error.kind, 'endpoint');
    assert.equal(error.status, 404);
  });

  it('passes the server message of a bad request through', async () => {
    const { client } = clientFor(server);
    const error = await failure(client.listOperationLogs({ offset: 0, limit: 10, lastDays: 99 }));
    assert.equal(error.kind, 'badRequest');
    assert.equal(error.code, 'HSS.0001');
    assert.match(error.serverMessage ?? '', /last_days/);
  });

  it('waits as Retry-After says after a 429, then succeeds', async () => {
    server.setFaults({ throttle: { times: 2, retryAfterSeconds: 3 } });
    const { client, sleeps } = clientFor(server);
    const page = await client.listOperationLogs({ offset: 0, limit: 10 });
    assert.equal(page.items.length, 10);
    assert.deepEqual(sleeps, [3000, 3000]);
    assert.deepEqual(
      server.requests.map((r) => r.status),
      [429, 429, 200],
    );
  });

  it('waits 2-5 s with jitter after a 429 without Retry-After, and gives up after its bound', async () => {
    server.setFaults({ throttle: { omitRetryAfter: true } });
    const { client, sleeps } = clientFor(server, { random: () => 0.25 });
    const error = await failure(client.listOperationLogs({ offset: 0, limit: 10 }));
    assert.equal(error.kind, 'throttled');
    assert.deepEqual(sleeps, [2750, 2750, 2750]);
    assert.equal(server.requests.length, 4);
  });

  it('retries 5xx with growing backoff, a bounded number of times', async () => {
    server.setFaults({ serverError: { status: 503 } });
    const { client, sleeps } = clientFor(server, { random: () => 0 });
    const error = await failure(client.listOperationLogs({ offset: 0, limit: 10 }));
    assert.equal(error.kind, 'server');
    assert.equal(error.status, 503);
    assert.deepEqual(sleeps, [500, 1000]);
    assert.equal(server.requests.length, 3);
  });

  it('recovers from a dropped connection and from a body cut off mid-way', async () => {
    server.setFaults({ dropConnection: { times: 1 }, truncateBody: { times: 1 } });
    const { client, logger } = clientFor(server);
    const page = await client.listOperationLogs({ offset: 0, limit: 10 });
    assert.equal(page.items.length, 10);
    assert.equal(logger.lines.filter((line) => line.startsWith('warn Retrying')).length, 2);
  });

  it('calls a dropped connection that never recovers a network error', async () => {
    server.setFaults({ dropConnection: {} });
    const { client } = clientFor(server);
    const error = await failure(client.listOperationLogs({ offset: 0, limit: 10 }));
    assert.equal(error.kind, 'network');
  });

  it('asks again when a body is not JSON, and says so clearly when it never is', async () => {
    server.setFaults({ malformedJson: { times: 1 } });
    const { client, sleeps } = clientFor(server);
    const page = await client.listOperationLogs({ offset: 0, limit: 10 });
    assert.equal(page.items.length, 10);
    assert.equal(server.requests.length, 2);
    assert.equal(sleeps.length, 1);

    server.requests.length = 0;
    server.setFaults({ malformedJson: {} });
    const error = await failure(client.listOperationLogs({ offset: 0, limit: 10 }));
    assert.equal(error.kind, 'malformed');
    assert.match(error.message, /not valid JSON/);
    assert.ok(error.requestId);
    assert.equal(server.requests.length, 3, 'the first try and two retries');
  });

  it('does not ask again when the JSON is whole but not a task list', async () => {
    let requests = 0;
    await withCannedServer(
      (_request, response) => {
        requests++;
        response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-shape' });
        response.end(JSON.stringify({ total_num: 1, data_list: 'no rows here' }));
      },
      async (client) => {
        const error = await failure(client.listOperationLogs({ offset: 0, limit: 10 }));
        assert.equal(error.kind, 'malformed');
        assert.match(error.message, /"data_list" should be a list/);
        assert.equal(error.requestId, 'req-shape');
        assert.equal(requests, 1, 'the same answer would come again');
      },
    );
  });

  it('times out per request, tries once more, then says so with the timeout in the message', async () => {
    server.setFaults({ latency: { ms: 1000 } });
    const { client, sleeps } = clientFor(server, { timeoutMs: 100 });
    const error = await failure(client.listOperationLogs({ offset: 0, limit: 10 }));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /^No answer within 100 ms\./);
    assert.equal(server.requests.length, 2, 'one retry');
    assert.equal(sleeps.length, 1);
  });

  it('gets the page when only the first try is slow', async () => {
    server.setFaults({ latency: { ms: 1000, times: 1 } });
    const { client } = clientFor(server, { timeoutMs: 300 });
    const page = await client.listOperationLogs({ offset: 0, limit: 10 });
    assert.equal(page.items.length, 10);
    assert.equal(server.requests.length, 2);
  });

  it('reads rows with fields of the wrong type without losing them', async () => {
    server.setFaults({ wrongTypes: {} });
    const { client } = clientFor(server);
    const page = await client.listOperationLogs({ offset: 0, limit: 50 });
    assert.equal(page.items.length, 50);
    assert.ok(page.items.every((item) => typeof item.progress === 'number'));
    assert.ok(page.items.every((item) => item.hostName === undefined || typeof item.hostName === 'string'));
  });

  it('accepts the gateway error shape {"error": {code, message}} and X-Request-Id', async () => {
    await withCannedServer(
      (_request, response) => {
        response.writeHead(403, { 'content-type': 'application/json', 'x-request-id': 'req-403' });
        response.end(JSON.stringify({ error: { code: 'HSS.0013', message: 'Insufficient permissions' } }));
      },
      async (client) => {
        const error = await failure(client.listOperationLogs({ offset: 0, limit: 10 }));
        assert.equal(error.kind, 'permission');
        assert.equal(error.code, 'HSS.0013');
        assert.equal(error.requestId, 'req-403');
        assert.equal(error.serverMessage, 'Insufficient permissions');
      },
    );
  });

  it('never writes the token into a log line or an error', async () => {
    const { client, logger } = clientFor(server);
    await client.listOperationLogs({ offset: 0, limit: 10 });
    server.setFaults({ serverError: {} });
    const error = await failure(client.listOperationLogs({ offset: 0, limit: 10 }));
    const everything = [...logger.lines, error.message, String(error.stack), JSON.stringify(error)].join(
      '\n',
    );
    assert.ok(
      logger.lines.some((line) => line.includes('/operation-logs')),
      'requests are logged',
    );
    assert.ok(!everything.includes(server.token));
  });
});
