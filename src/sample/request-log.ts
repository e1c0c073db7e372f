// The request log tests read. It records what support would ask about, never a credential:
// no headers and no bodies are kept, and credential-looking query values are masked.

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 while in flight, and for dropped connections. */
  status: number;
  requestId: string;
  /** Arrival, epoch ms by the server's clock. */
  time: number;
  durationMs: number;
  /** How the request authenticated ("token", "aksk"), if it did. */
  auth?: string;
  /** Names of the faults that fired on this request. */
  faults: string[];
}

const CREDENTIAL_KEY = /token|signature|password|secret|credential|authorization|access.?key|^sk$|^ak$/i;

/** A client that wrongly puts a credential in the URL must not get it copied into the log. */
export function redactQuery(params: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of params) {
    query[key] = CREDENTIAL_KEY.test(key) ? '[redacted]' : value;
  }
  return query;
}
