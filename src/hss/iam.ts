/**
 * IAM password sign-in: a project-scoped token from `POST /v3/auth/tokens` (returned in the
 * X-Subject-Token header) and the project id of a region from `GET /v3/projects?name=`.
 * Rejected credentials are never retried (the account would lock).
 */
import type { HssLogger } from './client';
import { type Credential, fingerprintOf, type OutgoingRequest, TokenCredential } from './credentials';
import { errorFromResponse, HssError } from './errors';
import { httpFetch } from './http';
import { parseTime } from './parse';

export interface PasswordSignIn {
  readonly userName: string;
  readonly password: string;
  /** The account (domain) name. */
  readonly domainName: string;
  /** The project name IAM scopes the token to: the region, for example cn-north-4. */
  readonly region: string;
}

export interface IamToken {
  readonly token: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly projectId?: string;
}

export interface IamOptions {
  /** Epoch ms; injected in tests. Dates an answer without an expiry. */
  readonly now?: () => number;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly logger?: HssLogger;
}

async function iamRequest(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string },
  options: IamOptions,
): Promise<{ status: number; body: unknown; headers: { get(name: string): string | null } }> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs ?? 30_000);
  const onAbort = () => timeout.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const started = Date.now();
  try {
    const response = await httpFetch(url.href, { ...init, signal: timeout.signal });
    const text = await response.text();
    const requestId = response.headers.get('x-request-id') ?? undefined;
    options.logger?.info(
      `${init.method} ${url.pathname} → ${response.status} in ${Date.now() - started} ms${requestId ? ` (request id ${requestId})` : ''}`,
    );
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body, headers: response.headers };
  } catch (error) {
    if (options.signal?.aborted) throw new HssError('cancelled', 'The request was cancelled.');
    if (timeout.signal.aborted) throw new HssError('timeout', 'IAM did not answer in time.');
    throw new HssError('network', `Could not reach IAM at ${url.host}.`, { cause: error });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function errorBody(body: unknown): { code?: string; message?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const nested = (
    typeof record.error === 'object' && record.error !== null ? record.error : record
  ) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    code: text(nested.code) ?? text(record.error_code),
    message: text(nested.message) ?? text(record.error_msg),
  };
}

/** Signs in with a password; the password is sent once, in the body, and never logged. */
export async function requestToken(
  iam: URL,
  signIn: PasswordSignIn,
  options: IamOptions = {},
): Promise<IamToken> {
  const body = JSON.stringify({
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: { name: signIn.userName, password: signIn.password, domain: { name: signIn.domainName } },
        },
      },
      scope: { project: { name: signIn.region } },
    },
  });
  const url = new URL('/v3/auth/tokens', iam);
  const response = await iamRequest(
    url,
    { method: 'POST', headers: { 'content-type': 'application/json;charset=utf8' }, body },
    options,
  );
  if (response.status === 401) {
    throw new HssError(
      'credentials',
      'IAM rejected the user name, password or account name. Check them; several failures lock the user.',
      { status: 401, ...errorBody(response.body) },
    );
  }
  if (response.status !== 201 && response.status !== 200) {
    const { code, message } = errorBody(response.body);
    throw errorFromResponse(response.status, { code: code ?? `IAM ${response.status}`, message });
  }
  const token = response.headers.get('x-subject-token');
  if (!token) throw new HssError('malformed', 'IAM answered without an X-Subject-Token header.');
  const info = (response.body as { token?: { expires_at?: unknown; project?: { id?: unknown } } } | undefined)
    ?.token;
  const now = options.now ?? Date.now;
  const expiresAt = parseTime(info?.expires_at) ?? now() + 23 * 3600_000;
  const projectId = typeof info?.project?.id === 'string' ? info.project.id : undefined;
  return { token, expiresAt, projectId };
}

/** The id of the project named after the region. */
export async function findProjectId(
  iam: URL,
  region: string,
  credential: Credential,
  options: IamOptions = {},
): Promise<string> {
  const url = new URL('/v3/projects', iam);
  url.searchParams.set('name', region);
  const request: OutgoingRequest = {
    method: 'GET',
    url,
    headers: { 'content-type': 'application/json' },
    body: '',
  };
  await credential.authorize(request, options.signal);
  const response = await iamRequest(url, { method: 'GET', headers: request.headers }, options);
  if (response.status !== 200) {
    throw errorFromResponse(response.status, errorBody(response.body));
  }
  const projects =
    (response.body as { projects?: { id?: unknown; name?: unknown }[] } | undefined)?.projects ?? [];
  const match = projects.find((project) => project.name === region && typeof project.id === 'string');
  if (!match || typeof match.id !== 'string') {
    throw new HssError('config', `IAM lists no project named ${region} for this account.`);
  }
  return match.id;
}

/** Renew this long before the token expires. */
const RENEW_BEFORE_MS = 60 * 60_000;

/**
 * A token from IAM sign-in. With the password remembered, it renews itself before it expires;
 * without, an expired token is a credentials error that asks the user to sign in again.
 */
export class SignedInCredential implements Credential {
  readonly kind = 'token';
  #token: IamToken;
  readonly #signIn?: PasswordSignIn;
  readonly #fingerprint: string;
  private renewing?: Promise<void>;

  constructor(
    token: IamToken,
    private readonly iam: URL,
    signIn: PasswordSignIn | undefined,
    private readonly onRenewed: (token: IamToken) => void = () => {},
    private readonly now: () => number = Date.now,
    private readonly options: IamOptions = {},
  ) {
    this.#token = token;
    this.#signIn = signIn;
    this.#fingerprint = fingerprintOf('signIn', iam.href, token.token);
  }

  get expiresAt(): number {
    return this.#token.expiresAt;
  }

  /** The sign-in it came from: renewals keep it. */
  get fingerprint(): string {
    return this.#fingerprint;
  }

  get canRenew(): boolean {
    return this.#signIn !== undefined;
  }

  async authorize(request: OutgoingRequest, signal?: AbortSignal): Promise<void> {
    if (this.now() >= this.#token.expiresAt - RENEW_BEFORE_MS) {
      if (!this.#signIn) {
        if (this.now() >= this.#token.expiresAt) {
          throw new HssError('credentials', 'The IAM token from sign-in has expired. Sign in again.');
        }
      } else {
        this.renewing ??= this.renew(signal).finally(() => {
          this.renewing = undefined;
        });
        await this.renewing;
      }
    }
    await new TokenCredential(this.#token.token).authorize(request);
  }

  toJSON(): object {
    return { kind: this.kind, expiresAt: this.#token.expiresAt };
  }

  private async renew(signal?: AbortSignal): Promise<void> {
    if (!this.#signIn) return;
    this.#token = await requestToken(this.iam, this.#signIn, { ...this.options, signal });
    this.onRenewed(this.#token);
  }
}
