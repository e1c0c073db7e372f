/**
 * The ECS agency source against a scripted metadata service on 127.0.0.1: the shape of its answers,
 * its HTTP statuses, the renewal margin on an injected clock, and the words the user reads.
 */
import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_METADATA_ENDPOINT, EcsMetadataProvider } from '../../src/hss/credentialSources/ecsMetadata';
import { HssError } from '../../src/hss/errors';
import { everyRendering, signedWith, unusable } from './credentialFixtures';
import { NOW } from './helpers';

const ACCESS = 'ECSTEMPAK00000000001';
const SECRET = 'ecsTempSecret0123456789abcdefghijklmnopq';
const SECURITY_TOKEN = 'gQpzZWN1cml0eS10b2tlbi1mcm9tLWVjcw';
const SESSION = 'session-token-1';
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** The keys of the scripted service expire an hour after NOW. */
const EXPIRES_AT = '2026-11-27T13:00:00.000Z';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}
interface Reply {
  readonly status: number;
  readonly body: string;
}
type Script = (seen: Seen, index: number) => Reply;

const keysBody = (credential: unknown): string => JSON.stringify({ credential });
const goodKeys = (n = 1) =>
  keysBody({
    access: `${ACCESS.slice(0, -1)}${n}`,
    secret: `${SECRET}${n}`,
    securitytoken: `${SECURITY_TOKEN}${n}`,
    expires_at: EXPIRES_AT,
  });

/** An ECS with an agency: a session token, then the keys `securityKey` gives (good ones by default). */
function ecs(securityKey: () => Reply = () => ({ status: 200, body: goodKeys() })): Script {
  return (seen) =>
    seen.method === 'PUT' && seen.path === '/meta-data/latest/api/token'
      ? { status: 200, body: SESSION }
      : seen.method === 'GET' && seen.path === '/openstack/latest/securitykey'
        ? securityKey()
        : { status: 404, body: 'no such route' };
}

/** Runs `use` with the base URL of a metadata service that answers as `script` says. */
async function withMetadata(
  script: Script,
  use: (base: string, seen: Seen[]) => Promise<void>,
): Promise<void> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const entry = { method: request.method ?? '', path: request.url ?? '', headers: request.headers };
    seen.push(entry);
    const reply = script(entry, seen.length - 1);
    response.writeHead(reply.status, { 'content-type': 'text/plain' });
    response.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function assertNoSecret(value: unknown): void {
  const text = everyRendering(value);
  for (const secret of [SECRET, SECURITY_TOKEN]) assert.ok(!text.includes(secret), `no secret in ${text}`);
}

const provider = (base: string | (() => string), now: () => number = () => NOW) =>
  new EcsMetadataProvider({
    enabled: () => true,
    baseUrl: typeof base === 'string' ? () => base : base,
    now,
  });

