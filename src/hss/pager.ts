/**
 * Reads a whole offset-paged list that is newest first and moves while it is read.
 *
 * Two facts shape it (API-NOTES):
 * - `limit` is a wish. The page size in effect is what the first page brought; a page shorter than
 *   `limit` is not the end. The end is a page shorter than the page size in effect (an empty one
 *   included), with `total_num` as the plan.
 * - New tasks arrive at the top and shift every row down by one, and `total_num` grows with them.
 *   So each row is placed by its distance from the bottom of the list, `total_num - 1 - index`, as
 *   its own page reported it: arrivals at the top do not move that coordinate, so pages read at
 *   different moments fit together without re-reading the list. Pages overlap by one row, and two
 *   readings that put different rows at one place mean the list changed somewhere else (a row
 *   left, or one was inserted below the top): the list is read again, within a bound.
 *
 * The result is the list as the last page read saw it. When the bound is reached first, the most
 * complete list in hand comes back with `problem` saying why it may be incomplete; it never throws
 * for that. A failed request (after the client's own retries) stops the other pages and rejects.
 */
import type { HssClient, OperationLogQuery } from './client';
import { MAX_PAGE_SIZE } from './client';
import { HssError } from './errors';
import { type OperationLog, operationLogIdentity } from './model';

export interface Page<T> {
  readonly totalNum: number;
  readonly items: readonly T[];
  readonly requestId?: string;
}

export interface PageWindow {
  readonly offset: number;
  readonly limit: number;
}

export type PageReader<T> = (window: PageWindow, signal: AbortSignal) => Promise<Page<T>>;

export interface ListProgress<T> {
  /** The rows known so far, in list order (gathered only when read: O(rows)). */
  readonly items: readonly T[];
  /**
   * The unbroken run of rows from the top of the whole-list read's first page downward, in list
   * order. Within one attempt it only grows, and is the same array: a listener keeps how many it
   * has taken and reads on from there. Rows that arrive above it while the list is read are not in
   * it (the complete result has them).
   */
  readonly prefix: readonly T[];
  /** Which whole-list read the prefix belongs to (1, then 2 after a conflict made it read again). */
  readonly attempt: number;
  readonly loaded: number;
  readonly total: number;
}

export interface ReadAllOptions<T> {
  /** The `limit` asked for (at most 200). The server may serve fewer. */
  readonly pageSize?: number;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /** A row's identity, stable over its life: two readings of one place must agree on it. */
  readonly key: (item: T) => string;
  /** Called as pages arrive. */
  readonly onProgress?: (progress: ListProgress<T>) => void;
  /**
   * Requests allowed, as a multiple of what the list would need if it stood still (default 2), plus
   * a few for the end of the list.
   */
  readonly requestBudget?: number;
}

export interface ReadList<T> {
  readonly items: T[];
  /** The last page's total_num. */
  readonly totalNum: number;
  readonly requestIds: string[];
  /** Requests made. */
  readonly pages: number;
  /** Rows a page in effect: what the first page brought. */
  readonly pageSize: number;
  /** Whole-list reads it took (1 unless the list changed other than at its top). */
  readonly attempts: number;
  /** Set when the list may be incomplete: why. */
  readonly problem?: string;
}

/** Pages shorter than this do not overlap: one row in a handful is too dear. */
const MIN_OVERLAPPED_PAGE = 10;

/** A row in its place: the reading with the highest sequence number wins. */
interface Slot<T> {
  readonly key: string;
  readonly item: T;
  readonly seq: number;
}

/** What one whole-list read knows so far. */
class ListState<T> {
  readonly slots = new Map<number, Slot<T>>();
  /** Places below which a short page said nothing lies. */
  readonly ends: number[] = [];
  /**
   * Places right above a page that came back empty below its total, and how many times: the end
   * of a list whose total is too high, or a glitch.
   */
  readonly emptied = new Map<number, number>();
  maxTotal = 0;
  minPlace = Number.POSITIVE_INFINITY;
  conflicts = 0;
  /** See ListProgress.prefix: grown as places below it fill in, never re-read. */
  readonly prefix: T[] = [];
  /** The place of the prefix's first row: the top of the first page recorded. */
  private prefixTop: number | undefined;

