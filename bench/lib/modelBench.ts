/**
 * The model figures, shared by Node (grouping only) and the VS Code entry (real tree items).
 *
 * - items: a view is built over a store holding 10,000 tasks (grouping by status) and every node's
 *   item is built: what the tree does after each change. This is the figure with the target.
 * - refresh: the store replaces 10,000 tasks with 10,000 others (every id changes): paging over an
 *   in-memory source, identities, the diff. No target; it runs on the same thread, so it is shown.
 * - filtered refresh: the same under a status filter. Filters are API parameters, so the client's
 *   part is reading one series per status and merging them newest first.
 * - first load: a fresh store loads 10,000 tasks with the view attached; a first load shows each
 *   page as it arrives, so the store (and the view) handle every page. No target.
 * - targeted: a refresh in which 10 tasks changed; counts what the store and the view refreshed.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { TaskStore } from '../../src/tasks/store';
import {
  ALL_STATUSES_FILTER,
  CHANGED_TASKS,
  MemorySource,
  MODEL_NOW,
  memoryScope,
  modelLogs,
  withChangedTasks,
} from './modelData';
import { median, round } from './stats';

/** A view over a store, built when created (as the tree provider is). */
export interface ModelView {
  /** Builds every item the view can show; returns how many. */
  buildAll(): number;
  /** What the last store change refreshed; undefined when the view cannot tell (Node). */
  lastRefreshed(): RefreshedNodes | undefined;
  dispose(): void;
}

export type RefreshedNodes = 'whole tree' | { readonly nodes: number; readonly taskNodes: number };

export interface ModelFigures {
  /** Median of building the view over 10,000 tasks and every item in it (wall time). */
  readonly medianMs: number;
  /** The same builds' CPU time in this process (diagnostic: what the build cost, load aside). */
  readonly cpuMedianMs: number;
  /** Of each build sample, the time garbage collections took (diagnostic). */
  readonly gcMedianMs: number;
  readonly gcSamples: number[];
  readonly items: number;
  readonly samples: number[];
  readonly refreshMs: number;
  readonly filteredRefreshMs: number;
  /** A first load of 10,000 from memory, page by page, with the view attached. */
  readonly firstLoadMs: number;
  readonly firstLoadSamples: number[];
  readonly targeted: {
    readonly changedTasks: number;
    /** Tasks named in the store's change events (added + removed + changed). */
    readonly storeEventTasks: number;
    readonly storeEvents: number;
    /** What the view refreshed; absent when the view has no node-level refresh (Node). */
    readonly viewRefreshed?: RefreshedNodes;
  };
}

type Lists = readonly [ReturnType<typeof modelLogs>, ReturnType<typeof modelLogs>];

export async function modelFigures(
  runs: number,
  viewOf: (store: TaskStore) => ModelView,
): Promise<ModelFigures> {
  const lists = modelLists();
  const unfiltered = await refreshAndBuild(runs, viewOf, lists, undefined, true);
  const filtered = await refreshAndBuild(runs, viewOf, lists, ALL_STATUSES_FILTER, false);
  const targeted = await targetedRefresh(viewOf, lists[0]);
  // Slow enough (every page handles the whole list so far) that fewer runs keep the bench short.
  const firstLoad = await firstLoads(Math.min(runs, 3), viewOf, lists[0]);
  return {
    medianMs: round(median(unfiltered.items), 2),
    cpuMedianMs: round(median(unfiltered.itemsCpu), 2),
    gcMedianMs: round(median(unfiltered.itemsGc), 2),
    gcSamples: unfiltered.itemsGc.map((ms) => round(ms, 2)),
    items: unfiltered.itemCount,
    samples: unfiltered.items.map((ms) => round(ms, 2)),
    refreshMs: round(median(unfiltered.refresh), 2),
    filteredRefreshMs: round(median(filtered.refresh), 2),
    firstLoadMs: round(median(firstLoad), 1),
    firstLoadSamples: firstLoad.map((ms) => round(ms, 1)),
    targeted,
  };
}

