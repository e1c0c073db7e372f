// `npm run demo`: builds and packages the extension, starts the sample HSS server and a
// code-server (VS Code in the browser) with the packaged extension installed and pointed at the
// sample server, then prints the URL to open. Ctrl-C stops everything.
//
//   npm run demo [-- --port 8080] [-- --tasks 600]
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, runCodeServerCli, startCodeServer } from '../test/vscode-host/host.mjs';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { port: { type: 'string' }, tasks: { type: 'string', default: '600' } },
});

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

console.log('Packaging the extension…');
run('npm', ['run', '--silent', 'package']);

const stateDir = path.join(root, '.tmp', 'demo');
fs.rmSync(stateDir, { recursive: true, force: true });
const workspace = path.join(stateDir, 'workspace');
fs.mkdirSync(workspace, { recursive: true });
fs.mkdirSync(path.join(stateDir, 'user-data', 'User'), { recursive: true });
fs.writeFileSync(
  path.join(stateDir, 'user-data', 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'git.openRepositoryInParentFolders': 'never',
      // The machine may have no way out: VS Code's own telemetry would only log failed lookups.
      'telemetry.telemetryLevel': 'off',
    },
    null,
    2,
  ),
);

console.log('Installing it into code-server…');
await runCodeServerCli(['--install-extension', path.join(root, 'dist', 'hss-backup-tasks.vsix'), '--force'], {
  stateDir,
});

// The sample server: a throwaway token for a fake server on 127.0.0.1, not a cloud credential.
const samplePort = await freePort();
const token = `demo-${randomBytes(12).toString('hex')}`;
const sample = spawn(
  process.execPath,
  [
    path.join(root, 'dist', 'sample-server.js'),
    '--port',
    String(samplePort),
    '--token',
    token,
    '--tasks',
    values.tasks,
    // The seed "Try with Sample Data" uses: running and waiting tasks in the default project.
    '--seed',
    '10',
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
const sampleText = await new Promise((resolve, reject) => {
  let text = '';
  sample.stdout.on('data', (chunk) => {
    text += chunk;
    if (text.includes('Ctrl-C')) resolve(text);
  });
  sample.on('exit', (code) => reject(new Error(`the sample server exited with ${code}`)));
});
const projectId = /Project ID:\s+(\S+)/.exec(sampleText)?.[1];
if (!projectId) throw new Error('the sample server did not print its project id');
const sampleUrl = `http://127.0.0.1:${samplePort}`;

const server = await startCodeServer({
  stateDir,
  port: values.port ? Number(values.port) : undefined,
  env: {
    ...process.env,
    HSS_BACKUP_TASKS_SAMPLE_SERVER: JSON.stringify({ url: sampleUrl, projectId, token }),
  },
});

const stop = async () => {
  sample.kill();
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

console.log(`
HSS Backup Tasks demo is running.

  Open:           ${server.workbenchUrl(workspace)}
  Sample server:  ${sampleUrl} (project ${projectId}, ${values.tasks} tasks)

In the browser, click the shield icon "HSS Backup Tasks" in the activity bar: the tree shows the
sample server's tasks grouped by status, the status bar counts failures, and a click on a task
opens its details. Time passes in the sample world: within a few minutes progress moves, a
time-left estimate appears and a task fails (a notification says so); a wave of scheduled
backups arrives every two minutes. Press Ctrl-C here to stop everything.
`);
await server.exited;
sample.kill();