  record(
    page: Page<T>,
    offset: number,
    seq: number,
    pageSize: number,
    limit: number,
    key: (item: T) => string,
  ): void {
    const total = page.totalNum;
    const overlaps = pageSize >= MIN_OVERLAPPED_PAGE;
    this.maxTotal = Math.max(this.maxTotal, total);
    const count = page.items.length;
    for (let j = 0; j < count; j++) {
      const item = page.items[j] as T;
      const place = total - 1 - (offset + j);
      const id = key(item);
      const existing = this.slots.get(place);
      if (existing && existing.key !== id) this.conflicts++;
      // A page's first row lands where the page before it ended (the overlap). Found one place
      // higher instead, it moved down: a row below it left the list.
      if (j === 0 && overlaps && offset > 0 && !existing && this.slots.get(place + 1)?.key === id) {
        this.conflicts++;
      }
      if (!existing || existing.seq < seq) this.slots.set(place, { key: id, item, seq });
      if (place < this.minPlace) this.minPlace = place;
    }
    this.prefixTop ??= total - 1;
    this.growPrefix();
    if (count === 0 && offset < total) {
      // Below its own total an empty page contradicts itself: a glitch, or the end of a list whose
      // total is too high. Only the rows around it can tell which.
      this.emptied.set(total - offset, (this.emptied.get(total - offset) ?? 0) + 1);
    } else if (count < pageSize || (count < limit && offset + count >= total)) {
      // Shorter than the page size in effect, or short of the limit with total_num reached. A full
      // page at the total proves nothing: total_num may be too low.
      this.ends.push(total - offset - count);
    }
  }

  /** Takes the rows now known right below the prefix; each row is taken once. */
  private growPrefix(): void {
    if (this.prefixTop === undefined) return;
    for (let place = this.prefixTop - this.prefix.length; ; place--) {
      const slot = this.slots.get(place);
      if (!slot) return;
      this.prefix.push(slot.item);
    }
  }

  /** The lowest place of the list, when a page has shown where it ends; undefined while unknown. */
  bottom(): number | undefined {
    let best: number | undefined;
    const consider = (end: number) => {
      // A claim with rows known below it was a passing glitch (a short page in the middle).
      if (end <= this.minPlace && (best === undefined || end > best)) best = end;
    };
    for (const end of this.ends) consider(end);
    // An empty page marks the end only where the rows above it are known, and only once it came
    // back empty twice: with no row known below it (pages too short to overlap), a glitch looks
    // the same the first time.
    for (const [end, times] of this.emptied) if (times > 1 && this.slots.has(end)) consider(end);
    return best;
  }

  /** Unknown places from the top down to `bottom`, as [high, low] ranges. */
  holes(bottom: number): [number, number][] {
    const holes: [number, number][] = [];
    let high: number | undefined;
    for (let place = this.maxTotal - 1; place >= bottom; place--) {
      if (this.slots.has(place)) {
        if (high !== undefined) holes.push([high, place + 1]);
        high = undefined;
      } else if (high === undefined) {
        high = place;
      }
    }
    if (high !== undefined) holes.push([high, bottom]);
    return holes;
  }

  /** The rows in list order: the top first. */
  items(): T[] {
    const items: T[] = [];
    const low = Math.min(this.minPlace, 0);
    for (let place = this.maxTotal - 1; place >= low; place--) {
      const slot = this.slots.get(place);
      if (slot) items.push(slot.item);
    }
    return items;
  }
}

/** Reads every row of the list. See the module comment for how a moving list is handled. */
export async function readAllPages<T>(read: PageReader<T>, options: ReadAllOptions<T>): Promise<ReadList<T>> {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(options.pageSize ?? MAX_PAGE_SIZE)));
  const concurrency = Math.max(1, Math.trunc(options.concurrency ?? 4));
  // One failed page stops the others: no more requests with a rejected credential.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  try {
    return await new ListRead(read, options, limit, concurrency, stop).run();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

