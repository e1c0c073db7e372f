/**
 * Full load: the client's pager (fetchAllPages, default concurrency and page size) against a
 * sequential pager as Huawei's Terraform provider pages this API (limit 200, offset += rows,
 * until an empty page), both over the same HssClient.
 */
import type { HssClient } from '../src/hss/client';
import type { OperationLog } from '../src/hss/model';
import { fetchAllPages } from '../src/hss/pager';
import { ALL_PROJECTS, benchClient, CONCURRENCY, PAGE_SIZE } from './lib/benchClient';
import type { SampleProcess } from './lib/sampleProcess';
import { median, round } from './lib/stats';

export interface FullLoadFigures {
  readonly concurrentMs: number;
  readonly sequentialMs: number;
  readonly lowerBoundMs: number;
  /** Pages of one concurrent load (fetchAllPages' count, trailing empty pages left out). */
  readonly pages: number;
  /** Requests the server saw for one concurrent load. */
  readonly concurrentRequests: number;
  readonly sequentialRequests: number;
  /** From the start of a load to the first onProgress callback (first tasks shown). */
  readonly firstPageMs: number;
  readonly speedup: number;
  readonly ratioToLowerBound: number;
  readonly tasks: number;
  /**
   * How far past the injected latency the sample server answered (median), during the concurrent
   * and the sequential loads. Its own work runs inside the latency, as a backend that serves
   * concurrent requests side by side would; this is what is left over (timers, sending).
   */
  readonly serverExtraMs: { readonly concurrent: number; readonly sequential: number };
  /** Both pagers returned the same rows in the same order. */
  readonly sameRows: boolean;
  readonly samples: { concurrentMs: number[]; sequentialMs: number[]; firstPageMs: number[] };
}

async function sequentialLoad(client: HssClient): Promise<{ items: OperationLog[]; requests: number }> {
  const items: OperationLog[] = [];
  let requests = 0;
  for (let offset = 0; ; ) {
    const page = await client.listOperationLogs({ ...ALL_PROJECTS, offset, limit: PAGE_SIZE });
    requests++;
    if (page.items.length === 0) return { items, requests };
    items.push(...page.items);
    offset += page.items.length;
  }
}

async function concurrentLoad(client: HssClient) {
  const started = performance.now();
  let firstPageMs: number | undefined;
  const result = await fetchAllPages(client, ALL_PROJECTS, {
    pageSize: PAGE_SIZE,
    concurrency: CONCURRENCY,
    onProgress: () => {
      firstPageMs ??= performance.now() - started;
    },
  });
  return { ms: performance.now() - started, firstPageMs: firstPageMs ?? Number.NaN, result };
}

const key = (log: OperationLog) => `${log.hostId}|${log.backupName}|${log.startedAt}|${log.status}`;

export async function fullLoadFigures(
  server: SampleProcess,
  runs: number,
  latencyMs: number,
): Promise<FullLoadFigures> {
  const client = benchClient(server);
  // Warm-up (JIT, sockets), counting the requests of one load on the way.
  const before = (await server.requests()).total;
  await concurrentLoad(client);
  const concurrentRequests = (await server.requests(before)).requests.length;
  const concurrent: number[] = [];
  const sequential: number[] = [];
  const firstPage: number[] = [];
  let pages = 0;
  let sequentialRequests = 0;
  let tasks = 0;
  let sameRows = true;
  const extra = { concurrent: [] as number[], sequential: [] as number[] };
  let mark = (await server.requests()).total;
  const serverTimes = async (into: number[]) => {
    const { requests, total } = await server.requests(mark);
    mark = total;
    into.push(...requests.map((request) => request.durationMs - latencyMs));
  };
  // Interleaved, so a change in the machine's load hits both pagers alike.
  for (let run = 0; run < runs; run++) {
    const fast = await concurrentLoad(client);
    await serverTimes(extra.concurrent);
    concurrent.push(fast.ms);
    firstPage.push(fast.firstPageMs);
    pages = fast.result.pages;
    tasks = fast.result.items.length;
    const started = performance.now();
    const slow = await sequentialLoad(client);
    sequential.push(performance.now() - started);
    await serverTimes(extra.sequential);
    sequentialRequests = slow.requests;
    sameRows &&=
      slow.items.length === fast.result.items.length &&
      slow.items.every((item, index) => {
        const other = fast.result.items[index];
        return other !== undefined && key(item) === key(other);
      });
  }
  const lowerBoundMs = (1 + Math.ceil((pages - 1) / CONCURRENCY)) * latencyMs;
  const concurrentMs = median(concurrent);
  const sequentialMs = median(sequential);
  return {
    concurrentMs: round(concurrentMs),
    sequentialMs: round(sequentialMs),
    lowerBoundMs,
    pages,
    concurrentRequests,
    sequentialRequests,
    firstPageMs: round(median(firstPage)),
    speedup: round(sequentialMs / concurrentMs, 2),
    ratioToLowerBound: round(concurrentMs / lowerBoundMs, 2),
    tasks,
    serverExtraMs: {
      concurrent: round(median(extra.concurrent)),
      sequential: round(median(extra.sequential)),
    },
    sameRows,
    samples: {
      concurrentMs: concurrent.map((ms) => round(ms)),
      sequentialMs: sequential.map((ms) => round(ms)),
      firstPageMs: firstPage.map((ms) => round(ms)),
    },
  };
}
