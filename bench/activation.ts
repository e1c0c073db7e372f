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
  const result = path.join(outDir, `result-${index}.json`);
  const log = path.join(outDir, `run-${index}.log`);
  fs.rmSync(result, { force: true });
  const output = fs.openSync(log, 'w');
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'test', 'run-integration.mjs'), '--tests', entry],
      {
        cwd: root,
        env: {
          ...process.env,
          HSS_BENCH_OUT: result,
          HSS_BENCH_MODEL_RUNS: String(modelRuns),
          ...(scaleRuns > 0 ? { HSS_BENCH_SCALE: String(scaleRuns) } : {}),
        },
        stdio: ['ignore', output, output],
      },
    );
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
    child.on('error', () => resolve(1));
  });
  fs.closeSync(output);
  if (code === 0 && fs.existsSync(result)) {
    return JSON.parse(fs.readFileSync(result, 'utf8')) as VsCodeRun;
  }
  const tail = fs.readFileSync(log, 'utf8').split('\n').slice(-20).join('\n');
  console.error(
    `VS Code run ${index} failed (exit ${code}); the end of ${path.relative(root, log)}:\n${tail}`,
  );
  return undefined;
}
