import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { HssClient } from '../../src/hss/client';
import { CredentialChain, defaultProviders, storedProvider } from '../../src/hss/credentialSources/chain';
import { EcsMetadataProvider } from '../../src/hss/credentialSources/ecsMetadata';
import { type Credential, TokenCredential } from '../../src/hss/credentials';
import type { SampleServer } from '../../src/sample/server';
import { MemoryLogger, NOW, withServer } from './helpers';

const AK = 'HPUAL8DZQX4EXAMPLE01';
const SK = 'lW6bGiXj9kS1ExampleSecretKey0000000000000';
const ENDPOINT = new URL('https://hss.cn-north-4.myhuaweicloud.com');
const MINUTE = 60_000;

async function load(server: SampleServer, credential: Credential): Promise<number> {
  const client = new HssClient({
    endpoint: new URL(server.url),
    projectId: server.projectId,
    credential,
    timeoutMs: 5000,
    logger: new MemoryLogger(),
    retry: { failureRetries: 0, throttledRetries: 0 },
  });
  const page = await client.listOperationLogs({ offset: 0, limit: 10 });
  return page.totalNum;
}

describe('ECS agency (metadata service)', () => {
  let server: SampleServer;
  let now: number;
  beforeEach(async () => {
    now = NOW;
    server = await withServer({ clock: () => now, metadata: { keyTtlSeconds: 3600 } });
  });
  afterEach(async () => {
    await server.close();
  });
  const provider = (enabled = true) =>
    new EcsMetadataProvider({ enabled: () => enabled, baseUrl: () => server.url, now: () => now });

  it('asks nothing while turned off', async () => {
    assert.equal(await provider(false).resolve(), undefined);
    assert.equal(server.requests.length, 0);
  });

  it('gets a token, then temporary keys the HSS API accepts with their security token', async () => {
    const result = await provider().resolve();
    assert.equal(result?.status, 'found');
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      ['PUT /meta-data/latest/api/token 200', 'GET /openstack/latest/securitykey 200'],
    );
    assert.ok(result?.status === 'found');
    assert.ok((await load(server, result.credential)) > 0);
    assert.equal(server.requests.at(-1)?.auth, 'aksk');
  });

  it('keeps the keys until 5 minutes before expires_at, then fetches new ones', async () => {
    const ecs = provider();
    const result = await ecs.resolve();
    assert.ok(result?.status === 'found');
    await load(server, result.credential);
    now += 54 * MINUTE;
    await load(server, result.credential);
    assert.equal(server.metadata.issued.length, 1);
    now += 2 * MINUTE; // 4 minutes before the hour's keys expire
    await load(server, result.credential);
    assert.equal(server.metadata.issued.length, 2);
    // The request was signed with the new key.
    const second = server.metadata.issued[1];
    assert.ok(second);
    assert.notEqual(second.accessKey, server.metadata.issued[0]?.accessKey);
  });

  it('says the ECS has no agency on the 401', async () => {
    server.metadata.agency = false;
    const result = await provider().resolve();
    assert.deepEqual(result?.status === 'unusable' && result.reason, { code: 'noAgency' });
  });

  it('gives up after its timeout when the metadata service does not answer', async () => {
    server.setFaults({ latency: { ms: 5000, match: (r) => r.route === 'metadata-token' } });
    const result = await new EcsMetadataProvider({
      enabled: () => true,
      baseUrl: () => server.url,
      timeoutMs: 100,
    }).resolve();
    assert.deepEqual(result?.status === 'unusable' && result.reason, {
      code: 'metadataFailed',
      error: 'PUT /meta-data/latest/api/token did not answer within 0.1 s (not on an ECS?)',
    });
  });

  it('says why when nothing listens at the address', async () => {
    const closed = await withServer();
    const url = closed.url;
    await closed.close();
    const result = await new EcsMetadataProvider({ enabled: () => true, baseUrl: () => url }).resolve();
    assert.equal(result?.status === 'unusable' && result.reason.code, 'metadataFailed');
  });

  it('never shows the temporary keys in its results or errors', async () => {
    const result = await provider().resolve();
    const key = server.metadata.issued[0];
    assert.ok(key?.securityToken);
    const text = [JSON.stringify(result), inspect(result, { depth: 10, showHidden: true })].join('\n');
    assert.ok(!text.includes(key.secretKey));
    assert.ok(!text.includes(key.securityToken));
  });
});

