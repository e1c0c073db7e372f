/**
 * The HSS operation-log client: one page per call, with per-request timeout, cancellation,
 * bounded retries for throttling and server failures, and one log line per attempt.
 */
import type { Response } from 'node-fetch';
import type { Credential, OutgoingRequest } from './credentials';
import { errorFromResponse, HssError, MalformedResponseError } from './errors';
import { httpFetch } from './http';
import type { OperationLogPage, TaskStatus } from './model';
import { parseOperationLogPage } from './parse';
import { parseProtectionServerPage } from './parseServers';
import type { ProtectionServerPage } from './serverModel';
import { buildQuery } from './signer';

/** The lines a client writes; a VS Code LogOutputChannel fits this shape. */
export interface HssLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface OperationLogQuery {
  readonly status?: TaskStatus;
  readonly resourceName?: string;
  readonly lastDays?: number;
  readonly enterpriseProjectId?: string;
}

export interface PageRequest extends OperationLogQuery {
  readonly offset: number;
  readonly limit: number;
}

export interface PageResult extends OperationLogPage {
  readonly requestId?: string;
}

/** ListProtectionServer's filters (API-NOTES: "Servers and their protection"). */
export interface ProtectionServerQuery {
  readonly enterpriseProjectId?: string;
  /** 1..256 characters. */
  readonly hostName?: string;
  readonly osType?: 'Linux' | 'Windows';
  readonly hostIp?: string;
  /** Absent: every server. */
  readonly hostStatus?: 'ACTIVE' | 'SHUTOFF';
  /** 1..30; absent, the API's counts cover one day. */
  readonly lastDays?: number;
}

export interface ProtectionServerRequest extends ProtectionServerQuery {
  readonly offset: number;
  readonly limit: number;
}

export interface ProtectionServerResult extends ProtectionServerPage {
  readonly requestId?: string;
}

export interface RetryPolicy {
  /** Retries after a 429 (the first attempt is not counted). */
  readonly throttledRetries: number;
  /** Retries after a 5xx, a dropped connection or a 200 whose JSON is cut short. */
  readonly failureRetries: number;
  /**
   * Retries after a request timed out. The request is a read, so asking again is safe; once only,
   * since each attempt waits the whole timeout before the user hears of it.
   */
  readonly timeoutRetries: number;
  /** First backoff after a failure; doubles each time. */
  readonly baseDelayMs: number;
  /** Wait after a 429 without Retry-After: uniformly between these (API-NOTES: 2-5 s). */
  readonly throttleDelayMs: readonly [number, number];
  /** Longest Retry-After honoured; a longer one ends the retries. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  throttledRetries: 3,
  failureRetries: 2,
  timeoutRetries: 1,
  baseDelayMs: 500,
  throttleDelayMs: [2000, 5000],
  maxRetryAfterMs: 30_000,
};

export interface HssClientOptions {
  readonly endpoint: URL;
  readonly projectId: string;
  readonly credential: Credential;
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly logger?: HssLogger;
  /** Injected in tests to avoid real waiting. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  /** Epoch ms; injected in tests to read a Retry-After date. */
  readonly now?: () => number;
  readonly userAgent?: string;
}

export const MAX_PAGE_SIZE = 200;
export const MIN_PAGE_SIZE = 10;

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelledError(): HssError {
  return new HssError('cancelled', 'The request was cancelled.');
}

export class HssClient {
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: HssClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  get projectId(): string {
    return this.options.projectId;
  }

  get endpoint(): URL {
    return this.options.endpoint;
  }

