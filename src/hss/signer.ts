/**
 * SDK-HMAC-SHA256 request signing, as Huawei Cloud's SDK core signs (API-NOTES, "AK/SK signing").
 * A small signer on node:crypto instead of the SDK core, which is not public API and heavy.
 */
import { createHash, createHmac } from 'node:crypto';

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

export interface SignableRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Keeps A-Z a-z 0-9 - . _ ~ and percent-encodes every other UTF-8 byte with upper-case hex. */
export function encodeComponent(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The query string to send: the same encoder the signature uses, keys sorted. */
export function buildQuery(params: ReadonlyArray<readonly [string, string]>): string {
  return [...params]
    .map(([key, value]) => [encodeComponent(key), encodeComponent(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function canonicalUri(pathname: string): string {
  const segments = pathname.split('/').map((segment) => encodeComponent(decodeURIComponent(segment)));
  const uri = segments.join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

function canonicalQueryOf(url: URL): string {
  return buildQuery([...url.searchParams.entries()]);
}

export function sdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

export function canonicalRequest(request: SignableRequest, signedHeaders: readonly string[]): string {
  const headers = signedHeaders.map((name) => `${name}:${(request.headers[name] ?? '').trim()}\n`).join('');
  return [
    request.method.toUpperCase(),
    canonicalUri(request.url.pathname),
    canonicalQueryOf(request.url),
    headers,
    signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
}

/** Signs the request in place: sets `x-sdk-date`, `host` and `authorization`. */
export function signRequest(request: SignableRequest, accessKey: string, secretKey: string, now: Date): void {
  request.headers['x-sdk-date'] ??= sdkDate(now);
  request.headers.host ??= request.url.host;
  const signedHeaders = Object.keys(request.headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name !== 'authorization')
    .sort();
  const stringToSign = [
    SIGNING_ALGORITHM,
    request.headers['x-sdk-date'],
    sha256Hex(canonicalRequest(request, signedHeaders)),
  ].join('\n');
  const signature = createHmac('sha256', secretKey).update(stringToSign, 'utf8').digest('hex');
  request.headers.authorization = `${SIGNING_ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
}
