import * as assert from 'node:assert/strict';
import { type SampleServer, startSampleServer } from '../../src/sample/server';

const NOW = Date.parse('2025-03-06T05:26:18Z');
const USER = { domainName: 'acme', name: 'alice', password: 'correct horse' };

function passwordBody(overrides: { password?: string; project?: string; domain?: string } = {}): string {
  return JSON.stringify({
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: USER.name,
            password: overrides.password ?? USER.password,
            domain: { name: overrides.domain ?? USER.domainName },
          },
        },
      },
      scope: { project: { name: overrides.project ?? 'ap-southeast-1' } },
    },
  });
}

interface TokenBody {
  token: {
    expires_at: string;
    issued_at: string;
    methods: string[];
    project: { id: string; name: string; domain: { id: string; name: string } };
    user: { id: string; name: string };
  };
}

describe('sample server: IAM', () => {
  let server: SampleServer;
  let now = NOW;

  beforeEach(async () => {
    now = NOW;
    server = await startSampleServer({
      region: 'ap-southeast-1',
      iamUsers: [USER],
      taskCount: 20,
      now: NOW,
      clock: () => now,
    });
  });
  afterEach(() => server.close());

  function login(body: string): Promise<Response> {
    return fetch(`${server.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json;charset=utf8' },
      body,
    });
  }

  function listWith(token: string): Promise<Response> {
    return fetch(`${server.url}/v5/${server.projectId}/ransomware/backup/operation-logs?offset=0&limit=10`, {
      headers: { 'X-Auth-Token': token },
    });
  }

  it('issues a token in X-Subject-Token (201) that the HSS API then accepts', async () => {
    const res = await login(passwordBody());
    assert.equal(res.status, 201);
    const token = res.headers.get('x-subject-token') ?? '';
    assert.ok(token.length > 20 && token !== server.token);
    const body = (await res.json()) as TokenBody;
    assert.equal(body.token.expires_at, '2025-03-07T05:26:18.000000Z');
    assert.equal(body.token.issued_at, '2025-03-06T05:26:18.000000Z');
    assert.deepEqual(body.token.methods, ['password']);
    assert.equal(body.token.project.id, server.projectId);
    assert.equal(body.token.project.name, 'ap-southeast-1');
    assert.equal(body.token.project.domain.name, 'acme');
    assert.equal(body.token.user.name, 'alice');
    assert.equal((await listWith(token)).status, 200);
    assert.equal(server.requests[1]?.auth, 'token');
  });

  it('expires issued tokens after 24 hours', async () => {
    const token = (await login(passwordBody())).headers.get('x-subject-token') ?? '';
    now = NOW + 24 * 3_600_000 - 1;
    assert.equal((await listWith(token)).status, 200);
    now = NOW + 24 * 3_600_000;
    const expired = await listWith(token);
    assert.equal(expired.status, 401);
    assert.match(((await expired.json()) as { error_msg: string }).error_msg, /expired/);
  });

  it('answers a wrong password, user or domain with 401 and no token', async () => {
    for (const body of [passwordBody({ password: 'wrong' }), passwordBody({ domain: 'other' })]) {
      const res = await login(body);
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('x-subject-token'), null);
      const error = (await res.json()) as { error: { code: string; message: string; title: string } };
      assert.deepEqual(error, {
        error: { code: '401', message: 'The username or password is wrong.', title: 'Unauthorized' },
      });
    }
  });

  it('answers malformed requests and another region with 400', async () => {
    const noMethod = JSON.stringify({
      auth: { identity: { methods: ['token'] }, scope: { project: { name: 'ap-southeast-1' } } },
    });
    for (const body of ['{not json', noMethod, passwordBody({ project: 'cn-north-4' }), '{}']) {
      const res = await login(body);
      assert.equal(res.status, 400, body);
      assert.ok(((await res.json()) as { error: { message: string } }).error.message.length > 0);
    }
  });

  it('never records the password or issued token in the request log', async () => {
    const res = await login(passwordBody());
    const token = res.headers.get('x-subject-token') ?? '';
    await login(passwordBody({ password: 'wrong-secret-pw' }));
    assert.deepEqual(
      server.requests.map((r) => [r.method, r.path, r.status]),
      [
        ['POST', '/v3/auth/tokens', 201],
        ['POST', '/v3/auth/tokens', 401],
      ],
    );
    const log = JSON.stringify(server.requests);
    for (const secret of [USER.password, 'wrong-secret-pw', token]) assert.ok(!log.includes(secret));
  });

  it('lists projects by region name, with authentication', async () => {
    const token = server.token;
    const found = await fetch(`${server.url}/v3/projects?name=ap-southeast-1`, {
      headers: { 'X-Auth-Token': token },
    });
    assert.equal(found.status, 200);
    const body = (await found.json()) as { projects: { id: string; name: string }[] };
    assert.equal(body.projects.length, 1);
    assert.equal(body.projects[0]?.id, server.projectId);
    assert.equal(body.projects[0]?.name, 'ap-southeast-1');
    const other = await fetch(`${server.url}/v3/projects?name=cn-north-4`, {
      headers: { 'X-Auth-Token': token },
    });
    assert.deepEqual(((await other.json()) as { projects: unknown[] }).projects, []);
    const anonymous = await fetch(`${server.url}/v3/projects?name=ap-southeast-1`);
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as { error_code: string }).error_code, 'APIGW.0301');
  });

  it('gives IAM routes the default faults only when a match asks for them', async () => {
    server.setFaults({ serverError: { status: 503 } });
    assert.equal((await login(passwordBody())).status, 201);
    server.setFaults({ serverError: { status: 503, match: (request) => request.route === 'iam-tokens' } });
    assert.equal((await login(passwordBody())).status, 503);
  });

  it('keeps a token issued after tokenExpiresAfter usable, while older ones expire', async () => {
    server.setFaults({ tokenExpiresAfter: 0 });
    assert.equal((await listWith(server.token)).status, 401);
    const fresh = (await login(passwordBody())).headers.get('x-subject-token') ?? '';
    assert.equal((await listWith(fresh)).status, 200);
  });
});
