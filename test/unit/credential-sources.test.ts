import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HssClient } from '../../src/hss/client';
import { envProvider } from '../../src/hss/credentialSources/env';
import { parseIni } from '../../src/hss/credentialSources/ini';
import { koocliProvider } from '../../src/hss/credentialSources/koocli';
import { sdkFileProvider } from '../../src/hss/credentialSources/sdkFile';
import type { Credential } from '../../src/hss/credentials';
import type { SampleServer } from '../../src/sample/server';
import {
  AK,
  assertNoPieceOf,
  ENDPOINT,
  everyRendering,
  found,
  SK,
  signedWith,
  TOKEN,
  unusable,
} from './credentialFixtures';
import { MemoryLogger, withServer } from './helpers';

/** Whether the sample server (its own verifier) accepts what the credential signs. */
async function acceptedBy(server: SampleServer, credential: Credential): Promise<boolean> {
  const client = new HssClient({
    endpoint: new URL(server.url),
    projectId: server.projectId,
    credential,
    timeoutMs: 5000,
    logger: new MemoryLogger(),
    retry: { failureRetries: 0, throttledRetries: 0 },
  });
  try {
    await client.listOperationLogs({ offset: 0, limit: 10 });
    return true;
  } catch {
    return false;
  }
}

describe('credential sources', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hss-creds-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('INI', () => {
    it('reads sections, comments, spaces, quotes and CRLF', () => {
      const sections = parseIni(
        '\uFEFF# a comment\r\n; another\r\n[ Basic ]\r\n  AK =  abc  \r\nsk=def ; trailing comment\r\nproject_id = "p1"\r\n\r\n[global]\r\nak=g\r\n',
      );
      assert.deepEqual(
        [...(sections.get('basic') ?? [])],
        [
          ['ak', 'abc'],
          ['sk', 'def'],
          ['project_id', 'p1'],
        ],
      );
      assert.deepEqual([...(sections.get('global') ?? [])], [['ak', 'g']]);
    });

    it('ignores keys before any section and lines without "="', () => {
      const sections = parseIni('ak=x\njunk\n[basic]\nnot a pair\nsk=y');
      assert.deepEqual([...sections.keys()], ['basic']);
      assert.deepEqual([...(sections.get('basic') ?? [])], [['sk', 'y']]);
    });
  });

  describe('environment', () => {
    it('holds nothing without HUAWEICLOUD_SDK_AK/SK', async () => {
      assert.equal(await envProvider(() => ({ PATH: '/bin' })).resolve({ endpoint: ENDPOINT }), undefined);
    });

    it('gives AK/SK, the security token, project id and IAM endpoint', async () => {
      const env = {
        HUAWEICLOUD_SDK_AK: ` ${AK} `,
        HUAWEICLOUD_SDK_SK: SK,
        HUAWEICLOUD_SDK_SECURITY_TOKEN: TOKEN,
        HUAWEICLOUD_SDK_PROJECT_ID: 'proj-1',
        HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://iam.example',
      };
      const result = found(await envProvider(() => env).resolve({ endpoint: ENDPOINT }));
      assert.deepEqual(result.source, { kind: 'env', id: 'env', label: 'HUAWEICLOUD_SDK_AK' });
      assert.equal(result.projectId, 'proj-1');
      assert.equal(result.iamEndpoint, 'https://iam.example');
      assert.deepEqual(await signedWith(result.credential), { ak: AK, token: TOKEN });
    });

    it('says which variable is missing when only one is set', async () => {
      const result = await envProvider(() => ({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: '  ' })).resolve({
        endpoint: ENDPOINT,
      });
      assert.deepEqual(result?.status === 'unusable' && result.reason, {
        code: 'incomplete',
        missing: 'HUAWEICLOUD_SDK_SK',
      });
    });

    it('reads the variables again on each call, with a new fingerprint when they change', async () => {
      const env: NodeJS.ProcessEnv = { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK };
      const provider = envProvider(() => env);
      const first = found(await provider.resolve({ endpoint: ENDPOINT }));
      env.HUAWEICLOUD_SDK_SK = `${SK}x`;
      const second = found(await provider.resolve({ endpoint: ENDPOINT }));
      assert.notEqual(first.fingerprint, second.fingerprint);
      const same = found(await provider.resolve({ endpoint: ENDPOINT }));
      assert.equal(same.fingerprint, second.fingerprint);
    });
  });

  describe('SDK credentials file', () => {
    const provider = (env: NodeJS.ProcessEnv = {}) => sdkFileProvider({ env: () => env, home: () => dir });
    const write = (text: string) => {
      mkdirSync(join(dir, '.huaweicloud'), { recursive: true });
      writeFileSync(join(dir, '.huaweicloud', 'credentials'), text);
    };

    it('holds nothing when ~/.huaweicloud/credentials does not exist', async () => {
      assert.equal(await provider().resolve({ endpoint: ENDPOINT }), undefined);
    });

    it('reads [basic] with comments, spaces and CRLF, and names the profile and file', async () => {
      write(
        `# written by hand\r\n[global]\r\nak = GLOBALAK000000000000\r\nsk = global-secret\r\n\r\n[basic]\r\n  ak = ${AK}  \r\n  sk=${SK}\r\n; temporary keys\r\nsecurity_token = ${TOKEN}\r\nproject_id = 0123abcd\r\niam_endpoint = https://iam.cn-north-4.myhuaweicloud.com\r\n`,
      );
      const result = found(await provider().resolve({ endpoint: ENDPOINT }));
      assert.deepEqual(result.source, {
        kind: 'sdkFile',
        id: 'sdkFile:basic',
        label: 'profile basic of ~/.huaweicloud/credentials',
        path: '~/.huaweicloud/credentials',
        profile: 'basic',
      });
      assert.equal(result.projectId, '0123abcd');
      assert.equal(result.iamEndpoint, 'https://iam.cn-north-4.myhuaweicloud.com');
      assert.deepEqual(await signedWith(result.credential), { ak: AK, token: TOKEN });
    });

    it('signs requests the server accepts, with the SK of the file', async () => {
      const server = await withServer({ accessKeys: [{ accessKey: AK, secretKey: SK }] });
      try {
        write(`[basic]\nak=${AK}\nsk=${SK}\n`);
        assert.equal(
          await acceptedBy(server, found(await provider().resolve({ endpoint: ENDPOINT })).credential),
          true,
        );
        write(`[basic]\nak=${AK}\nsk=${SK}0\n`);
        assert.equal(
          await acceptedBy(server, found(await provider().resolve({ endpoint: ENDPOINT })).credential),
          false,
        );
      } finally {
        await server.close();
      }
    });

    it('reports a file with only [global]: HSS is regional', async () => {
      write(`[global]\nak=${AK}\nsk=${SK}\ndomain_id=d1\n`);
      const result = await provider().resolve({ endpoint: ENDPOINT });
      assert.deepEqual(result?.status === 'unusable' && result.reason, { code: 'globalOnly' });
    });

    it('reports a missing section and a missing key', async () => {
      write(`[other]\nak=${AK}\n`);
      const noSection = await provider().resolve({ endpoint: ENDPOINT });
      assert.deepEqual(noSection?.status === 'unusable' && noSection.reason, {
        code: 'incomplete',
        missing: '[basic]',
      });
      write(`[basic]\nak=${AK}\n`);
      const noSk = await provider().resolve({ endpoint: ENDPOINT });
      assert.deepEqual(noSk?.status === 'unusable' && noSk.reason, { code: 'incomplete', missing: 'sk' });
    });

    it('says the AK is missing when only the SK is there', async () => {
      write(`[basic]\nsk=${SK}\nak = \n`);
      const result = unusable(await provider().resolve({ endpoint: ENDPOINT }));
      assert.deepEqual(result.reason, { code: 'incomplete', missing: 'ak' });
      assertNoPieceOf(SK, result);
    });

    it('holds nothing when the home folder is a file, and says so for a file named in the variable', async () => {
      const file = join(dir, 'a-file');
      writeFileSync(file, '');
      assert.equal(
        await sdkFileProvider({ env: () => ({}), home: () => file }).resolve({ endpoint: ENDPOINT }),
        undefined,
      );
      const named = await provider({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: join(file, 'credentials') }).resolve({
        endpoint: ENDPOINT,
      });
      assert.deepEqual(unusable(named).reason, { code: 'missingFile' });
    });

    it('reads HUAWEICLOUD_SDK_CREDENTIALS_FILE instead, and says so when that file is missing', async () => {
      const path = join(dir, 'elsewhere.ini');
      writeFileSync(path, `[basic]\nak=${AK}\nsk=${SK}\n`);
      const result = found(
        await provider({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: path }).resolve({ endpoint: ENDPOINT }),
      );
      assert.equal(result.source.path, '~/elsewhere.ini');
      const missing = await provider({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: join(dir, 'nope') }).resolve({
        endpoint: ENDPOINT,
      });
      assert.deepEqual(missing?.status === 'unusable' && missing.reason, { code: 'missingFile' });
    });

    it('reports an unreadable file by its error code', async () => {
      write(`[basic]\nak=${AK}\nsk=${SK}\n`);
      const path = join(dir, '.huaweicloud', 'credentials');
      chmodSync(path, 0o000);
      if (process.getuid?.() === 0) {
        // Root reads any file: a directory in its place is unreadable as a file for everyone.
        rmSync(path);
        mkdirSync(path);
      }
      const result = await provider().resolve({ endpoint: ENDPOINT });
      assert.equal(result?.status, 'unusable');
      assert.ok(result?.status === 'unusable' && result.reason.code === 'unreadable');
      assert.match(result.reason.code === 'unreadable' ? result.reason.error : '', /^E(ACCES|ISDIR)$/);
    });
  });

  describe('KooCLI', () => {
    const write = (config: unknown) => {
      mkdirSync(join(dir, '.hcloud'), { recursive: true });
      writeFileSync(
        join(dir, '.hcloud', 'config.json'),
        typeof config === 'string' ? config : JSON.stringify(config),
      );
    };
    const resolve = () => koocliProvider({ home: () => dir }).resolve({ endpoint: ENDPOINT });
    /** Why the source cannot be used; the secret key it was fed shows nowhere in the result. */
    const refusal = async () => {
      const result = unusable(await resolve());
      assertNoPieceOf(SK, result);
      return result.reason;
    };
    const profile = (name: string, extra: Record<string, unknown> = {}) => ({
      name,
      mode: 'AKSK',
      accessKeyId: AK,
      secretAccessKey: SK,
      securityToken: '',
      region: 'ap-southeast-1',
      projectId: `${name}-project`,
      domainId: '',
      ...extra,
    });

    it('holds nothing without ~/.hcloud/config.json', async () => {
      assert.equal(await resolve(), undefined);
    });

    it("uses the current profile's plain-text keys, region and project id", async () => {
      write({
        current: 'work',
        profiles: [profile('default', { accessKeyId: 'OTHERAK0000000000000' }), profile('work')],
      });
      const result = found(await resolve());
      assert.equal(result.source.label, 'KooCLI profile work of ~/.hcloud/config.json');
      assert.equal(result.region, 'ap-southeast-1');
      assert.equal(result.projectId, 'work-project');
      assert.deepEqual(await signedWith(result.credential), { ak: AK, token: undefined });
    });

    it('says the keys are encrypted (KooCLI default), and never uses them', async () => {
      write({
        current: 'default',
        profiles: [
          profile('default', {
            accessKeyId: 'a3f9c0e1b2d4f6a8c0e2b4d6f8a0c2e4',
            secretAccessKey: '9f8e7d6c5b4a',
          }),
        ],
      });
      const result = await resolve();
      assert.deepEqual(result?.status === 'unusable' && result.reason, { code: 'encrypted' });
      write({ current: 'default', authEncrypt: 'true', profiles: [profile('default')] });
      const flagged = await resolve();
      assert.deepEqual(flagged?.status === 'unusable' && flagged.reason, { code: 'encrypted' });
    });

    it('reports a missing current profile, other modes and bad JSON', async () => {
      write({ current: 'gone', profiles: [profile('default')] });
      const gone = await resolve();
      assert.deepEqual(gone?.status === 'unusable' && gone.reason, { code: 'noProfile', profile: 'gone' });
      write({ current: 'default', profiles: [profile('default', { mode: 'ecsAgency' })] });
      const agency = await resolve();
      assert.deepEqual(agency?.status === 'unusable' && agency.reason, { code: 'koocliAgency' });
      write({ current: 'default', profiles: [profile('default', { mode: 'SSO' })] });
      const sso = await resolve();
      assert.deepEqual(sso?.status === 'unusable' && sso.reason, { code: 'unsupportedMode', mode: 'SSO' });
      write('{"current": "default", ');
      const bad = await resolve();
      assert.equal(bad?.status === 'unusable' && bad.reason.code, 'malformed');
    });

    it('names the profile and the file it read', async () => {
      write({ current: 'work', profiles: [profile('work')] });
      assert.deepEqual(found(await resolve()).source, {
        kind: 'koocli',
        id: 'koocli:work',
        label: 'KooCLI profile work of ~/.hcloud/config.json',
        path: '~/.hcloud/config.json',
        profile: 'work',
      });
    });

    it('takes the profile "default" in AKSK mode when the file names no current profile or mode', async () => {
      const { mode: _mode, ...noMode } = profile('default');
      write({ profiles: [noMode] });
      assert.equal(found(await resolve()).projectId, 'default-project');
      write({ current: '  ', profiles: [profile('default', { mode: ' ' })] });
      assert.equal(found(await resolve()).source.id, 'koocli:default');
    });

    it('reads a blank project id or region as none', async () => {
      write({ current: 'default', profiles: [profile('default', { projectId: ' ', region: '' })] });
      const result = found(await resolve());
      assert.equal(result.projectId, undefined);
      assert.equal(result.region, undefined);
    });

    it('holds nothing when the file lists no profiles', async () => {
      for (const config of [
        { current: 'default' },
        { current: 'default', profiles: [] },
        { profiles: {} },
        null,
        [],
      ]) {
        write(config);
        assert.equal(await resolve(), undefined, JSON.stringify(config));
      }
    });

    it('passes over profiles that are not objects', async () => {
      write({ current: 'default', profiles: [null, 'default', ['default'], 7, profile('default')] });
      assert.equal(found(await resolve()).projectId, 'default-project');
    });

    it('says which key of the profile is missing', async () => {
      write({ current: 'default', profiles: [profile('default', { secretAccessKey: ' ' })] });
      assert.deepEqual(await refusal(), { code: 'incomplete', missing: 'secretAccessKey' });
      const { accessKeyId: _ak, ...noAk } = profile('default');
      write({ current: 'default', profiles: [noAk] });
      assert.deepEqual(await refusal(), { code: 'incomplete', missing: 'accessKeyId' });
    });

    it('takes as plain only an AK that is wholly 16 to 32 upper-case letters and digits', async () => {
      for (const accessKeyId of [`v1:${AK}`, `${AK}==`, AK.toLowerCase()]) {
        write({ current: 'default', profiles: [profile('default', { accessKeyId })] });
        assert.deepEqual(await refusal(), { code: 'encrypted' }, accessKeyId);
      }
    });

    it("follows the file's authEncrypt flag, as a boolean or a string, over the shape of the AK", async () => {
      for (const authEncrypt of [true, 'true']) {
        write({ current: 'default', authEncrypt, profiles: [profile('default')] });
        assert.deepEqual(await refusal(), { code: 'encrypted' }, String(authEncrypt));
      }
      for (const authEncrypt of [false, 'false']) {
        write({
          current: 'default',
          authEncrypt,
          profiles: [profile('default', { accessKeyId: 'my-own-ak' })],
        });
        assert.deepEqual(await signedWith(found(await resolve()).credential), {
          ak: 'my-own-ak',
          token: undefined,
        });
      }
      write({
        current: 'default',
        authEncrypt: 'no',
        profiles: [profile('default', { accessKeyId: 'my-own-ak' })],
      });
      assert.deepEqual(await refusal(), { code: 'encrypted' });
    });

    it('drops a leading byte order mark only', async () => {
      write(`\uFEFF${JSON.stringify({ current: 'default', profiles: [profile('default')] })}`);
      assert.equal(found(await resolve()).projectId, 'default-project');
      write({ current: 'default', profiles: [profile('default', { projectId: 'p\uFEFF1' })] });
      assert.equal(found(await resolve()).projectId, 'p\uFEFF1');
    });

    it('reports a file it cannot read by its error code, and holds nothing when its folder is a file', async () => {
      mkdirSync(join(dir, '.hcloud', 'config.json'), { recursive: true });
      assert.deepEqual(await resolve(), {
        status: 'unusable',
        source: {
          kind: 'koocli',
          id: 'koocli:?',
          label: 'KooCLI profile ? of ~/.hcloud/config.json',
          path: '~/.hcloud/config.json',
          profile: '?',
        },
        reason: { code: 'unreadable', error: 'EISDIR' },
      });
      writeFileSync(join(dir, 'home-file'), '');
      assert.equal(
        await koocliProvider({ home: () => join(dir, 'home-file') }).resolve({ endpoint: ENDPOINT }),
        undefined,
      );
    });

    it('says where a file is not JSON without quoting any of it', async () => {
      const text = JSON.stringify({ current: 'default', profiles: [profile('default')] }, null, 2);
      const trailingComma = `${text.slice(0, -2)},}`;
      const cases: [string, RegExp][] = [
        [text.replace(`"${SK}"`, SK), /^Unexpected token in JSON$/],
        [text.replace(`"${SK}"`, `'${SK}'`), /^Unexpected token in JSON$/],
        // V8 gives a position here, and quotes nothing.
        [
          trailingComma,
          new RegExp(
            `^Expected double-quoted property name in JSON at position ${trailingComma.length - 1}\\b`,
          ),
        ],
      ];
      for (const [broken, words] of cases) {
        write(broken);
        const result = unusable(await resolve());
        assert.equal(result.source.id, 'koocli:?');
        assert.equal(result.source.label, 'KooCLI profile ? of ~/.hcloud/config.json');
        assert.ok(result.reason.code === 'malformed');
        assert.match(result.reason.error, words);
        assertNoPieceOf(SK, result);
      }
    });
  });

  it('never shows a secret in JSON, inspection or text of any result', async () => {
    mkdirSync(join(dir, '.huaweicloud'), { recursive: true });
    writeFileSync(
      join(dir, '.huaweicloud', 'credentials'),
      `[basic]\nak=${AK}\nsk=${SK}\nsecurity_token=${TOKEN}\n`,
    );
    mkdirSync(join(dir, '.hcloud'), { recursive: true });
    writeFileSync(
      join(dir, '.hcloud', 'config.json'),
      JSON.stringify({
        current: 'default',
        profiles: [
          { name: 'default', mode: 'AKSK', accessKeyId: AK, secretAccessKey: SK, securityToken: TOKEN },
        ],
      }),
    );
    const env = { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_SECURITY_TOKEN: TOKEN };
    const results = [
      await envProvider(() => env).resolve({ endpoint: ENDPOINT }),
      await sdkFileProvider({ env: () => ({}), home: () => dir }).resolve({ endpoint: ENDPOINT }),
      await koocliProvider({ home: () => dir }).resolve({ endpoint: ENDPOINT }),
    ];
    assert.deepEqual(
      results.map((result) => result?.status),
      ['found', 'found', 'found'],
    );
    const text = everyRendering(results);
    for (const secret of [SK, TOKEN]) assert.ok(!text.includes(secret), 'no secret in any rendering');
  });
});
