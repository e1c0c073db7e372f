/**
 * KooCLI (`hcloud`) profiles in `~/.hcloud/config.json`. Huawei's KooCLI documentation gives the
 * shape: `hcloud configure list` prints `{"current": NAME, "profiles": [...]}` and
 * `hcloud configure show` a profile's fields (`name`, `mode` AKSK|ecsAgency|SSO, `accessKeyId`,
 * `secretAccessKey`, `securityToken`, `region`, `projectId`, `domainId`).
 *
 * KooCLI encrypts the AK/SK in the file by default; only after
 * `hcloud configure set --cli-auth-encrypt=false` are they plain text. The documentation does not
 * name the file's own flag, so a profile's keys are used only when they read as plain keys: the
 * file says `authEncrypt` false, or the AK has the shape of a Huawei Cloud AK (20 upper-case
 * letters and digits). Anything else is reported as encrypted, never sent to a server.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AccessKeyCredential } from '../credentials';
import {
  type CredentialProvider,
  fingerprintOf,
  present,
  type SourceInfo,
  type SourceResult,
  shortPath,
} from './types';

const PLAIN_ACCESS_KEY = /^[A-Z0-9]{16,32}$/;

export function koocliConfigPath(home: string): string {
  return join(home, '.hcloud', 'config.json');
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/**
 * JSON.parse's words without the text they quote: V8 quotes the characters around an unexpected
 * token (`Unexpected token 'l', ..."ey": lW6bGiXj9k"... is not valid JSON`), which may be a key.
 */
function jsonFault(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith('Unexpected token') ? 'Unexpected token in JSON' : message;
}

export function koocliProvider(options: { readonly home: () => string }): CredentialProvider {
  return {
    kind: 'koocli',
    watchedPaths: () => [koocliConfigPath(options.home())],
    async resolve(): Promise<SourceResult | undefined> {
      const path = koocliConfigPath(options.home());
      const shown = shortPath(path, options.home());
      const sourceFor = (profile: string): SourceInfo => ({
        kind: 'koocli',
        id: `koocli:${profile}`,
        label: `KooCLI profile ${profile} of ${shown}`,
        path: shown,
        profile,
      });
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        return { status: 'unusable', source: sourceFor('?'), reason: { code: 'unreadable', error: code } };
      }
      let config: Record<string, unknown>;
      try {
        config = record(JSON.parse(text.replace(/^\uFEFF/, '')));
      } catch (error) {
        return {
          status: 'unusable',
          source: sourceFor('?'),
          reason: { code: 'malformed', error: jsonFault(error) },
        };
      }
      const profiles = Array.isArray(config.profiles) ? config.profiles.map(record) : [];
      if (profiles.length === 0) return undefined;
      const current = present(config.current) ?? 'default';
      const profile = profiles.find((candidate) => candidate.name === current);
      const source = sourceFor(current);
      if (!profile) return { status: 'unusable', source, reason: { code: 'noProfile', profile: current } };
      const mode = present(profile.mode) ?? 'AKSK';
      if (mode === 'ecsAgency') return { status: 'unusable', source, reason: { code: 'koocliAgency' } };
      if (mode !== 'AKSK') return { status: 'unusable', source, reason: { code: 'unsupportedMode', mode } };
      const accessKey = present(profile.accessKeyId);
      const secretKey = present(profile.secretAccessKey);
      if (!accessKey || !secretKey) {
        return {
          status: 'unusable',
          source,
          reason: { code: 'incomplete', missing: accessKey ? 'secretAccessKey' : 'accessKeyId' },
        };
      }
      const encrypted = flag(config.authEncrypt) ?? !PLAIN_ACCESS_KEY.test(accessKey);
      if (encrypted) return { status: 'unusable', source, reason: { code: 'encrypted' } };
      const securityToken = present(profile.securityToken);
      return {
        status: 'found',
        source,
        credential: new AccessKeyCredential(accessKey, secretKey, securityToken),
        fingerprint: fingerprintOf(accessKey, secretKey, securityToken),
        projectId: present(profile.projectId),
        region: present(profile.region),
      };
    },
  };
}