describe('ECS agency: the answers of the metadata service', () => {
  it('asks the documented address by default', () => {
    assert.equal(DEFAULT_METADATA_ENDPOINT, 'http://169.254.169.254');
  });

  it('names itself, and hands out an AK/SK credential signed with the temporary keys', async () => {
    await withMetadata(ecs(), async (base, seen) => {
      const result = await provider(base).resolve();
      assert.ok(result?.status === 'found');
      assert.deepEqual(result.source, {
        kind: 'ecsAgency',
        id: 'ecsAgency',
        label: 'ECS agency (metadata service)',
      });
      assert.equal(result.credential.kind, 'accessKey');
      assert.deepEqual(await signedWith(result.credential), {
        ak: 'ECSTEMPAK00000000001',
        token: `${SECURITY_TOKEN}1`,
      });
      assert.deepEqual(
        seen.map((s) => `${s.method} ${s.path} ${s.headers['x-metadata-token'] ?? '-'}`),
        ['PUT /meta-data/latest/api/token -', `GET /openstack/latest/securitykey ${SESSION}`],
      );
      assertNoSecret(result);
    });
  });

  it('sends the session token without the blanks around it, and takes a base URL with trailing slashes', async () => {
    const script = ecs();
    await withMetadata(
      (seen, index) => (index === 0 ? { status: 200, body: `\n ${SESSION} \r\n` } : script(seen, index)),
      async (base, seen) => {
        assert.equal((await provider(`${base}//`).resolve())?.status, 'found');
        assert.deepEqual(
          seen.map((s) => `${s.method} ${s.path} ${s.headers['x-metadata-token'] ?? '-'}`),
          ['PUT /meta-data/latest/api/token -', `GET /openstack/latest/securitykey ${SESSION}`],
        );
      },
    );
  });

  const answering = (body: unknown) => (): Reply => ({
    status: 200,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const MISSING =
    'the metadata service sent a security key without access, secret, securitytoken or expires_at';
  const complete = { access: ACCESS, secret: SECRET, securitytoken: SECURITY_TOKEN, expires_at: EXPIRES_AT };
  const malformed: [string, () => Reply, string][] = [
    [
      'text that is not JSON',
      answering(`secret=${SECRET}`),
      'the metadata service sent a security key that is not JSON',
    ],
    ['null', answering('null'), MISSING],
    ['a number', answering('42'), MISSING],
    ['a credential of null', answering({ credential: null }), MISSING],
    ['a credential that is a string', answering({ credential: SECRET }), MISSING],
    ['no credential', answering(complete), MISSING],
    ['an access key that is a number', answering({ credential: { ...complete, access: 12345 } }), MISSING],
    ['a secret that is a number', answering({ credential: { ...complete, secret: 12345 } }), MISSING],
    [
      'a security token that is a number',
      answering({ credential: { ...complete, securitytoken: 12345 } }),
      MISSING,
    ],
    ['an empty access key', answering({ credential: { ...complete, access: '' } }), MISSING],
    ['an empty secret', answering({ credential: { ...complete, secret: '' } }), MISSING],
    ['an empty security token', answering({ credential: { ...complete, securitytoken: '' } }), MISSING],
    ['no expires_at', answering({ credential: { ...complete, expires_at: undefined } }), MISSING],
    ['an expires_at that is a number', answering({ credential: { ...complete, expires_at: 2030 } }), MISSING],
    [
      'an expires_at that is not a date',
      answering({ credential: { ...complete, expires_at: 'soon' } }),
      MISSING,
    ],
  ];
  for (const [what, answer, message] of malformed) {
    it(`refuses a security key answer of ${what}, saying so without its secret`, async () => {
      await withMetadata(ecs(answer), async (base) => {
        const result = unusable(await provider(base).resolve());
        assert.deepEqual(result.reason, { code: 'metadataFailed', error: message });
        assertNoSecret(result);
      });
    });
  }

  it('says which call answered which HTTP status', async () => {
    await withMetadata(
      () => ({ status: 500, body: 'internal error' }),
      async (base) => {
        assert.deepEqual(unusable(await provider(base).resolve()).reason, {
          code: 'metadataFailed',
          error: 'PUT /meta-data/latest/api/token answered HTTP 500',
        });
      },
    );
    await withMetadata(
      ecs(() => ({ status: 401, body: '{"error": "X-Metadata-Token is missing or unknown"}' })),
      async (base) => {
        assert.deepEqual(unusable(await provider(base).resolve()).reason, {
          code: 'metadataFailed',
          error: 'GET /openstack/latest/securitykey answered HTTP 401',
        });
      },
    );
  });

  it('reads "no agency" only from a 401 that says so', async () => {
    const noAgency =
      '{"error": {"code": "ECS.0401", "message": "Please configure Cloud Service Agency first"}}';
    await withMetadata(
      ecs(() => ({ status: 401, body: noAgency })),
      async (base) => {
        assert.deepEqual(unusable(await provider(base).resolve()).reason, { code: 'noAgency' });
      },
    );
    await withMetadata(
      ecs(() => ({ status: 403, body: noAgency })),
      async (base) => {
        assert.deepEqual(unusable(await provider(base).resolve()).reason, {
          code: 'metadataFailed',
          error: 'GET /openstack/latest/securitykey answered HTTP 403',
        });
      },
    );
  });

  it('names the call and the service when nothing listens at the address', async () => {
    let closedBase = '';
    await withMetadata(ecs(), async (base) => {
      closedBase = base;
    });
    assert.deepEqual(unusable(await provider(closedBase).resolve()).reason, {
      code: 'metadataFailed',
      error:
        'PUT /meta-data/latest/api/token: The connection to the metadata service failed: nothing is listening at the endpoint.',
    });
  });
});

describe('ECS agency: when the temporary keys are fetched again', () => {
  /** A service whose n-th keys have the AK ending in n, all expiring at EXPIRES_AT. */
  let issued = 0;
  const numbered = () => ecs(() => ({ status: 200, body: goodKeys(++issued) }));
  beforeEach(() => {
    issued = 0;
  });

  it('keeps the keys until exactly 5 minutes before expires_at', async () => {
    await withMetadata(numbered(), async (base) => {
      let now = NOW;
      const source = provider(base, () => now);
      const first = await source.current();
      now = NOW + HOUR - 5 * MINUTE - 1;
      assert.equal(await source.current(), first);
      assert.equal(issued, 1);
      now = NOW + HOUR - 5 * MINUTE;
      const second = await source.current();
      assert.equal(issued, 2);
      assert.notEqual(second.fingerprint, first.fingerprint);
    });
  });

  it('fetches new keys from the new address when the base URL changes', async () => {
    await withMetadata(numbered(), async (first) => {
      await withMetadata(numbered(), async (second, seenBySecond) => {
        let base = first;
        const source = provider(() => base);
        const fromFirst = await source.current();
        base = second;
        const fromSecond = await source.current();
        assert.equal(seenBySecond.length, 2);
        assert.notEqual(fromSecond.fingerprint, fromFirst.fingerprint);
      });
    });
  });

  it('fails a request it cannot renew the keys for, saying why and showing no secret', async () => {
    let agency = true;
    const noAgency = { status: 401, body: 'Please configure Cloud Service Agency first' };
    await withMetadata(
      ecs(() => (agency ? { status: 200, body: goodKeys() } : noAgency)),
      async (base) => {
        let now = NOW;
        const result = await provider(base, () => now).resolve();
        assert.ok(result?.status === 'found');
        agency = false;
        now = NOW + HOUR;
        const request = { method: 'GET', url: new URL('https://example.invalid/x'), headers: {}, body: '' };
        const error = await result.credential.authorize(request).then(
          () => assert.fail('the request is not signed with expired keys'),
          (failure: unknown) => failure,
        );
        assert.ok(error instanceof HssError);
        assert.equal(error.kind, 'credentials');
        assert.equal(
          error.message,
          "The ECS agency's temporary keys could not be renewed: Please configure Cloud Service Agency first",
        );
        assertNoSecret(error);
      },
    );
  });
});
