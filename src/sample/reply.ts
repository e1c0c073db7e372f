// What a route handler returns, and the error replies of the gateway, HSS and IAM. The request id is
// added when the reply is sent, because error bodies carry it as well as the X-Request-Id header.
import { createHash } from 'node:crypto';

export type ErrorShape = 'apigw' | 'iam';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** A JSON body; ignored when `error` is set. */
  body?: unknown;
  /** A plain-text body instead of JSON (the metadata service's token). */
  text?: string;
  /** Rendered as `{error_code, error_msg, request_id}`, or `{error: {code, message, title}}` for IAM. */
  error?: { code: string; message: string; shape?: ErrorShape };
}

export function errorReply(status: number, code: string, message: string, shape?: ErrorShape): Reply {
  return { status, error: { code, message, shape } };
}

export const notFound = (): Reply =>
  errorReply(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment');

/** Never put a credential in `detail`: error bodies end up in logs and screenshots. */
export const unauthorized = (detail: string): Reply =>
  errorReply(401, 'APIGW.0301', `Incorrect IAM authentication information: ${detail}`);

export const invalidParameter = (message: string): Reply => errorReply(400, 'HSS.0001', message);

export const accessDenied = (message: string): Reply => errorReply(400, 'HSS.0010', message);

/** 429 as the gateway throttles; `retryAfterSeconds` undefined leaves the header out. */
export function throttledReply(retryAfterSeconds: number | undefined): Reply {
  const reply = errorReply(
    429,
    'APIGW.0308',
    'The throttling threshold has been reached: policy user over ratelimit',
  );
  if (retryAfterSeconds !== undefined) {
    reply.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
  return reply;
}

export function serverErrorReply(status: number): Reply {
  switch (status) {
    case 500:
      return errorReply(500, 'HSS.0004', 'Internal system error. Try again later.');
    case 502:
      return errorReply(502, 'APIGW.0202', 'Backend unavailable');
    case 504:
      return errorReply(504, 'APIGW.0203', 'Backend timeout');
    default:
      return errorReply(status, 'APIGW.0204', 'The service is temporarily unavailable. Try again later.');
  }
}

export function renderBody(reply: Reply, requestId: string): unknown {
  const error = reply.error;
  if (!error) {
    return reply.body;
  }
  if (error.shape === 'iam') {
    return { error: { code: error.code, message: error.message, title: titleOf(reply.status) } };
  }
  return { error_code: error.code, error_msg: error.message, request_id: requestId };
}

function titleOf(status: number): string {
  return status === 401
    ? 'Unauthorized'
    : status === 403
      ? 'Forbidden'
      : status === 404
        ? 'Not Found'
        : 'Bad Request';
}

/**
 * 32 hex digits like the gateway's ids, derived from the seed and a per-server counter: unique within
 * a server and reproducible between runs, so a failing test names the same id every time.
 */
export function requestIdFor(seed: number, sequence: number): string {
  return createHash('sha256').update(`sample-hss/${seed}/${sequence}`).digest('hex').slice(0, 32);
}
