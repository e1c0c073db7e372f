/** Size of the packaged bundle: `node esbuild.mjs --production`, then dist/extension.js. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleFigures {
  readonly bytes: number;
  readonly gzipBytes: number;
}

export function bundleFigures(): BundleFigures {
  const root = path.resolve(__dirname, '..');
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`node esbuild.mjs --production failed:\n${build.stdout}${build.stderr}`);
  }
  const bundle = fs.readFileSync(path.join(root, 'dist', 'extension.js'));
  return { bytes: bundle.length, gzipBytes: gzipSync(bundle).length };
}
