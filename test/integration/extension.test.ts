import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HssBackupTasksApi } from '../../src/extension';
import { type SampleServer, startSampleServer } from '../../src/sample/server';
import {
  activateExtension,
  allSettingsText,
  connect,
  groupCounts,
  resetSettings,
  serverCounts,
  setSettings,
  settled,
  treeLabel,
  waitFor,
} from './util';

describe('HSS Backup Tasks in VS Code', function () {
  this.timeout(60_000);
  let api: HssBackupTasksApi;
  let server: SampleServer;

  before(async () => {
    api = await activateExtension();
  });

  beforeEach(async () => {
    server = await startSampleServer({ taskCount: 500, seed: 11 });
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('hssBackupTasks.clearFilters');
    if (api.session.isSample) await vscode.commands.executeCommand('hssBackupTasks.closeSampleData');
    if (api.session.ready) await vscode.commands.executeCommand('hssBackupTasks.signOut');
    await resetSettings();
    await server.close();
  });

  it('contributes its view container, view and commands, and activates fast', async () => {
    const extension = vscode.extensions.getExtension('hss-backup-tasks.hss-backup-tasks');
    const contributes = extension?.packageJSON.contributes;
    assert.equal(contributes.viewsContainers.activitybar[0].id, 'hssBackupTasks');
    assert.equal(contributes.views.hssBackupTasks[0].id, 'hssBackupTasks.tasks');
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
      'refresh',
      'filterByStatus',
      'filterByServer',
      'filterByTimeRange',
      'selectEnterpriseProject',
      'clearFilters',
      'setToken',
      'signOut',
      'showTaskDetails',
      'showFailedTasks',
      'openSampleData',
      'closeSampleData',
    ]) {
      assert.ok(commands.includes(`hssBackupTasks.${id}`), `command hssBackupTasks.${id}`);
    }
    assert.ok(api.activationMs >= 0);
    assert.deepEqual(extension?.packageJSON.activationEvents, ['onView:hssBackupTasks.tasks']);
  });

  it('shows nothing but the welcome view while not configured', async () => {
    await resetSettings();
    await waitFor('the session to drop its target', () => !api.session.ready);
    assert.deepEqual(api.tree.getChildren(), []);
    assert.equal(api.statusBar.item.text === '' || !api.session.ready, true);
  });

  it('checks a token before saving it: a rejected one is not stored', async () => {
    await connect(api, server);
    await vscode.commands.executeCommand('hssBackupTasks.signOut');
    await waitFor('sign-out', () => !api.session.ready);
    const before = server.requests.length;
    await vscode.commands.executeCommand('hssBackupTasks.setToken', 'not-the-right-token');
    assert.equal(server.requests.length, before + 1, 'one request checks the token');
    assert.equal(server.requests.at(-1)?.status, 401);
    assert.equal(api.session.ready, false);
  });

  it('loads the sample server into groups whose counts equal what the server holds', async () => {
    await connect(api, server);
    const expected = await serverCounts(server, { enterprise_project_id: 'all_granted_eps' });
    assert.deepEqual(groupCounts(api), expected);
    const order = api.tree.getChildren().map((node) => (node.kind === 'group' ? node.status : node.kind));
    const fixed = ['running', 'waiting', 'failed', 'timeout', 'skipped', 'success'];
    assert.deepEqual(
      order,
      fixed.filter((status) => status in expected),
    );
    const failed = api.tree.getChildren().find((node) => node.kind === 'group' && node.status === 'failed');
    assert.ok(failed);
    assert.equal(api.tree.getTreeItem(failed).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    const success = api.tree.getChildren().find((node) => node.kind === 'group' && node.status === 'success');
    assert.ok(success);
    assert.equal(api.tree.getTreeItem(success).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
  });

  it('stores the token only in SecretStorage: never in settings, logs or requests', async () => {
    await connect(api, server);
    assert.ok(api.session.ready);
    assert.ok(!allSettingsText().includes(server.token), 'not in settings');
    assert.ok(api.log.recent.length > 0);
    assert.ok(!api.log.recent.join('\n').includes(server.token), 'not in the log');
    assert.ok(!JSON.stringify(server.requests).includes(server.token), 'not in any URL');
    await vscode.commands.executeCommand('hssBackupTasks.signOut');
    await waitFor('sign-out', () => !api.session.ready);
    assert.deepEqual(api.tree.getChildren(), []);
  });

  it('gives task items labels, progress decorations, tooltips and a details command', async () => {
    await connect(api, server);
    const running = api.tree.getChildren().find((node) => node.kind === 'group' && node.status === 'running');
    assert.ok(running, 'the sample data has running tasks');
    const [first] = api.tree.getChildren(running);
    assert.ok(first && first.kind === 'task');
    const item = api.tree.getTreeItem(first);
    const task = api.tree.task(first.id);
    assert.ok(task);
    assert.equal(treeLabel(api, first), task.hostName ?? task.hostId);
    assert.match(String(item.description), /^[▰▱]{5} \d+%/);
    assert.equal(item.command?.command, 'hssBackupTasks.showTaskDetails');
    assert.ok(item.tooltip instanceof vscode.MarkdownString);
    assert.match(item.contextValue ?? '', /\btask\b.*\brunning\b.*\bactive\b/);
    const decoration = api.tree.provideFileDecoration(item.resourceUri as vscode.Uri);
    assert.equal(decoration?.badge, String(Math.min(99, task.progress ?? 0)));
  });

  it('sends each filter to the server and shows what it returns', async () => {
    await connect(api, server);
    const run = async (command: string, arg: unknown) => {
      server.requests.length = 0;
      await vscode.commands.executeCommand(command, arg);
      await waitFor('a new load', () => server.requests.length > 0);
      await settled(api);
    };

    await run('hssBackupTasks.filterByServer', 'db');
    assert.ok(server.requests.every((r) => r.query.resource_name === 'db'));
    assert.deepEqual(
      groupCounts(api),
      await serverCounts(server, { enterprise_project_id: 'all_granted_eps', resource_name: 'db' }),
    );
    assert.match(api.treeView.message ?? '', /server: db/);

    await run('hssBackupTasks.filterByTimeRange', 3);
    assert.ok(server.requests.every((r) => r.query.last_days === '3'));
    assert.deepEqual(
      groupCounts(api),
      await serverCounts(server, {
        enterprise_project_id: 'all_granted_eps',
        resource_name: 'db',
        last_days: '3',
      }),
    );

    await run('hssBackupTasks.selectEnterpriseProject', '0');
    assert.ok(server.requests.every((r) => r.query.enterprise_project_id === '0'));
    assert.deepEqual(groupCounts(api), await serverCounts(server, { resource_name: 'db', last_days: '3' }));

    await run('hssBackupTasks.filterByStatus', ['failed']);
    assert.ok(server.requests.some((r) => r.query.status === 'failed' && r.query.limit !== '10'));
    assert.deepEqual(
      Object.keys(groupCounts(api)),
      Object.keys(
        await serverCounts(server, { resource_name: 'db', last_days: '3', status: 'failed' }),
      ).filter((s) => s === 'failed'),
    );
    assert.match(api.treeView.message ?? '', /status: failed/);

    await run('hssBackupTasks.clearFilters', undefined);
    assert.ok(
      server.requests.every((r) => r.query.resource_name === undefined && r.query.status === undefined),
    );
  });

  it('counts failed and timeout tasks in the status bar whatever the status filter, and filters on click', async () => {
    await connect(api, server);
    const expected = await serverCounts(server, { enterprise_project_id: 'all_granted_eps' });
    const failures =
      Number((expected.failed ?? '0').replace(/,/g, '')) +
      Number((expected.timeout ?? '0').replace(/,/g, ''));
    assert.ok(failures > 0);
    assert.equal(api.statusBar.item.text, `$(error) ${failures}`);
    assert.equal(api.statusBar.item.command, 'hssBackupTasks.showFailedTasks');
    assert.equal(api.treeView.badge?.value, failures);

    await vscode.commands.executeCommand('hssBackupTasks.filterByStatus', ['success']);
    await settled(api);
    await waitFor('the success filter', () => Object.keys(groupCounts(api)).join() === 'success');
    assert.equal(api.statusBar.item.text, `$(error) ${failures}`);

    await vscode.commands.executeCommand('hssBackupTasks.showFailedTasks');
    await settled(api);
    await waitFor('failed and timeout groups', () =>
      Object.keys(groupCounts(api)).every((s) => s === 'failed' || s === 'timeout'),
    );
  });

  for (const [name, fault, kind] of [
    ['401', () => server.setToken('rotated-token'), 'credentials'],
    ['500', () => server.setFaults({ serverError: { status: 500 } }), 'server'],
    ['a dropped connection', () => server.setFaults({ dropConnection: {} }), 'network'],
  ] as const) {
    it(`keeps the earlier list, marked stale, after ${name}`, async () => {
      await connect(api, server);
      const before = api.tree.getChildren();
      const counts = groupCounts(api);
      fault();
      await vscode.commands.executeCommand('hssBackupTasks.refresh');
      await settled(api);
      assert.equal(api.store.state.error?.kind, kind);
      assert.deepEqual(api.tree.getChildren(), before);
      assert.deepEqual(groupCounts(api), counts);
      assert.match(api.treeView.message ?? '', /Showing data from \d\d:\d\d \(refresh failed: /);
      if (kind === 'credentials')
        assert.match(api.credentialPrompter.shown.at(-1) ?? '', /Credentials rejected/);
      server.setFaults({});
    });
  }

  it('shows an error item with the request id when there is no earlier list', async () => {
    await connect(api, server);
    server.setFaults({ serverError: { status: 503 } });
    await vscode.commands.executeCommand('hssBackupTasks.filterByServer', 'ecs');
    await settled(api);
    const [node] = api.tree.getChildren();
    assert.equal(node?.kind, 'error');
    const item = api.tree.getTreeItem(node);
    assert.match(String(item.label), /HSS service failed/);
    assert.equal(item.command?.command, 'hssBackupTasks.showLog');
    assert.match(String(item.description), /request id \w+/);
    server.setFaults({});
  });

  it('offers a new token beside the error when the credentials are rejected and nothing is shown yet', async () => {
    await connect(api, server);
    server.setToken('rotated-token');
    await vscode.commands.executeCommand('hssBackupTasks.filterByServer', 'web');
    const nodes = api.tree.getChildren();
    assert.deepEqual(
      nodes.map((node) => node.kind),
      ['error', 'setCredentials'],
    );
    assert.equal(
      api.tree.getTreeItem(nodes[1] as (typeof nodes)[number]).command?.command,
      'hssBackupTasks.setToken',
    );
  });

  it('keeps task ids and nodes across refreshes', async () => {
    await connect(api, server);
    const ids = () =>
      api.tree
        .getChildren()
        .flatMap((group) => api.tree.getChildren(group).map((n) => api.tree.getTreeItem(n).id));
    const before = ids();
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(api);
    assert.deepEqual(ids(), before);
    assert.equal(new Set(before).size, before.length, 'ids are unique, duplicates included');
  });

  it('refreshes only the task nodes that changed', async () => {
    await connect(api, server);
    const running = server.tasks.find((t) => t.status === 'running');
    assert.ok(running);
    running.process = Math.min(99, running.process + 7);
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(api);
    const refreshed = api.tree.lastRefreshed;
    assert.ok(refreshed, 'not the whole tree');
    assert.equal(refreshed.length, 1);
    assert.equal(refreshed[0]?.kind, 'task');
  });

  it('opens sample data in-process, labelled as such, and closes it', async () => {
    await vscode.commands.executeCommand('hssBackupTasks.openSampleData');
    await settled(api);
    assert.ok(api.session.isSample);
    assert.ok(api.session.sampleServer);
    assert.ok(api.tree.getChildren().length > 0);
    assert.match(api.treeView.message ?? '', /^sample data/);
    await vscode.commands.executeCommand('hssBackupTasks.closeSampleData');
    assert.equal(api.session.isSample, false);
  });

  it('opens one details panel per task, with a nonce CSP and the error', async () => {
    await connect(api, server);
    const failedGroup = api.tree.getChildren().find((n) => n.kind === 'group' && n.status === 'failed');
    assert.ok(failedGroup);
    const [node] = api.tree.getChildren(failedGroup);
    assert.ok(node?.kind === 'task');
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', node.id);
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', node.id);
    assert.equal(api.details.open.size, 1);
    const panel = api.details.open.get(node.id)?.panel;
    assert.ok(panel);
    const html = panel.webview.html;
    assert.match(html, /default-src 'none'/);
    assert.match(html, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
    const task = api.tree.task(node.id);
    if (task?.error?.code) assert.ok(html.includes(task.error.code));
    panel.dispose();
  });
});

describe('Live updates and notifications', function () {
  this.timeout(60_000);
  let api: HssBackupTasksApi;
  let server: SampleServer;

  before(async () => {
    api = await activateExtension();
  });
  beforeEach(async () => {
    server = await startSampleServer({ taskCount: 400, seed: 5 });
    await connect(api, server);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('hssBackupTasks.signOut');
    await resetSettings();
    await server.close();
  });

  it('polls only the active tasks and updates them in place, with a time-left estimate', async () => {
    const running = server.tasks.filter((t) => t.status === 'running' && t.enterpriseProjectId !== undefined);
    assert.ok(running.length > 0);
    for (const task of running) task.process = Math.min(98, task.process + 1);
    server.requests.length = 0;
    assert.equal(await api.poller.poll(), 'updated');
    assert.ok(server.requests.length <= 2);
    assert.ok(server.requests.every((r) => r.query.status === 'running' || r.query.status === 'waiting'));
    const refreshed = api.tree.lastRefreshed;
    assert.ok(
      refreshed?.every((node) => node.kind === 'task'),
      'only task nodes',
    );
    // A second reading a little later gives a rate.
    await new Promise((resolve) => setTimeout(resolve, 30));
    for (const task of running) task.process = Math.min(99, task.process + 1);
    await api.poller.poll();
    const group = api.tree.getChildren().find((n) => n.kind === 'group' && n.status === 'running');
    assert.ok(group);
    const descriptions = api.tree.getChildren(group).map((n) => String(api.tree.getTreeItem(n).description));
    const debug = api.tree
      .getChildren(group)
      .map((n) =>
        n.kind === 'task' ? `${api.tree.task(n.id)?.progress}:${api.store.remainingMs(n.id)}` : '',
      );
    assert.ok(
      descriptions.some((d) => /~.+ left/.test(d)),
      `${descriptions.join(' | ')} ${debug.join(',')} ${api.poller.outcomes.join(',')}`,
    );
  });

  it('notifies once when tasks turn failed between loads, never on the first load', async () => {
    const before = api.notifier.shown.length;
    assert.equal(api.notifier.shown.length, before, 'nothing on the first load');
    const [a, b] = server.tasks.filter((t) => t.status === 'running');
    assert.ok(a && b);
    for (const task of [a, b]) {
      task.status = 'failed';
      task.endedAt = Date.now();
      task.errorInfo = { code: 'HSS.1117', message: 'Backup vault capacity is insufficient.' };
    }
    assert.equal(await api.poller.poll(), 'reloaded');
    assert.equal(api.notifier.shown.length, before + 1, 'several at once become one');
    assert.match(api.notifier.shown.at(-1) ?? '', /2 HSS tasks failed or timed out/);
  });
});

describe('Access keys and IAM sign-in', function () {
  this.timeout(60_000);
  let api: HssBackupTasksApi;
  let server: SampleServer;

  before(async () => {
    api = await activateExtension();
  });
  beforeEach(async () => {
    server = await startSampleServer({ taskCount: 200, seed: 3 });
    await setSettings({
      endpoint: server.url,
      projectId: server.projectId,
      enterpriseProjectId: 'all_granted_eps',
    });
    await waitFor('the target', () => api.session.current?.endpoint.href.startsWith(server.url));
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('hssBackupTasks.signOut');
    await resetSettings();
    await server.close();
  });

  it('signs every request with the access key, which only SecretStorage keeps', async () => {
    const key = server.accessKeys[0];
    assert.ok(key);
    await vscode.commands.executeCommand('hssBackupTasks.setAccessKey', key.accessKey, key.secretKey);
    await waitFor('the session', () => api.session.ready);
    await settled(api);
    assert.ok(api.store.state.tasks.length > 0);
    assert.ok(
      server.requests.length > 0 && server.requests.every((r) => r.auth === 'aksk' && r.status === 200),
    );
    const everywhere = [allSettingsText(), api.log.recent.join('\n'), JSON.stringify(server.requests)].join(
      '\n',
    );
    assert.ok(!everywhere.includes(key.secretKey));
  });

  it('refuses a wrong secret key after one attempt and stores nothing', async () => {
    const key = server.accessKeys[0];
    assert.ok(key);
    server.requests.length = 0;
    await vscode.commands.executeCommand('hssBackupTasks.setAccessKey', key.accessKey, `${key.secretKey}x`);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]?.status, 401);
    assert.equal(api.session.ready, false);
  });

  it('signs in with an IAM user, finds the project id, and loads', async () => {
    const user = server.iamUsers[0];
    assert.ok(user);
    await setSettings({ projectId: undefined, iamEndpoint: server.url, region: server.region });
    await vscode.commands.executeCommand('hssBackupTasks.signIn', {
      domainName: user.domainName,
      userName: user.name,
      password: user.password,
      remember: false,
    });
    await waitFor('the session', () => api.session.ready);
    await settled(api);
    assert.equal(api.session.current?.projectId, server.projectId);
    assert.ok(api.store.state.tasks.length > 0);
    const everywhere = [allSettingsText(), api.log.recent.join('\n'), JSON.stringify(server.requests)].join(
      '\n',
    );
    assert.ok(!everywhere.includes(user.password));
  });

  it('tries a wrong password once and keeps nothing', async () => {
    const user = server.iamUsers[0];
    assert.ok(user);
    await setSettings({ iamEndpoint: server.url, region: server.region });
    server.requests.length = 0;
    await vscode.commands.executeCommand('hssBackupTasks.signIn', {
      domainName: user.domainName,
      userName: user.name,
      password: 'wrong-password',
      remember: true,
    });
    assert.equal(server.requests.filter((r) => r.path === '/v3/auth/tokens').length, 1);
    assert.equal(api.session.ready, false);
  });
});

