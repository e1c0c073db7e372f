/**
 * An in-memory operation list for readAllPages (no HTTP): newest first, with the ways a server
 * misbehaves as options. The tests state the list and, by hand, the requests a correct reader makes.
 */
import { HssError } from '../../src/hss/errors';
import type { Page, PageWindow } from '../../src/hss/pager';

export interface ListServer {
  rows: string[];
  /** Rows a page at most, whatever the limit. */
  cap?: number;
  /** Added to the true length in total_num. */
  skew?: number;
  /** Runs before the n-th request (1-based) is answered. */
  before?: (n: number, server: ListServer) => void;
  /** Requests answered with an empty page (1-based). */
  emptyAt?: number[];
  readonly seen: PageWindow[];
}

/** `count` rows, r{count-1} at the top. */
export function listServer(count: number, options: Partial<ListServer> = {}): ListServer {
  return { rows: Array.from({ length: count }, (_, i) => `r${count - 1 - i}`), seen: [], ...options };
}

export function reader(server: ListServer) {
  return async (window: PageWindow, signal: AbortSignal): Promise<Page<string>> => {
    if (signal.aborted) throw new HssError('cancelled', 'The request was cancelled.');
    server.seen.push(window);
    const n = server.seen.length;
    server.before?.(n, server);
    const size = Math.min(window.limit, server.cap ?? Number.POSITIVE_INFINITY);
    const items = server.emptyAt?.includes(n) ? [] : server.rows.slice(window.offset, window.offset + size);
    return { totalNum: server.rows.length + (server.skew ?? 0), items, requestId: `q${n}` };
  };
}

export const key = (row: string) => row;
export const offsets = (server: ListServer) => server.seen.map((w) => w.offset);
