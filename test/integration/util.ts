/** Plumbing for tests inside the extension host: the extension's API, settings, waiting. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HssBackupTasksApi } from '../../src/extension';
import { type SampleServer, type SampleServerOptions, startSampleServer } from '../../src/sample/server';
import { SECTION } from '../../src/ui/session/settings';
import type { TaskNode } from '../../src/ui/tasks/taskTree';

export const EXTENSION_ID = 'hss-backup-tasks.hss-backup-tasks';

export async function activateExtension(): Promise<HssBackupTasksApi> {
  const extension = vscode.extensions.getExtension<HssBackupTasksApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

const SETTINGS = [
  'region',
  'projectId',
  'endpoint',
  'signInEndpoint',
  'enterpriseProjectId',
  'lastDays',
  'pageSize',
  'concurrency',
  'requestTimeoutSeconds',
  'statusBar.enabled',
  'statusBar.showWhenZero',
  'autoRefreshSeconds',
  'notifications',
  'projects',
  'credentials.useAgency',
  'credentials.metadataEndpoint',
  'coverage.maxBackupAgeDays',
  'statusBar.countServersAtRisk',
] as const;

export async function setSettings(
  values: Partial<Record<(typeof SETTINGS)[number], unknown>>,
): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  for (const [key, value] of Object.entries(values)) {
    await config.update(key, value, vscode.ConfigurationTarget.Global);
  }
}

export async function resetSettings(): Promise<void> {
  await setSettings(Object.fromEntries(SETTINGS.map((key) => [key, undefined])));
}

/** Every value of every setting of the extension, at every level, as text (for secret scans). */
export function allSettingsText(): string {
  const config = vscode.workspace.getConfiguration(SECTION);
  return JSON.stringify(SETTINGS.map((key) => config.inspect(key)));
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the store holds a finished load (or error) of the session's current scope. */
export async function settled(api: HssBackupTasksApi): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await waitFor(
    'the load to finish',
    () =>
      !api.store.state.loading &&
      (api.store.state.loadedAt !== undefined || api.store.state.error !== undefined),
  );
}

/** Points the extension at a sample server and stores its token through the real command. */
export async function connect(api: HssBackupTasksApi, server: SampleServer): Promise<void> {
  // No timed polls: a test that counts requests polls by hand (api.poller.poll()).
  await setSettings({
    endpoint: server.url,
    projectId: server.projectId,
    lastDays: 0,
    enterpriseProjectId: 'all_granted_eps',
    autoRefreshSeconds: 0,
  });
  await waitFor('the settings to apply', () => api.session.current?.endpoint.href.startsWith(server.url));
  await vscode.commands.executeCommand('hssBackupTasks.setToken', server.token);
  await waitFor('the session to be ready', () => api.session.ready);
  await settled(api);
}

export function treeLabel(api: HssBackupTasksApi, node: TaskNode): string {
  const label = api.tree.getTreeItem(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** The status group's node and its first task's node (asserting both are there). */
export function firstTaskIn(
  api: HssBackupTasksApi,
  status: string,
): { group: TaskNode; node: TaskNode & { kind: 'task' } } {
  const group = api.tree.getChildren().find((n) => n.kind === 'group' && n.status === status);
  assert.ok(group, `a ${status} group`);
  const [node] = api.tree.getChildren(group);
  assert.ok(node?.kind === 'task', `a task in the ${status} group`);
  return { group, node };
}

/** Top-level groups as {status: description} (the count shown). */
export function groupCounts(api: HssBackupTasksApi): Record<string, string> {
  const counts: Record<string, string> = {};
  for (const node of api.tree.getChildren()) {
    if (node.kind === 'group') counts[node.status] = String(api.tree.getTreeItem(node).description);
  }
  return counts;
}

/** The server's own counts per status for a query, from total_num (what the tree must show). */
export async function serverCounts(
  server: SampleServer,
  query: Record<string, string> = {},
): Promise<Record<string, string>> {
  const counts: Record<string, string> = {};
  for (const status of ['running', 'waiting', 'failed', 'timeout', 'skipped', 'success']) {
    const params = new URLSearchParams({ offset: '0', limit: '10', status, ...query });
    const response = await fetch(
      `${server.url}/v5/${server.projectId}/ransomware/backup/operation-logs?${params}`,
      {
        headers: { 'x-auth-token': server.token },
      },
    );
    const body = (await response.json()) as { total_num: number };
    if (body.total_num > 0) counts[status] = body.total_num.toLocaleString('en-US');
  }
  return counts;
}

export interface ServerSuite {
  readonly api: HssBackupTasksApi;
  readonly server: SampleServer;
}

/**
 * Registers the hooks of a suite that runs against its own sample server: the extension is
 * activated once, each test gets a fresh server (connected with a token unless `connect` is
 * false), and everything is signed out and reset afterwards.
 */
export function useSampleServer(options: SampleServerOptions & { connect?: boolean } = {}): ServerSuite {
  const { connect: shouldConnect = true, ...serverOptions } = options;
  let api: HssBackupTasksApi | undefined;
  let server: SampleServer | undefined;
  before(async () => {
    api = await activateExtension();
    // The view is shown, as a user has it: VS Code reads the tree, and refreshes reach it.
    await vscode.commands.executeCommand('workbench.view.extension.hssBackupTasks');
  });
  beforeEach(async () => {
    server = await startSampleServer(serverOptions);
    if (shouldConnect && api) await connect(api, server);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('hssBackupTasks.groupBy', 'status');
    await vscode.commands.executeCommand('hssBackupTasks.clearFilters');
    if (api?.session.isSample) await vscode.commands.executeCommand('hssBackupTasks.closeSampleData');
    await vscode.commands.executeCommand('hssBackupTasks.signOut');
    await resetSettings();
    await server?.close();
  });
  return {
    get api() {
      assert.ok(api, 'the extension is active');
      return api;
    },
    get server() {
      assert.ok(server, 'the sample server is running');
      return server;
    },
  };
}

/** What an event fires from now on, through the extension's public events; dispose when done. */
export function recorder<T>(event: (listener: (value: T) => unknown) => { dispose(): unknown }): {
  readonly values: T[];
  dispose(): void;
} {
  const values: T[] = [];
  const subscription = event((value) => values.push(value));
  return { values, dispose: () => void subscription.dispose() };
}
