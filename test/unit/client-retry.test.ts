/**
 * The client's retries, waits, error bodies and log lines against a scripted HTTP server on
 * 127.0.0.1: each request gets the next scripted answer. Waits are recorded, never slept.
 */
import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HssClient, type HssClientOptions } from '../../src/hss/client';
import { type Credential, TokenCredential } from '../../src/hss/credentials';
import { HssError, ThrottledError } from '../../src/hss/errors';
import { abortableSleep } from '../../src/hss/http';
import { MemoryLogger } from './helpers';

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

const PAGE = JSON.stringify({ total_num: 1, data_list: [{ host_id: 'h', status: 'success' }] });

function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

const ok = json(200, PAGE, { 'x-request-id': 'req-ok' });

interface Scripted {
  readonly client: HssClient;
  readonly sleeps: number[];
  readonly logger: MemoryLogger;
  readonly requests: IncomingMessage[];
  readonly port: number;
}

/** Runs `use` with a client of a server that gives the answers in order (the last one repeats). */
async function scripted(
  answers: Answer[],
  use: (s: Scripted) => Promise<void>,
  options: Partial<HssClientOptions> = {},
): Promise<void> {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    const answer = answers[Math.min(requests.length, answers.length) - 1];
    answer?.(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const sleeps: number[] = [];
  const logger = new MemoryLogger();
  const client = new HssClient({
    endpoint: new URL(`http://127.0.0.1:${port}/`),
    projectId: 'proj 1',
    credential: new TokenCredential('tok'),
    logger,
    timeoutMs: 5000,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  try {
    await use({ client, sleeps, logger, requests, port });
  } finally {
    server.closeAllConnections();
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

const page = { offset: 0, limit: 10 };
const throttled = (retryAfter?: string): Answer =>
  json(
    429,
    { error_code: 'APIGW.0308', error_msg: 'Too many' },
    retryAfter === undefined ? {} : { 'retry-after': retryAfter },
  );

describe('HssClient retries', () => {
  it('gives up at once when Retry-After is above the 30 s cap, and waits when it is at the cap', async () => {
    await scripted([throttled('31'), ok], async ({ client, sleeps, requests }) => {
      const error = await failure(client.listOperationLogs(page));
      assert.ok(error instanceof ThrottledError);
      assert.equal(error.retryAfterMs, 31_000);
      assert.deepEqual(sleeps, []);
      assert.equal(requests.length, 1);
    });
    await scripted([throttled('30'), ok], async ({ client, sleeps }) => {
      await client.listOperationLogs(page);
      assert.deepEqual(sleeps, [30_000]);
    });
  });

  it('honours a cap set in the retry policy', async () => {
    await scripted(
      [throttled('5'), ok],
      async ({ client, sleeps }) => {
        await failure(client.listOperationLogs(page));
        assert.deepEqual(sleeps, []);
      },
      { retry: { maxRetryAfterMs: 4000 } },
    );
  });

  it('reads Retry-After as an HTTP date against the injected clock', async () => {
    const now = Date.UTC(2026, 10, 27, 12, 0, 0);
    await scripted(
      [throttled('Fri, 27 Nov 2026 12:00:10 GMT'), throttled('Fri, 27 Nov 2026 11:59:00 GMT'), ok],
      async ({ client, sleeps }) => {
        await client.listOperationLogs(page);
        assert.deepEqual(sleeps, [10_000, 0], 'a date in the past means now');
      },
      { now: () => now },
    );
  });

  it('waits 2-5 s after a 429 whose Retry-After is missing or unreadable', async () => {
    await scripted(
      [throttled('soon'), throttled(), throttled(''), ok],
      async ({ client, sleeps }) => {
        await client.listOperationLogs(page);
        // 2000 + (5000 - 2000) * 0.1
        assert.deepEqual(sleeps, [2300, 2300, 2300]);
      },
      { random: () => 0.1 },
    );
  });

  it('takes Retry-After: 0 as no wait', async () => {
    await scripted([throttled('0'), ok], async ({ client, sleeps }) => {
      await client.listOperationLogs(page);
      assert.deepEqual(sleeps, [0]);
    });
  });

  it('stops after the throttled retries of the policy', async () => {
    await scripted(
      [throttled('1')],
      async ({ client, sleeps, requests }) => {
        const error = await failure(client.listOperationLogs(page));
        assert.equal(error.kind, 'throttled');
        assert.equal(
          error.message,
          'The server is throttling requests (APIGW.0308). The server said: Too many',
        );
        assert.deepEqual(sleeps, [1000]);
        assert.equal(requests.length, 2);
      },
      { retry: { throttledRetries: 1 } },
    );
  });

  it('doubles the backoff after each server failure, with jitter up to half again', async () => {
    await scripted([json(503, {}), json(502, {}), ok], async ({ client, sleeps, logger }) => {
      await client.listOperationLogs(page);
      // base 500 then 1000, each + half of itself times random 0.5
      assert.deepEqual(sleeps, [625, 1250]);
      assert.deepEqual(
        logger.lines.filter((line) => line.startsWith('warn')),
        [
          'warn Retrying in 625 ms: The server failed (HTTP 503).',
          'warn Retrying in 1250 ms: The server failed (HTTP 502).',
        ],
      );
    });
    await scripted(
      [json(500, {})],
      async ({ client, sleeps, requests }) => {
        await failure(client.listOperationLogs(page));
        assert.deepEqual(sleeps, [100, 200, 400]);
        assert.equal(requests.length, 4);
      },
      { random: () => 0, retry: { baseDelayMs: 100, failureRetries: 3 } },
    );
  });

  it('counts throttling and failures apart', async () => {
    await scripted(
      [json(503, {}), throttled('1'), json(503, {}), throttled('1'), ok],
      async ({ client, sleeps }) => {
        await client.listOperationLogs(page);
        assert.deepEqual(sleeps, [500, 1000, 1000, 1000]);
      },
      { random: () => 0, retry: { throttledRetries: 2, failureRetries: 2 } },
    );
  });

  it('never retries a rejected credential, a denied permission or a bad request', async () => {
    for (const status of [401, 403, 400, 404]) {
      await scripted([json(status, {}), ok], async ({ client, requests, sleeps }) => {
        await failure(client.listOperationLogs(page));
        assert.equal(requests.length, 1, String(status));
        assert.deepEqual(sleeps, []);
      });
    }
  });

  it('retries an empty 200 body, and names it when it stays empty', async () => {
    await scripted([json(200, ''), ok], async ({ client, requests }) => {
      await client.listOperationLogs(page);
      assert.equal(requests.length, 2);
    });
    await scripted([json(200, '', { 'x-request-id': 'req-empty' })], async ({ client }) => {
      const error = await failure(client.listOperationLogs(page));
      assert.equal(error.kind, 'malformed');
      assert.equal(error.message, "The server's answer could not be read: the body is empty.");
      assert.equal(error.requestId, 'req-empty');
      assert.equal(error.status, 200);
    });
  });

  it('says how long a body that is not JSON was', async () => {
    await scripted([json(200, '{"total_num": 1, "data_')], async ({ client }) => {
      const error = await failure(client.listOperationLogs(page));
      assert.equal(
        error.message,
        "The server's answer could not be read: the body is not valid JSON (23 bytes).",
      );
    });
  });

  it('names the shape problem of a whole JSON answer once, with the request id', async () => {
    await scripted(
      [json(200, { data_list: 'x' }, { 'x-request-id': 'req-shape' })],
      async ({ client, requests }) => {
        const error = await failure(client.listOperationLogs(page));
        assert.equal(
          error.message,
          `The server's answer could not be read: "data_list" should be a list, got a string.`,
        );
        assert.equal(error.requestId, 'req-shape');
        assert.equal(requests.length, 1);
      },
    );
  });
});

describe('HssClient requests and answers', () => {
  it('sends the headers, the project in the path, and a bounded, whole page request', async () => {
    await scripted(
      [ok],
      async ({ client, requests }) => {
        const result = await client.listOperationLogs({ offset: -5, limit: 15.7, status: 'failed' });
        const [request] = requests;
        assert.equal(
          request?.url,
          '/v5/proj%201/ransomware/backup/operation-logs?limit=15&offset=0&status=failed',
        );
        assert.equal(request?.method, 'GET');
        assert.equal(request?.headers.accept, 'application/json');
        assert.equal(request?.headers['content-type'], 'application/json');
        assert.equal(request?.headers['x-project-id'], 'proj 1');
        assert.equal(request?.headers['x-auth-token'], 'tok');
        assert.equal(request?.headers['user-agent'], 'hss-backup-tasks/0.1.0');
        assert.deepEqual(result, {
          totalNum: 1,
          requestId: 'req-ok',
          items: [
            {
              hostId: 'h',
              hostName: undefined,
              backupName: undefined,
              progress: undefined,
              status: 'success',
              rawStatus: undefined,
              startedAt: undefined,
              endedAt: undefined,
              error: undefined,
            },
          ],
        });
      },
      { userAgent: 'hss-backup-tasks/0.1.0' },
    );
  });

  it('leaves out empty query parameters, and keeps last_days 0', async () => {
    await scripted([ok], async ({ client, requests }) => {
      await client.listOperationLogs({
        offset: 20,
        limit: 200,
        resourceName: '',
        enterpriseProjectId: '',
        lastDays: 0,
      });
      assert.equal(
        requests[0]?.url,
        '/v5/proj%201/ransomware/backup/operation-logs?last_days=0&limit=200&offset=20',
      );
    });
  });

  it('keeps the path of the endpoint and sends no user agent unless asked', async () => {
    await scripted([ok], async ({ port, requests }) => {
      const client = new HssClient({
        endpoint: new URL(`http://127.0.0.1:${port}/gw/`),
        projectId: 'p',
        credential: new TokenCredential('tok'),
      });
      await client.listOperationLogs(page);
      assert.equal(requests[0]?.url, '/gw/v5/p/ransomware/backup/operation-logs?limit=10&offset=0');
      assert.equal(requests[0]?.headers['user-agent'], 'node-fetch');
      assert.equal(client.projectId, 'p');
      assert.equal(client.endpoint.href, `http://127.0.0.1:${port}/gw/`);
    });
  });

  it('logs each request with its status and request id', async () => {
    await scripted([json(503, {}), ok], async ({ client, logger }) => {
      await client.listOperationLogs(page);
      const info = logger.lines.filter((line) => line.startsWith('info'));
      assert.equal(info.length, 2);
      assert.match(
        info[0] ?? '',
        /^info GET \/v5\/proj%201\/ransomware\/backup\/operation-logs\?limit=10&offset=0 → 503 in \d+ ms$/,
      );
      assert.match(info[1] ?? '', / → 200 in \d+ ms \(request id req-ok\)$/);
    });
  });

  it('reads the error of either body shape, the request id from the body when the header has none', async () => {
    await scripted(
      [json(400, { error_code: 'HSS.0001', error_msg: 'bad offset', request_id: 'req-body' })],
      async ({ client }) => {
        const error = await failure(client.listOperationLogs(page));
        assert.equal(error.code, 'HSS.0001');
        assert.equal(error.serverMessage, 'bad offset');
        assert.equal(error.requestId, 'req-body');
      },
    );
    await scripted(
      [
        json(
          400,
          { error: { code: 'HSS.0002', message: 'nested' }, request_id: 'req-body' },
          { 'x-request-id': 'req-header' },
        ),
      ],
      async ({ client }) => {
        const error = await failure(client.listOperationLogs(page));
        assert.equal(error.code, 'HSS.0002');
        assert.equal(error.serverMessage, 'nested');
        assert.equal(error.requestId, 'req-header');
      },
    );
    await scripted(
      [json(400, { error_code: '', error_msg: '', error: { code: 'HSS.0003', message: 'inner' } })],
      async ({ client }) => {
        const error = await failure(client.listOperationLogs(page));
        assert.equal(error.code, 'HSS.0003', 'an empty outer code gives way to the nested one');
        assert.equal(error.serverMessage, 'inner');
      },
    );
    await scripted([json(400, { error_code: 7, error: 'text' }), ok], async ({ client }) => {
      const error = await failure(client.listOperationLogs(page));
      assert.equal(error.code, undefined);
      assert.equal(error.serverMessage, undefined);
      assert.equal(error.requestId, undefined);
    });
    await scripted([json(400, 'not json at all')], async ({ client }) => {
      const error = await failure(client.listOperationLogs(page));
      assert.equal(error.kind, 'badRequest');
      assert.equal(error.message, 'The server refused the request (HTTP 400).');
    });
  });

  it('cuts a long server message at 500 characters', async () => {
    await scripted([json(400, { error_msg: 'x'.repeat(501) })], async ({ client }) => {
      const error = await failure(client.listOperationLogs(page));
      assert.equal(error.serverMessage, `${'x'.repeat(500)}…`);
    });
    await scripted([json(400, { error_msg: 'y'.repeat(500) })], async ({ client }) => {
      const error = await failure(client.listOperationLogs(page));
      assert.equal(error.serverMessage, 'y'.repeat(500));
    });
  });

  it('says nothing is listening when the port is closed', async () => {
    let port = 0;
    await scripted([ok], async (s) => {
      port = s.port;
    });
    const logger = new MemoryLogger();
    const client = new HssClient({
      endpoint: new URL(`http://127.0.0.1:${port}`),
      projectId: 'p',
      credential: new TokenCredential('tok'),
      retry: { failureRetries: 0 },
      logger,
    });
    const error = await failure(client.listOperationLogs(page));
    assert.equal(error.kind, 'network');
    assert.equal(error.message, 'The connection failed: nothing is listening at the endpoint.');
    assert.ok(error.cause instanceof Error);
    assert.match(
      logger.lines[0] ?? '',
      /^warn GET \/v5\/p\/ransomware\/backup\/operation-logs\?limit=10&offset=0 failed after \d+ ms: The connection failed/,
    );
  });

  it('says the server closed the connection when it drops it', async () => {
    await scripted(
      [(request) => request.socket.destroy()],
      async ({ client }) => {
        const error = await failure(client.listOperationLogs(page));
        assert.equal(error.message, 'The connection failed: the server closed the connection.');
      },
      { retry: { failureRetries: 0 } },
    );
  });

  it('times out in whole seconds from 1 s', async () => {
    await scripted(
      [() => {}],
      async ({ client, sleeps }) => {
        const error = await failure(client.listOperationLogs(page));
        assert.equal(error.kind, 'timeout');
        assert.equal(
          error.message,
          'No answer within 1 s. The server may be slow or unreachable; the timeout can be raised in the settings.',
        );
        assert.deepEqual(sleeps, []);
      },
      { timeoutMs: 1000, retry: { timeoutRetries: 0 } },
    );
  });

  it('retries a timeout once, after 500-750 ms', async () => {
    await scripted(
      [() => {}],
      async ({ client, sleeps, requests }) => {
        const error = await failure(client.listOperationLogs(page));
        assert.equal(error.kind, 'timeout');
        assert.match(error.message, /^No answer within 50 ms\. /);
        assert.deepEqual(sleeps, [625]);
        assert.equal(requests.length, 2);
      },
      { timeoutMs: 50 },
    );
  });

  it('stops when the caller aborts while the server is silent, without waiting for the timeout', async () => {
    const controller = new AbortController();
    await scripted(
      [() => controller.abort()],
      async ({ client, requests }) => {
        const error = await failure(client.listOperationLogs(page, controller.signal));
        // A request that were not aborted would end as a timeout.
        assert.equal(error.kind, 'cancelled');
        assert.equal(error.message, 'The request was cancelled.');
        assert.equal(requests.length, 1);
      },
      { timeoutMs: 3000, retry: { timeoutRetries: 0 } },
    );
  });

  it('sends nothing, and asks its credential for nothing, when the signal is already aborted', async () => {
    // A credential that signs in (IAM) would make a request of its own for an aborted one.
    const authorized: string[] = [];
    const credential: Credential = {
      kind: 'token',
      authorize: async (request) => {
        authorized.push(request.url.pathname);
        request.headers['x-auth-token'] = 'tok';
      },
    };
    await scripted(
      [ok],
      async ({ client, requests }) => {
        const controller = new AbortController();
        controller.abort();
        const error = await failure(client.listOperationLogs(page, controller.signal));
        assert.equal(error.kind, 'cancelled');
        assert.equal(requests.length, 0);
        assert.deepEqual(authorized, []);
      },
      { credential },
    );
  });
});

describe("HssClient and the caller's signal", () => {
  it('leaves no listener on the signal after a request, a retry wait or a failure', async () => {
    const controller = new AbortController();
    await scripted(
      [json(503, {}), ok, json(401, {})],
      async ({ client }) => {
        await client.listOperationLogs(page, controller.signal);
        await failure(client.listOperationLogs(page, controller.signal));
      },
      { sleep: abortableSleep, retry: { baseDelayMs: 1 } },
    );
    assert.deepEqual(getEventListeners(controller.signal, 'abort'), []);
  });

  it('takes a negative Retry-After as no number: a date long past, so no wait', async () => {
    await scripted([throttled('-5'), ok], async ({ client, sleeps }) => {
      await client.listOperationLogs(page);
      assert.deepEqual(sleeps, [0]);
    });
  });
});

describe('abortableSleep', () => {
  it('removes its listener once the wait is over', async () => {
    const controller = new AbortController();
    await abortableSleep(1, controller.signal);
    assert.deepEqual(getEventListeners(controller.signal, 'abort'), []);
  });

  it('resolves after the wait', async () => {
    await abortableSleep(1);
    await abortableSleep(1, new AbortController().signal);
  });

  it('rejects as cancelled when aborted before or during the wait', async () => {
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(
      abortableSleep(1, aborted.signal),
      (e: unknown) => e instanceof HssError && e.kind === 'cancelled',
    );
    const later = new AbortController();
    const sleeping = abortableSleep(60_000, later.signal);
    later.abort();
    await assert.rejects(sleeping, (e: unknown) => e instanceof HssError && e.kind === 'cancelled');
    assert.deepEqual(getEventListeners(later.signal, 'abort'), [], 'no listener left after the abort');
  });
});