  /** One page of the backup and restoration task list. */
  async listOperationLogs(request: PageRequest, signal?: AbortSignal): Promise<PageResult> {
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, Math.trunc(request.limit)));
    const params: [string, string][] = [
      ['offset', String(Math.max(0, Math.trunc(request.offset)))],
      ['limit', String(limit)],
    ];
    if (request.status) params.push(['status', request.status]);
    if (request.resourceName) params.push(['resource_name', request.resourceName]);
    if (request.lastDays !== undefined) params.push(['last_days', String(request.lastDays)]);
    if (request.enterpriseProjectId) params.push(['enterprise_project_id', request.enterpriseProjectId]);
    const path = `/v5/${encodeURIComponent(this.options.projectId)}/ransomware/backup/operation-logs`;
    const { body, requestId } = await this.getJson(path, params, signal);
    return { ...withRequestId(() => parseOperationLogPage(body), requestId), requestId };
  }

  /** One page of the protected servers (ListProtectionServer), through the same request path. */
  async listProtectionServers(
    request: ProtectionServerRequest,
    signal?: AbortSignal,
  ): Promise<ProtectionServerResult> {
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, Math.trunc(request.limit)));
    const params: [string, string][] = [
      ['offset', String(Math.max(0, Math.trunc(request.offset)))],
      ['limit', String(limit)],
    ];
    if (request.enterpriseProjectId) params.push(['enterprise_project_id', request.enterpriseProjectId]);
    if (request.hostName) params.push(['host_name', request.hostName]);
    if (request.osType) params.push(['os_type', request.osType]);
    if (request.hostIp) params.push(['host_ip', request.hostIp]);
    if (request.hostStatus) params.push(['host_status', request.hostStatus]);
    if (request.lastDays !== undefined) {
      params.push(['last_days', String(Math.min(30, Math.max(1, Math.trunc(request.lastDays))))]);
    }
    const path = `/v5/${encodeURIComponent(this.options.projectId)}/ransomware/server`;
    const { body, requestId } = await this.getJson(path, params, signal);
    return { ...withRequestId(() => parseProtectionServerPage(body), requestId), requestId };
  }

  private async getJson(
    path: string,
    params: ReadonlyArray<readonly [string, string]>,
    signal?: AbortSignal,
  ): Promise<{ body: unknown; requestId?: string }> {
    let throttled = 0;
    let failures = 0;
    let timeouts = 0;
    for (;;) {
      try {
        return await this.attempt(path, params, signal);
      } catch (error) {
        if (!(error instanceof HssError) || !error.retryable) throw error;
        let delay: number | undefined;
        if (error instanceof ThrottledError) {
          throttled += 1;
          if (throttled > this.retry.throttledRetries) throw error;
          delay = error.retryAfterMs ?? this.jitter(...this.retry.throttleDelayMs);
          if (delay > this.retry.maxRetryAfterMs) throw error;
        } else if (error.kind === 'timeout') {
          timeouts += 1;
          if (timeouts > this.retry.timeoutRetries) throw error;
          delay = this.jitter(this.retry.baseDelayMs, this.retry.baseDelayMs * 1.5);
        } else {
          failures += 1;
          if (failures > this.retry.failureRetries) throw error;
          const base = this.retry.baseDelayMs * 2 ** (failures - 1);
          delay = this.jitter(base, base * 1.5);
        }
        this.options.logger?.warn(`Retrying in ${Math.round(delay)} ms: ${error.message}`);
        await this.sleep(delay, signal);
      }
    }
  }

  private jitter(min: number, max: number): number {
    return min + (max - min) * this.random();
  }

  private async attempt(
    path: string,
    params: ReadonlyArray<readonly [string, string]>,
    signal?: AbortSignal,
  ): Promise<{ body: unknown; requestId?: string }> {
    if (signal?.aborted) throw cancelledError();
    const url = new URL(this.options.endpoint.href.replace(/\/$/, '') + path);
    url.search = buildQuery(params);
    const request: OutgoingRequest = {
      method: 'GET',
      url,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'x-project-id': this.options.projectId,
        ...(this.options.userAgent ? { 'user-agent': this.options.userAgent } : {}),
      },
      body: '',
    };
    await this.options.credential.authorize(request, signal);

    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const onAbort = () => timeout.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const started = Date.now();
    const logPath = `${url.pathname}?${url.search.slice(1)}`;
    let response: Response | undefined;
    try {
      response = await httpFetch(url.href, {
        method: request.method,
        headers: request.headers,
        signal: timeout.signal,
      });
      const text = await response.text();
      const requestId = response.headers.get('x-request-id') ?? undefined;
      this.options.logger?.info(
        `GET ${logPath} → ${response.status} in ${Date.now() - started} ms${requestId ? ` (request id ${requestId})` : ''}`,
      );
      return this.interpret(response, text, requestId);
    } catch (error) {
      if (error instanceof HssError) throw error;
      const elapsed = Date.now() - started;
      const requestId = response?.headers.get('x-request-id') ?? undefined;
      let failure: HssError;
      if (signal?.aborted) {
        failure = cancelledError();
      } else if (timeout.signal.aborted) {
        failure = new HssError(
          'timeout',
          `No answer within ${this.timeoutMs < 1000 ? `${this.timeoutMs} ms` : `${Math.round(this.timeoutMs / 1000)} s`}. The server may be slow or unreachable; the timeout can be raised in the settings.`,
          { requestId },
        );
      } else {
        failure = new HssError('network', `The connection failed: ${networkReason(error)}.`, {
          requestId,
          cause: error,
        });
      }
      this.options.logger?.warn(`GET ${logPath} failed after ${elapsed} ms: ${failure.message}`);
      throw failure;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private interpret(
    response: Response,
    text: string,
    headerRequestId?: string,
  ): { body: unknown; requestId?: string } {
    let body: unknown;
    let parseFailed = false;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      parseFailed = true;
    }
    const bodyError = readErrorBody(body);
    const requestId = headerRequestId ?? bodyError.requestId;
    if (response.ok) {
      if (parseFailed || body === undefined) {
        // A body cut short on its way (by a proxy, say) reads fine the next time: worth one more try.
        throw new MalformedResponseError(
          parseFailed ? `the body is not valid JSON (${text.length} bytes)` : 'the body is empty',
          { requestId, status: response.status },
          true,
        );
      }
      return { body, requestId };
    }
    const error = errorFromResponse(response.status, bodyError, requestId);
    if (error.kind === 'throttled') {
      const now = this.options.now ?? Date.now;
      throw new ThrottledError(error, parseRetryAfter(response.headers.get('retry-after'), now()));
    }
    throw error;
  }
}

