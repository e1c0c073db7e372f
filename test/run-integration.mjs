// Runs the integration tests (out/test/integration/*.js, built by `node esbuild.mjs --tests`)
// inside a real VS Code with @vscode/test-electron's runTests(). On this project's machines VS Code
// is code-server, started by test/vscode-host/launch.mjs (install it with
// `bash test/vscode-host/install.sh`); see TESTING.md.
//
//   node test/run-integration.mjs [--extension DIR] [--tests FILE] [--keep DIR] [--env KEY=VALUE]...
//
// Three windows by default: the main suite, a window whose extension host starts with
// HUAWEICLOUD_SDK_AK/SK set (what a user who exported them sees), and a window whose settings.json
// files hold the old setting keys before it opens (what a user who updates sees). `--tests FILE`
// runs one file.
// Each run gets a fresh workspace folder, user data and extensions folder under .tmp/; they are
// removed after a passing run and kept (for the logs) after a failing one. `--keep DIR` uses DIR
// instead and leaves it in place, so a second run opens the same workspace, settings and global
// storage: a window reloaded (the bench's start-up figure). `--env` adds variables to the
// extension host's environment (the one window's only).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import testElectron from '@vscode/test-electron';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    extension: { type: 'string', default: root },
    tests: { type: 'string' },
    keep: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
  },
});
const extraEnv = Object.fromEntries(
  values.env.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--env takes KEY=VALUE, got ${pair}`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);
const out = path.join(root, 'out', 'test', 'integration');
const allWindows = [
  { tests: path.join(out, 'index.js'), env: {} },
  {
    tests: path.join(out, 'environment.js'),
    // Made-up values shaped like real ones; the test's sample server accepts exactly these.
    env: {
      HUAWEICLOUD_SDK_AK: 'ENVAK000000000000001',
      HUAWEICLOUD_SDK_SK: 'env-secret-key-000000000000000000000001',
      HUAWEICLOUD_SDK_PROJECT_ID: '7e3c1a2b4d5f60718293a4b5c6d7e8f9',
    },
  },
  {
    tests: path.join(out, 'migration.js'),
    env: {},
    settings: JSON.parse(
      fs.readFileSync(path.join(root, 'test', 'integration', 'migration', 'seed.json'), 'utf8'),
    ),
  },
];
// One file: in its own window's environment and settings when it is one of the above.
const windows = values.tests
  ? [
      allWindows.find((w) => w.tests === path.resolve(values.tests)) ?? {
        tests: path.resolve(values.tests),
        env: extraEnv,
      },
    ]
  : allWindows;
for (const { tests } of windows) {
  if (!fs.existsSync(tests)) {
    console.error(`${tests} is missing: run \`node esbuild.mjs --tests\` first`);
    process.exit(1);
  }
}

fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });

/** One VS Code window running one tests file; its exit code. */
async function runWindow(extensionTestsPath, env, settings) {
  const runDir = values.keep
    ? path.resolve(values.keep)
    : fs.mkdtempSync(path.join(root, '.tmp', 'integration-'));
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  // Settings the window finds on disk when it opens: {user, workspace}, each a settings.json.
  for (const [dir, values] of [
    [path.join(runDir, 'user-data', 'User'), settings?.user],
    [path.join(workspace, '.vscode'), settings?.workspace],
  ]) {
    if (!values) continue;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(values, null, 2));
  }
  let code = 1;
  try {
    code = await testElectron.runTests({
      vscodeExecutablePath: path.join(root, 'test', 'vscode-host', 'launch.mjs'),
      extensionDevelopmentPath: path.resolve(values.extension),
      extensionTestsPath,
      // Where this window keeps its data: a test may seed what an earlier window left there.
      extensionTestsEnv: {
        HSS_TEST_RUNNER: 'run-integration',
        HSS_TEST_USER_DATA: path.join(runDir, 'user-data'),
        ...env,
      },
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
  if (values.keep) {
    // The caller's folder: it decides when it goes.
  } else if (code === 0 && !process.env.KEEP_TEST_LOGS) {
    fs.rmSync(runDir, { recursive: true, force: true });
  } else if (code === 0) {
    console.log(`VS Code's logs are kept in ${path.relative(root, runDir)} (KEEP_TEST_LOGS)`);
  } else {
    console.error(`Integration tests failed; VS Code's logs are in ${path.relative(root, runDir)}`);
  }
  return code;
}

let code = 0;
for (const { tests, env, settings } of windows) {
  code = await runWindow(tests, env, settings);
  if (code !== 0) break;
}
process.exit(code);
