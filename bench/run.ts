/**
 * `npm run bench`: every performance figure of the extension in one run, each the median of
 * several, printed as a table with PASS/MISS against its target and written to bench/results.json.
 * Timings are reported, never asserted: the run exits 0 whatever the figures. See bench/README.md.
 *
 *   tsx bench/run.ts [--runs N] [--vscode-runs N] [--no-vscode] [--only scale]
 *
 * `--only scale` takes the scale figures alone (100,000 tasks) and writes them into the
 * results.json of the last whole run, under `scale`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildActivationEntry,
  type ReloadFigures,
  reloadFirstPaint,
  runInVsCode,
  type VsCodeRun,
} from './activation';
import { bundleFigures } from './bundle';
import { coverageFigures } from './coverage';
import { fullLoadFigures } from './fullLoad';
import { type ModelFigures, modelFigures } from './lib/modelBench';
import { groupingView } from './lib/nodeView';
import { SampleProcess } from './lib/sampleProcess';
import { median, round } from './lib/stats';
import { memoryFigures } from './memory';
import { pagingFigures } from './paging';
import { pollFigures } from './poll';
import { SCALE_TASKS, type ScaleFigures, scaleFigures } from './scale';
import { tickerFigures } from './ticker';

const TASKS = 10_000;
const LATENCY_MS = 50;
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
// A token only this bench uses: the sample server's, never a cloud credential.
const TOKEN = 'MIIbench-sample-token-not-a-credential';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'vscode-runs': { type: 'string', default: '3' },
    'no-vscode': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const runs = Math.max(1, Number(values.runs) || 5);
const vscodeRuns = values['no-vscode'] ? 0 : Math.max(0, Number(values['vscode-runs']) || 0);

interface Target {
  readonly figure: string;
  readonly value: string;
  readonly target: string;
  readonly pass: boolean | undefined;
}

/**
 * How fast this machine is right now: the median of three runs of a fixed piece of arithmetic
 * (about 0.3 s on an idle 2.5 GHz Xeon core). Virtual machines share their cores, so the same
 * machine runs slower at busy hours; figures from runs with different calibrations differ by as much.
 */
function calibration(): number {
  const samples: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    let x = 0;
    for (let i = 0; i < 60_000_000; i++) x = (x + i * 7) % 1_000_003;
    samples.push(performance.now() - started + (x < 0 ? 1 : 0));
  }
  return round(median(samples));
}

function step(name: string): () => void {
  const started = performance.now();
  process.stdout.write(`• ${name}… `);
  return () => process.stdout.write(`${round((performance.now() - started) / 1000)} s\n`);
}

/** The scale figures: in Node (load, CPU, heap), and the tree in VS Code (one launch). */
/**
 * startup.cachedFirstPaintMs from windows reopened on the same user data; the same path measured
 * inside one window (the scope set again) is kept beside it as `sameWindow`.
 */
type StartupFigures = ReloadFigures & { readonly sameWindow?: VsCodeRun['startup'] };

async function scaleRun(
  scaleRuns: number,
): Promise<
  ScaleFigures & { treeMs?: number; treeItems?: number; treeSamples?: number[]; startup?: StartupFigures }
> {
  let done = step(`scale: first loads of ${SCALE_TASKS} and 10,000 tasks at ${LATENCY_MS} ms per request`);
  const figures = await scaleFigures({ now: NOW, token: TOKEN, latencyMs: LATENCY_MS }, scaleRuns);
  done();
  if (vscodeRuns === 0) return figures;
  done = step(`VS Code: the tree over ${SCALE_TASKS} tasks`);
  const entry = await buildActivationEntry();
  const run = await runInVsCode(entry, 0, 0, runs);
  done();
  done = step('VS Code: a window reopened with the kept list (1 + 3 launches)');
  const reload = await reloadFirstPaint(entry, 3);
  done();
  return {
    ...figures,
    treeMs: run?.scale?.treeMs,
    treeItems: run?.scale?.items,
    treeSamples: run?.scale?.samples,
    startup: { ...reload, sameWindow: run?.startup },
  };
}

