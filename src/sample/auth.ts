// Pluggable authentication: each authenticator recognises one kind of credential and skips
// requests that carry another, so token and AK/SK checks combine in one list.
import type { IncomingHttpHeaders } from 'node:http';

export interface AuthRequest {
  method: string;
  /** The path exactly as sent (still percent-encoded): signatures are computed over it. */
  rawPath: string;
  /** The query string as sent, without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  now: number;
}

export type AuthOutcome =
  | { result: 'pass'; kind: string }
  | { result: 'fail'; detail: string }
  /** Not this authenticator's kind of credential. */
  | { result: 'skip' };

export type Authenticator = (request: AuthRequest) => AuthOutcome;

/** The first authenticator that recognises the request decides; none recognising it is a failure. */
export function authenticate(authenticators: readonly Authenticator[], request: AuthRequest): AuthOutcome {
  for (const authenticator of authenticators) {
    const outcome = authenticator(request);
    if (outcome.result !== 'skip') {
      return outcome;
    }
  }
  return { result: 'fail', detail: 'no X-Auth-Token header and no signed Authorization header' };
}

interface TokenRecord {
  expiresAt?: number;
  /** Requests left before the token expires (the tokenExpiresAfter fault). */
  usesLeft?: number;
  expired: boolean;
}

/** Tokens the server accepts: the configured one, and those issued by its IAM endpoint. */
export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();

  add(token: string, expiresAt?: number): void {
    this.tokens.set(token, { expiresAt, expired: false });
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  /** Every token still valid expires after `uses` more requests (undefined: lifts the limit). */
  limitUses(uses: number | undefined): void {
    for (const record of this.tokens.values()) {
      if (!record.expired) {
        record.usesLeft = uses;
      }
    }
  }

  /** Checks a token and counts the use. */
  use(token: string, now: number): 'valid' | 'expired' | 'unknown' {
    const record = this.tokens.get(token);
    if (!record) {
      return 'unknown';
    }
    if (record.expiresAt !== undefined && now >= record.expiresAt) {
      record.expired = true;
    }
    if (record.usesLeft !== undefined) {
      if (record.usesLeft <= 0) {
        record.expired = true;
      }
      record.usesLeft--;
    }
    return record.expired ? 'expired' : 'valid';
  }
}

export function tokenAuthenticator(store: TokenStore): Authenticator {
  return (request) => {
    const token = request.headers['x-auth-token'];
    if (token === undefined) {
      return { result: 'skip' };
    }
    const state = typeof token === 'string' ? store.use(token, request.now) : 'unknown';
    if (state === 'valid') {
      return { result: 'pass', kind: 'token' };
    }
    return {
      result: 'fail',
      detail: state === 'expired' ? 'the token has expired' : 'the token is invalid or has been revoked',
    };
  };
}