/** Parses a body; a malformed one is reported with the request id support will ask for. */
function withRequestId<T>(parse: () => T, requestId: string | undefined): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof MalformedResponseError) {
      throw new MalformedResponseError(
        error.message.replace(/^The server's answer could not be read: |\.$/g, ''),
        { requestId },
      );
    }
    throw error;
  }
}

/** A 429, with the wait the server asked for. */
export class ThrottledError extends HssError {
  constructor(
    source: HssError,
    readonly retryAfterMs?: number,
  ) {
    super('throttled', source.message, source);
  }
}

/** Retry-After in seconds or as an HTTP date (RFC 9110), as a wait in ms from `now`. */
function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function readErrorBody(body: unknown): { code?: string; message?: string; requestId?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
  const nested =
    typeof record.error === 'object' && record.error !== null
      ? (record.error as Record<string, unknown>)
      : {};
  return {
    code: text(record.error_code) ?? text(nested.code),
    message: truncate(text(record.error_msg) ?? text(nested.message)),
    requestId: text(record.request_id),
  };
}

/** Server messages reach notifications and logs: keep them readable. */
function truncate(message: string | undefined, max = 500): string | undefined {
  return message !== undefined && message.length > max ? `${message.slice(0, max)}…` : message;
}

function networkReason(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  switch (code) {
    case 'ECONNRESET':
      return 'the server closed the connection';
    case 'ECONNREFUSED':
      return 'nothing is listening at the endpoint';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the endpoint host name could not be resolved';
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return 'the answer was cut off';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
