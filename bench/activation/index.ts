/**
 * The bench's entry inside a real VS Code (code-server), run by test/run-integration.mjs with
 * `--tests`: activates the extension and reads `activationMs` from its API, then measures the
 * model figures with real `vscode.TreeItem`s. Writes JSON to $HSS_BENCH_OUT; see bench/activation.ts.
 */
import * as fs from 'node:fs';
import * as inspector from 'node:inspector/promises';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { HssBackupTasksApi } from '../../src/extension';
import type { Task } from '../../src/tasks/identity';
import { TaskStore } from '../../src/tasks/store';
import { statusIcon } from '../../src/ui/shared/statusTable';
import {
  buildTaskItem,
  taskContextValue,
  taskDescription,
  taskLabel,
  taskTooltip,
} from '../../src/ui/tasks/taskItems';
import { type TaskNode, TaskTreeProvider } from '../../src/ui/tasks/taskTree';
import { itemsTiming, type ModelView, modelFigures, type RefreshedNodes } from '../lib/modelBench';
import { MemorySource, MODEL_NOW, memoryScope, modelLogs, scaleLogs } from '../lib/modelData';
import { median, round } from '../lib/stats';

const EXTENSION_ID = 'hss-backup-tasks.hss-backup-tasks';
/** 0: activation only (the model figures are taken in one launch). */
const MODEL_RUNS = Number(process.env.HSS_BENCH_MODEL_RUNS ?? 5);

/** The real tree provider over the store, every node's item built as VS Code would ask for it. */
function treeView(store: TaskStore): ModelView {
  const tree = new TaskTreeProvider(
    store,
    () => true,
    '',
    () => MODEL_NOW,
  );
  let refreshed: RefreshedNodes | undefined;
  const listening = tree.onDidChangeTreeData((nodes: TaskNode | TaskNode[] | undefined) => {
    const list = nodes === undefined ? undefined : Array.isArray(nodes) ? nodes : [nodes];
    refreshed =
      list === undefined
        ? 'whole tree'
        : { nodes: list.length, taskNodes: list.filter((node) => node.kind === 'task').length };
  });
  return {
    buildAll: () => {
      // Every node at every level, as VS Code asks for them when each group is expanded: the
      // children of an item that can be expanded (a task row cannot).
      const none = vscode.TreeItemCollapsibleState.None;
      const walk = (nodes: readonly TaskNode[]): number => {
        let count = nodes.length;
        for (const node of nodes) {
          const item = tree.getTreeItem(node);
          if (item.collapsibleState !== none) count += walk(tree.getChildren(node));
        }
        return count;
      };
      return walk(tree.getChildren());
    },
    lastRefreshed: () => refreshed ?? { nodes: 0, taskNodes: 0 },
    dispose: () => {
      listening.dispose();
      tree.dispose();
    },
  };
}

/** Diagnostic: what each part of a task item costs, summed over 10,000 tasks (ms). */
async function itemBreakdown(): Promise<Record<string, number>> {
  const store = new TaskStore(() => MODEL_NOW);
  store.setScope(memoryScope(new MemorySource(modelLogs(1)), 'bench-breakdown'));
  await store.refresh();
  const tasks = store.state.tasks;
  store.dispose();
  const parts: Record<string, (task: Task) => unknown> = {
    'new vscode.TreeItem': (task) => new vscode.TreeItem(task.hostName ?? ''),
    taskLabel: (task) => taskLabel(task),
    taskDescription: (task) => taskDescription(task, MODEL_NOW),
    taskTooltip: (task) => taskTooltip(task, MODEL_NOW),
    taskContextValue: (task) => taskContextValue(task),
    statusIcon: (task) => statusIcon(task.status),
    buildTaskItem: (task) => buildTaskItem(task, MODEL_NOW),
  };
  const costs: Record<string, number> = {};
  for (const [name, part] of Object.entries(parts)) {
    const runs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      for (const task of tasks) part(task);
      runs.push(performance.now() - started);
    }
    costs[name] = round(median(runs), 1);
  }
  return costs;
}

