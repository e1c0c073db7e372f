// The sample HSS server: node:http only, so it runs inside the extension ("Try with Sample Data"),
// under `npm run sample-server`, and in tests. Routing and plumbing live here; each route's rules,
// the data, the faults and the wire format each have their own file.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AccessKeyCredential, type AkSkPolicy, akskAuthenticator } from './aksk';
import { ArrivalSchedule } from './arrivals';
import { type Authenticator, authenticate, TokenStore, tokenAuthenticator } from './auth';
import { generateArrivals, generateTasks, type SampleTask } from './data';
import { type FaultRequest, FaultState, type Faults } from './faults';
import { type IamContext, type IamUser, issueToken, listProjects } from './iam';
import {
  type MetadataOptions,
  type MetadataState,
  metadataState,
  metadataToken,
  securityKey,
} from './metadata';
import { listOperationLogs } from './operation-logs';
import { listProtectionServers } from './protection-servers';
import { seedToNumber } from './random';
import {
  errorReply,
  notFound,
  type Reply,
  requestIdFor,
  serverErrorReply,
  throttledReply,
  unauthorized,
} from './reply';
import { type LoggedRequest, redactQuery } from './request-log';
import { type Route, routeOf } from './routes';
import { applyScenario, type SampleScenario } from './scenarios';
import { type SampleProtectionServer, sampleServers } from './servers';
import { TaskViews } from './taskViews';
import { readBody, sendReply, type Transport } from './transport';
import { LivingWorld } from './world';

export interface SampleServerOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default a fixed 32-hex id. */
  projectId?: string;
  /** The accepted X-Auth-Token. Default: a random token. */
  token?: string;
  /** Default 600. Ignored when `tasks` is given. */
  taskCount?: number;
  /** Default 1. Seeds the data and the request ids. */
  seed?: number | string;
  /** Epoch ms the generated data is placed relative to. Default: the clock's now. */
  now?: number;
  /** Use these tasks instead of generating them. */
  tasks?: SampleTask[];
  /** The protected servers (ListProtectionServer). Default: `sampleServers()`, matching the tasks' hosts. */
  servers?: SampleProtectionServer[];
  scenario?: SampleScenario;
  faults?: Faults;
  /** Epoch ms; drives last_days, arrivals, token expiry and the living world. Default Date.now. */
  clock?: () => number;
  /**
   * `static` (the default): the data stays as generated. `living`: time passes in it (see
   * world.ts): as each request arrives the world is advanced to `clock()`.
   */
  world?: 'static' | 'living';
  /** Default cn-north-4: the project name IAM scopes tokens to. */
  region?: string;
  /** AK/SK pairs accepted with SDK-HMAC-SHA256 signatures. Default: one random permanent pair. */
  accessKeys?: AccessKeyCredential[];
  /** Skew window and lockout of the AK/SK check. */
  akskPolicy?: AkSkPolicy;
  /** Accounts for POST /v3/auth/tokens. Default: one user with a random password. */
  iamUsers?: IamUser[];
  /** Tried after the built-in token and AK/SK checks, e.g. a custom scheme. */
  authenticators?: Authenticator[];
  /**
   * At most this many rows a page, whatever `limit` asks (a lower cap, a proxy, a gateway: the SDK
   * models give `limit` no range). Default: serve what `limit` asks.
   */
  pageCap?: number;
  /** New waiting tasks a second at the top of the list, from the clock at each request. Default 0. */
  arrivalsPerSecond?: number;
  /**
   * Keep each query's filtered, ordered view between requests (`taskViews.ts`) instead of scanning
   * every task for every page: for large lists (the bench's 100,000). The server drops the views on
   * its own changes (arrivals, the living world, the tasks-arrive fault, `onRequest`, a new `tasks`
   * array); whoever edits `tasks` in place must call `tasksChanged()`. Default false: every request
   * reads the data as it is, so tests may edit it freely.
   */
  viewCache?: boolean;
  /** Called as each request arrives, before it is handled: tests mutate `tasks` here. */
  onRequest?: (request: FaultRequest, server: SampleServer) => void;
  /** The ECS metadata service's agency routes (default: an ECS with an agency). */
  metadata?: MetadataOptions;
}