function scaleTargets(scale: Awaited<ReturnType<typeof scaleRun>>): Target[] {
  return [
    {
      figure: `scale: first load of ${scale.tasks} (${scale.pages} pages), concurrency 4`,
      value: `${scale.fullLoadMs} ms (${scale.ratioToLowerBound}× of ${scale.lowerBoundMs} ms)`,
      target: '≤ 1.15× the lower bound',
      pass: scale.ratioToLowerBound <= 1.15,
    },
    {
      figure: 'scale: CPU of the sample server process over that load',
      value: `${scale.serverCpuMs} ms`,
      target: '—',
      pass: undefined,
    },
    {
      figure: 'scale: CPU of the first load, 100,000 vs 10,000',
      value: `${scale.loadCpuMs['100k']} ms vs ${scale.loadCpuMs['10k']} ms (${scale.loadCpuMs.ratio}×)`,
      target: '≤ 12×',
      pass: scale.loadCpuMs.ratio <= 12,
    },
    {
      figure: `scale: heap holding ${scale.tasks}`,
      value: `${scale.heapMB} MB`,
      target: '< 60 MB',
      pass: scale.heapMB < 60,
    },
    {
      figure: `scale: tree over ${scale.tasks} (${scale.treeItems ?? '?'} items of the expanded groups)`,
      value: scale.treeMs === undefined ? 'not measured' : `${scale.treeMs} ms`,
      target: '< 100 ms',
      pass: scale.treeMs === undefined ? undefined : scale.treeMs < 100,
    },
    {
      figure: `startup: a window reopened, the kept list of ${scale.startup?.tasks || '?'} on screen after activation`,
      value:
        scale.startup?.cachedFirstPaintMs == null
          ? 'not measured'
          : `${scale.startup.cachedFirstPaintMs} ms (${scale.startup.samples.length} of ${scale.startup.runs} launches; ${scale.startup.fromActivateCallMs ?? '?'} ms from the activate call)`,
      target: '< 150 ms, no request answered',
      pass: scale.startup?.cachedFirstPaintMs == null ? undefined : scale.startup.cachedFirstPaintMs < 150,
    },
    {
      figure: `startup: the same in one window, from the scope being set`,
      value:
        scale.startup?.sameWindow?.cachedFirstPaintMs == null
          ? 'not measured'
          : `${scale.startup.sameWindow.cachedFirstPaintMs} ms`,
      target: '—',
      pass: undefined,
    },
  ];
}