/**
 * Waits until the machine is quiet: four 250 ms windows in a row with the cores at least 80% idle
 * (the browser drawing the workbench and the VS Code server keep both cores busy for a while after
 * activation). Gives up after 30 s and measures anyway; returns how long it waited.
 */
async function settled(): Promise<number> {
  const started = performance.now();
  const idleAndTotal = () =>
    os.cpus().reduce(
      (sum, cpu) => {
        const times = Object.values(cpu.times).reduce((a, b) => a + b, 0);
        return [sum[0] + cpu.times.idle, sum[1] + times];
      },
      [0, 0],
    );
  let quiet = 0;
  let [idle, total] = idleAndTotal();
  while (quiet < 4 && performance.now() - started < 30_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const [nextIdle, nextTotal] = idleAndTotal();
    const share = nextTotal > total ? (nextIdle - idle) / (nextTotal - total) : 0;
    quiet = share >= 0.8 ? quiet + 1 : 0;
    [idle, total] = [nextIdle, nextTotal];
  }
  return performance.now() - started;
}

/** Diagnostic: a CPU profile of the items figure, from inside the extension host (HSS_BENCH_PROFILE). */
async function profileItems(file: string): Promise<void> {
  const session = new inspector.Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    await itemsTiming(20, treeView);
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
  } finally {
    session.disconnect();
  }
}

/**
 * scale.treeMs: a tree over 100,000 tasks built (nodes, id map, grouping) and the items VS Code asks
 * for with the groups as they open: the root's items, then each expanded group's children (at most
 * 500 tasks and "Show more") and their items. The median of `runs`.
 */
async function scaleTree(runs: number): Promise<{ treeMs: number; items: number; samples: number[] }> {
  const store = new TaskStore(() => MODEL_NOW);
  store.setScope(memoryScope(new MemorySource(scaleLogs(100_000)), 'bench-scale-tree'));
  await store.refresh();
  const expanded = vscode.TreeItemCollapsibleState.Expanded;
  const samples: number[] = [];
  let items = 0;
  for (let run = 0; run < runs + 1; run++) {
    const started = performance.now();
    const tree = new TaskTreeProvider(
      store,
      () => true,
      '',
      () => MODEL_NOW,
    );
    const roots = tree.getChildren();
    items = roots.length;
    for (const node of roots) {
      if (tree.getTreeItem(node).collapsibleState !== expanded) continue;
      const children = tree.getChildren(node);
      for (const child of children) tree.getTreeItem(child);
      items += children.length;
    }
    const ms = performance.now() - started;
    tree.dispose();
    if (run > 0) samples.push(ms); // the first is a warm-up
  }
  store.dispose();
  return { treeMs: round(median(samples), 2), items, samples: samples.map((ms) => round(ms, 2)) };
}

/**
 * startup.cachedFirstPaintMs: the path a window reload takes, in this window. The extension loads a
 * list of 10,000 from a sample server (and keeps it); the scope is left and set again with every
 * request then taking 10 s, and the time is taken from the call that sets the scope (what activation
 * does first, once settings and credentials are read) to VS Code
 * reading the view's root with the kept tasks in it: the first frame that can show them. No request
 * has been answered by then. Before the scope is set the view is left still for QUIET_MS, as a
 * reloaded window's view is: VS Code gathers a view's changes for 200 ms after the last one, so a
 * scope set right after the filtered load's own changes measured that wait (about 250 ms), not the
 * start-up.
 */
