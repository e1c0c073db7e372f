// The AK/SK authenticator: verifies SDK-HMAC-SHA256 signatures, the X-Sdk-Date window, the security
// token of temporary credentials, and locks an access key after repeated failures, as the gateway does.
import type { Authenticator, AuthOutcome, AuthRequest } from './auth';
import {
  canonicalRequest,
  headerValue,
  type ParsedAuthorization,
  parseAuthorization,
  parseSdkDate,
  SIGNATURE_ALGORITHM,
  sha256Hex,
  signatureOf,
  signaturesEqual,
  stringToSign,
  UNSIGNED_PAYLOAD,
} from './signature';

export interface AccessKeyCredential {
  accessKey: string;
  secretKey: string;
  /** Set for temporary credentials: requests must carry it in X-Security-Token. */
  securityToken?: string;
}

export interface AkSkPolicy {
  /** Default 15 minutes either way. */
  maxSkewMs?: number;
  /** Consecutive failures that lock a key. Default 5. */
  lockAfterFailures?: number;
  /** Default 5 minutes. */
  lockMs?: number;
}

interface KeyState {
  failures: number;
  lockedUntil?: number;
}

const MINUTE = 60_000;

/** `keys` is read on every request, so a live array can gain and lose keys. */
export function akskAuthenticator(
  keys: () => readonly AccessKeyCredential[],
  policy: AkSkPolicy = {},
): Authenticator {
  const maxSkewMs = policy.maxSkewMs ?? 15 * MINUTE;
  const lockAfter = policy.lockAfterFailures ?? 5;
  const lockMs = policy.lockMs ?? 5 * MINUTE;
  const states = new Map<string, KeyState>();

  return (request) => {
    const header = headerValue(request.headers, 'authorization');
    if (header === undefined || !header.startsWith(SIGNATURE_ALGORITHM)) {
      return { result: 'skip' };
    }
    const parsed = parseAuthorization(header);
    if (!parsed) {
      return fail('the Authorization header is malformed');
    }
    const key = keys().find((candidate) => candidate.accessKey === parsed.accessKey);
    if (!key) {
      // Unknown keys are not tracked: there is nothing to lock, and the map must not grow without bound.
      return fail('the access key does not exist');
    }
    const state = states.get(key.accessKey) ?? { failures: 0 };
    states.set(key.accessKey, state);
    if (state.lockedUntil !== undefined) {
      if (request.now < state.lockedUntil) {
        const seconds = Math.ceil((state.lockedUntil - request.now) / 1000);
        return fail(
          `the access key is locked after ${lockAfter} consecutive failures; retry in ${seconds} s`,
        );
      }
      state.lockedUntil = undefined;
      state.failures = 0;
    }
    const problem = verify(request, key, parsed, maxSkewMs);
    if (problem === undefined) {
      state.failures = 0;
      return { result: 'pass', kind: 'aksk' };
    }
    state.failures++;
    if (state.failures >= lockAfter) {
      state.lockedUntil = request.now + lockMs;
    }
    return fail(problem);
  };
}

function fail(detail: string): AuthOutcome {
  return { result: 'fail', detail };
}

/** The reason the request is not authentic, or undefined if it is. */
function verify(
  request: AuthRequest,
  key: AccessKeyCredential,
  parsed: ParsedAuthorization,
  maxSkewMs: number,
): string | undefined {
  const sdkDate = headerValue(request.headers, 'x-sdk-date');
  const signedAt = sdkDate === undefined ? undefined : parseSdkDate(sdkDate);
  if (sdkDate === undefined || signedAt === undefined) {
    return 'X-Sdk-Date is missing or not in the form YYYYMMDDTHHmmssZ';
  }
  if (Math.abs(request.now - signedAt) > maxSkewMs) {
    return `the request time (X-Sdk-Date) is more than ${maxSkewMs / MINUTE} minutes from the server time`;
  }
  const signed = parsed.signedHeaders;
  if (!signed.includes('host') || !signed.includes('x-sdk-date')) {
    return 'SignedHeaders must include host and x-sdk-date';
  }
  const missing = signed.find((name) => headerValue(request.headers, name) === undefined);
  if (missing !== undefined) {
    return `the signed header ${missing} is not in the request`;
  }
  const securityToken = headerValue(request.headers, 'x-security-token');
  if (key.securityToken !== securityToken) {
    return key.securityToken === undefined
      ? 'X-Security-Token was sent with a permanent access key'
      : 'X-Security-Token is missing or does not match the temporary access key';
  }
  const contentHash = headerValue(request.headers, 'x-sdk-content-sha256');
  let canonical: string;
  try {
    canonical = canonicalRequest({
      method: request.method,
      rawPath: request.rawPath,
      rawQuery: request.rawQuery,
      headers: request.headers,
      signedHeaders: signed,
      payloadHash: contentHash === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : sha256Hex(request.body),
    });
  } catch {
    return 'the URL contains a malformed percent-escape';
  }
  const expected = signatureOf(key.secretKey, stringToSign(sdkDate, canonical));
  return signaturesEqual(expected, parsed.signature) ? undefined : 'verify aksk signature fail';
}