class ListRead<T> {
  private state = new ListState<T>();
  private seq = 0;
  private requests = 0;
  private attempts = 1;
  private budget = Number.POSITIVE_INFINITY;
  private pageSize = 0;
  /** False while no page has brought a row: the page size in effect is then a guess (the limit). */
  private pageSizeKnown = false;
  private readonly requestIds: string[] = [];
  private lastTotal = 0;

  constructor(
    private readonly read: PageReader<T>,
    private readonly options: ReadAllOptions<T>,
    private readonly limit: number,
    private readonly concurrency: number,
    private readonly stop: AbortController,
  ) {}

  async run(): Promise<ReadList<T>> {
    const { page: first, seq } = await this.fetch(0);
    this.state.record(first, 0, seq, this.pageSize, this.limit, this.options.key);
    this.report();
    const still = 1 + Math.ceil(Math.max(0, first.totalNum - this.pageSize) / this.step());
    this.budget = Math.ceil(still * (this.options.requestBudget ?? 2)) + 3;

    for (;;) {
      const mayReadAgain = this.attempts < 2 && this.requests + still <= this.budget;
      if (this.state.conflicts > 0 && mayReadAgain) {
        // The list changed below its top: what was read does not fit together. Read it again.
        await this.restart();
        continue;
      }
      // The list is shorter than it was: a row left it. Rows read before that moment sit one place
      // off, which no overlap shows when the row left above them; and pages too short to overlap
      // leave, when it left below them, a place that no page can fill. Read it again.
      const shrunk = this.lastTotal < this.state.maxTotal;
      if (shrunk && mayReadAgain) {
        await this.restart();
        continue;
      }
      const windows = this.plan();
      if (windows.length === 0) {
        if (shrunk) {
          return this.result(
            this.state.conflicts > 0
              ? this.unfinished()
              : `the list changed while it was read (it went from ${this.state.maxTotal} to ${this.lastTotal} rows)`,
          );
        }
        return this.result();
      }
      if (this.requests + windows.length > this.budget) {
        const room = this.budget - this.requests;
        if (room <= 0) return this.result(this.unfinished());
        windows.length = room;
      }
      await this.fetchAll(windows);
    }
  }

  /** Forgets what was read and reads the first page again. */
  private async restart(): Promise<void> {
    this.state = new ListState<T>();
    this.attempts++;
    const { page: top, seq } = await this.fetch(0);
    this.state.record(top, 0, seq, this.pageSize, this.limit, this.options.key);
    this.report();
  }

  /** Rows between the starts of two planned pages: one row of overlap ties them together. */
  private step(): number {
    return this.pageSize >= MIN_OVERLAPPED_PAGE ? this.pageSize - 1 : this.pageSize;
  }

  /** The offsets of the next round; none when the list is complete. */
  private plan(): number[] {
    const state = this.state;
    const bottom = state.bottom();
    const total = state.maxTotal;
    const target = bottom ?? Math.min(0, state.minPlace);
    const holes = state.holes(target);
    const overlap = this.pageSize - this.step();
    // Places of the latest total: the page at offset o covers places total-1-o down to total-o-size.
    const offsets: number[] = [];
    const below = holes.filter(([high]) => high < total - 1);
    const top = holes.filter(([high]) => high === total - 1);
    // The top (rows that arrived while reading) is read last, alone, so that the list comes back as
    // that last page saw it.
    for (const [high, low] of below.length > 0 ? below : top) {
      let offset = Math.max(0, total - 1 - (high + overlap));
      for (;;) {
        offsets.push(offset);
        const covered = total - offset - this.pageSize;
        // The bottom hole of a list whose end is not yet known: one more page past it, in the same
        // round, to see the end (a full page at the total may hide a total_num that is too low).
        // Only a page as long as the limit can end at the total and prove nothing.
        const proves = bottom !== undefined || low !== target || this.pageSize < this.limit;
        if (covered < low || (covered === low && proves)) break;
        offset += this.step();
      }
    }
    if (holes.length === 0 && bottom === undefined) {
      // Every place down to the last known row is filled, but no page has shown the end yet.
      offsets.push(Math.max(0, total - 1 - state.minPlace + 1 - overlap));
    }
    return [...new Set(offsets)];
  }

