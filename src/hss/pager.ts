/**
 * Reads every page of the task list. The first page gives total_num; the others are fetched
 * with bounded concurrency. Paging is by row offset over a list that changes as tasks arrive,
 * so a load whose pages disagree (the total moved, a gap, a short page in the middle) is read
 * again rather than stitched together: the result never drops nor invents rows.
 */
import type { HssClient, OperationLogQuery, PageResult } from './client';
import { HssError } from './errors';
import type { OperationLog } from './model';

export interface FetchAllOptions {
  readonly pageSize?: number;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /** Called as pages arrive, with every row known so far in list order (for early display). */
  readonly onProgress?: (progress: LoadProgress) => void;
  /** Whole-list re-reads allowed when the pages disagree. */
  readonly maxAttempts?: number;
  /** Safety stop against a server whose total keeps growing. */
  readonly maxPages?: number;
}

export interface LoadProgress {
  readonly items: readonly OperationLog[];
  readonly loaded: number;
  readonly total: number;
}

export interface AllPages {
  readonly items: OperationLog[];
  readonly totalNum: number;
  readonly requestIds: string[];
  readonly pages: number;
  /** Whole-list reads it took (1 unless the list changed while paging). */
  readonly attempts: number;
}

export async function fetchAllPages(
  client: Pick<HssClient, 'listOperationLogs'>,
  query: OperationLogQuery,
  options: FetchAllOptions = {},
): Promise<AllPages> {
  const maxAttempts = options.maxAttempts ?? 3;
  let requests = 0;
  for (let attempt = 1; ; attempt++) {
    const read = await readOnce(client, query, options);
    requests += read.pages.length;
    const problem = inconsistency(read.pages, read.pageSize);
    if (problem === undefined) {
      const items = read.pages.flatMap((page) => page.items);
      return {
        items,
        totalNum: read.pages[0]?.totalNum ?? items.length,
        requestIds: read.pages.flatMap((page) => (page.requestId ? [page.requestId] : [])),
        pages: requests,
        attempts: attempt,
      };
    }
    if (attempt >= maxAttempts) {
      throw new HssError(
        'paging',
        `The task list kept changing while it was read (${problem}); try again in a moment.`,
        { requestId: read.pages.at(-1)?.requestId },
      );
    }
  }
}

interface Read {
  readonly pages: PageResult[];
  readonly pageSize: number;
}

async function readOnce(
  client: Pick<HssClient, 'listOperationLogs'>,
  query: OperationLogQuery,
  options: FetchAllOptions,
): Promise<Read> {
  const pageSize = Math.min(200, Math.max(10, options.pageSize ?? 200));
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxPages = options.maxPages ?? 1000;
  // One failed page stops the others: no more requests with a rejected credential.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  try {
    return await readPages(client, query, options, pageSize, concurrency, maxPages, stop);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

async function readPages(
  client: Pick<HssClient, 'listOperationLogs'>,
  query: OperationLogQuery,
  options: FetchAllOptions,
  pageSize: number,
  concurrency: number,
  maxPages: number,
  stop: AbortController,
): Promise<Read> {
  const signal = stop.signal;

  const first = await client.listOperationLogs({ ...query, offset: 0, limit: pageSize }, signal);
  const pages: (PageResult | undefined)[] = [first];
  const report = () => {
    if (!options.onProgress) return;
    const loaded = pages.reduce((sum, page) => sum + (page?.items.length ?? 0), 0);
    // Rows are shown only up to the first page not yet here, so their order is always right.
    let contiguous = 0;
    while (pages[contiguous]) contiguous++;
    const shown = pages.slice(0, contiguous);
    options.onProgress({
      // Gathered only when read: a listener that skips an update costs nothing.
      get items() {
        return shown.flatMap((page) => page?.items ?? []);
      },
      loaded,
      total: Math.max(first.totalNum, loaded),
    });
  };
  const fetchPage = async (index: number) => {
    pages[index] = await client.listOperationLogs(
      { ...query, offset: index * pageSize, limit: pageSize },
      signal,
    );
    report();
  };
  report();

  if (first.items.length === pageSize) {
    // Every page the first total promises, side by side.
    // When the total is a whole number of pages, the page after it is asked for in the same
    // round, to see that nothing lies beyond a total_num that is too small.
    const exact = first.totalNum % pageSize === 0 ? 1 : 0;
    const planned = Math.min(maxPages, Math.ceil(first.totalNum / pageSize) + exact);
    let next = 1;
    await runWorkers(concurrency, stop, async () => {
      while (next < planned && !signal.aborted) await fetchPage(next++);
    });
    // Past the promised total while the last page is full: a total_num below the real count
    // must not cut the list short. Stops at the first short or empty page.
    while (pages.length < maxPages && pages.at(-1)?.items.length === pageSize) {
      await fetchPage(pages.length);
    }
  }
  const read = pages.filter((page): page is PageResult => page !== undefined);
  return { pages: trimTrailingEmpty(read), pageSize };
}

async function runWorkers(count: number, stop: AbortController, worker: () => Promise<void>): Promise<void> {
  let firstFailure: { reason: unknown } | undefined;
  const running = Array.from({ length: count }, () =>
    worker().catch((reason: unknown) => {
      firstFailure ??= { reason };
      stop.abort();
    }),
  );
  await Promise.all(running);
  if (firstFailure) throw firstFailure.reason;
}

function trimTrailingEmpty(pages: PageResult[]): PageResult[] {
  let end = pages.length;
  while (end > 1 && pages[end - 1]?.items.length === 0) end--;
  return pages.slice(0, end);
}

/** Why the pages of one read do not fit together, or undefined when they do. */
function inconsistency(pages: readonly PageResult[], pageSize: number): string | undefined {
  const total = pages[0]?.totalNum;
  if (pages.some((page) => page.totalNum !== total)) {
    return `the total went from ${total} to ${pages.find((page) => page.totalNum !== total)?.totalNum}`;
  }
  for (let index = 0; index < pages.length - 1; index++) {
    const size = pages[index]?.items.length ?? 0;
    if (size < pageSize) return `page ${index + 1} held ${size} rows where ${pageSize} were expected`;
  }
  // An empty first page under a positive total contradicts itself; taken as the list, it would
  // show "no tasks" in place of all of them.
  if (pages.length === 1 && pages[0]?.items.length === 0 && (total ?? 0) > 0) {
    return `the first page was empty although total_num was ${total}`;
  }
  return undefined;
}
