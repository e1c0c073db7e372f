#!/usr/bin/env node
// Stands in for the VS Code executable in @vscode/test-electron's runTests({ vscodeExecutablePath }):
// takes the VS Code command line that runTests builds, runs the extension tests in code-server
// (the same VS Code, served to headless Chromium) and exits with the tests' exit code.
// Where desktop VS Code can be downloaded, runTests works without this launcher.
//
// Understood: --extensionDevelopmentPath, --extensionTestsPath, --user-data-dir, --extensions-dir,
// --disable-extensions (an empty extensions folder: code-server has no such flag) and one folder
// or .code-workspace to open. Other options (--no-sandbox, --disable-updates, ...) mean nothing
// here and are ignored.
//
// Environment: passed on to the extension host, so tests can read e.g. HSS_SAMPLE_URL.
//   TEST_HOST_TIMEOUT_S  give up after this many seconds (default 600)
//   TEST_HOST_VERBOSE=1  also print code-server's and the browser's own output
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { developmentPayload, launchBrowser, startCodeServer } from './host.mjs';

const stringOptions = new Set([
  'extensionDevelopmentPath',
  'extensionTestsPath',
  'user-data-dir',
  'extensions-dir',
]);

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {Record<string, string[]>} */
  const options = {};
  /** @type {Set<string>} */
  const flags = new Set();
  /** @type {string[]} */
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (stringOptions.has(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new Error(`${arg} needs a value`);
      options[name] = [...(options[name] ?? []), value];
    } else {
      flags.add(name);
    }
  }
  return { options, flags, paths };
}

const verbose = process.env.TEST_HOST_VERBOSE === '1';
const workbenchChatter = new RegExp(
  '^(Resolving connection token|Resolved connection token|Creating a socket|\\[Service Worker\\]|' +
    'Updating additional builtin extensions|Ignoring fetching additional builtin extensions|' +
    'ChatSessionStore:|Creation of workbench contribution)',
);
const timeoutS = Number(process.env.TEST_HOST_TIMEOUT_S) || 600;

/**
 * Errors that fail a run even when every test passed: the tree drawing elements it does not have,
 * a promise rejected with no one to catch it.
 */
const hostError =
  /TreeError|Data tree node not found|has been disposed|unhandled (promise )?rejection|rejected promise not handled/i;
/** @type {string[]} */
const hostErrors = [];

/** Matching lines of the extension host's and remote agent's log files of the run. */
function logFileErrors(dir) {
  if (!dir) return [];
  const logs = path.join(path.resolve(dir), 'logs');
  if (!fs.existsSync(logs)) return [];
  /** @type {string[]} */
  const found = [];
  for (const entry of fs.readdirSync(logs, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/^(exthost\d*|remoteagent|renderer\d*)\.log$/.test(entry.name)) continue;
    const text = fs.readFileSync(path.join(entry.parentPath ?? entry.path, entry.name), 'utf8');
    for (const line of text.split('\n')) if (hostError.test(line)) found.push(line.trim());
  }
  return found;
}
const { options, flags, paths } = parseArgs(process.argv.slice(2));
const [extensionDevelopmentPath, ...moreDevelopmentPaths] = options.extensionDevelopmentPath ?? [];
const extensionTestsPath = options.extensionTestsPath?.at(-1);
const userDataDir = options['user-data-dir']?.at(-1);

/** @type {import('./host.mjs').CodeServer | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;
let finishing = false;

/**
 * Stops the browser and code-server, then exits. `problem` is set when the run did not end with
 * the tests' own exit code; code-server's recent output is shown then, to say why.
 * @param {number} code
 * @param {string} [problem]
 */
async function finish(code, problem) {
  if (finishing) return;
  finishing = true;
  if (problem) {
    console.error(`[vscode-host] ${problem}`);
    if (server && !verbose) {
      console.error(`[vscode-host] code-server's last output:\n${server.output.slice(-60).join('\n')}`);
    }
  }
  // The browser first: a workbench that outlives its server logs reconnection attempts.
  const closing = (async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  })();
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  server?.kill();
  process.exit(code);
}

process.on('SIGINT', () => finish(130, 'interrupted'));
process.on('SIGTERM', () => finish(143, 'terminated'));
process.on('SIGHUP', () => finish(129, 'hung up'));
setTimeout(() => finish(124, `timed out after ${timeoutS} s`), timeoutS * 1000);

async function main() {
  if (!extensionDevelopmentPath) throw new Error('--extensionDevelopmentPath is required');
  if (moreDevelopmentPaths.length) {
    throw new Error('code-server takes one --extensionDevelopmentPath per window; got several');
  }
  if (paths.length > 1) throw new Error(`one folder to open, got: ${paths.join(' ')}`);

  // Keep code-server's own files beside the user data dir that the caller chose (or in a temp folder).
  const stateDir = userDataDir
    ? `${path.resolve(userDataDir)}.host`
    : fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-host-'));
  fs.rmSync(stateDir, { recursive: true, force: true });
  const extensionsDir = flags.has('disable-extensions')
    ? path.join(stateDir, 'no-extensions')
    : options['extensions-dir']?.at(-1);

  server = await startCodeServer({
    stateDir,
    userDataDir,
    extensionsDir,
    onOutput: verbose ? (line) => console.error(`[code-server] ${line}`) : undefined,
  });
  server.exited.then(({ code, signal }) => finish(1, `code-server exited early (${code ?? signal})`));

  browser = await launchBrowser({ stateDir });
  browser.on('disconnected', () => finish(1, 'the browser went away'));
  const page = await browser.newPage();

  /** @type {(code: number) => void} */
  let onExit = () => {};
  /** @type {Promise<number>} */
  const testsExited = new Promise((resolve) => {
    onExit = resolve;
  });
  // The workbench calls these when it was opened with extensionTestsPath in its payload.
  // It gets the window's log as well as the extension host's console; the former's routine
  // start-up lines are left out unless TEST_HOST_VERBOSE=1.
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = Array.isArray(args) ? format(...args) : String(args);
    if (hostError.test(line)) hostErrors.push(line);
    if (verbose || !workbenchChatter.test(line)) process.stdout.write(`${line}\n`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && hostError.test(message.text())) hostErrors.push(message.text());
  });
  page.on('pageerror', (error) => {
    if (hostError.test(String(error))) hostErrors.push(String(error));
  });
  await page.exposeFunction('codeAutomationExit', (code) => onExit(Number(code)));
  page.on('crash', () => finish(1, 'the workbench page crashed'));
  if (verbose) {
    page.on('console', (message) => console.error(`[browser] ${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => console.error(`[browser] ${error.stack ?? error}`));
  }

  const payload = developmentPayload(server, {
    extensionDevelopmentPath: path.resolve(extensionDevelopmentPath),
    extensionTestsPath: extensionTestsPath && path.resolve(extensionTestsPath),
  });
  if (flags.has('disable-extensions')) payload.push(['disableExtensions', 'true']);
  await page.goto(server.workbenchUrl(paths[0], payload));
  const code = await testsExited;
  hostErrors.push(...logFileErrors(userDataDir));
  if (code === 0 && hostErrors.length > 0) {
    // A green run whose logs show the UI or the extension host failing is hiding a bug.
    const unique = [...new Set(hostErrors.map((line) => line.split('\n')[0]))];
    await finish(
      1,
      `the tests passed, but VS Code logged ${hostErrors.length} error(s):\n  ${unique.join('\n  ')}`,
    );
    return;
  }
  await finish(code);
}

main().catch((error) => finish(1, error instanceof Error ? (error.stack ?? error.message) : String(error)));
