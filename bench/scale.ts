/**
 * Scale: a first load of 100,000 tasks through the TaskStore (paging, identities, appending as it
 * arrives, the final diff) with a view attached that does what the tree does with each change
 * (bench/lib/nodeView.ts: `appendingView`), at 50 ms per request and concurrency 4; its CPU time
 * against the same load of 10,000 (linear: ≤ 12×); the heap holding 100,000.
 */
import { TaskStore } from '../src/tasks/store';
import { ALL_PROJECTS, benchClient, CONCURRENCY, PAGE_SIZE } from './lib/benchClient';
import { appendingView } from './lib/nodeView';
import { SampleProcess } from './lib/sampleProcess';
import { median, round } from './lib/stats';
import { memoryFigures } from './memory';

export const SCALE_TASKS = 100_000;
const SMALL_TASKS = 10_000;

export interface ScaleFigures {
  readonly tasks: number;
  /** Wall time of the first load of 100,000 (median). */
  readonly fullLoadMs: number;
  /** (1 + ⌈(pages − 1) / 4⌉) × latency, pages = 1 + ⌈(N − 200) / 199⌉ (one row of overlap). */
  readonly lowerBoundMs: number;
  readonly ratioToLowerBound: number;
  readonly pages: number;
  /** Requests the server saw for one load (the pages, the end check and two failure counts). */
  readonly requests: number;
  /** CPU time of the sample server's process over one first load of 100,000 (median). */
  readonly serverCpuMs: number;
  /** CPU time of this process (the extension host's share) over the whole first load. */
  readonly loadCpuMs: { readonly '100k': number; readonly '10k': number; readonly ratio: number };
  /** Updates the view got while the load arrived, and the most rows one of them brought. */
  readonly updates: number;
  readonly maxRowsPerUpdate: number;
  readonly heapMB: number;
  readonly samples: { fullLoadMs: number[]; cpuMs100k: number[]; cpuMs10k: number[]; serverCpuMs: number[] };
}

async function firstLoad(server: SampleProcess) {
  const store = new TaskStore();
  const view = appendingView(store);
  let updates = 0;
  let maxRows = 0;
  const listening = store.onDidChangeTasks((change) => {
    updates++;
    if (change.appended) maxRows = Math.max(maxRows, change.added.length);
  });
  store.setScope({
    key: 'bench-scale',
    source: benchClient(server),
    query: ALL_PROJECTS,
    pageSize: PAGE_SIZE,
    concurrency: CONCURRENCY,
  });
  const serverCpu = await server.cpuMs();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await store.refresh();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const serverCpuMs = (await server.cpuMs()) - serverCpu;
  const tasks = store.state.tasks.length;
  if (store.state.error) throw new Error(`the scale load failed: ${store.state.error.message}`);
  if (view.count() !== tasks) throw new Error(`the view holds ${view.count()} of ${tasks} tasks`);
  listening.dispose();
  view.dispose();
  store.dispose();
  return { ms, cpuMs: (used.user + used.system) / 1000, serverCpuMs, tasks, updates, maxRows };
}

async function loads(server: SampleProcess, runs: number) {
  await firstLoad(server); // warm-up: JIT, sockets
  const samples = [];
  for (let run = 0; run < runs; run++) samples.push(await firstLoad(server));
  return samples;
}

export async function scaleFigures(
  options: { now: number; token: string; latencyMs: number },
  runs: number,
): Promise<ScaleFigures> {
  const start = (taskCount: number) =>
    SampleProcess.start({
      taskCount,
      seed: 1,
      now: options.now,
      token: options.token,
      latencyMs: options.latencyMs,
      running: 3,
    });
  const small = await start(SMALL_TASKS);
  let smallCpu: number[];
  try {
    smallCpu = (await loads(small, runs)).map((sample) => sample.cpuMs);
  } finally {
    await small.close();
  }
  const large = await start(SCALE_TASKS);
  try {
    const before = (await large.requests()).total;
    await firstLoad(large);
    const requests = (await large.requests(before)).requests.length;
    const samples = await loads(large, runs);
    await large.setLatency(0);
    const memory = await memoryFigures(large, Math.min(runs, 3));
    const pages = 1 + Math.ceil((SCALE_TASKS - PAGE_SIZE) / (PAGE_SIZE - 1));
    const lowerBoundMs = (1 + Math.ceil((pages - 1) / CONCURRENCY)) * options.latencyMs;
    const fullLoadMs = round(median(samples.map((sample) => sample.ms)));
    const cpu100k = round(median(samples.map((sample) => sample.cpuMs)));
    const cpu10k = round(median(smallCpu));
    return {
      tasks: samples[0]?.tasks ?? 0,
      fullLoadMs,
      lowerBoundMs,
      ratioToLowerBound: round(fullLoadMs / lowerBoundMs, 3),
      pages,
      requests,
      serverCpuMs: round(median(samples.map((sample) => sample.serverCpuMs))),
      loadCpuMs: { '100k': cpu100k, '10k': cpu10k, ratio: round(cpu100k / cpu10k, 2) },
      updates: median(samples.map((sample) => sample.updates)),
      maxRowsPerUpdate: Math.max(...samples.map((sample) => sample.maxRows)),
      heapMB: memory.heapMB,
      samples: {
        fullLoadMs: samples.map((sample) => round(sample.ms)),
        cpuMs100k: samples.map((sample) => round(sample.cpuMs)),
        cpuMs10k: smallCpu.map((ms) => round(ms)),
        serverCpuMs: samples.map((sample) => round(sample.serverCpuMs)),
      },
    };
  } finally {
    await large.close();
  }
}
