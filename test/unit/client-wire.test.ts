/**
 * The client against servers on 127.0.0.1 that misbehave on the wire: an answer cut off after its
 * headers, a body that never ends, a caller who aborts mid-request, bodies of odd shapes, no
 * logger. Waits are recorded, never slept; expected values are literals.
 */
import * as assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { HssClient, type HssClientOptions } from '../../src/hss/client';
import { TokenCredential } from '../../src/hss/credentials';
import { HssError } from '../../src/hss/errors';

const PAGE = JSON.stringify({ total_num: 1, data_list: [{ host_id: 'h', status: 'success' }] });

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function clientAt(port: number, options: Partial<HssClientOptions> = {}): HssClient {
  return new HssClient({
    endpoint: new URL(`http://127.0.0.1:${port}/`),
    projectId: 'p1',
    credential: new TokenCredential('tok'),
    timeoutMs: 5000,
    random: () => 0.5,
    sleep: async () => {},
    ...options,
  });
}

/** Runs `use` against an HTTP server that gives the answers in order (the last one repeats). */
async function withHttp(
  answers: Answer[],
  use: (port: number, requests: IncomingMessage[]) => Promise<void>,
): Promise<void> {
  const requests: IncomingMessage[] = [];
  const server = createHttpServer((request, response) => {
    requests.push(request);
    answers[Math.min(requests.length, answers.length) - 1]?.(request, response);
  });
  const port = await listen(server);
  try {
    await use(port, requests);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A TCP server that writes `reply` to each connection, then closes it. */
async function withRaw(reply: string, use: (port: number) => Promise<void>): Promise<void> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => socket.end(reply));
    socket.on('error', () => {});
  });
  const port = await listen(server);
  try {
    await use(port);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function failure(promise: Promise<unknown>): Promise<HssError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HssError, `expected an HssError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

const json =
  (status: number, body: string, headers: Record<string, string> = {}): Answer =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body);
  };

const request = { offset: 0, limit: 10 };

describe('HssClient on the wire', () => {
  it('retries and fails without a logger', async () => {
    await withHttp([json(503, '{}'), json(200, PAGE)], async (port, requests) => {
      const page = await clientAt(port, { logger: undefined }).listOperationLogs(request);
      assert.equal(page.totalNum, 1);
      assert.equal(requests.length, 2);
    });
    await withRaw('not http at all\r\n\r\n', async (port) => {
      const error = await failure(
        clientAt(port, { logger: undefined, retry: { failureRetries: 0 } }).listOperationLogs(request),
      );
      assert.equal(error.kind, 'network');
    });
  });

  it('gives the reason of a failure no case names as the error says it', async () => {
    await withRaw('not http at all\r\n\r\n', async (port) => {
      const error = await failure(
        clientAt(port, { retry: { failureRetries: 0 } }).listOperationLogs(request),
      );
      assert.equal(error.kind, 'network');
      // Node's HTTP parser rejects the answer: node-fetch's words follow ours.
      assert.match(error.message, /^The connection failed: request to .* failed, reason: Parse Error: /);
    });
  });

  it('names an endpoint host that does not resolve', async () => {
    // .invalid never resolves (RFC 2606): the resolver answers at once, without a network.
    const client = new HssClient({
      endpoint: new URL('http://hss.nothing.invalid/'),
      projectId: 'p1',
      credential: new TokenCredential('tok'),
      retry: { failureRetries: 0 },
    });
    const error = await failure(client.listOperationLogs(request));
    assert.equal(error.kind, 'network');
    assert.equal(error.message, 'The connection failed: the endpoint host name could not be resolved.');
  });

  it('keeps the request id of an answer cut off after its headers', async () => {
    // Chunked, and the connection dropped in the middle of the body.
    const cutOff: Answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-cut' });
      response.write('{"total_num": 1, "data_list": [');
      setTimeout(() => response.socket?.destroy(), 20);
    };
    await withHttp([cutOff], async (port) => {
      const error = await failure(
        clientAt(port, { retry: { failureRetries: 0 } }).listOperationLogs(request),
      );
      assert.equal(error.kind, 'network');
      assert.equal(error.requestId, 'req-cut');
      assert.equal(error.message, 'The connection failed: the answer was cut off.');
    });
  });

  it('keeps the request id of an answer whose body never ends, when it times out', async () => {
    const stalled: Answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-slow' });
      response.write('{"total_num": 1,');
    };
    await withHttp([stalled], async (port) => {
      const client = clientAt(port, { timeoutMs: 200, retry: { timeoutRetries: 0 } });
      const error = await failure(client.listOperationLogs(request));
      assert.equal(error.kind, 'timeout');
      assert.equal(error.requestId, 'req-slow');
      assert.equal(error.message.startsWith('No answer within 200 ms.'), true);
    });
  });

  it('stops a request under way when the caller aborts, long before its timeout', async () => {
    const controller = new AbortController();
    // The server never answers: only the caller's abort can end the request.
    const silent: Answer = () => controller.abort();
    await withHttp([silent], async (port) => {
      const client = clientAt(port, { timeoutMs: 120_000 });
      const error = await failure(client.listOperationLogs(request, controller.signal));
      assert.equal(error.kind, 'cancelled');
    });
  });

  it('waits no time for Retry-After: 0, whatever the clock says', async () => {
    const sleeps: number[] = [];
    await withHttp([json(429, '{}', { 'retry-after': '0' }), json(200, PAGE)], async (port) => {
      // Epoch 0 on the clock: "0" read as a date would be a wait of 30 years.
      const client = clientAt(port, { now: () => 0, sleep: async (ms) => void sleeps.push(ms) });
      await client.listOperationLogs(request);
      assert.deepEqual(sleeps, [0]);
    });
  });

  it('maps error answers whose body is null or has a null error', async () => {
    await withHttp([json(503, 'null')], async (port) => {
      const error = await failure(
        clientAt(port, { retry: { failureRetries: 0 } }).listOperationLogs(request),
      );
      assert.equal(error.kind, 'server');
      assert.equal(error.code, undefined);
    });
    await withHttp([json(400, JSON.stringify({ error: null, error_code: 'HSS.1001' }))], async (port) => {
      const error = await failure(clientAt(port).listOperationLogs(request));
      assert.equal(error.kind, 'badRequest');
      assert.equal(error.code, 'HSS.1001');
    });
  });
});
