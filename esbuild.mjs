// Builds the extension bundle (and, on request, the test and tool bundles).
//   node esbuild.mjs               development build of the extension and the sample-server CLI
//   node esbuild.mjs --production  minified extension bundle with an external source map (packaging)
//   node esbuild.mjs --watch       rebuild the extension on change
//   node esbuild.mjs --tests       also bundle the integration tests for the extension host
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
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

/**
 * Parts loaded when first used, each a bundle of its own beside dist/extension.js: node-fetch
 * (with the first request, src/hss/http.ts), and the pages and commands that
 * src/ui/shared/lazyParts.ts loads. A window opening evaluates none of them; .vscodeignore lists
 * each file.
 */
const LAZY_PARTS = [
  {
    entry: 'node_modules/node-fetch/src/index.js',
    request: /^node-fetch$/,
    out: 'fetch',
    // `import('node-fetch')` of a CommonJS file takes its whole exports as the default, as Node
    // does: the exports are made the fetch function itself (its other exports stay on it).
    footer: 'module.exports=Object.assign(module.exports.default,module.exports);',
  },
  { entry: 'src/ui/details/taskDetailsPanel.ts', request: /\/details\/taskDetailsPanel$/, out: 'details' },
  {
    entry: 'src/ui/servers/serverDetailsPanel.ts',
    request: /\/servers\/serverDetailsPanel$/,
    out: 'serverPages',
  },
  { entry: 'src/ui/tasks/exportCommand.ts', request: /\/tasks\/exportCommand$/, out: 'export' },
  {
    entry: 'src/ui/credentials/selectSourceCommand.ts',
    request: /\/credentials\/selectSourceCommand$/,
    out: 'selectSource',
  },
];

/** A lazy part's dynamic import or require becomes a require of its own bundle. */
const lazyPartsApart = {
  name: 'lazy-parts-apart',
  setup(build) {
    for (const part of LAZY_PARTS) {
      build.onResolve({ filter: part.request }, (args) =>
        args.kind === 'dynamic-import' || args.kind === 'require-call'
          ? { path: `./${part.out}.js`, external: true }
          : undefined,
      );
    }
  },
};

/**
 * A lazy part's bundle holds its own copy of what it shares with the start bundle. A copy of a
 * plain function is only bytes; a copy of a class would be a second class, with `instanceof`
 * failing across the two. So a class of a module in both bundles that ends up in a lazy part's
 * code (read from an unminified build of it), or a lazy part pulled into the start bundle by a
 * static import, fails the build.
 */
async function checkLazyParts(startMetafile) {
  const startInputs = new Set(Object.keys(startMetafile.outputs['dist/extension.js'].inputs));
  const problems = [];
  for (const part of LAZY_PARTS) {
    if (startInputs.has(part.entry)) {
      problems.push(`${part.entry} is in dist/extension.js: import it only through its loader`);
    }
    const built = await esbuild.build({
      ...common,
      entryPoints: [part.entry],
      outfile: 'lazy.js',
      write: false,
      metafile: true,
    });
    const code = built.outputFiles[0].text;
    for (const input of Object.keys(built.metafile.outputs['lazy.js'].inputs)) {
      if (input === part.entry || !startInputs.has(input) || input.startsWith('node_modules/')) continue;
      for (const [, name] of readFileSync(input, 'utf8').matchAll(
        /^\s*(?:export\s+)?(?:abstract\s+)?class\s+(\w+)/gm,
      )) {
        if (new RegExp(`\\bclass ${name}\\b|\\b${name} = class\\b`).test(code)) {
          problems.push(`class ${name} (${input}) is in both dist/extension.js and dist/${part.out}.js`);
        }
      }
    }
  }
  if (problems.length) throw new Error(`Lazy parts:\n  ${problems.join('\n  ')}`);
}

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
    plugins: [...common.plugins, sampleServerApart, lazyPartsApart],
    // When the extension host starts evaluating the bundle: activation is measured from here.
    banner: { js: '"use strict";var __hssBundleStarted = performance.now();' },
    minify: production,
    sourcemap: production ? 'external' : 'linked',
    sourcesContent: !production,
    metafile: true,
  },
  ...LAZY_PARTS.map((part) => ({
    ...common,
    entryPoints: [part.entry],
    outfile: `dist/${part.out}.js`,
    footer: part.footer ? { js: part.footer } : undefined,
    minify: production,
    sourcemap: production ? 'external' : 'linked',
    sourcesContent: !production,
    metafile: true,
  })),
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
  await checkLazyParts(results[0].metafile);
  if (production) {
    const sizes = ['extension', ...LAZY_PARTS.map((part) => part.out)].map(
      (name) =>
        `dist/${name}.js ${results.find((r) => r.metafile?.outputs[`dist/${name}.js`])?.metafile.outputs[`dist/${name}.js`].bytes ?? '?'} bytes`,
    );
    console.log(`[esbuild] ${sizes.join(', ')}`);
  }
}
