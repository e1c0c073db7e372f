/** IAM sign-in with an injected clock, and its error answers from a scripted server on 127.0.0.1. */
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenCredential } from '../../src/hss/credentials';
import { HssError } from '../../src/hss/errors';
import { findProjectId, type IamToken, requestToken, SignedInCredential } from '../../src/hss/iam';
import type { SampleServer } from '../../src/sample/server';
import { MemoryLogger, NOW, withServer } from './helpers';

type Answer = (request: IncomingMessage, body: string, response: ServerResponse) => void;

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return (_request, _body, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
  };
}

/** A server that answers each request with the next answer (the last repeats); what it received. */
async function withIam(
  answers: Answer[],
  use: (iam: URL, received: { request: IncomingMessage; body: string }[]) => Promise<void>,
): Promise<void> {
  const received: { request: IncomingMessage; body: string }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push({ request, body });
      answers[Math.min(received.length, answers.length) - 1]?.(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await use(new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), received);
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
  assert.fail('expected a failure');
}

const signIn = { userName: 'alice', password: 'pw-1', domainName: 'acme', region: 'cn-north-4' };

describe('IAM sign-in against the sample server on a fixed clock', () => {
  let server: SampleServer;
  beforeEach(async () => {
    server = await withServer({ taskCount: 1, clock: () => NOW });
  });
  afterEach(async () => {
    await server.close();
  });

  it('reads the expiry IAM gives: 24 hours from now', async () => {
    const user = server.iamUsers[0];
    assert.ok(user);
    const token = await requestToken(new URL(server.url), {
      userName: user.name,
      password: user.password,
      domainName: user.domainName,
      region: server.region,
    });
    assert.equal(token.expiresAt, Date.UTC(2026, 10, 28, 12, 0, 0));
  });
});

