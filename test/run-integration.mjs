// Runs the integration tests (out/test/integration/index.js, built by `node esbuild.mjs --tests`)
// inside a real VS Code with @vscode/test-electron's runTests(). On this project's machines VS Code
// is code-server, started by test/vscode-host/launch.mjs (install it with
// `bash test/vscode-host/install.sh`); see TESTING.md.
//
//   node test/run-integration.mjs [--extension DIR] [--tests FILE]
//
// Each run gets a fresh workspace folder, user data and extensions folder under .tmp/; they are
// removed after a passing run and kept (for the logs) after a failing one.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import testElectron from '@vscode/test-electron';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    extension: { type: 'string', default: root },
    tests: { type: 'string', default: path.join(root, 'out', 'test', 'integration', 'index.js') },
  },
});
const extensionTestsPath = path.resolve(values.tests);
if (!fs.existsSync(extensionTestsPath)) {
  console.error(`${extensionTestsPath} is missing: run \`node esbuild.mjs --tests\` first`);
  process.exit(1);
}

fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
const runDir = fs.mkdtempSync(path.join(root, '.tmp', 'integration-'));
const workspace = path.join(runDir, 'workspace');
fs.mkdirSync(workspace);

let code = 1;
try {
  code = await testElectron.runTests({
    vscodeExecutablePath: path.join(root, 'test', 'vscode-host', 'launch.mjs'),
    extensionDevelopmentPath: path.resolve(values.extension),
    extensionTestsPath,
    extensionTestsEnv: { HSS_TEST_RUNNER: 'run-integration' },
    launchArgs: [
      workspace,
      '--disable-extensions',
      `--user-data-dir=${path.join(runDir, 'user-data')}`,
      `--extensions-dir=${path.join(runDir, 'extensions')}`,
    ],
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  code = typeof error?.code === 'number' && error.code !== 0 ? error.code : 1;
}

if (code === 0) {
  fs.rmSync(runDir, { recursive: true, force: true });
} else {
  console.error(`Integration tests failed; VS Code's logs are in ${path.relative(root, runDir)}`);
}
process.exit(code);
