/**
 * One interface behind which every place a credential may come from slots in, as the official
 * SDKs' provider chain does: SecretStorage (through an injected reader), the environment, the SDK
 * credentials file, KooCLI's profiles and the ECS metadata service. No `vscode` here.
 */
import { createHash } from 'node:crypto';
import type { Credential } from '../credentials';

export type SourceKind = 'stored' | 'env' | 'sdkFile' | 'koocli' | 'ecsAgency';

/** Where a credential came from: names and paths only, never a secret. */
export interface SourceInfo {
  readonly kind: SourceKind;
  /** Stable for one place ("env", "sdkFile:basic", "koocli:default"): what a pin names. */
  readonly id: string;
  /** English words for the log: "HUAWEICLOUD_SDK_AK", "profile basic of ~/.huaweicloud/credentials". */
  readonly label: string;
  /** The file read, shortened with "~" (sdkFile, koocli). */
  readonly path?: string;
  /** The INI section or KooCLI profile. */
  readonly profile?: string;
}

export interface FoundCredential {
  readonly status: 'found';
  readonly source: SourceInfo;
  readonly credential: Credential;
  /** Changes whenever what the source holds changes; a one-way digest, never the secret. */
  readonly fingerprint: string;
  readonly projectId?: string;
  readonly region?: string;
  readonly iamEndpoint?: string;
}

/** Why a source that holds something cannot be used; each has a next step in the UI. */
export type UnusableReason =
  | { readonly code: 'incomplete'; readonly missing: string }
  | { readonly code: 'unreadable'; readonly error: string }
  | { readonly code: 'missingFile' }
  | { readonly code: 'malformed'; readonly error: string }
  | { readonly code: 'globalOnly' }
  | { readonly code: 'noProfile'; readonly profile: string }
  | { readonly code: 'encrypted' }
  | { readonly code: 'koocliAgency' }
  | { readonly code: 'unsupportedMode'; readonly mode: string }
  | { readonly code: 'noAgency' }
  | { readonly code: 'metadataFailed'; readonly error: string };

export interface UnusableCredential {
  readonly status: 'unusable';
  readonly source: SourceInfo;
  readonly reason: UnusableReason;
}

export type SourceResult = FoundCredential | UnusableCredential;

/** What a provider is asked: the project the credential is for (SecretStorage keys by it). */
export interface CredentialRequest {
  readonly endpoint: URL;
  readonly projectId?: string;
}

export interface CredentialProvider {
  readonly kind: SourceKind;
  /** Undefined: this source holds nothing (the next one is asked). */
  resolve(request: CredentialRequest): Promise<SourceResult | undefined>;
  /** Files whose change may change the answer (watched by the UI). */
  readonly watchedPaths?: () => readonly string[];
}

/** A digest of the values that make a credential, so a change is seen without keeping the secret. */
export function fingerprintOf(...values: readonly (string | undefined)[]): string {
  const hash = createHash('sha256');
  for (const value of values) hash.update(`${value ?? ''}\u0000`);
  return hash.digest('hex').slice(0, 16);
}

/** "/home/me/.huaweicloud/credentials" → "~/.huaweicloud/credentials". */
export function shortPath(path: string, home: string): string {
  if (home && (path === home || path.startsWith(`${home}/`) || path.startsWith(`${home}\\`))) {
    return `~${path.slice(home.length)}`;
  }
  return path;
}

/** The text of a value from the environment or a file: trimmed, empty as absent. */
export function present(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
