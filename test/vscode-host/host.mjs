// Starts a real VS Code (code-server, installed by install.sh) and a headless Chromium to show it.
// Shared by launch.mjs (extension tests through @vscode/test-electron's runTests), the browser e2e
// tests and `npm run demo`, so all of them load the extension the same way. See TESTING.md.
//
// Everything a run writes (VS Code's user data, code-server's config and logs, caches, temp files,
// Chromium's profile) goes under one state folder, never into the user's home.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const hostDir = path.dirname(fileURLToPath(import.meta.url));
export const codeServerEntry = path.join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Debian's chromium; never a browser download. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Chromium flags for a headless run as root, with nothing phoning home. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--disable-quic',
];

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * A new temp folder with a short path, removed when this process exits. Unix socket paths are
 * limited to 107 bytes, and Chromium (SingletonSocket) and VS Code put sockets in TMPDIR: under
 * a deep state folder (a CI checkout's .tmp/...) Chromium aborts with "Socket path too long".
 */
function shortTempDir() {
  const base = os.tmpdir().length <= 40 ? os.tmpdir() : '/tmp';
  const dir = fs.mkdtempSync(path.join(base, 'vsh-'));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  return {
    dir,
    remove: () => {
      process.removeListener('exit', remove);
      remove();
    },
  };
}

/**
 * The private folders of one run under `stateDir`, created on demand, and an environment that
 * points HOME, the XDG folders and TMPDIR (default: stateDir/tmp) at them. Everything else in
 * `baseEnv` is kept (but VSCODE_* and PORT): code-server hands its environment to the extension
 * host, so tests can read e.g. HSS_SAMPLE_URL.
 * @param {string} stateDir
 * @param {NodeJS.ProcessEnv} [baseEnv]
 * @param {string} [tmpDir]
 */
export function privateEnv(stateDir, baseEnv = process.env, tmpDir = path.join(stateDir, 'tmp')) {
  const dirs = {
    HOME: path.join(stateDir, 'home'),
    XDG_CONFIG_HOME: path.join(stateDir, 'config'),
    XDG_DATA_HOME: path.join(stateDir, 'data'),
    XDG_CACHE_HOME: path.join(stateDir, 'cache'),
    XDG_STATE_HOME: path.join(stateDir, 'state'),
    TMPDIR: tmpDir,
  };
  for (const dir of Object.values(dirs)) {
    fs.mkdirSync(dir, { recursive: true });
  }
  // No extension gallery (code-server's default is open-vsx): nothing to fetch from outside.
  const env = { EXTENSIONS_GALLERY: '{}', ...baseEnv, ...dirs };
  // From a VS Code terminal, VSCODE_IPC_HOOK_CLI & co. would make code-server hand the request to
  // that VS Code instead of starting; PORT would override --bind-addr.
  for (const name of Object.keys(env)) {
    if (name.startsWith('VSCODE_') || name === 'PORT') delete env[name];
  }
  return env;
}

/**
 * The code-server options that keep a run private and quiet. `userDataDir` and `extensionsDir`
 * default to folders in `stateDir`.
 * @param {{ stateDir: string, userDataDir?: string, extensionsDir?: string }} options
 */
function commonArgs({ stateDir, userDataDir, extensionsDir }) {
  const config = path.join(stateDir, 'config.yaml');
  if (!fs.existsSync(config)) {
    fs.mkdirSync(stateDir, { recursive: true });
    fs.writeFileSync(config, '');
  }
  return [
    '--config',
    config,
    '--user-data-dir',
    path.resolve(userDataDir ?? path.join(stateDir, 'user-data')),
    '--extensions-dir',
    path.resolve(extensionsDir ?? path.join(stateDir, 'extensions')),
  ];
}

function assertInstalled() {
  if (!fs.existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed: run \`bash ${path.join(hostDir, 'install.sh')}\``);
  }
}

/**
 * Runs a one-shot code-server CLI command (e.g. `--install-extension x.vsix`) against the same
 * private folders as startCodeServer. Resolves with its output; rejects on a non-zero exit.
 * @param {string[]} args
 * @param {{ stateDir: string, userDataDir?: string, extensionsDir?: string, env?: NodeJS.ProcessEnv }} options
 */
export function runCodeServerCli(args, options) {
  assertInstalled();
  const child = spawn(process.execPath, [codeServerEntry, ...commonArgs(options), ...args], {
    env: privateEnv(options.stateDir, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        resolve(output);
      } else {
        reject(new Error(`code-server ${args.join(' ')} exited with ${code}:\n${output}`));
      }
    });
  });
}