describe('credential chain', () => {
  let home: string;
  let server: SampleServer;
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'hss-chain-'));
    server = await withServer({ accessKeys: [{ accessKey: AK, secretKey: SK }] });
  });
  afterEach(async () => {
    rmSync(home, { recursive: true, force: true });
    await server.close();
  });

  const writeFile = (ak: string) => {
    mkdirSync(join(home, '.huaweicloud'), { recursive: true });
    writeFileSync(
      join(home, '.huaweicloud', 'credentials'),
      `[basic]\nak=${ak}\nsk=${SK}\nproject_id=from-file\n`,
    );
  };
  const chainWith = (options: { stored?: Credential; env?: NodeJS.ProcessEnv; ecs?: boolean }) =>
    new CredentialChain(
      defaultProviders({
        readStored: async () => options.stored,
        env: () => options.env ?? {},
        home: () => home,
        ecs: { enabled: () => options.ecs ?? false, baseUrl: () => server.url },
      }),
    );
  const request = { endpoint: ENDPOINT, projectId: 'p1' };

  it('takes the stored credential first, then the environment, then the file, then the ECS agency', async () => {
    writeFile(AK);
    const env = { HUAWEICLOUD_SDK_AK: 'ENVAK000000000000000', HUAWEICLOUD_SDK_SK: 'env-secret' };
    const order = async (options: Parameters<typeof chainWith>[0]) => {
      const outcome = await chainWith(options).resolve(request);
      return outcome.kind === 'use' ? outcome.found.source.id : outcome.kind;
    };
    assert.equal(await order({ stored: new TokenCredential('t'), env, ecs: true }), 'stored');
    assert.equal(await order({ env, ecs: true }), 'env');
    assert.equal(await order({ ecs: true }), 'sdkFile:basic');
    rmSync(join(home, '.huaweicloud'), { recursive: true });
    assert.equal(await order({ ecs: true }), 'ecsAgency');
    assert.equal(await order({}), 'none');
  });

  it('skips an unusable source, keeping why, and stops asking once one is found', async () => {
    mkdirSync(join(home, '.huaweicloud'), { recursive: true });
    writeFileSync(join(home, '.huaweicloud', 'credentials'), '[global]\nak=x\nsk=y\n');
    const outcome = await chainWith({ ecs: true, env: { HUAWEICLOUD_SDK_AK: AK } }).resolve(request);
    assert.equal(outcome.kind, 'use');
    assert.ok(outcome.kind === 'use');
    assert.equal(outcome.found.source.id, 'ecsAgency');
    assert.deepEqual(
      outcome.skipped.map((s) => `${s.source.id} ${s.reason.code}`),
      ['env incomplete', 'sdkFile:basic globalOnly'],
    );
    const before = server.requests.length;
    await chainWith({ ecs: true, env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK } }).resolve(request);
    assert.equal(
      server.requests.length,
      before,
      'the metadata service is not asked when the environment answers',
    );
  });

  it('uses the pinned source only, and says when it holds nothing', async () => {
    writeFile(AK);
    const env = { HUAWEICLOUD_SDK_AK: 'ENVAK000000000000000', HUAWEICLOUD_SDK_SK: 'env-secret' };
    const pinned = await chainWith({ env }).resolve(request, 'sdkFile:basic');
    assert.ok(pinned.kind === 'use');
    assert.equal(pinned.found.projectId, 'from-file');
    assert.equal((await chainWith({ env }).resolve(request, 'koocli:default')).kind, 'pinnedMissing');
  });

  it('does not hand out a rejected credential again until its source changes', async () => {
    writeFile('WRONGAK0000000000000');
    const chain = chainWith({});
    const first = await chain.resolve(request);
    assert.ok(first.kind === 'use');
    await assert.rejects(load(server, first.found.credential));
    chain.rejected.reject(first.found);
    const again = await chain.resolve(request);
    assert.equal(again.kind, 'rejected');
    assert.ok(again.kind === 'rejected');
    assert.equal(again.found.source.label, 'profile basic of ~/.huaweicloud/credentials');
    writeFile(AK);
    const fixed = await chain.resolve(request);
    assert.ok(fixed.kind === 'use');
    assert.ok((await load(server, fixed.found.credential)) > 0);
  });

  it('tries a rejected credential again once its source changed, even back to the old value', async () => {
    writeFile('WRONGAK0000000000000');
    const chain = chainWith({});
    const first = await chain.resolve(request);
    assert.ok(first.kind === 'use');
    chain.rejected.reject(first.found);
    writeFile(AK);
    assert.equal((await chain.resolve(request)).kind, 'use');
    writeFile('WRONGAK0000000000000');
    assert.equal((await chain.resolve(request)).kind, 'use');
  });

  it('pins one KooCLI profile by name, not any profile of KooCLI', async () => {
    mkdirSync(join(home, '.hcloud'), { recursive: true });
    writeFileSync(
      join(home, '.hcloud', 'config.json'),
      JSON.stringify({
        current: 'default',
        profiles: [{ name: 'default', mode: 'AKSK', accessKeyId: AK, secretAccessKey: SK }],
      }),
    );
    assert.equal((await chainWith({}).resolve(request, 'koocli:default')).kind, 'use');
    assert.equal((await chainWith({}).resolve(request, 'koocli:other')).kind, 'pinnedMissing');
  });

  /** A chain whose sources record which of their inputs they read. */
  const recording = (env: NodeJS.ProcessEnv = {}) => {
    const reads: string[] = [];
    const chain = new CredentialChain(
      defaultProviders({
        readStored: async () => {
          reads.push('stored');
          return undefined;
        },
        env: () => {
          reads.push('env');
          return env;
        },
        home: () => {
          reads.push('home');
          return home;
        },
        ecs: {
          enabled: () => {
            reads.push('ecs');
            return false;
          },
          baseUrl: () => server.url,
        },
      }),
    );
    return { chain, reads };
  };

  it('asks no source but the pinned one', async () => {
    const { chain, reads } = recording();
    assert.deepEqual(await chain.resolve(request, 'ecsAgency'), {
      kind: 'pinnedMissing',
      pinned: 'ecsAgency',
    });
    assert.deepEqual(reads, ['ecs']);
    reads.length = 0;
    assert.deepEqual(await chain.resolve(request, 'koocli:default'), {
      kind: 'pinnedMissing',
      pinned: 'koocli:default',
    });
    assert.deepEqual(
      reads.filter((read) => read !== 'home'),
      [],
      'KooCLI reads only the home folder',
    );
  });

  it('says why the pinned source cannot be used', async () => {
    const { chain } = recording({ HUAWEICLOUD_SDK_AK: AK });
    assert.deepEqual(await chain.resolve(request, 'env'), {
      kind: 'pinnedMissing',
      pinned: 'env',
      unusable: {
        status: 'unusable',
        source: { kind: 'env', id: 'env', label: 'HUAWEICLOUD_SDK_AK' },
        reason: { code: 'incomplete', missing: 'HUAWEICLOUD_SDK_SK' },
      },
    });
  });

  it('watches the SDK file and the KooCLI file, at the path the variable names', () => {
    assert.deepEqual(recording().chain.watchedPaths(), [
      join(home, '.huaweicloud', 'credentials'),
      join(home, '.hcloud', 'config.json'),
    ]);
    const named = join(home, 'elsewhere.ini');
    assert.deepEqual(recording({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: named }).chain.watchedPaths(), [
      named,
      join(home, '.hcloud', 'config.json'),
    ]);
  });

  it('lists every source that holds something, for the picker', async () => {
    writeFile(AK);
    const results = await chainWith({
      env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK },
      ecs: true,
    }).inspect(request);
    assert.deepEqual(
      results.map((r) => `${r.source.id} ${r.status}`),
      ['env found', 'sdkFile:basic found', 'ecsAgency found'],
    );
  });
});

describe('credential stored with the extension', () => {
  const endpoint = new URL('https://hss.cn-north-4.myhuaweicloud.com');

  it('is read for a project only, and named as the extension', async () => {
    const asked: string[] = [];
    const credential = new TokenCredential('t');
    const stored = storedProvider(async (url, projectId) => {
      asked.push(`${url.host} ${projectId}`);
      return credential;
    });
    assert.equal(await stored.resolve({ endpoint }), undefined);
    assert.deepEqual(asked, []);
    assert.deepEqual(await stored.resolve({ endpoint, projectId: 'p1' }), {
      status: 'found',
      source: { kind: 'stored', id: 'stored', label: 'the extension (secret storage)' },
      credential,
      fingerprint: 'stored:p1',
    });
    assert.deepEqual(asked, ['hss.cn-north-4.myhuaweicloud.com p1']);
  });
});