export interface SampleServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly projectId: string;
  /** The currently accepted configured token. */
  readonly token: string;
  readonly region: string;
  /** Live list of accepted AK/SK pairs; push or splice to change. */
  readonly accessKeys: AccessKeyCredential[];
  /** Live list of IAM accounts. */
  readonly iamUsers: IamUser[];
  /** The ECS metadata service: set `agency` false for an ECS without an agency. */
  readonly metadata: MetadataState;
  /** The live data, newest first as generated; push, splice or edit it between requests. */
  tasks: SampleTask[];
  /** The live protected servers, wire rows; push, splice or edit them between requests. */
  servers: SampleProtectionServer[];
  readonly requests: LoggedRequest[];
  /** The live authenticator list (built-ins first); push your own. */
  readonly authenticators: Authenticator[];
  onRequest?: (request: FaultRequest, server: SampleServer) => void;
  /** Replaces the configured token; the old one stops working at once. */
  setToken(token: string): void;
  /** Replaces every fault and restarts their counters. */
  setFaults(faults: Faults): void;
  /** `tasks` was edited from outside: with `viewCache`, the kept views are dropped. */
  tasksChanged(): void;
  close(): Promise<void>;
}

export type { LoggedRequest };

export const DEFAULT_PROJECT_ID = '2f1c8e6a9b3d4c5e8f7a6b5c4d3e2f10';

export function randomAccessKey(): AccessKeyCredential {
  // The shapes of real keys: a 20-character upper-case AK and a 40-character SK.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const pick = (length: number, chars: string) =>
    Array.from(randomBytes(length), (byte) => chars[byte % chars.length]).join('');
  return { accessKey: pick(20, alphabet), secretKey: pick(40, `${alphabet}abcdefghijklmnopqrstuvwxyz`) };
}

export function randomToken(): string {
  // Shaped like an IAM token (they start "MII" and are long), so log redaction is exercised realistically.
  return `MIIsample${randomBytes(48).toString('base64url')}`;
}

export async function startSampleServer(options: SampleServerOptions = {}): Promise<SampleServer> {
  const server = new SampleHssServer(options);
  await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return server;
}

class SampleHssServer implements SampleServer {
  readonly projectId: string;
  readonly region: string;
  readonly accessKeys: AccessKeyCredential[];
  readonly iamUsers: IamUser[];
  readonly metadata: MetadataState;
  tasks: SampleTask[];
  servers: SampleProtectionServer[];
  readonly requests: LoggedRequest[] = [];
  readonly authenticators: Authenticator[];
  onRequest?: (request: FaultRequest, server: SampleServer) => void;

  private readonly http: Server;
  private readonly clock: () => number;
  private readonly seed: number;
  private readonly tokens = new TokenStore();
  private readonly faults = new FaultState();
  private readonly world?: LivingWorld;
  private readonly pageCap?: number;
  private readonly arrivals?: ArrivalSchedule;
  private readonly views?: TaskViews;
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private configuredToken: string;
  private sequence = 0;
  private address?: AddressInfo;
  private closed = false;