async function main(): Promise<void> {
  if (values.only === 'scale') {
    const file = path.join(__dirname, 'results.json');
    const scale = await scaleRun(Math.min(runs, 3));
    const results = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const { startup, ...scaleOnly } = scale;
    results.startup = startup ?? { cachedFirstPaintMs: null };
    results.scale = {
      ...scaleOnly,
      machine: {
        loadAverage: os.loadavg().map((load) => round(load, 2)),
        calibrationMs: calibration(),
        date: new Date().toISOString(),
      },
    };
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    printTable(scaleTargets(scale));
    return;
  }
  const benchStarted = performance.now();
  const machine = {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    nodeVersion: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((load) => round(load, 2)),
    calibrationMs: calibration(),
    date: new Date().toISOString(),
  };
  console.log(`HSS Backup Tasks bench: ${TASKS} tasks, ${LATENCY_MS} ms per request, median of ${runs} runs`);
  console.log(
    `${machine.cpu} ×${machine.cores}, Node ${machine.nodeVersion}, load ${machine.loadAverage.join(' ')}, calibration ${machine.calibrationMs} ms`,
  );

  let done = step('bundle (node esbuild.mjs --production)');
  const bundle = bundleFigures();
  done();

  // Activation and the tree items need the real VS Code; it loads the production bundle built above.
  const vscode: VsCodeRun[] = [];
  if (vscodeRuns > 0) {
    done = step(`VS Code: activation and tree items (${vscodeRuns} launches)`);
    const entry = await buildActivationEntry();
    for (let index = 1; index <= vscodeRuns; index++) {
      // The model figures in every launch: from one launch of VS Code to the next, the same build
      // takes anywhere from 9 to 25 ms (what else the window is doing, where the collector is), so
      // the figure is the median of the launches' medians, each of three times the samples.
      const result = await runInVsCode(entry, index, runs * 3);
      if (result) vscode.push(result);
    }
    done();
  }

  const server = await SampleProcess.start({
    taskCount: TASKS,
    seed: 1,
    now: NOW,
    token: TOKEN,
    latencyMs: LATENCY_MS,
    running: 3,
  });
  try {
    done = step('full load: fetchAllPages vs a sequential pager');
    const fullLoad = await fullLoadFigures(server, runs, LATENCY_MS);
    done();
    done = step('paging: a server capped at 100 rows a page; 5 arrivals a second');
    const paging = await pagingFigures(
      { taskCount: TASKS, seed: 1, now: NOW, token: TOKEN, latencyMs: LATENCY_MS },
      runs,
      LATENCY_MS,
    );
    done();

    // Latency adds nothing to the next figures, only waiting.
    await server.setLatency(0);
    done = step('memory');
    const memory = await memoryFigures(server, Math.min(runs, 3));
    done();
    done = step('poll');
    const poll = await pollFigures(server);
    done();
    const scale = await scaleRun(Math.min(runs, 3));
    done = step('model in Node (grouping, no tree items)');
    const nodeModel = await modelFigures(runs, groupingView);
    done();
    done = step('ticker: rows whose relative time moved on (Node)');
    const ticker = tickerFigures(runs);
    done();
    done = step('coverage: 5,000 servers with 100,000 tasks (Node)');
    const coverage = coverageFigures(runs);
    done();

    const vscodeModel = vscode.flatMap((run) => (run.model ? [run.model] : []));
    const model = vscodeModel[0]
      ? {
          ...acrossLaunches(vscodeModel),
          where: `VS Code ${vscode[0]?.vscodeVersion} extension host, real vscode.TreeItems, ${vscodeModel.length} launches`,
          launches: vscodeModel,
          itemBreakdownMs: vscode[0]?.itemBreakdownMs,
          node: nodeModel,
        }
      : { ...nodeModel, where: 'Node, grouping only (no VS Code run)', node: nodeModel };
    const activation =
      vscode.length > 0
        ? {
            // Evaluating the bundle and activate(): the extension's whole share of its start.
            ms: round(median(vscode.map((run) => (run.loadMs ?? 0) + run.activationMs)), 2),
            loadMs: round(median(vscode.map((run) => run.loadMs ?? 0)), 2),
            activateMs: round(median(vscode.map((run) => run.activationMs)), 2),
            activateCallMs: round(median(vscode.map((run) => run.activateCallMs)), 1),
            runs: vscode.length,
            samples: vscode.map((run) => round((run.loadMs ?? 0) + run.activationMs, 2)),
            activateCallSamples: vscode.map((run) => round(run.activateCallMs, 1)),
            bundle: 'dist/extension.js (production)',
          }
        : { ms: null, runs: 0, note: 'not measured (--no-vscode or VS Code did not run)' };

    const refreshed = model.targeted.viewRefreshed;
    const targets: Target[] = [
      {
        figure: 'full load, fetchAllPages (concurrency 4)',
        value: `${fullLoad.concurrentMs} ms`,
        target: `≥ 3× faster than sequential (${fullLoad.sequentialMs} ms): ${fullLoad.speedup}×`,
        pass: fullLoad.speedup >= 3,
      },
      {
        figure: 'full load vs lower bound',
        value: `${fullLoad.ratioToLowerBound}×`,
        target: `≤ 1.3× of ${fullLoad.lowerBoundMs} ms (${fullLoad.pages} pages, ${fullLoad.concurrentRequests} requests)`,
        pass: fullLoad.ratioToLowerBound <= 1.3,
      },
      {
        figure: 'sample server time per request beyond latency',
        value: `${fullLoad.serverExtraMs.concurrent} ms concurrent, ${fullLoad.serverExtraMs.sequential} ms sequential`,
        target: '— (its work is inside the latency; this is the overshoot)',
        pass: undefined,
      },
      {
        figure: 'time to first tasks',
        value: `${fullLoad.firstPageMs} ms`,
        // One round trip plus parsing the page: the latency and at most 10 ms.
        target: `≤ ${LATENCY_MS + 10} ms (one request: ${LATENCY_MS} ms, plus parsing)`,
        pass: fullLoad.firstPageMs <= LATENCY_MS + 10,
      },
      {
        figure: `paging: full load capped at ${paging.capped.pageCap} rows a page (${paging.capped.pages} pages)`,
        value: `${paging.capped.ms} ms = ${paging.capped.ratioToLowerBound}× its lower bound (${paging.capped.lowerBoundMs} ms)${paging.capped.complete ? '' : ', INCOMPLETE'}`,
        target: '≤ 1.15×, complete',
        pass: paging.capped.ratioToLowerBound <= 1.15 && paging.capped.complete,
      },
      {
        figure: `paging: load during ${paging.moving.arrivalsPerSecond} arrivals/s (${paging.moving.arrived} arrived)`,
        value: `${paging.moving.requests} requests (still list ${paging.moving.stillRequests}) = ${paging.moving.requestRatio}×; ${paging.moving.ms} ms (still ${paging.moving.stillMs} ms)${paging.moving.complete ? '' : ', INCOMPLETE'}`,
        target: '≤ 2× the requests, complete',
        pass: paging.moving.requestRatio <= 2 && paging.moving.complete,
      },
      {
        figure: `model: grouping + ${model.items} tree items`,
        value: `${model.medianMs} ms (CPU ${model.cpuMedianMs} ms, GC ${model.gcMedianMs} ms)`,
        target: '< 20 ms',
        pass: model.medianMs < 20,
      },
      {
        figure: 'model: store refresh of 10,000',
        value: `${model.refreshMs} ms (filtered ${model.filteredRefreshMs} ms)`,
        target: '—',
        pass: undefined,
      },
      {
        figure: 'model: first load of 10,000 (from memory)',
        value: `${model.firstLoadMs} ms (Node, store only: ${nodeModel.firstLoadMs} ms)`,
        target: '—',
        pass: undefined,
      },
      {
        figure: `refresh changing ${model.targeted.changedTasks} tasks`,
        value:
          `store ${model.targeted.storeEventTasks} tasks` +
          (refreshed === undefined
            ? ''
            : refreshed === 'whole tree'
              ? ', tree: whole tree'
              : `, tree ${refreshed.nodes} nodes`),
        target: `${model.targeted.changedTasks} changed nodes only`,
        pass:
          model.targeted.storeEventTasks === model.targeted.changedTasks &&
          (refreshed === undefined ||
            (refreshed !== 'whole tree' &&
              refreshed.nodes === model.targeted.changedTasks &&
              refreshed.taskNodes === refreshed.nodes)),
      },
      {
        figure: `ticker: a 30 s tick over ${ticker.rows} rows (Node)`,
        value: `${ticker.tickMs} ms, ${ticker.changedRows} rows redrawn`,
        target: 'only the rows whose text changed',
        pass: ticker.changedRows < ticker.rows,
      },
      {
        figure: `coverage view: ${coverage.servers} servers, ${coverage.tasks} tasks (Node)`,
        value: `${coverage.buildMs} ms (fastest ${coverage.minMs} ms)`,
        target: '< 50 ms',
        pass: coverage.buildMs < 50,
      },
      {
        figure: `memory: heap holding ${memory.tasks} tasks`,
        value: `${memory.heapMB} MB`,
        target: '< 30 MB',
        pass: memory.heapMB < 30,
      },
      {
        figure: `poll: ${poll.activeTasks} active among ${poll.tasks}`,
        value: `${poll.requests} requests (${poll.statuses.join(', ')})`,
        target: '≤ 2',
        pass: poll.requests <= 2,
      },
      {
        figure: 'bundle dist/extension.js',
        value: `${round(bundle.bytes / 1024, 1)} KiB (${bundle.bytes} B; gzip ${round(bundle.gzipBytes / 1024, 1)} KiB)`,
        target: '< 150 KB (150,000 B)',
        pass: bundle.bytes < 150_000,
      },
      {
        figure: 'activation (loading the bundle + activate())',
        value:
          activation.ms === null
            ? 'not measured'
            : `${activation.ms} ms (${'loadMs' in activation ? activation.loadMs : '?'} + ${'activateMs' in activation ? activation.activateMs : '?'} ms)`,
        target: '< 50 ms',
        pass: activation.ms === null ? undefined : activation.ms < 50,
      },
      ...scaleTargets(scale),
    ];

    const results = {
      machine,
      config: { tasks: TASKS, latencyMs: LATENCY_MS, pageSize: 200, concurrency: 4, runs, vscodeRuns },
      fullLoad,
      paging,
      model,
      memory,
      poll,
      coverage,
      ticker,
      bundle,
      activation,
      scale: (({ startup: _startup, ...scaleOnly }) => scaleOnly)(scale),
      startup: scale.startup ?? { cachedFirstPaintMs: null },
      targets,
      durationS: round((performance.now() - benchStarted) / 1000),
    };
    const file = path.join(__dirname, 'results.json');
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    printTable(targets);
    console.log(`\nWritten to ${path.relative(process.cwd(), file)} in ${results.durationS} s.`);
  } finally {
    await server.close();
  }
}

