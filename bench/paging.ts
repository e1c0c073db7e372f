/**
 * The complete list against awkward servers (issue: page caps, a list that moves): a full load
 * from a server that serves 100 rows a page whatever `limit` asks, against *its* lower bound; and a
 * load of the same list while 5 tasks a second arrive at the top, against the still list.
 */
import { fetchAllPages } from '../src/hss/pager';
import { ALL_PROJECTS, benchClient, CONCURRENCY, PAGE_SIZE } from './lib/benchClient';
import { type SampleChildOptions, SampleProcess } from './lib/sampleProcess';
import { median, round } from './lib/stats';

export interface PagingFigures {
  readonly capped: {
    readonly pageCap: number;
    readonly ms: number;
    readonly pages: number;
    readonly lowerBoundMs: number;
    readonly ratioToLowerBound: number;
    readonly complete: boolean;
  };
  readonly moving: {
    readonly arrivalsPerSecond: number;
    readonly ms: number;
    readonly requests: number;
    readonly stillRequests: number;
    readonly stillMs: number;
    readonly requestRatio: number;
    readonly timeRatio: number;
    readonly arrived: number;
    readonly complete: boolean;
  };
}

async function loads(options: SampleChildOptions, runs: number) {
  const server = await SampleProcess.start(options);
  try {
    const client = benchClient(server);
    await fetchAllPages(client, ALL_PROJECTS, { pageSize: PAGE_SIZE, concurrency: CONCURRENCY });
    const times: number[] = [];
    const requests: number[] = [];
    let pages = 0;
    let complete = true;
    let rows = 0;
    for (let run = 0; run < runs; run++) {
      const before = (await server.requests()).total;
      const started = performance.now();
      const result = await fetchAllPages(client, ALL_PROJECTS, {
        pageSize: PAGE_SIZE,
        concurrency: CONCURRENCY,
      });
      times.push(performance.now() - started);
      requests.push((await server.requests(before)).requests.length);
      pages = result.pages;
      rows = result.items.length;
      complete &&= result.problem === undefined;
    }
    return { ms: median(times), requests: median(requests), pages, complete, rows };
  } finally {
    await server.close();
  }
}

export async function pagingFigures(
  base: Omit<SampleChildOptions, 'pageCap' | 'arrivalsPerSecond'>,
  runs: number,
  latencyMs: number,
): Promise<PagingFigures> {
  const pageCap = 100;
  const capped = await loads({ ...base, pageCap }, runs);
  const cappedBound = (1 + Math.ceil((capped.pages - 1) / CONCURRENCY)) * latencyMs;
  const still = await loads(base, runs);
  const arrivalsPerSecond = 5;
  const moving = await loads({ ...base, arrivalsPerSecond }, runs);
  return {
    capped: {
      pageCap,
      ms: round(capped.ms),
      pages: capped.pages,
      lowerBoundMs: cappedBound,
      ratioToLowerBound: round(capped.ms / cappedBound, 2),
      complete: capped.complete && capped.rows === base.taskCount,
    },
    moving: {
      arrivalsPerSecond,
      ms: round(moving.ms),
      requests: moving.requests,
      stillRequests: still.requests,
      stillMs: round(still.ms),
      requestRatio: round(moving.requests / still.requests, 2),
      timeRatio: round(moving.ms / still.ms, 2),
      arrived: moving.rows - base.taskCount,
      complete: moving.complete,
    },
  };
}
