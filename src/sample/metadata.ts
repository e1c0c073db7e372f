// The ECS metadata service's two routes the SDKs use for an agency: `PUT /meta-data/latest/api/token`
// (a session token, TTL from X-Metadata-Token-Ttl-Seconds) and `GET /openstack/latest/securitykey`
// (temporary AK/SK and security token). Each key it hands out joins the server's accepted AK/SK pairs,
// security token included, so requests signed with them pass the AK/SK check. With `agency` false it
// answers 401 as an ECS without an agency does.
import { randomBytes } from 'node:crypto';
import type { AccessKeyCredential } from './aksk';
import type { Reply } from './reply';
import { headerValue } from './signature';

export interface MetadataOptions {
  /** Whether the ECS has an agency. Default true. */
  agency?: boolean;
  /** Lifetime of the temporary keys. Default 24 hours. */
  keyTtlSeconds?: number;
}

/** Live state of the metadata service; tests flip `agency` and read `issued`. */
export interface MetadataState {
  agency: boolean;
  keyTtlSeconds: number;
  /** Temporary keys handed out, oldest first. */
  readonly issued: AccessKeyCredential[];
  /** Session tokens handed out. */
  readonly tokens: Set<string>;
}

export function metadataState(options: MetadataOptions = {}): MetadataState {
  return {
    agency: options.agency ?? true,
    keyTtlSeconds: options.keyTtlSeconds ?? 86_400,
    issued: [],
    tokens: new Set(),
  };
}

const NO_AGENCY: Reply = {
  status: 401,
  body: { error: { code: 'ECS.0401', message: 'Please configure Cloud Service Agency first' } },
};

export function metadataToken(
  headers: Record<string, string | string[] | undefined>,
  state: MetadataState,
): Reply {
  const ttl = Number(headerValue(headers, 'x-metadata-token-ttl-seconds'));
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) {
    return { status: 400, body: { error: 'X-Metadata-Token-Ttl-Seconds must be 1 to 21600' } };
  }
  const token = randomBytes(24).toString('base64url');
  state.tokens.add(token);
  return { status: 200, text: token };
}

export function securityKey(
  headers: Record<string, string | string[] | undefined>,
  state: MetadataState,
  context: { now: number; accept: (key: AccessKeyCredential) => void },
): Reply {
  const token = headerValue(headers, 'x-metadata-token');
  if (!token || !state.tokens.has(token)) {
    return { status: 401, body: { error: 'X-Metadata-Token is missing or unknown' } };
  }
  if (!state.agency) return NO_AGENCY;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const key: AccessKeyCredential = {
    accessKey: Array.from(randomBytes(20), (byte) => alphabet[byte % alphabet.length]).join(''),
    secretKey: randomBytes(30).toString('base64url'),
    securityToken: `gQpzYW1wbGU${randomBytes(96).toString('base64url')}`,
  };
  state.issued.push(key);
  context.accept(key);
  return {
    status: 200,
    body: {
      credential: {
        access: key.accessKey,
        secret: key.secretKey,
        securitytoken: key.securityToken,
        expires_at: new Date(context.now + state.keyTtlSeconds * 1000).toISOString(),
      },
    },
  };
}