  private unfinished(): string {
    const state = this.state;
    const bottom = state.bottom();
    const missing = state
      .holes(bottom ?? Math.min(0, state.minPlace))
      .reduce((sum, [high, low]) => sum + high - low + 1, 0);
    if (state.conflicts > 0) {
      return `the list changed while it was read (${state.conflicts} rows moved other than at the top)`;
    }
    if (state.emptied.size > 0 && missing > 0) {
      return `a page came back empty although total_num was ${this.lastTotal}; ${missing} rows could not be read`;
    }
    if (bottom === undefined) return 'no page showed where the list ends';
    return `${missing} rows could not be read while the list kept moving`;
  }

  private result(problem?: string): ReadList<T> {
    const state = this.state;
    return {
      items: state.items(),
      totalNum: this.lastTotal,
      requestIds: this.requestIds,
      pages: this.requests,
      pageSize: this.pageSize,
      attempts: this.attempts,
      problem: problem ?? (state.conflicts > 0 ? this.unfinished() : undefined),
    };
  }

  private async fetchAll(offsets: readonly number[]): Promise<void> {
    let next = 0;
    let failure: { reason: unknown } | undefined;
    const take = () => {
      if (next >= offsets.length || this.stop.signal.aborted) return undefined;
      const offset = offsets[next++] as number;
      const fetching = this.fetch(offset).then((read) => ({ ...read, offset }));
      // Awaited below; if recording the page before it throws, the abort settles it unobserved.
      fetching.catch(() => {});
      return fetching;
    };
    const worker = async () => {
      // The next request goes out before this page is recorded and handed on: what the listener
      // does with a page then overlaps the request instead of delaying it.
      for (let fetching = take(); fetching; ) {
        const { page, offset, seq } = await fetching;
        fetching = take();
        this.state.record(page, offset, seq, this.pageSize, this.limit, this.options.key);
        this.report();
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.concurrency, offsets.length) }, () =>
        worker().catch((reason: unknown) => {
          failure ??= { reason };
          this.stop.abort();
        }),
      ),
    );
    if (failure) throw failure.reason;
    if (this.stop.signal.aborted) throw new HssError('cancelled', 'The request was cancelled.');
  }

  /** One page and its reading's sequence number (later readings of a place win). */
  private async fetch(offset: number): Promise<{ page: Page<T>; seq: number }> {
    this.requests++;
    const page = await this.read({ offset, limit: this.limit }, this.stop.signal);
    const seq = ++this.seq;
    this.lastTotal = page.totalNum;
    if (!this.pageSizeKnown) {
      this.pageSize = page.items.length > 0 ? page.items.length : this.limit;
      this.pageSizeKnown = page.items.length > 0;
    }
    if (page.requestId) this.requestIds.push(page.requestId);
    return { page, seq };
  }

  private report(): void {
    const onProgress = this.options.onProgress;
    if (!onProgress) return;
    const state = this.state;
    onProgress({
      get items() {
        return state.items();
      },
      prefix: state.prefix,
      attempt: this.attempts,
      loaded: state.slots.size,
      total: Math.max(state.maxTotal, state.slots.size),
    });
  }
}

// The operation-log list, as the store and the tests read it.

export interface FetchAllOptions {
  readonly pageSize?: number;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: LoadProgress) => void;
  readonly requestBudget?: number;
}

export type LoadProgress = ListProgress<OperationLog>;
export type AllPages = ReadList<OperationLog>;

export function fetchAllPages(
  client: Pick<HssClient, 'listOperationLogs'>,
  query: OperationLogQuery,
  options: FetchAllOptions = {},
): Promise<AllPages> {
  return readAllPages<OperationLog>(
    (window, signal) => client.listOperationLogs({ ...query, ...window }, signal),
    { ...options, key: operationLogIdentity },
  );
}
