import * as assert from 'node:assert/strict';
import { type AccessKeyCredential, akskAuthenticator } from '../../src/sample/aksk';
import type { AuthRequest } from '../../src/sample/auth';
import { type SampleServer, startSampleServer } from '../../src/sample/server';
import {
  authorizationFor,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  EMPTY_BODY_SHA256,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  percentEncode,
  sha256Hex,
  signatureOf,
  stringToSign,
} from '../../src/sample/signature';

// The published test vector (Huawei's API signing guide, quoted in API-NOTES).
const VECTOR = {
  accessKey: 'QTWAOYTTINDUT2QVKYUC',
  secretKey: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
  method: 'GET',
  rawPath: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
  rawQuery: 'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
  headers: {
    'content-type': 'application/json',
    host: 'service.region.example.com',
    'x-sdk-date': '20191115T033655Z',
  },
  canonicalHash: 'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
  signature: '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
};
const VECTOR_TIME = Date.UTC(2019, 10, 15, 3, 36, 55);

describe('sample server: SDK-HMAC-SHA256 canonicalisation', () => {
  const canonical = canonicalRequest({
    method: VECTOR.method,
    rawPath: VECTOR.rawPath,
    rawQuery: VECTOR.rawQuery,
    headers: VECTOR.headers,
    signedHeaders: ['content-type', 'host', 'x-sdk-date'],
    payloadHash: sha256Hex(''),
  });

  it('matches the published canonical request hash', () => {
    assert.equal(
      canonical,
      'GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n' +
        'content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\n' +
        `content-type;host;x-sdk-date\n${EMPTY_BODY_SHA256}`,
    );
    assert.equal(sha256Hex(canonical), VECTOR.canonicalHash);
  });

  it('matches the published signature, and authorizationFor produces it', () => {
    assert.equal(
      signatureOf(VECTOR.secretKey, stringToSign(VECTOR.headers['x-sdk-date'], canonical)),
      VECTOR.signature,
    );
    assert.equal(
      authorizationFor(VECTOR),
      `SDK-HMAC-SHA256 Access=${VECTOR.accessKey}, SignedHeaders=content-type;host;x-sdk-date, Signature=${VECTOR.signature}`,
    );
  });

  it('encodes every byte but A-Z a-z 0-9 - . _ ~, as upper-case hex of UTF-8', () => {
    assert.equal(percentEncode('aZ09-._~'), 'aZ09-._~');
    assert.equal(percentEncode(' +/*?=&'), '%20%2B%2F%2A%3F%3D%26');
    assert.equal(percentEncode('数据库'), '%E6%95%B0%E6%8D%AE%E5%BA%93');
    assert.equal(percentEncode('é'), '%C3%A9');
  });

  it('re-encodes each path segment and appends a trailing slash', () => {
    assert.equal(
      canonicalUri('/v5/p1/ransomware/backup/operation-logs'),
      '/v5/p1/ransomware/backup/operation-logs/',
    );
    assert.equal(canonicalUri('/a%20b/c~d/'), '/a%20b/c~d/');
    assert.equal(canonicalUri('/x/caf%c3%a9'), '/x/caf%C3%A9/');
    assert.throws(() => canonicalUri('/bad%zz'), URIError);
  });

  it('sorts the query by key then value, encodes both, and keeps + literal', () => {
    assert.equal(canonicalQuery(''), '');
    assert.equal(
      canonicalQuery('offset=0&limit=10&enterprise_project_id=all_granted_eps'),
      'enterprise_project_id=all_granted_eps&limit=10&offset=0',
    );
    assert.equal(canonicalQuery('b=2&a=1&a=0&flag'), 'a=0&a=1&b=2&flag=');
    assert.equal(canonicalQuery('resource_name=web%20%E6%9C%8D'), 'resource_name=web%20%E6%9C%8D');
    assert.equal(canonicalQuery('resource_name=a+b'), 'resource_name=a%2Bb');
    assert.equal(canonicalQuery('name=caf%c3%a9*'), 'name=caf%C3%A9%2A');
  });

  it('parses Authorization headers and X-Sdk-Date strictly', () => {
    assert.deepEqual(
      parseAuthorization('SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=ABCDEF01'),
      {
        accessKey: 'AK1',
        signedHeaders: ['host', 'x-sdk-date'],
        signature: 'abcdef01',
      },
    );
    assert.equal(parseAuthorization('SDK-HMAC-SHA256 Access=AK1, Signature=ab'), undefined);
    assert.equal(parseAuthorization('Bearer x'), undefined);
    assert.equal(parseSdkDate('20191115T033655Z'), VECTOR_TIME);
    assert.equal(formatSdkDate(VECTOR_TIME), '20191115T033655Z');
    for (const bad of [
      '2019-11-15T03:36:55Z',
      '20191115T033655',
      '20191315T033655Z',
      '20191115T036155Z',
      '',
    ]) {
      assert.equal(parseSdkDate(bad), undefined, bad);
    }
  });
});

