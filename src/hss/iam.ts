/**
 * IAM password sign-in: a project-scoped token from `POST /v3/auth/tokens` (returned in the
 * X-Subject-Token header) and the project id of a region from `GET /v3/projects?name=`.
 * Rejected credentials are never retried (the account would lock).
 */
import { type Credential, fingerprintOf, type OutgoingRequest, TokenCredential } from './credentials';
import { errorFromResponse, HssError } from './errors';
import { type HssLogger, type HttpAnswer, type HttpRequest, send } from './http';
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

/** One call to IAM, through the request path every service shares. */
function iamRequest(request: HttpRequest, options: IamOptions): Promise<HttpAnswer> {
  return send(request, {
    timeoutMs: options.timeoutMs ?? 30_000,
    signal: options.signal,
    logger: options.logger,
    service: `IAM at ${request.url.host}`,
  });
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
    { method: 'POST', url, headers: { 'content-type': 'application/json;charset=utf8' }, body },
    options,
  );
  if (response.status === 401) {
    const { code, message, requestId } = response.error;
    throw new HssError(
      'credentials',
      'IAM rejected the user name, password or account name. Check them; several failures lock the user.',
      { status: 401, code, serverMessage: message, requestId: response.requestId ?? requestId },
    );
  }
  if (response.status !== 201 && response.status !== 200) {
    const { code, message } = response.error;
    throw errorFromResponse(
      response.status,
      { code: code ?? `IAM ${response.status}`, message },
      response.requestId,
    );
  }
  const token = response.header('x-subject-token');
  if (!token) throw new HssError('malformed', 'IAM answered without an X-Subject-Token header.');
  const info = (response.json as { token?: { expires_at?: unknown; project?: { id?: unknown } } } | undefined)
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
  const response = await iamRequest(request, options);
  if (response.status !== 200) {
    throw errorFromResponse(response.status, response.error, response.requestId);
  }
  const projects =
    (response.json as { projects?: { id?: unknown; name?: unknown }[] } | undefined)?.projects ?? [];
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
