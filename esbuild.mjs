// Builds the extension bundle (and, on request, the test and tool bundles).
//   node esbuild.mjs               development build of the extension and the sample-server CLI
//   node esbuild.mjs --production  minified extension bundle with an external source map (packaging)
//   node esbuild.mjs --watch       rebuild the extension on change
//   node esbuild.mjs --tests       also bundle the integration tests for the extension host
import { copyFileSync, mkdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

/**
 * fetch-blob (under node-fetch) falls back to web-streams-polyfill when the runtime lacks
 * ReadableStream. Every extension host this extension supports (Node 20+) has it, so the
 * 60 KB fallback is left out of the bundle.
 */
const omitStreamsPolyfill = {
  name: 'omit-web-streams-polyfill',
  setup(build) {
    build.onResolve({ filter: /^web-streams-polyfill/ }, () => ({
      path: 'web-streams-polyfill',
      namespace: 'omitted',
    }));
    build.onLoad({ filter: /.*/, namespace: 'omitted' }, () => ({
      contents: 'throw new Error("web-streams-polyfill is not bundled: this runtime has no ReadableStream");',
      loader: 'js',
    }));
  },
};

/**
 * The sample HSS server is a bundle of its own (dist/sample.js), loaded by the extension only when
 * sample data is opened: a user of a cloud project never pays for its code or its data.
 */
const sampleServerApart = {
  name: 'sample-server-apart',
  setup(build) {
    build.onResolve({ filter: /\/sample\/server$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './sample.js', external: true } : undefined,
    );
  },
};

/** @type {esbuild.BuildOptions} */
const common = {
  plugins: [omitStreamsPolyfill],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // `vscode` is provided by the extension host.
  external: ['vscode'],
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    plugins: [...common.plugins, sampleServerApart],
    // When the extension host starts evaluating the bundle: activation is measured from here.
    banner: { js: '"use strict";var __hssBundleStarted = performance.now();' },
    minify: production,
    sourcemap: production ? 'external' : 'linked',
    sourcesContent: !production,
    metafile: true,
  },
  {
    ...common,
    entryPoints: ['src/sample/server.ts'],
    outfile: 'dist/sample.js',
    minify: production,
    sourcemap: production ? 'external' : 'linked',
  },
  {
    ...common,
    entryPoints: ['src/sample/cli.ts'],
    outfile: 'dist/sample-server.js',
    sourcemap: 'linked',
  },
];

if (args.has('--tests')) {
  builds.push({
    ...common,
    entryPoints: ['test/integration/index.ts'],
    outfile: 'out/test/integration/index.js',
    // mocha is loaded from node_modules inside the extension host.
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
  });
  builds.push({
    ...common,
    entryPoints: ['test/integration/environment/index.ts'],
    outfile: 'out/test/integration/environment.js',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
  });
  builds.push({
    ...common,
    entryPoints: ['test/integration/migration/index.ts'],
    outfile: 'out/test/integration/migration.js',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
  });
}

// The details page shows status icons with VS Code's own codicon font, served from media/.
mkdirSync('media/codicons', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) {
  copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `media/codicons/${file}`);
}

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[esbuild] watching for changes…');
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  if (production) {
    const output = results[0].metafile?.outputs['dist/extension.js'];
    console.log(`[esbuild] dist/extension.js ${output ? output.bytes : '?'} bytes`);
  }
}