async function firstLoads(
  runs: number,
  viewOf: (store: TaskStore) => ModelView,
  logs: ReturnType<typeof modelLogs>,
): Promise<number[]> {
  const source = new MemorySource(logs);
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const store = new TaskStore(() => MODEL_NOW);
    store.setScope(memoryScope(source, 'bench-first-load'));
    const view = viewOf(store);
    const started = performance.now();
    await store.refresh();
    samples.push(performance.now() - started);
    view.dispose();
    store.dispose();
  }
  return samples;
}

export function modelLists(): Lists {
  return [modelLogs(1), modelLogs(2)];
}

/** Building the view over 10,000 tasks and every item in it, alone: ms per run. */
export async function itemsTiming(
  runs: number,
  viewOf: (store: TaskStore) => ModelView,
  lists: Lists = modelLists(),
): Promise<number[]> {
  return (await refreshAndBuild(runs, viewOf, lists, undefined, true)).items;
}

async function refreshAndBuild(
  runs: number,
  viewOf: (store: TaskStore) => ModelView,
  lists: Lists,
  statuses: typeof ALL_STATUSES_FILTER | undefined,
  build: boolean,
) {
  const source = new MemorySource(lists[1]);
  const store = new TaskStore(() => MODEL_NOW);
  store.setScope(memoryScope(source, 'bench', statuses));
  await store.refresh();
  const refresh: number[] = [];
  const items: number[] = [];
  // CPU time of this process (every thread, the collector's included) beside the wall time: the
  // part of a sample the build itself cost, whatever else ran on the machine.
  const itemsCpu: number[] = [];
  let itemCount = 0;
  // Garbage collections (start, duration), to tell what part of each build sample they took.
  const collections: [number, number][] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) collections.push([entry.startTime, entry.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  const windows: [number, number][] = [];
  // Two warm-up rounds for the JIT, then the measured ones; each swaps the whole list.
  for (let run = -2; run < runs; run++) {
    source.set(lists[(run + 2) % 2] ?? lists[0]);
    const started = performance.now();
    await store.refresh();
    const refreshed = performance.now();
    const cpuBefore = process.cpuUsage();
    if (build) {
      const view = viewOf(store);
      itemCount = view.buildAll();
      view.dispose();
    }
    const built = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    if (run >= 0) {
      refresh.push(refreshed - started);
      items.push(built - refreshed);
      itemsCpu.push((cpu.user + cpu.system) / 1000);
      windows.push([refreshed, built]);
    }
  }
  store.dispose();
  // Entries arrive after the work that caused them: let them in, then stop listening.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  const itemsGc = windows.map(([from, to]) =>
    collections
      .filter(([start]) => start >= from && start < to)
      .reduce((sum, [, duration]) => sum + duration, 0),
  );
  return { refresh, items, itemsCpu, itemsGc, itemCount };
}

async function targetedRefresh(
  viewOf: (store: TaskStore) => ModelView,
  logs: ReturnType<typeof modelLogs>,
): Promise<ModelFigures['targeted']> {
  const source = new MemorySource(logs);
  const store = new TaskStore(() => MODEL_NOW);
  store.setScope(memoryScope(source, 'bench-targeted'));
  await store.refresh();
  const view = viewOf(store);
  view.buildAll();
  let storeEvents = 0;
  let storeEventTasks = 0;
  const listening = store.onDidChangeTasks((change) => {
    storeEvents++;
    storeEventTasks += change.added.length + change.removed.length + change.changed.length;
  });
  source.set(withChangedTasks(logs, CHANGED_TASKS));
  await store.refresh();
  listening.dispose();
  const viewRefreshed = view.lastRefreshed();
  view.dispose();
  store.dispose();
  return { changedTasks: CHANGED_TASKS, storeEventTasks, storeEvents, viewRefreshed };
}
