/**
 * An ECS agency: temporary AK/SK and security token from the ECS metadata service, as the SDKs
 * get them (Go `metadata_accessor.go`): `PUT /meta-data/latest/api/token` with a TTL header gives
 * a session token, then `GET /openstack/latest/securitykey` with it gives
 * `{"credential": {"access", "secret", "securitytoken", "expires_at"}}`. Each call has 3 s; the
 * keys are fetched again before `expires_at`. A 401 saying "Please configure Cloud Service Agency
 * first" means the ECS has no agency. Only ever asked when the user turned the source on.
 */
import { AccessKeyCredential, type Credential, type OutgoingRequest } from '../credentials';
import { HssError } from '../errors';
import { type HttpAnswer, send } from '../http';
import { type CredentialProvider, fingerprintOf, type SourceInfo, type SourceResult } from './types';

export const DEFAULT_METADATA_ENDPOINT = 'http://169.254.169.254';
export const METADATA_TOKEN_PATH = '/meta-data/latest/api/token';
export const METADATA_SECURITY_KEY_PATH = '/openstack/latest/securitykey';
const TOKEN_TTL_SECONDS = 21600;
const NO_AGENCY = 'Please configure Cloud Service Agency first';

export const ECS_SOURCE: SourceInfo = {
  kind: 'ecsAgency',
  id: 'ecsAgency',
  label: 'ECS agency (metadata service)',
};

export interface EcsMetadataOptions {
  /** Asked on every call: the source does nothing (and calls nothing) while this is false. */
  readonly enabled: () => boolean;
  /** The metadata service's base URL (tests point it at the sample server). */
  readonly baseUrl: () => string;
  /** Epoch ms. */
  readonly now?: () => number;
  /** Default 3000. */
  readonly timeoutMs?: number;
  /** Fetch new keys this long before they expire. Default 5 minutes. */
  readonly renewBeforeMs?: number;
}

interface TemporaryKeys {
  readonly credential: AccessKeyCredential;
  readonly fingerprint: string;
  readonly expiresAt: number;
}

class MetadataError extends Error {
  constructor(
    message: string,
    readonly noAgency = false,
  ) {
    super(message);
  }
}

/** Asks the metadata service; keeps the keys until shortly before they expire. */
export class EcsMetadataProvider implements CredentialProvider {
  readonly kind = 'ecsAgency';
  private keys?: TemporaryKeys;
  private fetching?: Promise<TemporaryKeys>;
  private keysFrom?: string;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly renewBeforeMs: number;

  constructor(private readonly options: EcsMetadataOptions) {
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.renewBeforeMs = options.renewBeforeMs ?? 5 * 60_000;
  }

  async resolve(): Promise<SourceResult | undefined> {
    if (!this.options.enabled()) return undefined;
    try {
      const keys = await this.current();
      return {
        status: 'found',
        source: ECS_SOURCE,
        // One credential for the source's life: it renews its keys itself before each request.
        credential: this.credential,
        fingerprint: keys.fingerprint,
      };
    } catch (error) {
      if (error instanceof MetadataError && error.noAgency) {
        return { status: 'unusable', source: ECS_SOURCE, reason: { code: 'noAgency' } };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { status: 'unusable', source: ECS_SOURCE, reason: { code: 'metadataFailed', error: message } };
    }
  }

  /** Signs with the keys of the moment, fetching new ones when they are about to expire. */
  readonly credential: Credential = {
    kind: 'accessKey',
    authorize: async (request: OutgoingRequest) => {
      let keys: TemporaryKeys;
      try {
        keys = await this.current();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new HssError('credentials', `The ECS agency's temporary keys could not be renewed: ${message}`);
      }
      await keys.credential.authorize(request);
    },
  };

  /** The keys, fetched again when none are held, they expire soon, or the base URL changed. */
  current(): Promise<TemporaryKeys> {
    const base = this.options.baseUrl();
    const keys = this.keys;
    if (keys && this.keysFrom === base && this.now() < keys.expiresAt - this.renewBeforeMs) {
      return Promise.resolve(keys);
    }
    this.fetching ??= this.fetchKeys(base).then(
      (fresh) => {
        this.keys = fresh;
        this.keysFrom = base;
        this.fetching = undefined;
        return fresh;
      },
      (error: unknown) => {
        this.fetching = undefined;
        throw error;
      },
    );
    return this.fetching;
  }

  private async fetchKeys(base: string): Promise<TemporaryKeys> {
    const root = base.replace(/\/+$/, '');
    const token = await this.call(`${root}${METADATA_TOKEN_PATH}`, {
      method: 'PUT',
      headers: { 'X-Metadata-Token-Ttl-Seconds': String(TOKEN_TTL_SECONDS) },
    });
    const text = await this.call(`${root}${METADATA_SECURITY_KEY_PATH}`, {
      method: 'GET',
      headers: { 'X-Metadata-Token': token.trim() },
    });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new MetadataError('the metadata service sent a security key that is not JSON');
    }
    const credential =
      typeof body === 'object' && body !== null ? (body as { credential?: unknown }).credential : undefined;
    const fields =
      typeof credential === 'object' && credential !== null ? (credential as Record<string, unknown>) : {};
    const { access, secret, securitytoken, expires_at: expires } = fields;
    const expiresAt = typeof expires === 'string' ? Date.parse(expires) : Number.NaN;
    if (
      typeof access !== 'string' ||
      typeof secret !== 'string' ||
      typeof securitytoken !== 'string' ||
      !access ||
      !secret ||
      !securitytoken ||
      Number.isNaN(expiresAt)
    ) {
      throw new MetadataError(
        'the metadata service sent a security key without access, secret, securitytoken or expires_at',
      );
    }
    return {
      credential: new AccessKeyCredential(access, secret, securitytoken, () => new Date(this.now())),
      fingerprint: fingerprintOf(access, secret, securitytoken),
      expiresAt,
    };
  }

  private async call(
    url: string,
    init: { method: string; headers: Record<string, string> },
  ): Promise<string> {
    const target = new URL(url);
    const path = target.pathname;
    let answer: HttpAnswer;
    try {
      // No logger: the metadata service is asked at every start on an ECS, and its answers hold keys.
      answer = await send(
        { ...init, url: target },
        { timeoutMs: this.timeoutMs, service: 'the metadata service' },
      );
    } catch (error) {
      if (error instanceof HssError && error.kind === 'timeout') {
        throw new MetadataError(
          `${init.method} ${path} did not answer within ${this.timeoutMs / 1000} s (not on an ECS?)`,
        );
      }
      // "PUT /meta-data/latest/api/token: The connection to the metadata service failed: …"
      throw new MetadataError(
        `${init.method} ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (answer.status === 401 && answer.text.includes(NO_AGENCY)) throw new MetadataError(NO_AGENCY, true);
    if (answer.status !== 200)
      throw new MetadataError(`${init.method} ${path} answered HTTP ${answer.status}`);
    return answer.text;
  }
}