describe('IAM sign-in answers', () => {
  it('sends the password once, in the body, scoped to the region', async () => {
    await withIam([answer(201, { token: {} }, { 'x-subject-token': 'tok-1' })], async (iam, received) => {
      await requestToken(iam, signIn, { now: () => NOW });
      assert.equal(received.length, 1);
      const [{ request, body }] = received as [{ request: IncomingMessage; body: string }];
      assert.equal(request.method, 'POST');
      assert.equal(request.url, '/v3/auth/tokens');
      assert.equal(request.headers['content-type'], 'application/json;charset=utf8');
      assert.deepEqual(JSON.parse(body), {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'alice', password: 'pw-1', domain: { name: 'acme' } } },
          },
          scope: { project: { name: 'cn-north-4' } },
        },
      });
    });
  });

  it('takes the token, its expiry and project from the answer, 200 or 201', async () => {
    for (const status of [200, 201]) {
      await withIam(
        [
          answer(
            status,
            { token: { expires_at: '2026-11-28T11:00:00.000000Z', project: { id: 'p-9' } } },
            { 'x-subject-token': 'tok-1' },
          ),
        ],
        async (iam) => {
          assert.deepEqual(await requestToken(iam, signIn), {
            token: 'tok-1',
            expiresAt: Date.UTC(2026, 10, 28, 11, 0, 0),
            projectId: 'p-9',
          });
        },
      );
    }
  });

  it('gives a token without an expiry 23 hours from now, and ignores a project id that is not text', async () => {
    await withIam(
      [answer(201, { token: { project: { id: 9 } } }, { 'x-subject-token': 'tok-1' })],
      async (iam) => {
        assert.deepEqual(await requestToken(iam, signIn, { now: () => NOW }), {
          token: 'tok-1',
          expiresAt: Date.UTC(2026, 10, 28, 11, 0, 0),
          projectId: undefined,
        });
      },
    );
    await withIam([answer(201, 'not json', { 'x-subject-token': 'tok-2' })], async (iam) => {
      const token = await requestToken(iam, signIn, { now: () => NOW });
      assert.equal(token.expiresAt, Date.UTC(2026, 10, 28, 11, 0, 0));
    });
  });

  it('says when IAM answers without the token header', async () => {
    await withIam([answer(201, { token: {} })], async (iam) => {
      const error = await failure(requestToken(iam, signIn));
      assert.equal(error.kind, 'malformed');
      assert.equal(error.message, 'IAM answered without an X-Subject-Token header.');
    });
  });

  it('maps a rejected sign-in to credentials with the code of either body shape, never the password', async () => {
    await withIam(
      [answer(401, { error: { code: 'APIGW.0301', message: 'bad' } }, { 'x-request-id': 'r-401' })],
      async (iam) => {
        const error = await failure(requestToken(iam, signIn));
        assert.equal(error.kind, 'credentials');
        assert.equal(error.requestId, 'r-401');
        assert.equal(
          error.message,
          'IAM rejected the user name, password or account name. Check them; several failures lock the user.',
        );
        assert.equal(error.status, 401);
        assert.equal(error.code, 'APIGW.0301');
        assert.equal(error.serverMessage, 'bad');
      },
    );
    await withIam(
      [answer(401, { error_code: 'IAM.0001', error_msg: 'locked', request_id: 'r-body' })],
      async (iam) => {
        const error = await failure(requestToken(iam, signIn));
        assert.equal(error.code, 'IAM.0001');
        assert.equal(error.requestId, 'r-body', 'no X-Request-Id: the body names it');
      },
    );
  });

  it('maps another failure by its status, naming IAM when there is no code', async () => {
    await withIam([answer(500, undefined)], async (iam, received) => {
      const error = await failure(requestToken(iam, signIn));
      assert.equal(error.kind, 'server');
      assert.equal(error.code, 'IAM 500');
      assert.equal(received.length, 1, 'IAM sign-in is never retried');
    });
    await withIam([answer(403, { error: { code: 'IAM.0002', message: 'no' } })], async (iam) => {
      const error = await failure(requestToken(iam, signIn));
      assert.equal(error.kind, 'permission');
      assert.equal(error.code, 'IAM.0002');
      assert.equal(error.serverMessage, 'no');
    });
  });

  it('logs the method, path and status, never the password', async () => {
    const logger = new MemoryLogger();
    await withIam(
      [answer(201, { token: {} }, { 'x-subject-token': 'tok-1', 'x-request-id': 'r-7' })],
      async (iam) => {
        await requestToken(iam, signIn, { logger });
      },
    );
    assert.equal(logger.lines.length, 1);
    assert.match(logger.lines[0] ?? '', /^info POST \/v3\/auth\/tokens → 201 in \d+ ms \(request id r-7\)$/);
    assert.ok(!logger.lines[0]?.includes('pw-1'));
  });

  it('logs how long each request took, not a clock reading', async () => {
    // The figure must lie within the time the whole call took, measured around it here.
    const logger = new MemoryLogger();
    const took: number[] = [];
    await withIam([answer(201, { token: {} }, { 'x-subject-token': 'tok-1' })], async (iam) => {
      const before = Date.now();
      await requestToken(iam, signIn, { logger });
      took.push(Date.now() - before);
      const start = Date.now();
      await failure(requestToken(new URL('http://127.0.0.1:1'), signIn, { logger }));
      took.push(Date.now() - start);
    });
    const logged = logger.lines.map((line) => Number(/ (?:in|after) (\d+) ms/.exec(line)?.[1]));
    assert.equal(logged.length, 2);
    logged.forEach((ms, i) => {
      assert.ok(ms >= 0 && ms <= (took[i] ?? -1), `${logger.lines[i]} (the call took ${took[i]} ms)`);
    });
  });

  it('sends nothing when the caller aborted before the sign-in', async () => {
    const controller = new AbortController();
    controller.abort();
    await withIam([answer(201, { token: {} }, { 'x-subject-token': 'tok-1' })], async (iam, received) => {
      const error = await failure(requestToken(iam, signIn, { signal: controller.signal }));
      assert.equal(error.kind, 'cancelled');
      assert.equal(received.length, 0);
    });
  });

  it('names IAM when it cannot be reached, and a timeout as such', async () => {
    let closed = new URL('http://127.0.0.1:1');
    await withIam([answer(200, {})], async (iam) => {
      closed = iam;
    });
    const logger = new MemoryLogger();
    const error = await failure(requestToken(closed, signIn, { logger }));
    assert.equal(error.kind, 'network');
    // The same request path as HSS: a failed attempt is logged too, without the body.
    assert.equal(logger.lines.length, 1);
    assert.match(
      logger.lines[0] ?? '',
      /^warn POST \/v3\/auth\/tokens failed after \d+ ms: The connection to IAM at 127\.0\.0\.1:\d+ failed: nothing is listening at the endpoint\.$/,
    );
    assert.ok(!logger.lines[0]?.includes('pw-1'));
    assert.equal(
      error.message,
      `The connection to IAM at ${closed.host} failed: nothing is listening at the endpoint.`,
    );
    await withIam([() => {}], async (iam) => {
      const late = await failure(requestToken(iam, signIn, { timeoutMs: 50 }));
      assert.equal(late.kind, 'timeout');
      assert.equal(
        late.message,
        `No answer from IAM at ${iam.host} within 50 ms. The server may be slow or unreachable; the timeout can be raised in the settings.`,
      );
    });
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    await withIam([() => controller.abort()], async (iam) => {
      const error = await failure(requestToken(iam, signIn, { signal: controller.signal, timeoutMs: 3000 }));
      assert.equal(error.kind, 'cancelled');
    });
  });
});