  constructor(options: SampleServerOptions) {
    this.clock = options.clock ?? Date.now;
    this.seed = seedToNumber(options.seed ?? 1);
    this.projectId = options.projectId ?? DEFAULT_PROJECT_ID;
    this.configuredToken = options.token ?? randomToken();
    this.tokens.add(this.configuredToken);
    const start = options.now ?? this.clock();
    const tasks =
      options.tasks ?? generateTasks({ count: options.taskCount, seed: options.seed, now: start });
    if (options.world === 'living') this.world = new LivingWorld({ seed: options.seed ?? 1, start });
    this.tasks = applyScenario(tasks, options.scenario ?? 'default');
    this.servers = options.servers ?? sampleServers(this.projectId);
    this.region = options.region ?? 'cn-north-4';
    this.accessKeys = options.accessKeys ?? [randomAccessKey()];
    this.iamUsers = options.iamUsers ?? [
      { domainName: 'sample-domain', name: 'sample-user', password: randomBytes(12).toString('base64url') },
    ];
    this.authenticators = [
      tokenAuthenticator(this.tokens),
      akskAuthenticator(() => this.accessKeys, options.akskPolicy),
      ...(options.authenticators ?? []),
    ];
    this.metadata = metadataState(options.metadata);
    this.onRequest = options.onRequest;
    if (options.pageCap !== undefined && !(Number.isSafeInteger(options.pageCap) && options.pageCap >= 1)) {
      throw new RangeError(`pageCap must be a positive integer, got ${options.pageCap}`);
    }
    this.pageCap = options.pageCap;
    if (options.arrivalsPerSecond) {
      this.arrivals = new ArrivalSchedule(options.arrivalsPerSecond, this.clock(), this.seed);
    }
    if (options.viewCache) this.views = new TaskViews();
    this.setFaults(options.faults ?? {});
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.fail(res, error));
    });
  }

  get url(): string {
    return `http://${this.address?.address ?? '127.0.0.1'}:${this.port}`;
  }

  get port(): number {
    return this.address?.port ?? 0;
  }

  get token(): string {
    return this.configuredToken;
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        this.address = this.http.address() as AddressInfo;
        resolve();
      });
    });
  }

  setToken(token: string): void {
    this.tokens.revoke(this.configuredToken);
    this.configuredToken = token;
    this.tokens.add(token);
  }

  setFaults(faults: Faults): void {
    this.faults.set(faults);
    this.tokens.limitUses(faults.tokenExpiresAfter);
  }

  tasksChanged(): void {
    this.views?.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.timers) {
      clearTimeout(pending.timer);
      pending.resolve();
    }
    this.timers.clear();
    const closing = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeAllConnections();
    await closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const sequence = ++this.sequence;
    const requestId = requestIdFor(this.seed, sequence);
    const method = req.method ?? 'GET';
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s, 2);
    const params = new URLSearchParams(rawQuery);
    const query = redactQuery(params);
    const route = routeOf(method, rawPath);
    const faultRequest: FaultRequest = { route: route.name, method, path: rawPath, query, sequence };
    const entry: LoggedRequest = {
      method,
      path: rawPath,
      query,
      status: 0,
      requestId,
      time: this.clock(),
      durationMs: 0,
      faults: [],
    };
    this.requests.push(entry);
    const finish = (status: number) => {
      entry.status = status;
      entry.durationMs = performance.now() - arrived;
    };

    if (this.onRequest) {
      this.onRequest(faultRequest, this);
      this.tasksChanged();
    }
    if (this.arrivals && route.name === 'operation-logs') {
      const arriving = this.arrivals.due(this.clock());
      if (arriving.length > 0) {
        this.tasks.unshift(...arriving);
        this.tasksChanged();
      }
    }
    // After the arrivals, so they start and settle in the living world too.
    if (this.world) {
      this.world.advance(this.tasks, entry.time);
      this.tasksChanged();
    }
    const body = await readBody(req);
    // The latency is the time from arrival to the answer, the server's own work included: a real
    // service works on concurrent requests side by side, so this one-threaded server does its
    // work first and waits only what is left, rather than adding its queue to every request.
    const latency = this.faults.take('latency', faultRequest);
    if (latency) entry.faults.push('latency');
    const waitOut = async () => {
      if (latency) await this.delay(latency.ms - (performance.now() - arrived));
      return !this.closed;
    };
    if (this.faults.take('dropConnection', faultRequest)) {
      entry.faults.push('dropConnection');
      if (!(await waitOut())) return;
      req.socket.destroy();
      finish(0);
      return;
    }

    const reply =
      this.gatewayFault(faultRequest, entry) ??
      this.route(route, { method, rawPath, rawQuery, params, body, req, faultRequest, entry });
    if (!(await waitOut())) return;

    let transport: Transport = { kind: 'normal' };
    const truncate = this.faults.take('truncateBody', faultRequest);
    if (truncate) {
      entry.faults.push('truncateBody');
      transport = { kind: 'truncate', bytes: truncate.bytes };
    } else if (this.faults.take('malformedJson', faultRequest)) {
      entry.faults.push('malformedJson');
      transport = { kind: 'malformed' };
    }
    if (res.destroyed || res.writableEnded) return;
    sendReply(res, reply, requestId, transport);
    finish(reply.status);

    if (route.name === 'operation-logs' && reply.status === 200) {
      const arriving = this.faults.pageServed();
      if (arriving) {
        entry.faults.push('tasksArrive');
        this.tasks.unshift(...generateArrivals(this.tasks, arriving, this.clock(), this.seed + sequence));
        this.tasksChanged();
      }
    }
  }

  /** Faults the gateway itself produces, before the request reaches authentication or HSS. */
  private gatewayFault(request: FaultRequest, entry: LoggedRequest): Reply | undefined {
    const throttle = this.faults.take('throttle', request);
    if (throttle) {
      entry.faults.push('throttle');
      return throttledReply(throttle.omitRetryAfter ? undefined : (throttle.retryAfterSeconds ?? 2));
    }
    const serverError = this.faults.take('serverError', request);
    if (serverError) {
      entry.faults.push('serverError');
      return serverErrorReply(serverError.status ?? 503);
    }
    return undefined;
  }

  private route(route: Route, request: RoutedRequest): Reply {
    if (route.name === 'unknown') {
      return notFound();
    }
    if (route.name === 'iam-tokens') {
      return issueToken(request.body, this.iamContext());
    }
    if (route.name === 'metadata-token') {
      return metadataToken(request.req.headers, this.metadata);
    }
    if (route.name === 'metadata-securitykey') {
      return securityKey(request.req.headers, this.metadata, {
        now: this.clock(),
        accept: (key) => this.accessKeys.push(key),
      });
    }
    const auth = authenticate(this.authenticators, {
      method: request.method,
      rawPath: request.rawPath,
      rawQuery: request.rawQuery,
      headers: request.req.headers,
      body: request.body,
      now: this.clock(),
    });
    if (auth.result !== 'pass') {
      return unauthorized(auth.result === 'fail' ? auth.detail : 'no credentials');
    }
    request.entry.auth = auth.kind;
    if (route.name === 'iam-projects') {
      return listProjects(request.params, this.iamContext());
    }
    if (route.name === 'protection-servers') {
      return listProtectionServers(
        { projectId: route.projectId ?? '', params: request.params },
        { projectId: this.projectId, servers: this.servers, tasks: this.tasks, pageCap: this.pageCap },
      );
    }
    return listOperationLogs(
      { projectId: route.projectId ?? '', params: request.params, faultRequest: request.faultRequest },
      {
        projectId: this.projectId,
        tasks: this.tasks,
        now: this.clock(),
        pageCap: this.pageCap,
        views: this.views,
        faults: this.faults,
        fired: request.entry.faults,
      },
    );
  }

  private iamContext(): IamContext {
    return {
      users: this.iamUsers,
      region: this.region,
      projectId: this.projectId,
      tokens: this.tokens,
      now: this.clock(),
      newToken: randomToken,
      baseUrl: this.url,
    };
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const pending = {
        timer: setTimeout(() => {
          this.timers.delete(pending);
          resolve();
        }, ms),
        resolve,
      };
      this.timers.add(pending);
    });
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    sendReply(
      res,
      errorReply(500, 'HSS.0004', `Internal error in the sample server: ${message}`),
      'internal',
      {
        kind: 'normal',
      },
    );
  }
}

interface RoutedRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  params: URLSearchParams;
  body: Buffer;
  req: IncomingMessage;
  faultRequest: FaultRequest;
  entry: LoggedRequest;
}
