/**
 * The chain: the first source that holds something wins, in the order the SDKs use (a credential
 * stored with the extension first, then the environment, the SDK file, KooCLI, the ECS agency).
 * A pin names one source instead. A credential the server rejected (401) is remembered by its
 * source and fingerprint and not sent again until the source holds something else: IAM locks an
 * access key after 5 failures.
 */
import type { Credential } from '../credentials';
import { type EcsMetadataOptions, EcsMetadataProvider } from './ecsMetadata';
import { envProvider } from './env';
import { koocliProvider } from './koocli';
import { sdkFileProvider } from './sdkFile';
import type {
  CredentialProvider,
  CredentialRequest,
  FoundCredential,
  SourceInfo,
  SourceResult,
  UnusableCredential,
} from './types';

export const STORED_SOURCE: SourceInfo = {
  kind: 'stored',
  id: 'stored',
  label: 'the extension (secret storage)',
};

/** SecretStorage through the UI's reader; its entries are keyed by endpoint and project. */
export function storedProvider(
  read: (endpoint: URL, projectId: string) => Promise<Credential | undefined>,
): CredentialProvider {
  return {
    kind: 'stored',
    async resolve(request: CredentialRequest): Promise<SourceResult | undefined> {
      if (!request.projectId) return undefined;
      const credential = await read(request.endpoint, request.projectId);
      // Its changes arrive as SecretStorage events; the fingerprint only has to tell projects apart.
      return credential
        ? { status: 'found', source: STORED_SOURCE, credential, fingerprint: `stored:${request.projectId}` }
        : undefined;
    },
  };
}

export interface ChainOptions {
  readonly readStored: (endpoint: URL, projectId: string) => Promise<Credential | undefined>;
  readonly env: () => NodeJS.ProcessEnv;
  readonly home: () => string;
  readonly ecs: EcsMetadataOptions;
}

/** The five sources in their order. */
export function defaultProviders(options: ChainOptions): CredentialProvider[] {
  return [
    storedProvider(options.readStored),
    envProvider(options.env),
    sdkFileProvider({ env: options.env, home: options.home }),
    koocliProvider({ home: options.home }),
    new EcsMetadataProvider(options.ecs),
  ];
}

export type ChainOutcome =
  /** Use this credential. */
  | { readonly kind: 'use'; readonly found: FoundCredential; readonly skipped: readonly UnusableCredential[] }
  /** The chosen credential was rejected before and has not changed since. */
  | { readonly kind: 'rejected'; readonly found: FoundCredential }
  /** The pinned source holds nothing usable. */
  | { readonly kind: 'pinnedMissing'; readonly pinned: string; readonly unusable?: UnusableCredential }
  /** No source holds anything usable. */
  | { readonly kind: 'none'; readonly skipped: readonly UnusableCredential[] };

/** Which credentials the server rejected, by source and fingerprint. */
export class RejectedCredentials {
  private readonly rejected = new Map<string, string>();

  reject(found: Pick<FoundCredential, 'source' | 'fingerprint'>): void {
    this.rejected.set(found.source.id, found.fingerprint);
  }

  has(found: Pick<FoundCredential, 'source' | 'fingerprint'>): boolean {
    return this.rejected.get(found.source.id) === found.fingerprint;
  }

  /** Forgets a source's rejection once it holds something else. */
  forgetChanged(found: Pick<FoundCredential, 'source' | 'fingerprint'>): void {
    const known = this.rejected.get(found.source.id);
    if (known !== undefined && known !== found.fingerprint) this.rejected.delete(found.source.id);
  }
}

export class CredentialChain {
  readonly rejected = new RejectedCredentials();

  constructor(readonly providers: readonly CredentialProvider[]) {}

  /** Every source's answer, in order (for the picker). Sources holding nothing are left out. */
  async inspect(request: CredentialRequest): Promise<SourceResult[]> {
    const results = await Promise.all(this.providers.map((provider) => provider.resolve(request)));
    return results.filter((result): result is SourceResult => result !== undefined);
  }

  /** The first usable source (or the pinned one), asked one by one so later ones are not called. */
  async resolve(request: CredentialRequest, pinned?: string): Promise<ChainOutcome> {
    const skipped: UnusableCredential[] = [];
    for (const provider of this.providers) {
      if (pinned && !pinned.startsWith(provider.kind)) continue;
      const result = await provider.resolve(request);
      if (!result) continue;
      if (pinned && result.source.id !== pinned) continue;
      if (result.status === 'unusable') {
        if (pinned) return { kind: 'pinnedMissing', pinned, unusable: result };
        skipped.push(result);
        continue;
      }
      this.rejected.forgetChanged(result);
      if (this.rejected.has(result)) return { kind: 'rejected', found: result };
      return { kind: 'use', found: result, skipped };
    }
    return pinned ? { kind: 'pinnedMissing', pinned } : { kind: 'none', skipped };
  }

  /** Every file a source reads. */
  watchedPaths(): string[] {
    return this.providers.flatMap((provider) => provider.watchedPaths?.() ?? []);
  }
}