/**
 * @typedef {object} CodeServer
 * @property {number} port
 * @property {string} origin          http://127.0.0.1:PORT
 * @property {string} stateDir
 * @property {string[]} output        code-server's output lines so far (kept for failure reports)
 * @property {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} exited
 * @property {(folder?: string, payload?: [string, string][]) => string} workbenchUrl
 * @property {(localPath: string) => string} remoteUri   vscode-remote:// URI of a local path
 * @property {() => Promise<void>} stop   SIGTERM to the process group, SIGKILL after 3 s
 * @property {() => void} kill            SIGKILL to the process group, synchronously
 */

/**
 * Starts code-server in its own process group and resolves once it listens.
 * @param {object} options
 * @param {string} options.stateDir       private folder for this run (created)
 * @param {string} [options.userDataDir]  default: stateDir/user-data
 * @param {string} [options.extensionsDir] default: stateDir/extensions
 * @param {number} [options.port]         default: a free port
 * @param {NodeJS.ProcessEnv} [options.env] environment for code-server and the extension host
 * @param {string[]} [options.extraArgs]  more code-server options
 * @param {(line: string) => void} [options.onOutput] each output line, as it comes
 * @param {number} [options.startTimeoutMs]
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer(options) {
  assertInstalled();
  const { stateDir, onOutput, startTimeoutMs = 60_000 } = options;
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const args = [
    codeServerEntry,
    ...commonArgs(options),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.extraArgs ?? []),
  ];
  const tmp = shortTempDir();
  const child = spawn(process.execPath, args, {
    env: privateEnv(stateDir, options.env, tmp.dir),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so one kill reaches the extension host and every helper it forks.
    detached: true,
  });
  const pid = child.pid;

  let alive = true;
  const killGroup = (signal) => {
    if (!alive || pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  const kill = () => killGroup('SIGKILL');
  // Last resort when our process exits without calling stop(): never leave a server behind.
  process.once('exit', kill);

  /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      // The group may outlive its leader (e.g. an extension host still shutting down).
      killGroup('SIGKILL');
      alive = false;
      process.removeListener('exit', kill);
      tmp.remove();
      resolve({ code, signal });
    });
  });

  /** @type {string[]} */
  const output = [];
  let listening = false;
  /** @type {(value?: unknown) => void} */
  let onListening = () => {};
  const ready = new Promise((resolve) => {
    onListening = resolve;
  });
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        if (output.length > 2000) output.shift();
        onOutput?.(line);
        if (!listening && line.includes('HTTP server listening')) {
          listening = true;
          onListening();
        }
      }
    });
  }

  const stop = async () => {
    if (!alive) return;
    killGroup('SIGTERM');
    const timer = setTimeout(kill, 3000);
    await exited;
    clearTimeout(timer);
  };

  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), startTimeoutMs);
  });
  const outcome = await Promise.race([ready.then(() => 'ready'), exited.then(() => 'exited'), timedOut]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    await stop();
    throw new Error(
      `code-server did not start (${outcome === 'timeout' ? 'timed out' : 'exited'}):\n${output.join('\n')}`,
    );
  }

  const remoteUri = (localPath) =>
    `vscode-remote://127.0.0.1:${port}${path.resolve(localPath).split(path.sep).map(encodeURIComponent).join('/')}`;
  const workbenchUrl = (folder, payload) => {
    const query = new URLSearchParams();
    if (!folder) query.set('ew', 'true');
    else if (folder.endsWith('.code-workspace')) query.set('workspace', path.resolve(folder));
    else query.set('folder', path.resolve(folder));
    if (payload?.length) query.set('payload', JSON.stringify(payload));
    return `${origin}/?${query}`;
  };

  return { port, origin, stateDir, output, exited, workbenchUrl, remoteUri, stop, kill };
}

/**
 * The payload that turns a workbench into an extension development host, optionally running
 * the tests at `extensionTestsPath` (a file exporting `run(): Promise<void>`).
 * @param {CodeServer} server
 * @param {{ extensionDevelopmentPath: string, extensionTestsPath?: string }} options
 * @returns {[string, string][]}
 */
export function developmentPayload(server, { extensionDevelopmentPath, extensionTestsPath }) {
  /** @type {[string, string][]} */
  const payload = [['extensionDevelopmentPath', server.remoteUri(extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', server.remoteUri(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  return payload;
}

/**
 * Launches headless Debian Chromium through playwright-core, with its profile and any files it
 * writes kept in `stateDir`.
 * @param {{ stateDir: string, headless?: boolean }} options
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchBrowser({ stateDir, headless = true }) {
  const { chromium } = await import('playwright-core');
  const tmp = shortTempDir();
  const env = privateEnv(path.join(stateDir, 'browser'), process.env, tmp.dir);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless,
    args: chromiumArgs,
    env,
    // The caller owns signal handling (it must stop code-server too); playwright still kills the
    // browser if this process exits without closing it.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  browser.on('disconnected', tmp.remove);
  return browser;
}