describe('Grouping by server and export', function () {
  this.timeout(60_000);
  let api: HssBackupTasksApi;
  let server: SampleServer;

  before(async () => {
    api = await activateExtension();
  });
  beforeEach(async () => {
    server = await startSampleServer({ taskCount: 300, seed: 8 });
    await connect(api, server);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('hssBackupTasks.groupBy', 'status');
    await vscode.commands.executeCommand('hssBackupTasks.signOut');
    await resetSettings();
    await server.close();
  });

  it('groups by server, worst first, each with its counts, and back', async () => {
    await vscode.commands.executeCommand('hssBackupTasks.groupBy', 'server');
    const servers = api.tree.getChildren();
    assert.ok(servers.length > 1 && servers.every((node) => node.kind === 'server'));
    const total = servers.reduce((sum, node) => sum + api.tree.getChildren(node).length, 0);
    assert.equal(total, api.store.state.tasks.length);
    const first = api.tree.getTreeItem(servers[0] as (typeof servers)[number]);
    assert.match(String(first.description), /\d+ (failed|timeout)/);
    const [task] = api.tree.getChildren(servers[0]);
    assert.ok(task);
    assert.equal(api.tree.getParent(task), servers[0]);
    await vscode.commands.executeCommand('hssBackupTasks.groupBy');
    assert.ok(api.tree.getChildren().every((node) => node.kind === 'group'));
  });

  it('exports the filtered list to CSV and JSON with every field and ISO times', async () => {
    await vscode.commands.executeCommand('hssBackupTasks.filterByStatus', ['failed']);
    const folder = vscode.Uri.joinPath(vscode.Uri.file(process.env.TMPDIR ?? '/tmp'), `export-${Date.now()}`);
    await vscode.workspace.fs.createDirectory(folder);
    const csvPath = vscode.Uri.joinPath(folder, 'tasks.csv');
    const jsonPath = vscode.Uri.joinPath(folder, 'tasks.json');
    await vscode.commands.executeCommand('hssBackupTasks.export', csvPath.fsPath, 'csv');
    await vscode.commands.executeCommand('hssBackupTasks.export', { path: jsonPath.fsPath, format: 'json' });
    const csv = Buffer.from(await vscode.workspace.fs.readFile(csvPath)).toString('utf8');
    const json = JSON.parse(
      Buffer.from(await vscode.workspace.fs.readFile(jsonPath)).toString('utf8'),
    ) as Record<string, unknown>[];
    const failed = api.store.state.tasks;
    assert.ok(failed.length > 0 && failed.every((t) => t.status === 'failed'));
    assert.equal(json.length, failed.length);
    assert.equal(csv.trim().split('\r\n').length, failed.length + 1);
    assert.match(
      csv.split('\r\n')[0] ?? '',
      /^host_id,host_name,backup_name,status,raw_status,progress,started_at,ended_at,error_code,error_message$/,
    );
    assert.match(String(json[0]?.started_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(json.every((row) => row.status === 'failed' && typeof row.error_code === 'string'));
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });
});
