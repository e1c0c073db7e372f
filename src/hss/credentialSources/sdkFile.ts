/**
 * The SDK credentials file: `~/.huaweicloud/credentials` (or HUAWEICLOUD_SDK_CREDENTIALS_FILE),
 * INI with a `[basic]` section for regional services such as HSS (`[global]` is for global ones):
 * `ak`, `sk`, `security_token`, `project_id`, `iam_endpoint`. Read on every call (it is small), so
 * an edit or a new `hcloud`/SDK write is seen at the next load.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AccessKeyCredential } from '../credentials';
import { parseIni } from './ini';
import {
  type CredentialProvider,
  fingerprintOf,
  present,
  type SourceInfo,
  type SourceResult,
  shortPath,
} from './types';

export const ENV_CREDENTIALS_FILE = 'HUAWEICLOUD_SDK_CREDENTIALS_FILE';
const SECTION = 'basic';

export interface SdkFileOptions {
  readonly env: () => NodeJS.ProcessEnv;
  readonly home: () => string;
}

export function sdkCredentialsPath(
  env: NodeJS.ProcessEnv,
  home: string,
): { path: string; explicit: boolean } {
  const explicit = present(env[ENV_CREDENTIALS_FILE]);
  return explicit
    ? { path: explicit, explicit: true }
    : { path: join(home, '.huaweicloud', 'credentials'), explicit: false };
}

export function sdkFileProvider(options: SdkFileOptions): CredentialProvider {
  return {
    kind: 'sdkFile',
    watchedPaths: () => [sdkCredentialsPath(options.env(), options.home()).path],
    async resolve(): Promise<SourceResult | undefined> {
      const { path, explicit } = sdkCredentialsPath(options.env(), options.home());
      const shown = shortPath(path, options.home());
      const source: SourceInfo = {
        kind: 'sdkFile',
        id: `sdkFile:${SECTION}`,
        label: `profile ${SECTION} of ${shown}`,
        path: shown,
        profile: SECTION,
      };
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        // A file nobody wrote is no source; one the user named in the variable is worth a word.
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          return explicit ? { status: 'unusable', source, reason: { code: 'missingFile' } } : undefined;
        }
        return { status: 'unusable', source, reason: { code: 'unreadable', error: code } };
      }
      const sections = parseIni(text);
      const basic = sections.get(SECTION);
      if (!basic) {
        if (sections.has('global')) return { status: 'unusable', source, reason: { code: 'globalOnly' } };
        return { status: 'unusable', source, reason: { code: 'incomplete', missing: `[${SECTION}]` } };
      }
      const accessKey = present(basic.get('ak'));
      const secretKey = present(basic.get('sk'));
      if (!accessKey || !secretKey) {
        return {
          status: 'unusable',
          source,
          reason: { code: 'incomplete', missing: accessKey ? 'sk' : 'ak' },
        };
      }
      const securityToken = present(basic.get('security_token'));
      return {
        status: 'found',
        source,
        credential: new AccessKeyCredential(accessKey, secretKey, securityToken),
        fingerprint: fingerprintOf(accessKey, secretKey, securityToken),
        projectId: present(basic.get('project_id')),
        iamEndpoint: present(basic.get('iam_endpoint')),
      };
    },
  };
}