/**
 * One set of model figures from several VS Code launches: each timing is the median of the
 * launches' medians (its samples: those medians); the counts come from the first launch.
 */
function acrossLaunches(launches: readonly ModelFigures[]): ModelFigures {
  const [first] = launches;
  if (!first) throw new Error('no launch measured the model');
  const of = (figure: (launch: ModelFigures) => number) => round(median(launches.map(figure)), 2);
  return {
    ...first,
    medianMs: of((launch) => launch.medianMs),
    cpuMedianMs: of((launch) => launch.cpuMedianMs),
    gcMedianMs: of((launch) => launch.gcMedianMs),
    samples: launches.map((launch) => launch.medianMs),
    refreshMs: of((launch) => launch.refreshMs),
    filteredRefreshMs: of((launch) => launch.filteredRefreshMs),
    firstLoadMs: of((launch) => launch.firstLoadMs),
    firstLoadSamples: launches.map((launch) => launch.firstLoadMs),
  };
}

function printTable(targets: readonly Target[]): void {
  const rows = targets.map((t) => [
    t.figure,
    t.value,
    t.target,
    t.pass === undefined ? '' : t.pass ? 'PASS' : 'MISS',
  ]);
  const header = ['figure', 'median', 'target', ''];
  const widths = header.map((h, column) =>
    Math.max(h.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  console.log(`\n${line(header)}`);
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  // A miss is reported, not failed; a bench that could not measure at all does fail.
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
