/**
 * The one request path of every HTTP call the extension makes (HSS, IAM, the ECS metadata
 * service): a timeout, cancellation, one log line per attempt (method, path, status, time,
 * request id — never headers or bodies, which carry tokens and passwords), the body read and
 * parsed as JSON, and the error body of an API error read the same way for every service.
 *
 * node-fetch is loaded with the first request instead of with the extension: its module graph
 * (streams, blobs, form data) is most of the bundle's start-up, and activation should not wait
 * for it. The first load starts right after activation anyway.
 */
import type { Response } from 'node-fetch';
import { HssError } from './errors';

/** The lines a client writes; a VS Code LogOutputChannel fits this shape. */
export interface HssLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface HttpRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly logger?: HssLogger;
  /**
   * Who is asked, when it is not HSS itself ("IAM at iam.example"): named in the messages of
   * timeouts and failed connections.
   */
  readonly service?: string;
}

/** What an API error body says, in either of the two shapes Huawei Cloud services use. */
export interface ErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly text: string;
  /** The parsed body; undefined when it is empty or not JSON (see `jsonFailed`). */
  readonly json: unknown;
  /** The body is not empty but is not valid JSON either. */
  readonly jsonFailed: boolean;
  /** X-Request-Id, or the error body's `request_id`. */
  readonly requestId?: string;
  readonly error: ErrorBody;
  header(name: string): string | undefined;
}

let loading: Promise<typeof import('node-fetch')> | undefined;

/** Sends one request and reads its whole answer; throws only a cancelled, timed-out or failed connection. */
export async function send(request: HttpRequest, options: HttpOptions): Promise<HttpAnswer> {
  const { signal, logger } = options;
  if (signal?.aborted) throw cancelledError();
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const onAbort = () => timeout.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const started = Date.now();
  const logPath = `${request.url.pathname}${request.url.search ? `?${request.url.search.slice(1)}` : ''}`;
  let response: Response | undefined;
  try {
    loading ??= import('node-fetch');
    const { default: fetch } = await loading;
    response = await fetch(request.url.href, {
      method: request.method,
      headers: request.headers,
      body: request.body || undefined,
      signal: timeout.signal,
    });
    const text = await response.text();
    const answer = readAnswer(response, text);
    logger?.info(
      `${request.method} ${logPath} → ${answer.status} in ${Date.now() - started} ms${answer.requestId ? ` (request id ${answer.requestId})` : ''}`,
    );
    return answer;
  } catch (error) {
    const requestId = response?.headers.get('x-request-id') ?? undefined;
    let failure: HssError;
    if (signal?.aborted) {
      failure = cancelledError();
    } else if (timeout.signal.aborted) {
      const from = options.service ? ` from ${options.service}` : '';
      failure = new HssError(
        'timeout',
        `No answer${from} within ${duration(options.timeoutMs)}. The server may be slow or unreachable; the timeout can be raised in the settings.`,
        { requestId },
      );
    } else {
      const to = options.service ? ` to ${options.service}` : '';
      failure = new HssError('network', `The connection${to} failed: ${networkReason(error)}.`, {
        requestId,
        cause: error,
      });
    }
    logger?.warn(`${request.method} ${logPath} failed after ${Date.now() - started} ms: ${failure.message}`);
    throw failure;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function readAnswer(response: Response, text: string): HttpAnswer {
  let json: unknown;
  let jsonFailed = false;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    jsonFailed = true;
  }
  const error = readErrorBody(json);
  const headers = response.headers;
  return {
    status: response.status,
    ok: response.ok,
    text,
    json,
    jsonFailed,
    requestId: headers.get('x-request-id') ?? error.requestId,
    error,
    header: (name) => headers.get(name) ?? undefined,
  };
}

/** `{error_code, error_msg, request_id}` (HSS, the API gateway) or `{error: {code, message}}` (IAM). */
export function readErrorBody(body: unknown): ErrorBody {
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

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
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

export function cancelledError(): HssError {
  return new HssError('cancelled', 'The request was cancelled.');
}

/** Waits `ms`, or rejects with a cancelled error as soon as `signal` aborts. */
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

/** Retry-After in seconds or as an HTTP date (RFC 9110), as a wait in ms from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
