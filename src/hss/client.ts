/**
 * The HSS client: one page of a list per call (operation logs, protected servers), with bounded
 * retries for throttling, server failures and timeouts. Each attempt goes through the request
 * path of http.ts (timeout, cancellation, one log line) that IAM and the metadata service share.
 */
import type { Credential, OutgoingRequest } from './credentials';
import { errorFromResponse, HssError, MalformedResponseError, ThrottledError } from './errors';
import { abortableSleep, cancelledError, type HssLogger, parseRetryAfter, send } from './http';
import type { OperationLogPage, TaskStatus } from './model';
import { parseOperationLogPage } from './parse';
import { parseProtectionServerPage } from './parseServers';
import type { ProtectionServerPage } from './serverModel';
import { buildQuery } from './signer';

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

/** The page sizes the API takes (`limit`: 10..200): the setting's bounds and every request's. */
export const MIN_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 200;

/** A `limit` the API takes: a whole number within the page-size bounds. */
export function pageLimit(limit: number): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, Math.trunc(limit)));
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
    const limit = pageLimit(request.limit);
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
    const limit = pageLimit(request.limit);
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
    const answer = await send(request, { timeoutMs: this.timeoutMs, signal, logger: this.options.logger });
    const { requestId } = answer;
    if (answer.ok) {
      if (answer.jsonFailed || answer.json === undefined) {
        // A body cut short on its way (by a proxy, say) reads fine the next time: worth one more try.
        throw new MalformedResponseError(
          answer.jsonFailed
            ? `the body is not valid JSON (${answer.text.length} bytes)`
            : 'the body is empty',
          { requestId, status: answer.status },
          true,
        );
      }
      return { body: answer.json, requestId };
    }
    const now = this.options.now ?? Date.now;
    throw errorFromResponse(
      answer.status,
      answer.error,
      requestId,
      parseRetryAfter(answer.header('retry-after'), now()),
    );
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
