/** Heap growth holding 10,000 tasks, measured in a child Node with --expose-gc (gc before and after). */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { ServerAddress } from './lib/benchClient';
import { median, round } from './lib/stats';

export interface MemoryFigures {
  readonly heapMB: number;
  readonly tasks: number;
  readonly samplesMB: number[];
}

export async function memoryFigures(server: ServerAddress, runs: number): Promise<MemoryFigures> {
  const child = path.join(__dirname, 'lib', 'memoryChild.ts');
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', child],
      {
        env: {
          ...process.env,
          BENCH_SERVER: JSON.stringify({ url: server.url, projectId: server.projectId, token: server.token }),
          BENCH_RUNS: String(runs),
        },
      },
      (error, out) => (error ? reject(error) : resolve(out)),
    );
  });
  const samples = JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as { bytes: number; tasks: number }[];
  const megabytes = samples.map((sample) => sample.bytes / (1024 * 1024));
  return {
    heapMB: round(median(megabytes), 2),
    tasks: samples[0]?.tasks ?? 0,
    samplesMB: megabytes.map((mb) => round(mb, 2)),
  };
}
