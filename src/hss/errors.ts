/**
 * Typed errors of the HSS client. Each carries what a user needs to act (the kind, the server's
 * code and message) and what support asks for (the request id). None ever holds a credential:
 * messages are built from the server's answer and from our own words only.
 */

export type HssErrorKind =
  | 'credentials'
  | 'permission'
  | 'endpoint'
  | 'badRequest'
  | 'throttled'
  | 'server'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'malformed'
  | 'paging'
  | 'config';

export interface HssErrorDetails {
  readonly status?: number;
  readonly code?: string;
  readonly serverMessage?: string;
  readonly requestId?: string;
  readonly cause?: unknown;
}

export class HssError extends Error {
  readonly status?: number;
  readonly code?: string;
  readonly serverMessage?: string;
  readonly requestId?: string;

  constructor(
    readonly kind: HssErrorKind,
    message: string,
    details: HssErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'HssError';
    this.status = details.status;
    this.code = details.code;
    this.serverMessage = details.serverMessage;
    this.requestId = details.requestId;
  }

  /**
   * Whether loading again later may succeed by itself: what a request retries, and a list that
   * could not be read consistently. Never credentials or permission (AK lockout).
   */
  get recoverable(): boolean {
    return this.retryable || this.kind === 'paging';
  }

  /** Whether trying the same request again may succeed. 401 never is: AK/SK locks after 5 failures. */
  get retryable(): boolean {
    return (
      this.kind === 'throttled' ||
      this.kind === 'server' ||
      this.kind === 'network' ||
      this.kind === 'timeout'
    );
  }
}

export class MalformedResponseError extends HssError {
  constructor(
    what: string,
    details: HssErrorDetails = {},
    /** True when the body itself was damaged (not JSON), which may not happen again. */
    private readonly transient = false,
  ) {
    super('malformed', `The server's answer could not be read: ${what}.`, details);
  }

  override get retryable(): boolean {
    return this.transient;
  }
}

/** A 429, with the wait the server asked for (Retry-After), when it said. */
export class ThrottledError extends HssError {
  constructor(
    message: string,
    details: HssErrorDetails,
    readonly retryAfterMs?: number,
  ) {
    super('throttled', message, details);
  }
}

/** A code's number, so that `APIG.0301` and `APIGW.0301` match alike. */
function gatewayNumber(code: string | undefined): string | undefined {
  const match = /^APIGW?\.(\d+)$/i.exec(code ?? '');
  return match?.[1];
}

/** Maps an HTTP error answer onto an error a user can act on. */
export function errorFromResponse(
  status: number,
  body: { code?: string; message?: string },
  requestId?: string,
  /** A throttled answer's Retry-After, as a wait in ms. */
  retryAfterMs?: number,
): HssError {
  const { code, message } = body;
  const details: HssErrorDetails = { status, code, serverMessage: message, requestId };
  const said = message ? ` The server said: ${message}` : '';
  const gateway = gatewayNumber(code);
  if (status === 401 || gateway === '0301') {
    return new HssError(
      'credentials',
      `The credentials were rejected (${code ?? status}). Set a new token or access key.${said}`,
      details,
    );
  }
  if (status === 403 || code === 'HSS.0010' || code === 'HSS.0013') {
    return new HssError(
      'permission',
      `Access denied (${code ?? status}): the IAM user needs HSS read permission (for example "HSS ReadOnlyAccess") in this project. A user allowed in one enterprise project only must ask for that project: set its id in the enterprise project filter or setting.${said}`,
      details,
    );
  }
  if (status === 404 || gateway === '0101') {
    return new HssError(
      'endpoint',
      `The API was not found at this endpoint (${code ?? status}). Check the region, endpoint and project id.${said}`,
      details,
    );
  }
  if (status === 429 || gateway === '0308') {
    return new ThrottledError(
      `The server is throttling requests (${code ?? status}).${said}`,
      details,
      retryAfterMs,
    );
  }
  if (status >= 500) {
    return new HssError('server', `The server failed (${code ?? `HTTP ${status}`}).${said}`, details);
  }
  return new HssError(
    'badRequest',
    `The server refused the request (${code ?? `HTTP ${status}`}).${said}`,
    details,
  );
}
