import * as assert from 'node:assert/strict';
import { HssError } from '../../src/hss/errors';
import { findProjectId, requestToken, SignedInCredential } from '../../src/hss/iam';
import type { SampleServer } from '../../src/sample/server';
import { MemoryLogger, NOW, withServer } from './helpers';

describe('IAM sign-in', () => {
  let server: SampleServer;
  beforeEach(async () => {
    server = await withServer({ taskCount: 20, clock: () => NOW });
  });
  afterEach(async () => {
    await server.close();
  });

  const signInOf = (s: SampleServer) => {
    const user = s.iamUsers[0];
    assert.ok(user);
    return { userName: user.name, password: user.password, domainName: user.domainName, region: s.region };
  };

  it('gets a token from X-Subject-Token, with its expiry and project, and the password never logged', async () => {
    const logger = new MemoryLogger();
    const token = await requestToken(new URL(server.url), signInOf(server), { logger });
    assert.ok(token.token.length > 10);
    assert.equal(token.expiresAt, Date.UTC(2026, 10, 28, 12, 0, 0), '24 hours after the clock');
    assert.equal(token.projectId, server.projectId);
    assert.ok(!logger.lines.join('\n').includes(signInOf(server).password));
    assert.ok(!logger.lines.join('\n').includes(token.token));
  });

  it('rejects a wrong password as a credentials error, after exactly one request', async () => {
    await assert.rejects(
      requestToken(new URL(server.url), { ...signInOf(server), password: 'nope' }),
      (error: unknown) =>
        error instanceof HssError && error.kind === 'credentials' && !error.message.includes('nope'),
    );
    assert.equal(server.requests.filter((r) => r.path === '/v3/auth/tokens').length, 1);
  });

  it('looks the project id up by region', async () => {
    const token = await requestToken(new URL(server.url), signInOf(server));
    const credential = new SignedInCredential(token, new URL(server.url), undefined, undefined, () => NOW);
    assert.equal(await findProjectId(new URL(server.url), server.region, credential), server.projectId);
    await assert.rejects(findProjectId(new URL(server.url), 'xx-nowhere-1', credential), /no project named/);
  });

  it('renews the token before it expires when the password is remembered', async () => {
    const iam = new URL(server.url);
    const token = await requestToken(iam, signInOf(server));
    let now = NOW;
    const renewed: string[] = [];
    const credential = new SignedInCredential(
      token,
      iam,
      signInOf(server),
      (t) => renewed.push(t.token),
      () => now,
    );
    const headers: Record<string, string> = {};
    await credential.authorize({ method: 'GET', url: iam, headers, body: '' });
    assert.equal(headers['x-auth-token'], token.token);
    assert.deepEqual(renewed, []);
    now = token.expiresAt - 30 * 60_000;
    await credential.authorize({ method: 'GET', url: iam, headers, body: '' });
    assert.equal(renewed.length, 1);
    assert.notEqual(headers['x-auth-token'], token.token);
    assert.ok(!JSON.stringify(credential).includes(signInOf(server).password));
  });

  it('asks to sign in again once an unremembered token expires', async () => {
    const iam = new URL(server.url);
    const token = await requestToken(iam, signInOf(server));
    const credential = new SignedInCredential(token, iam, undefined, undefined, () => token.expiresAt + 1);
    await assert.rejects(
      credential.authorize({ method: 'GET', url: iam, headers: {}, body: '' }),
      (error: unknown) => error instanceof HssError && error.kind === 'credentials',
    );
  });
});