describe('findProjectId answers', () => {
  const credential = new TokenCredential('tok');

  it('asks by name with the credential, and takes the project of that exact name', async () => {
    await withIam(
      [
        answer(200, {
          projects: [
            { id: 'p-wrong', name: 'cn-north-4_sub' },
            { id: 7, name: 'cn-north-4' },
            { id: 'p-1', name: 'cn-north-4' },
          ],
        }),
      ],
      async (iam, received) => {
        assert.equal(await findProjectId(iam, 'cn-north-4', credential), 'p-1');
        assert.equal(received[0]?.request.url, '/v3/projects?name=cn-north-4');
        assert.equal(received[0]?.request.method, 'GET');
        assert.equal(received[0]?.request.headers['x-auth-token'], 'tok');
      },
    );
  });

  it('says when no project has the name', async () => {
    for (const body of [{ projects: [] }, {}, undefined]) {
      await withIam([answer(200, body)], async (iam) => {
        const error = await failure(findProjectId(iam, 'cn-north-4', credential));
        assert.equal(error.kind, 'config');
        assert.equal(error.message, 'IAM lists no project named cn-north-4 for this account.');
      });
    }
  });

  it('maps an error answer', async () => {
    await withIam([answer(403, { error_code: 'IAM.0003', error_msg: 'denied' })], async (iam) => {
      const error = await failure(findProjectId(iam, 'cn-north-4', credential));
      assert.equal(error.kind, 'permission');
      assert.equal(error.code, 'IAM.0003');
      assert.equal(error.serverMessage, 'denied');
    });
  });
});

describe('SignedInCredential', () => {
  const HOUR = 3600_000;
  const token: IamToken = { token: 'tok-old', expiresAt: NOW + 2 * HOUR };
  const renewedAnswer = answer(
    201,
    { token: { expires_at: '2026-11-28T14:00:00Z' } },
    { 'x-subject-token': 'tok-new' },
  );
  const headersAfter = async (credential: SignedInCredential) => {
    const headers: Record<string, string> = {};
    await credential.authorize({ method: 'GET', url: new URL('https://x.example'), headers, body: '' });
    return headers['x-auth-token'];
  };

  it('renews from one hour before expiry, not before', async () => {
    await withIam([renewedAnswer], async (iam, received) => {
      let now = NOW + HOUR - 1;
      const renewed: IamToken[] = [];
      const credential = new SignedInCredential(
        token,
        iam,
        signIn,
        (t) => renewed.push(t),
        () => now,
      );
      assert.equal(credential.canRenew, true);
      assert.equal(await headersAfter(credential), 'tok-old');
      assert.equal(received.length, 0);
      now = NOW + HOUR;
      assert.equal(await headersAfter(credential), 'tok-new');
      assert.deepEqual(renewed, [
        { token: 'tok-new', expiresAt: Date.UTC(2026, 10, 28, 14), projectId: undefined },
      ]);
      assert.equal(credential.expiresAt, Date.UTC(2026, 10, 28, 14));
      assert.equal(JSON.stringify(credential), `{"kind":"token","expiresAt":${Date.UTC(2026, 10, 28, 14)}}`);
    });
  });

  it('renews once for requests that ask at the same time', async () => {
    await withIam([renewedAnswer], async (iam, received) => {
      const credential = new SignedInCredential(token, iam, signIn, undefined, () => NOW + 1.5 * HOUR);
      const tokens = await Promise.all([headersAfter(credential), headersAfter(credential)]);
      assert.deepEqual(tokens, ['tok-new', 'tok-new']);
      assert.equal(received.length, 1);
    });
  });

  it('renews again after a failed renewal', async () => {
    await withIam([answer(500, {}), renewedAnswer], async (iam, received) => {
      const credential = new SignedInCredential(token, iam, signIn, undefined, () => NOW + 1.5 * HOUR);
      await failure(headersAfter(credential));
      assert.equal(await headersAfter(credential), 'tok-new');
      assert.equal(received.length, 2);
    });
  });

  it('without the password, uses the token until it expires, then asks to sign in again', async () => {
    let now = NOW + 2 * HOUR - 1;
    const credential = new SignedInCredential(
      token,
      new URL('http://127.0.0.1:1'),
      undefined,
      undefined,
      () => now,
    );
    assert.equal(credential.canRenew, false);
    assert.equal(await headersAfter(credential), 'tok-old');
    now = NOW + 2 * HOUR;
    const error = await failure(headersAfter(credential));
    assert.equal(error.kind, 'credentials');
    assert.equal(error.message, 'The IAM token from sign-in has expired. Sign in again.');
  });
});
