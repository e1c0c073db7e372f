/**
 * IAM requests on the wire: a project lookup signed with AK/SK and checked by the sample server's
 * own signer (written apart from the client's), a caller who aborts mid-request, odd error bodies,
 * and the abort listener taken off the caller's signal afterwards.
 */
import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessKeyCredential, TokenCredential } from '../../src/hss/credentials';
import { HssError } from '../../src/hss/errors';
import { findProjectId, requestToken, SignedInCredential } from '../../src/hss/iam';
import { MemoryLogger, NOW, withServer } from './helpers';

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

async function withIam(answer: Answer, use: (iam: URL) => Promise<void>): Promise<void> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => answer(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await use(new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const json =
  (status: number, body: string): Answer =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(body);
  };

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
const AK = 'IAMWIREAK0123456789X';
const SK = 'IamWireSecretKey-0123456789abcdefghijkl';

describe('IAM on the wire', () => {
  it('looks a project up with an AK/SK signature the server accepts', async () => {
    const server = await withServer({ clock: () => NOW, accessKeys: [{ accessKey: AK, secretKey: SK }] });
    try {
      const credential = new AccessKeyCredential(AK, SK, undefined, () => new Date(NOW));
      const projectId = await findProjectId(new URL(server.url), server.region, credential);
      assert.equal(projectId, server.projectId);
      const [lookup] = server.requests.filter((request) => request.path.startsWith('/v3/projects'));
      assert.equal(lookup?.auth, 'aksk');
      assert.equal(lookup?.status, 200);
    } finally {
      await server.close();
    }
  });

  it('signs the content type of the project lookup', async () => {
    let received: IncomingMessage | undefined;
    const answer: Answer = (request, response) => {
      received = request;
      json(200, JSON.stringify({ projects: [{ id: 'p-1', name: 'cn-north-4' }] }))(request, response);
    };
    await withIam(answer, async (iam) => {
      const credential = new AccessKeyCredential(AK, SK, undefined, () => new Date(NOW));
      await findProjectId(iam, 'cn-north-4', credential);
      assert.equal(received?.method, 'GET');
      assert.equal(received?.headers['content-type'], 'application/json');
      assert.match(String(received?.headers.authorization), /SignedHeaders=content-type;host;x-sdk-date,/);
    });
  });

  it('stops a sign-in under way when the caller aborts, long before its timeout', async () => {
    const controller = new AbortController();
    await withIam(
      () => controller.abort(),
      async (iam) => {
        const error = await failure(
          requestToken(iam, signIn, { signal: controller.signal, timeoutMs: 120_000 }),
        );
        assert.equal(error.kind, 'cancelled');
        assert.equal(error.message, 'The request was cancelled.');
      },
    );
  });

  it('takes its abort listener off the caller signal when the request ends', async () => {
    const controller = new AbortController();
    await withIam(
      json(200, JSON.stringify({ projects: [{ id: 'p-1', name: 'cn-north-4' }] })),
      async (iam) => {
        await findProjectId(iam, 'cn-north-4', new TokenCredential('tok'), { signal: controller.signal });
        assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
      },
    );
  });

  it('keeps the cause of a connection that failed', async () => {
    // Port 1 on loopback: nothing listens there.
    const error = await failure(requestToken(new URL('http://127.0.0.1:1'), signIn));
    assert.equal(error.kind, 'network');
    assert.equal(error.message, 'Could not reach IAM at 127.0.0.1:1.');
    assert.ok(error.cause instanceof Error);
  });

  it('maps an error body that is null, and takes only text as a code', async () => {
    await withIam(json(500, 'null'), async (iam) => {
      const error = await failure(requestToken(iam, signIn));
      assert.equal(error.kind, 'server');
      assert.equal(error.code, 'IAM 500');
    });
    await withIam(
      json(
        400,
        JSON.stringify({ error: { code: 1001, message: 7 }, error_code: 'IAM.1001', error_msg: 'bad' }),
      ),
      async (iam) => {
        const error = await failure(requestToken(iam, signIn));
        assert.equal(error.kind, 'badRequest');
        assert.equal(error.code, 'IAM.1001');
        assert.equal(error.serverMessage, 'bad');
      },
    );
  });

  it('renews a sign-in with the options it was given, and logs the request without a request id', async () => {
    const renewed: Answer = (_request, response) => {
      response.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': 'tok-new' });
      response.end(JSON.stringify({ token: { expires_at: '2026-11-28T14:00:00Z' } }));
    };
    await withIam(renewed, async (iam) => {
      const logger = new MemoryLogger();
      const expired = { token: 'tok-old', expiresAt: NOW - 1 };
      const credential = new SignedInCredential(expired, iam, signIn, undefined, () => NOW, { logger });
      const headers: Record<string, string> = {};
      await credential.authorize({ method: 'GET', url: new URL('https://x.example'), headers, body: '' });
      assert.equal(headers['x-auth-token'], 'tok-new');
      assert.equal(logger.lines.length, 1);
      assert.match(logger.lines[0] ?? '', /^info POST \/v3\/auth\/tokens → 201 in \d+ ms$/);
    });
  });

  it('keeps one fingerprint per sign-in, apart from a plain token of the same text', () => {
    const iam = new URL('http://127.0.0.1:1');
    const credential = new SignedInCredential({ token: 'tok', expiresAt: NOW }, iam, undefined);
    assert.match(credential.fingerprint, /^[A-Za-z0-9_-]{16}$/);
    assert.equal(
      new SignedInCredential({ token: 'tok', expiresAt: NOW + 1 }, iam, undefined).fingerprint,
      credential.fingerprint,
    );
    assert.notEqual(credential.fingerprint, new TokenCredential('tok').fingerprint);
  });
});
