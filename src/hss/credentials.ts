/**
 * How a request proves who sends it. Callers hold a `Credential` and never see its secret:
 * token, AK/SK signing and IAM password sign-in all slot in behind `authorize`.
 */
import { createHash } from 'node:crypto';
import { signRequest } from './signer';

export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  /** Lower-case names. `authorize` adds to them. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface Credential {
  readonly kind: 'token' | 'accessKey';
  /**
   * Tells two credentials apart without showing either: a short one-way digest of the secret, equal
   * for equal secrets (so a reload with the same credential need not load again). Absent: unknown.
   */
  readonly fingerprint?: string;
  /** Adds the authentication headers to the request. */
  authorize(request: OutgoingRequest, signal?: AbortSignal): Promise<void>;
}

/** A short digest of secret material: never reversible, never logged. */
export function fingerprintOf(...parts: readonly (string | undefined)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part?.length ?? -1}:${part ?? ''}`);
  return hash.digest('base64url').slice(0, 16);
}

/** Secrets are kept in private fields so that logging, JSON and inspection never show them. */
export class TokenCredential implements Credential {
  readonly kind = 'token';
  readonly #token: string;

  constructor(token: string) {
    this.#token = token.trim();
  }

  get fingerprint(): string {
    return fingerprintOf('token', this.#token);
  }

  async authorize(request: OutgoingRequest): Promise<void> {
    request.headers['x-auth-token'] = this.#token;
  }

  toJSON(): object {
    return { kind: this.kind };
  }
}

export class AccessKeyCredential implements Credential {
  readonly kind = 'accessKey';
  readonly #accessKey: string;
  readonly #secretKey: string;
  readonly #securityToken?: string;

  constructor(
    accessKey: string,
    secretKey: string,
    securityToken?: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#accessKey = accessKey.trim();
    this.#secretKey = secretKey.trim();
    this.#securityToken = securityToken?.trim() || undefined;
  }

  get fingerprint(): string {
    return fingerprintOf('accessKey', this.#accessKey, this.#secretKey, this.#securityToken);
  }

  async authorize(request: OutgoingRequest): Promise<void> {
    if (this.#securityToken) {
      request.headers['x-security-token'] = this.#securityToken;
    }
    signRequest(request, this.#accessKey, this.#secretKey, this.now());
  }

  toJSON(): object {
    return { kind: this.kind };
  }
}