describe('sample server: AK/SK authenticator', () => {
  const permanent: AccessKeyCredential = { accessKey: 'AKPERMANENT000000001', secretKey: 'secret-one' };
  const temporary: AccessKeyCredential = {
    accessKey: 'AKTEMPORARY000000002',
    secretKey: 'secret-two',
    securityToken: 'sts-token',
  };

  function signed(
    key: AccessKeyCredential,
    now: number,
    change: Partial<AuthRequest> = {},
    extra: Record<string, string> = {},
  ): AuthRequest {
    const headers: Record<string, string> = {
      host: '127.0.0.1:1',
      'x-sdk-date': formatSdkDate(now),
      ...extra,
    };
    const base = {
      method: 'GET',
      rawPath: '/v5/p/ransomware/backup/operation-logs',
      rawQuery: 'limit=10&offset=0',
    };
    headers.authorization = authorizationFor({
      ...base,
      headers: { ...headers },
      accessKey: key.accessKey,
      secretKey: key.secretKey,
    });
    return { ...base, headers, body: Buffer.alloc(0), now, ...change };
  }

  it('passes a correct signature and skips requests without SDK-HMAC-SHA256', () => {
    const check = akskAuthenticator(() => [permanent]);
    assert.deepEqual(check(signed(permanent, VECTOR_TIME)), { result: 'pass', kind: 'aksk' });
    assert.deepEqual(check({ ...signed(permanent, VECTOR_TIME), headers: { 'x-auth-token': 't' } }), {
      result: 'skip',
    });
    assert.deepEqual(check({ ...signed(permanent, VECTOR_TIME), headers: { authorization: 'Bearer x' } }), {
      result: 'skip',
    });
  });

  it('verifies the published vector end to end at its own time', () => {
    const check = akskAuthenticator(() => [VECTOR]);
    const request: AuthRequest = {
      method: 'GET',
      rawPath: VECTOR.rawPath,
      rawQuery: VECTOR.rawQuery,
      headers: { ...VECTOR.headers, authorization: authorizationFor(VECTOR) },
      body: Buffer.alloc(0),
      now: VECTOR_TIME + 60_000,
    };
    assert.equal(check(request).result, 'pass');
  });

  const failures: [
    string,
    (check: ReturnType<typeof akskAuthenticator>) => ReturnType<ReturnType<typeof akskAuthenticator>>,
    RegExp,
  ][] = [
    [
      'a tampered query',
      (check) => check(signed(permanent, VECTOR_TIME, { rawQuery: 'limit=200&offset=0' })),
      /signature/,
    ],
    [
      'a tampered path',
      (check) =>
        check(signed(permanent, VECTOR_TIME, { rawPath: '/v5/other/ransomware/backup/operation-logs' })),
      /signature/,
    ],
    [
      'a body that was not signed',
      (check) => check(signed(permanent, VECTOR_TIME, { body: Buffer.from('{}') })),
      /signature/,
    ],
    [
      'a wrong secret key',
      (check) => check(signed({ ...permanent, secretKey: 'nope' }, VECTOR_TIME)),
      /signature/,
    ],
    [
      'an unknown access key',
      (check) => check(signed({ accessKey: 'AKUNKNOWN', secretKey: 'x' }, VECTOR_TIME)),
      /does not exist/,
    ],
    [
      'a clock 16 minutes behind',
      (check) => check(signed(permanent, VECTOR_TIME - 16 * 60_000, { now: VECTOR_TIME })),
      /15 minutes/,
    ],
    [
      'a clock 16 minutes ahead',
      (check) => check(signed(permanent, VECTOR_TIME + 16 * 60_000, { now: VECTOR_TIME })),
      /15 minutes/,
    ],
    [
      'a malformed X-Sdk-Date',
      (check) => {
        const request = signed(permanent, VECTOR_TIME);
        return check({ ...request, headers: { ...request.headers, 'x-sdk-date': '2019-11-15T03:36:55Z' } });
      },
      /X-Sdk-Date/,
    ],
    [
      'host left out of SignedHeaders',
      (check) => {
        const request = signed(permanent, VECTOR_TIME);
        const authorization = String(request.headers.authorization).replace('host;', '');
        return check({ ...request, headers: { ...request.headers, authorization } });
      },
      /host and x-sdk-date/,
    ],
    [
      'a malformed Authorization header',
      (check) =>
        check({ ...signed(permanent, VECTOR_TIME), headers: { authorization: 'SDK-HMAC-SHA256 junk' } }),
      /malformed/,
    ],
  ];
  for (const [name, attempt, detail] of failures) {
    it(`rejects ${name}`, () => {
      const outcome = attempt(akskAuthenticator(() => [permanent]));
      assert.equal(outcome.result, 'fail');
      assert.match(outcome.result === 'fail' ? outcome.detail : '', detail);
    });
  }

  it('accepts 14 minutes of skew either way', () => {
    const check = akskAuthenticator(() => [permanent]);
    assert.equal(check(signed(permanent, VECTOR_TIME - 14 * 60_000, { now: VECTOR_TIME })).result, 'pass');
    assert.equal(check(signed(permanent, VECTOR_TIME + 14 * 60_000, { now: VECTOR_TIME })).result, 'pass');
  });

  it('requires the security token of temporary credentials, and refuses one with a permanent key', () => {
    const check = akskAuthenticator(() => [permanent, temporary]);
    assert.equal(
      check(signed(temporary, VECTOR_TIME, {}, { 'x-security-token': 'sts-token' })).result,
      'pass',
    );
    assert.match(JSON.stringify(check(signed(temporary, VECTOR_TIME))), /X-Security-Token is missing/);
    assert.equal(check(signed(temporary, VECTOR_TIME, {}, { 'x-security-token': 'other' })).result, 'fail');
    assert.match(
      JSON.stringify(check(signed(permanent, VECTOR_TIME, {}, { 'x-security-token': 'x' }))),
      /permanent/,
    );
  });

  it('honours UNSIGNED-PAYLOAD instead of the body hash', () => {
    const check = akskAuthenticator(() => [permanent]);
    const headers = {
      host: 'h',
      'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD',
      'x-sdk-date': formatSdkDate(VECTOR_TIME),
    };
    const base = { method: 'POST', rawPath: '/v3/x', rawQuery: '', headers };
    const signedHeaders = Object.keys(headers).sort();
    const canonical = canonicalRequest({ ...base, signedHeaders, payloadHash: 'UNSIGNED-PAYLOAD' });
    const signature = signatureOf(permanent.secretKey, stringToSign(headers['x-sdk-date'], canonical));
    const authorization = `SDK-HMAC-SHA256 Access=${permanent.accessKey}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
    const request = {
      ...base,
      headers: { ...headers, authorization },
      body: Buffer.from('any body'),
      now: VECTOR_TIME,
    };
    assert.equal(check(request).result, 'pass');
    // Stripping the header a client signed is refused, as any missing signed header is.
    const { 'x-sdk-content-sha256': _, ...withoutHeader } = request.headers;
    assert.equal(check({ ...request, headers: withoutHeader }).result, 'fail');
  });

  it('locks an access key for 5 minutes after 5 consecutive failures, then lets it in again', () => {
    const check = akskAuthenticator(() => [permanent]);
    const bad = (now: number) => check(signed({ ...permanent, secretKey: 'wrong' }, now, { now }));
    const good = (now: number) => check(signed(permanent, now, { now }));
    let now = VECTOR_TIME;
    for (let i = 0; i < 4; i++) assert.equal(bad(now).result, 'fail');
    assert.equal(good(now).result, 'pass', 'a success resets the count');
    for (let i = 0; i < 5; i++) assert.match(JSON.stringify(bad(now)), /signature/);
    const locked = good(now);
    assert.equal(locked.result, 'fail');
    assert.match(
      locked.result === 'fail' ? locked.detail : '',
      /locked after 5 consecutive failures; retry in 300 s/,
    );
    now += 4 * 60_000 + 59_000;
    assert.equal(good(now).result, 'fail', 'still locked at 4:59');
    now += 1000;
    assert.equal(good(now).result, 'pass', 'unlocked at 5:00');
    // Other keys are not affected by one key's lock.
    const both = akskAuthenticator(() => [permanent, temporary]);
    for (let i = 0; i < 5; i++) both(signed({ ...permanent, secretKey: 'wrong' }, VECTOR_TIME));
    assert.equal(both(signed(permanent, VECTOR_TIME)).result, 'fail');
    assert.equal(
      both(signed(temporary, VECTOR_TIME, {}, { 'x-security-token': 'sts-token' })).result,
      'pass',
    );
  });
});

describe('sample server: AK/SK over HTTP', () => {
  const key: AccessKeyCredential = { accessKey: 'AKHTTP00000000000001', secretKey: 'http-secret' };
  let now = Date.parse('2025-03-06T05:26:18Z');
  let server: SampleServer;

  beforeEach(async () => {
    now = Date.parse('2025-03-06T05:26:18Z');
    server = await startSampleServer({ accessKeys: [key], taskCount: 30, now, clock: () => now });
  });
  afterEach(() => server.close());

  async function signedGet(rawQuery: string, credential = key, signedAt = now): Promise<Response> {
    const url = new URL(server.url);
    const rawPath = `/v5/${server.projectId}/ransomware/backup/operation-logs`;
    const headers = { host: url.host, 'x-sdk-date': formatSdkDate(signedAt) };
    const authorization = authorizationFor({ ...credential, method: 'GET', rawPath, rawQuery, headers });
    return fetch(`${server.url}${rawPath}?${rawQuery}`, { headers: { ...headers, authorization } });
  }

  it('serves a correctly signed request and logs it as aksk, without the signature', async () => {
    const res = await signedGet('enterprise_project_id=all_granted_eps&limit=10&offset=0');
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { total_num: number }).total_num, 30);
    assert.equal(server.requests[0]?.auth, 'aksk');
    const log = JSON.stringify(server.requests);
    assert.ok(!log.includes('http-secret') && !log.includes('Signature'));
  });

  it('signs non-ASCII query values with the shared encoder', async () => {
    const res = await signedGet(
      `enterprise_project_id=all_granted_eps&limit=10&offset=0&resource_name=${percentEncode('服务器')}`,
    );
    assert.equal(res.status, 200);
  });

  it('answers 401 APIGW.0301 to a bad signature and a stale date, then locks the key', async () => {
    const stale = await signedGet('limit=10&offset=0', key, now - 20 * 60_000);
    assert.equal(stale.status, 401);
    const body = (await stale.json()) as { error_code: string; error_msg: string };
    assert.equal(body.error_code, 'APIGW.0301');
    assert.match(body.error_msg, /^Incorrect IAM authentication information: .*15 minutes/);
    for (let i = 0; i < 4; i++) {
      assert.equal((await signedGet('limit=10&offset=0', { ...key, secretKey: 'wrong' })).status, 401);
    }
    const locked = await signedGet('limit=10&offset=0');
    assert.equal(locked.status, 401);
    assert.match(((await locked.json()) as { error_msg: string }).error_msg, /locked/);
    now += 5 * 60_000;
    assert.equal((await signedGet('limit=10&offset=0')).status, 200);
  });

  it('accepts keys added to the live accessKeys list', async () => {
    const added = { accessKey: 'AKADDED0000000000001', secretKey: 'added' };
    assert.equal((await signedGet('limit=10&offset=0', added)).status, 401);
    server.accessKeys.push(added);
    assert.equal((await signedGet('limit=10&offset=0', added)).status, 200);
  });
});
