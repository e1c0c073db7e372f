// Mutation testing (npm run mutation): StrykerJS 9 (10.x needs Node 22) with the mocha runner,
// TypeScript through tsx as in .mocharc.json. See test/MUTATION.md for the equivalent mutants.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'mocha',
  // The unit suite without the tests of src/sample and of the l10n bundles: they import nothing
  // that is mutated, so they cannot kill a mutant, and they would run for every static one.
  mochaOptions: { config: 'test/mocharc.mutation.json' },
  mutate: [
    'src/hss/**/*.ts',
    'src/tasks/**/*.ts',
    // The vscode-free decisions of the UI (the adapters next to them are thin).
    'src/ui/tasks/viewMessageText.ts',
    'src/ui/tasks/settledTasks.ts',
    'src/ui/details/detailsHtml.ts',
    'src/ui/session/targets.ts',
    'src/ui/session/settingsValues.ts',
    'src/ui/session/renamedSettings.ts',
    'src/ui/session/discoveredProjects.ts',
    'src/ui/session/fileMemento.ts',
    'src/ui/tasks/taskCacheSync.ts',
    // Types only: nothing to mutate.
    '!src/hss/model.ts',
  ],
  // Build and run output: the unit tests need none of it, and the bench's kept VS Code folders
  // hold sockets, which the sandbox cannot copy.
  ignorePatterns: ['out', '.tmp'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // Two cores, shared: one test-runner process per core at most.
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  // Added to each test's own time: a mutant that loops or never resolves is cut short fast.
  timeoutMS: 3000,
  thresholds: { high: 90, low: 80, break: 80 },
  cleanTempDir: 'always',
  tempDirName: '.stryker-tmp',
};
