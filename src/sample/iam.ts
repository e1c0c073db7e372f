// A minimal IAM: password tokens (POST /v3/auth/tokens) and project lookup (GET /v3/projects), so
// the client's sign-in flow runs end to end against one local server. Bodies carry passwords:
// nothing here is logged.
import { createHash } from 'node:crypto';
import type { TokenStore } from './auth';
import { errorReply, type Reply } from './reply';

export interface IamUser {
  domainName: string;
  name: string;
  password: string;
}

export interface IamContext {
  users: readonly IamUser[];
  /** The project name IAM scopes to is the region name. */
  region: string;
  projectId: string;
  tokens: TokenStore;
  now: number;
  newToken: () => string;
  /** The server's base URL, for `links`. */
  baseUrl: string;
}

export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

const badRequest = (message: string): Reply => errorReply(400, '400', message, 'iam');

/** POST /v3/auth/tokens with the password method and a project scope. */
export function issueToken(body: Buffer, context: IamContext): Reply {
  let request: unknown;
  try {
    request = JSON.parse(body.toString('utf8'));
  } catch {
    return badRequest('The request body is not valid JSON.');
  }
  const auth = field(request, 'auth');
  const identity = field(auth, 'identity');
  const methods = field(identity, 'methods');
  if (!Array.isArray(methods) || !methods.includes('password')) {
    return badRequest('auth.identity.methods must include "password".');
  }
  const user = field(field(identity, 'password'), 'user');
  const name = field(user, 'name');
  const password = field(user, 'password');
  const domainName = field(field(user, 'domain'), 'name');
  if (typeof name !== 'string' || typeof password !== 'string' || typeof domainName !== 'string') {
    return badRequest('auth.identity.password.user needs name, password and domain.name.');
  }
  const project = field(field(auth, 'scope'), 'project');
  const projectName = field(project, 'name');
  const projectId = field(project, 'id');
  if (typeof projectName !== 'string' && typeof projectId !== 'string') {
    return badRequest('auth.scope.project needs a name (the region) or an id.');
  }
  const account = context.users.find(
    (candidate) =>
      candidate.name === name && candidate.domainName === domainName && candidate.password === password,
  );
  if (!account) {
    return errorReply(401, '401', 'The username or password is wrong.', 'iam');
  }
  if (
    (projectName ?? context.region) !== context.region ||
    (projectId ?? context.projectId) !== context.projectId
  ) {
    return badRequest(`The project ${String(projectName ?? projectId)} does not exist in this region.`);
  }

  const token = context.newToken();
  const expiresAt = context.now + TOKEN_LIFETIME_MS;
  context.tokens.add(token, expiresAt);
  const domain = { id: idOf('domain', account.domainName), name: account.domainName };
  return {
    status: 201,
    headers: { 'X-Subject-Token': token },
    body: {
      token: {
        expires_at: iamTime(expiresAt),
        issued_at: iamTime(context.now),
        methods: ['password'],
        catalog: [],
        roles: [{ id: idOf('role', 'te_admin'), name: 'te_admin' }],
        project: { id: context.projectId, name: context.region, domain },
        user: { id: idOf('user', `${account.domainName}/${account.name}`), name: account.name, domain },
      },
    },
  };
}

/** GET /v3/projects?name={region}, after authentication. */
export function listProjects(params: URLSearchParams, context: IamContext): Reply {
  const name = params.get('name');
  const domainId = idOf('domain', context.users[0]?.domainName ?? 'sample-domain');
  const projects =
    name === null || name === context.region
      ? [
          {
            id: context.projectId,
            name: context.region,
            domain_id: domainId,
            parent_id: domainId,
            description: '',
            enabled: true,
            is_domain: false,
            links: { self: `${context.baseUrl}/v3/projects/${context.projectId}` },
          },
        ]
      : [];
  return {
    status: 200,
    body: { projects, links: { self: `${context.baseUrl}/v3/projects`, previous: null, next: null } },
  };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** IAM writes microseconds: `2025-03-07T05:26:18.000000Z`. */
function iamTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Stable 32-hex ids, so the same names give the same ids on every run. */
function idOf(kind: string, name: string): string {
  return createHash('sha256').update(`${kind}:${name}`).digest('hex').slice(0, 32);
}
