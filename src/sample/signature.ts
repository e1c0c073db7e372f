// SDK-HMAC-SHA256 canonicalisation and signing (API-NOTES "AK/SK signing"), written from the
// published algorithm on node:crypto, independently of the client's signer so each checks the other.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_ALGORITHM = 'SDK-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` lets a client skip hashing the body. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Keeps `A-Z a-z 0-9 - . _ ~`; every other UTF-8 byte becomes `%XX` with upper-case hex. */
export function percentEncode(text: string): string {
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    encoded += UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/**
 * Each segment of the path as received, decoded and re-encoded with `percentEncode`, plus a trailing
 * `/`. Throws URIError on a malformed escape.
 */
export function canonicalUri(rawPath: string): string {
  const uri = rawPath
    .split('/')
    .map((segment) => percentEncode(decodeURIComponent(segment)))
    .join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * Pairs sorted by encoded key, then encoded value; `k=v` joined by `&`. `+` is a literal plus, not a
 * space: a client must send the query with the signing encoder (API-NOTES), and one that sends
 * `URLSearchParams`-style `+` gets a mismatch here as it would from the real gateway.
 */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') {
    return '';
  }
  return rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const key = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      return [percentEncode(decodeURIComponent(key)), percentEncode(decodeURIComponent(value))] as const;
    })
    .sort(([keyA, valueA], [keyB, valueB]) => compare(keyA, keyB) || compare(valueA, valueB))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface CanonicalRequestInput {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Lower-case names, as node:http gives them. */
  headers: HeaderBag;
  /** Lower-case, sorted. */
  signedHeaders: readonly string[];
  payloadHash: string;
}

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  const headers = input.signedHeaders
    .map((name) => `${name}:${(headerValue(input.headers, name) ?? '').trim()}\n`)
    .join('');
  return [
    input.method.toUpperCase(),
    canonicalUri(input.rawPath),
    canonicalQuery(input.rawQuery),
    headers,
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function stringToSign(sdkDate: string, canonical: string): string {
  return `${SIGNATURE_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

export function signatureOf(secretKey: string, toSign: string): string {
  return createHmac('sha256', secretKey).update(toSign).digest('hex');
}

/** Constant-time comparison, so response timing does not leak how much of a signature was right. */
export function signaturesEqual(expected: string, presented: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface ParsedAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

/** `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`, or undefined if malformed. */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const match =
    /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/.exec(
      value,
    );
  if (!match?.[1] || !match[2] || !match[3]) {
    return undefined;
  }
  return { accessKey: match[1], signedHeaders: match[2].split(';'), signature: match[3].toLowerCase() };
}

/** `YYYYMMDDTHHmmssZ` (UTC) to epoch ms, or undefined if it is not exactly that. */
export function parseSdkDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls over (month 13, second 61); a real date must survive the round trip.
  return formatSdkDate(ms) === value ? ms : undefined;
}

export function formatSdkDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export interface SignInput {
  accessKey: string;
  secretKey: string;
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Lower-case names; must include `host` and `x-sdk-date`. Every one of them is signed. */
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** The Authorization header for a request, for tests and demos that play the client. */
export function authorizationFor(input: SignInput): string {
  const signedHeaders = Object.keys(input.headers).sort();
  const canonical = canonicalRequest({
    method: input.method,
    rawPath: input.rawPath,
    rawQuery: input.rawQuery,
    headers: input.headers,
    signedHeaders,
    payloadHash: sha256Hex(input.body ?? ''),
  });
  const signature = signatureOf(input.secretKey, stringToSign(input.headers['x-sdk-date'] ?? '', canonical));
  return `${SIGNATURE_ALGORITHM} Access=${input.accessKey}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
}
