/**
 * Activation time and the model figures inside a real VS Code: bundles bench/activation/index.ts
 * into out/bench/ and runs it with the integration runner (test/run-integration.mjs --tests), once
 * per VS Code launch, since an extension activates once per window.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { ModelFigures } from './lib/modelBench';
import { median } from './lib/stats';

export interface VsCodeRun {
  readonly vscodeVersion: string;
  readonly wasActive: boolean;
  /** The extension's own measure of activate(), from its API. */
  readonly activationMs: number;
  /** Evaluating the bundle before activate() (from the bundle's first line), from its API. */
  readonly loadMs?: number;
  /** Around extension.activate() from the test entry: loading the bundle, VS Code's work, activate(). */
  readonly activateCallMs: number;
  /** Taken in the first launch only. */
  readonly model?: ModelFigures;
  /** How long the launch waited for a quiet machine before the model figures. */
  readonly settledMs?: number;
  /** scale.treeMs, when asked for (HSS_BENCH_SCALE). */
  readonly scale?: { readonly treeMs: number; readonly items: number; readonly samples: number[] };
  /** startup.cachedFirstPaintMs, when asked for (HSS_BENCH_SCALE). */
  readonly startup?: {
    readonly cachedFirstPaintMs: number | null;
    readonly tasks: number;
    readonly samples: number[];
  };
  /** Diagnostic: each part of a task item over 10,000 tasks. */
  readonly itemBreakdownMs?: Record<string, number>;
}

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'out', 'bench', 'activation');

export async function buildActivationEntry(): Promise<string> {
  const outfile = path.join(outDir, 'index.js');
  await esbuild.build({
    entryPoints: [path.join(root, 'bench', 'activation', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}

/** One VS Code launch; undefined (with the log's tail printed) when it did not produce figures. */
export async function runInVsCode(
  entry: string,
  index: number,
  modelRuns: number,
  scaleRuns = 0,
): Promise<VsCodeRun | undefined> {
  return launch<VsCodeRun>(entry, `${index}`, {
    HSS_BENCH_MODEL_RUNS: String(modelRuns),
    ...(scaleRuns > 0 ? { HSS_BENCH_SCALE: String(scaleRuns) } : {}),
  });
}

/**
 * One VS Code launch of the bench entry with `env`; its JSON result, or undefined (with the log's
 * tail printed). `args` go to test/run-integration.mjs.
 */
async function launch<T>(
  entry: string,
  index: string,
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<T | undefined> {
  const result = path.join(outDir, `result-${index}.json`);
  const log = path.join(outDir, `run-${index}.log`);
  fs.rmSync(result, { force: true });
  const output = fs.openSync(log, 'w');
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'test', 'run-integration.mjs'), '--tests', entry, ...args],
      {
        cwd: root,
        env: {
          ...process.env,
          HSS_BENCH_MODEL_RUNS: '0',
          ...env,
          HSS_BENCH_OUT: result,
        },
        stdio: ['ignore', output, output],
      },
    );
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
    child.on('error', () => resolve(1));
  });
  fs.closeSync(output);
  if (code === 0 && fs.existsSync(result)) {
    return JSON.parse(fs.readFileSync(result, 'utf8')) as T;
  }
  const tail = fs.readFileSync(log, 'utf8').split('\n').slice(-20).join('\n');
  console.error(
    `VS Code run ${index} failed (exit ${code}); the end of ${path.relative(root, log)}:\n${tail}`,
  );
  return undefined;
}

/** What one reopened window measured (bench/activation/index.ts, HSS_BENCH_RELOAD=measure). */
export interface ReloadRun {
  /** From the entry's extension.activate() call (loading the bundle, activate()) to the first root read showing kept tasks. */
  readonly fromActivateCallMs: number | null;
  /** The same, from the end of activate(). */
  readonly afterActivationMs: number | null;
  readonly activationMs: number;
  readonly tasks: number;
  /** Whether any request had been answered when the kept tasks were first read (must be false). */
  readonly answeredBefore: boolean;
}

export interface ReloadFigures {
  /** startup.cachedFirstPaintMs: the median of afterActivationMs. */
  readonly cachedFirstPaintMs: number | null;
  readonly fromActivateCallMs: number | null;
  readonly tasks: number;
  readonly samples: number[];
  readonly runs: number;
}

/**
 * startup.cachedFirstPaintMs as a window reload has it: a first VS Code launch loads 10,000 tasks
 * from a sample server (credentials from the environment, as a user who exported
 * HUAWEICLOUD_SDK_AK/SK has them) and keeps the list in the extension's global storage; then each
 * further launch opens the same user data and workspace (a window reopened) while every request
 * to the server takes 10 s, and measures when the view first reads kept tasks. The sample server
 * runs here, outside both windows, at one address for all of them.
 */
export async function reloadFirstPaint(entry: string, runs: number): Promise<ReloadFigures> {
  const { startSampleServer } = await import('../src/sample/server');
  // Made up, shaped like real ones; the sample server accepts exactly these.
  const accessKey = 'BENCHAK0000000000001';
  const secretKey = 'bench-secret-key-0000000000000000000001';
  const server = await startSampleServer({
    taskCount: 10_000,
    seed: 3,
    accessKeys: [{ accessKey, secretKey }],
  });
  const keep = path.join(outDir, 'reload-window');
  fs.rmSync(keep, { recursive: true, force: true });
  const args = [
    '--keep',
    keep,
    '--env',
    `HUAWEICLOUD_SDK_AK=${accessKey}`,
    '--env',
    `HUAWEICLOUD_SDK_SK=${secretKey}`,
    '--env',
    `HUAWEICLOUD_SDK_PROJECT_ID=${server.projectId}`,
  ];
  const env = { HSS_BENCH_ENDPOINT: server.url };
  const samples: number[] = [];
  const fromCall: number[] = [];
  let tasks = 0;
  try {
    const prepared = await launch<{ tasks: number }>(
      entry,
      'reload-prepare',
      { ...env, HSS_BENCH_RELOAD: 'prepare' },
      args,
    );
    if (!prepared) return { cachedFirstPaintMs: null, fromActivateCallMs: null, tasks: 0, samples: [], runs };
    for (let run = 0; run < runs; run++) {
      server.setFaults({ latency: { ms: 10_000 } });
      const measured = await launch<ReloadRun>(
        entry,
        `reload-${run}`,
        { ...env, HSS_BENCH_RELOAD: 'measure' },
        args,
      );
      server.setFaults({});
      if (!measured || measured.afterActivationMs === null || measured.answeredBefore) continue;
      samples.push(measured.afterActivationMs);
      if (measured.fromActivateCallMs !== null) fromCall.push(measured.fromActivateCallMs);
      tasks = measured.tasks;
    }
  } finally {
    // The folder stays until the next run, for its logs.
    await server.close();
  }
  const middle = (values: number[]) => (values.length ? Math.round(median(values) * 10) / 10 : null);
  return {
    cachedFirstPaintMs: middle(samples),
    fromActivateCallMs: middle(fromCall),
    tasks,
    samples: samples.map((ms) => Math.round(ms * 10) / 10),
    runs,
  };
}