const QUIET_MS = 300;
async function cachedFirstPaint(api: HssBackupTasksApi, runs: number) {
  const { startSampleServer } = await import('../../src/sample/server');
  const server = await startSampleServer({ taskCount: 10_000, seed: 3 });
  const config = vscode.workspace.getConfiguration('hssBackupTasks');
  const settle = async () => {
    const deadline = Date.now() + 60_000;
    await new Promise((resolve) => setTimeout(resolve, 50));
    while ((api.store.state.loading || api.store.state.loadedAt === undefined) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const samples: number[] = [];
  let tasks = 0;
  try {
    for (const [key, value] of Object.entries({
      endpoint: server.url,
      projectId: server.projectId,
      lastDays: 0,
      enterpriseProjectId: 'all_granted_eps',
      autoRefreshSeconds: 0,
    })) {
      await config.update(key, value, vscode.ConfigurationTarget.Global);
    }
    await vscode.commands.executeCommand('hssBackupTasks.setToken', server.token);
    await vscode.commands.executeCommand('workbench.view.extension.hssBackupTasks');
    await settle();
    const view = api.projectsTree;
    const original = view.getChildren.bind(view);
    for (let run = 0; run < runs; run++) {
      server.setFaults({});
      await vscode.commands.executeCommand('hssBackupTasks.filterByStatus', ['failed']);
      await settle();
      await api.taskCache.flushed();
      server.setFaults({ latency: { ms: 10_000 } });
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      let scopeSetAt: number | undefined;
      const painted = new Promise<number>((resolve) => {
        view.getChildren = (node) => {
          const children = original(node);
          if (
            !node &&
            scopeSetAt !== undefined &&
            api.store.state.cachedAt !== undefined &&
            children.length > 0
          ) {
            resolve(performance.now() - scopeSetAt);
          }
          return children;
        };
      });
      const store = api.store;
      const filteredKey = store.state.scopeKey;
      const setScope = store.setScope;
      store.setScope = (scope) => {
        if (scopeSetAt === undefined && scope && scope.key !== filteredKey) scopeSetAt = performance.now();
        setScope.call(store, scope);
      };
      const watching = { dispose: () => Reflect.deleteProperty(store, 'setScope') };
      void vscode.commands.executeCommand('hssBackupTasks.clearFilters');
      const ms = await Promise.race([
        painted,
        new Promise<number>((resolve) => setTimeout(() => resolve(-1), 8_000)),
      ]);
      watching.dispose();
      view.getChildren = original;
      tasks = api.store.state.tasks.length;
      if (ms >= 0) samples.push(ms);
      server.setFaults({});
      await vscode.commands.executeCommand('hssBackupTasks.refresh');
      await settle();
    }
  } finally {
    await vscode.commands.executeCommand('hssBackupTasks.clearFilters');
    await server.close();
  }
  return {
    cachedFirstPaintMs: samples.length ? round(median(samples), 1) : null,
    tasks,
    samples: samples.map((ms) => round(ms, 1)),
  };
}

/**
 * The two halves of the window-reload figure (bench/activation.ts reloadFirstPaint). `prepare`: the
 * settings point at the bench's sample server (credentials come from the environment), the view
 * loads the list and it is kept. `measure`, in the same user data reopened: the extension is
 * activated and the view opened, and the time is taken to the first root read with kept tasks.
 */
async function reload(
  extension: vscode.Extension<HssBackupTasksApi>,
  mode: string,
): Promise<Record<string, unknown>> {
  if (mode === 'prepare') {
    const api = await extension.activate();
    const config = vscode.workspace.getConfiguration('HSS');
    for (const [key, value] of Object.entries({
      endpoint: process.env.HSS_BENCH_ENDPOINT,
      lastDays: 0,
      enterpriseProjectId: 'all_granted_eps',
      autoRefreshSeconds: 0,
    })) {
      await config.update(key, value, vscode.ConfigurationTarget.Global);
    }
    await vscode.commands.executeCommand('workbench.view.extension.hssBackupTasks');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const state = api.store.state;
      if (!state.loading && state.loadedAt !== undefined && state.tasks.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await api.taskCache.flushed();
    return { tasks: api.store.state.tasks.length, error: api.store.state.error?.message };
  }
  const wasActive = extension.isActive;
  const called = performance.now();
  const api = await extension.activate();
  const activated = performance.now();
  const view = api.projectsTree;
  const original = view.getChildren.bind(view);
  let answeredBefore = false;
  // Diagnostics: when the store's scope was set and first held the kept list, and when the view
  // first read its root.
  let keptAt: number | undefined = api.store.state.cachedAt === undefined ? undefined : activated;
  let firstRootReadAt: number | undefined;
  let scopeSetAt: number | undefined = api.store.state.scopeKey === undefined ? undefined : activated;
  const watching = api.store.onDidChangeState(() => {
    if (scopeSetAt === undefined && api.store.state.scopeKey !== undefined) scopeSetAt = performance.now();
    if (keptAt === undefined && api.store.state.cachedAt !== undefined) keptAt = performance.now();
  });
  const painted = new Promise<number>((resolve) => {
    view.getChildren = (node) => {
      if (!node) firstRootReadAt ??= performance.now();
      const children = original(node);
      const state = api.store.state;
      if (!node && state.cachedAt !== undefined && state.tasks.length > 0 && children.length > 0) {
        answeredBefore = state.loadedAt !== undefined;
        resolve(performance.now());
      }
      return children;
    };
  });
  void vscode.commands.executeCommand('workbench.view.extension.hssBackupTasks');
  const at = await Promise.race([painted, new Promise<undefined>((resolve) => setTimeout(resolve, 8_000))]);
  view.getChildren = original;
  watching.dispose();
  const since = (time: number | undefined) => (time === undefined ? null : time - activated);
  return {
    scopeSetMs: since(scopeSetAt),
    keptInStoreMs: since(keptAt),
    firstRootReadMs: since(firstRootReadAt),
    fromActivateCallMs: at === undefined || wasActive ? null : at - called,
    afterActivationMs: at === undefined ? null : at - activated,
    activationMs: api.activationMs,
    tasks: api.store.state.tasks.length,
    answeredBefore,
  };
}

export async function run(): Promise<void> {
  const out = process.env.HSS_BENCH_OUT;
  if (!out) throw new Error('HSS_BENCH_OUT is not set: run this through bench/run.ts');
  const extension = vscode.extensions.getExtension<HssBackupTasksApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  const reloadMode = process.env.HSS_BENCH_RELOAD;
  if (reloadMode) {
    fs.writeFileSync(out, JSON.stringify(await reload(extension, reloadMode)));
    return;
  }
  const wasActive = extension.isActive;
  const started = performance.now();
  const api = await extension.activate();
  const activateCallMs = performance.now() - started;
  // The model figures in a settled window: right after activation the workbench is still starting
  // on the same two cores, which measures the start-up, not the tree.
  const settledMs = MODEL_RUNS > 0 ? await settled() : undefined;
  const model = MODEL_RUNS > 0 ? await modelFigures(MODEL_RUNS, treeView) : undefined;
  const scaleRuns = Number(process.env.HSS_BENCH_SCALE) || 0;
  const scale = scaleRuns > 0 ? await scaleTree(scaleRuns) : undefined;
  const startup = scaleRuns > 0 ? await cachedFirstPaint(api, scaleRuns) : undefined;
  if (MODEL_RUNS > 0 && process.env.HSS_BENCH_PROFILE) await profileItems(process.env.HSS_BENCH_PROFILE);
  fs.writeFileSync(
    out,
    JSON.stringify({
      vscodeVersion: vscode.version,
      wasActive,
      activationMs: api.activationMs,
      loadMs: api.loadMs,
      activateCallMs,
      model,
      itemBreakdownMs: MODEL_RUNS > 0 ? await itemBreakdown() : undefined,
      settledMs,
      scale,
      startup,
    }),
  );
}
