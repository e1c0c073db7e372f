import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TaskNode } from '../../src/ui/tasks/taskTree';
import {
  allSettingsText,
  connect,
  firstTaskIn,
  groupCounts,
  recorder,
  resetSettings,
  serverCounts,
  setSettings,
  settled,
  treeLabel,
  useSampleServer,
  waitFor,
} from './util';

describe('HSS Backup Tasks in VS Code', function () {
  this.timeout(60_000);
  const suite = useSampleServer({ taskCount: 500, seed: 11, connect: false });

  it('contributes its view container, view and commands, and activates fast', async () => {
    const extension = vscode.extensions.getExtension('hss-backup-tasks.hss-backup-tasks');
    const contributes = extension?.packageJSON.contributes;
    assert.equal(contributes.viewsContainers.activitybar[0].id, 'hssBackupTasks');
    assert.equal(contributes.views.hssBackupTasks[0].id, 'hssBackupTasks.tasks');
    assert.equal(contributes.views.hssBackupTasks[1].id, 'hssBackupTasks.servers');
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
    assert.ok(suite.api.activationMs >= 0);
    // The bundle marks its own first line, so loading it is measured too.
    assert.equal(typeof suite.api.loadMs, 'number');
    assert.ok((suite.api.loadMs ?? -1) > 0);
    assert.deepEqual(extension?.packageJSON.activationEvents, [
      'onView:hssBackupTasks.tasks',
      'onView:hssBackupTasks.servers',
    ]);
  });

  it('shows nothing but the welcome view while not configured', async () => {
    await resetSettings();
    await waitFor('the session to drop its target', () => !suite.api.session.ready);
    assert.deepEqual(suite.api.tree.getChildren(), []);
    assert.equal(suite.api.statusBar.visible, false);
  });

  it('checks a token before saving it: a rejected one is not stored', async () => {
    await connect(suite.api, suite.server);
    await vscode.commands.executeCommand('hssBackupTasks.signOut');
    await waitFor('sign-out', () => !suite.api.session.ready);
    const before = suite.server.requests.length;
    await vscode.commands.executeCommand('hssBackupTasks.setToken', 'not-the-right-token');
    assert.equal(suite.server.requests.length, before + 1, 'one request checks the token');
    assert.equal(suite.server.requests.at(-1)?.status, 401);
    assert.equal(suite.api.session.ready, false);
  });

  it('loads the sample server into groups whose counts equal what the server holds', async () => {
    await connect(suite.api, suite.server);
    const expected = await serverCounts(suite.server, { enterprise_project_id: 'all_granted_eps' });
    assert.deepEqual(groupCounts(suite.api), expected);
    const order = suite.api.tree
      .getChildren()
      .map((node) => (node.kind === 'group' ? node.status : node.kind));
    const fixed = ['running', 'waiting', 'failed', 'timeout', 'skipped', 'success'];
    assert.deepEqual(
      order,
      fixed.filter((status) => status in expected),
    );
    const failed = suite.api.tree
      .getChildren()
      .find((node) => node.kind === 'group' && node.status === 'failed');
    assert.ok(failed);
    assert.equal(
      suite.api.tree.getTreeItem(failed).collapsibleState,
      vscode.TreeItemCollapsibleState.Expanded,
    );
    const success = suite.api.tree
      .getChildren()
      .find((node) => node.kind === 'group' && node.status === 'success');
    assert.ok(success);
    assert.equal(
      suite.api.tree.getTreeItem(success).collapsibleState,
      vscode.TreeItemCollapsibleState.Collapsed,
    );
  });

  it('stores the token only in SecretStorage: never in settings, logs or requests', async () => {
    await connect(suite.api, suite.server);
    assert.ok(suite.api.session.ready);
    assert.ok(!allSettingsText().includes(suite.server.token), 'not in settings');
    assert.ok(suite.api.log.recent.length > 0);
    assert.ok(!suite.api.log.recent.join('\n').includes(suite.server.token), 'not in the log');
    assert.ok(!JSON.stringify(suite.server.requests).includes(suite.server.token), 'not in any URL');
    await vscode.commands.executeCommand('hssBackupTasks.signOut');
    await waitFor('sign-out', () => !suite.api.session.ready);
    assert.deepEqual(suite.api.tree.getChildren(), []);
  });

  it('gives task items labels, progress decorations, tooltips and a details command', async () => {
    await connect(suite.api, suite.server);
    const running = suite.api.tree
      .getChildren()
      .find((node) => node.kind === 'group' && node.status === 'running');
    assert.ok(running, 'the sample data has running tasks');
    const [first] = suite.api.tree.getChildren(running);
    assert.ok(first && first.kind === 'task');
    const item = suite.api.tree.getTreeItem(first);
    const task = suite.api.tree.task(first.id);
    assert.ok(task);
    assert.equal(treeLabel(suite.api, first), task.hostName ?? task.hostId);
    assert.match(String(item.description), /^[▰▱]{5} \d+%/);
    // The command comes when VS Code resolves the row (on open), as the tooltip does (on hover).
    assert.equal(item.command, undefined);
    const resolved = suite.api.tree.resolveTreeItem(item, first);
    assert.equal(resolved.command?.command, 'hssBackupTasks.showTaskDetails');
    assert.deepEqual(resolved.command?.arguments, [first.id]);
    assert.ok(resolved.tooltip instanceof vscode.MarkdownString);
    assert.match(resolved.tooltip.value, new RegExp(`Progress:(\\s|&nbsp;)${task.progress}%`));
    assert.match(item.contextValue ?? '', /\btask\b.*\brunning\b.*\bactive\b/);
    // No file-decoration badge repeating the percent on the same row.
    assert.equal(item.resourceUri, undefined);

    // A finished row: when and how long first, the backup name last (a 300 px sidebar cuts the end).
    const { node: failedNode } = firstTaskIn(suite.api, 'failed');
    const failed = suite.api.tree.task(failedNode.id);
    assert.ok(failed?.backupName && failed.endedAt !== undefined);
    assert.match(
      String(suite.api.tree.getTreeItem(failedNode).description),
      new RegExp(
        `^(\\d+ \\w+ ago|yesterday|last month|\\d+ months ago) · \\d+ (s|min|h|d)( \\d+ \\w+)? · ${failed.backupName}$`,
      ),
    );
  });

  it('sends each filter to the server and shows what it returns', async () => {
    await connect(suite.api, suite.server);
    const run = async (command: string, arg: unknown) => {
      suite.server.requests.length = 0;
      await vscode.commands.executeCommand(command, arg);
      await waitFor('a new load', () => suite.server.requests.length > 0);
      await settled(suite.api);
    };

    await run('hssBackupTasks.filterByServer', 'db');
    // The task list's requests (the Servers view asks for its own list with host_name).
    const taskRequests = () => suite.server.requests.filter((r) => r.path.endsWith('/operation-logs'));
    assert.ok(taskRequests().length > 0 && taskRequests().every((r) => r.query.resource_name === 'db'));
    assert.deepEqual(
      groupCounts(suite.api),
      await serverCounts(suite.server, { enterprise_project_id: 'all_granted_eps', resource_name: 'db' }),
    );
    assert.match(suite.api.treeView.message ?? '', /server: db/);

    await run('hssBackupTasks.filterByTimeRange', 3);
    assert.ok(suite.server.requests.every((r) => r.query.last_days === '3'));
    assert.deepEqual(
      groupCounts(suite.api),
      await serverCounts(suite.server, {
        enterprise_project_id: 'all_granted_eps',
        resource_name: 'db',
        last_days: '3',
      }),
    );

    await run('hssBackupTasks.selectEnterpriseProject', '0');
    assert.ok(suite.server.requests.every((r) => r.query.enterprise_project_id === '0'));
    assert.deepEqual(
      groupCounts(suite.api),
      await serverCounts(suite.server, { resource_name: 'db', last_days: '3' }),
    );

    await run('hssBackupTasks.filterByStatus', ['failed']);
    assert.ok(suite.server.requests.some((r) => r.query.status === 'failed' && r.query.limit !== '10'));
    assert.deepEqual(
      Object.keys(groupCounts(suite.api)),
      Object.keys(
        await serverCounts(suite.server, { resource_name: 'db', last_days: '3', status: 'failed' }),
      ).filter((s) => s === 'failed'),
    );
    assert.match(suite.api.treeView.message ?? '', /status: failed/);

    await run('hssBackupTasks.clearFilters', undefined);
    assert.ok(
      suite.server.requests.every((r) => r.query.resource_name === undefined && r.query.status === undefined),
    );
  });

  it('counts failed and timeout tasks in the status bar whatever the status filter, and filters on click', async () => {
    await connect(suite.api, suite.server);
    const expected = await serverCounts(suite.server, { enterprise_project_id: 'all_granted_eps' });
    const failures =
      Number((expected.failed ?? '0').replace(/,/g, '')) +
      Number((expected.timeout ?? '0').replace(/,/g, ''));
    assert.ok(failures > 0);
    assert.equal(suite.api.statusBar.item.text, `$(error) ${failures}`);
    assert.equal(suite.api.statusBar.item.command, 'hssBackupTasks.showFailedTasks');
    assert.equal(suite.api.treeView.badge?.value, failures);

    await vscode.commands.executeCommand('hssBackupTasks.filterByStatus', ['success']);
    await settled(suite.api);
    await waitFor('the success filter', () => Object.keys(groupCounts(suite.api)).join() === 'success');
    assert.equal(suite.api.statusBar.item.text, `$(error) ${failures}`);

    await vscode.commands.executeCommand('hssBackupTasks.showFailedTasks');
    await settled(suite.api);
    await waitFor('failed and timeout groups', () =>
      Object.keys(groupCounts(suite.api)).every((s) => s === 'failed' || s === 'timeout'),
    );
  });

  for (const [name, fault, kind] of [
    ['401', () => suite.server.setToken('rotated-token'), 'credentials'],
    ['500', () => suite.server.setFaults({ serverError: { status: 500 } }), 'server'],
    ['a dropped connection', () => suite.server.setFaults({ dropConnection: {} }), 'network'],
  ] as const) {
    it(`keeps the earlier list, marked stale, after ${name}`, async () => {
      await connect(suite.api, suite.server);
      const before = suite.api.tree.getChildren();
      const counts = groupCounts(suite.api);
      const prompts = recorder(suite.api.credentialPrompter.onDidShow);
      fault();
      await vscode.commands.executeCommand('hssBackupTasks.refresh');
      await settled(suite.api);
      assert.equal(suite.api.store.state.error?.kind, kind);
      assert.deepEqual(suite.api.tree.getChildren(), before);
      assert.deepEqual(groupCounts(suite.api), counts);
      assert.match(suite.api.treeView.message ?? '', /Showing data from \d\d:\d\d \(refresh failed: /);
      if (kind === 'credentials') assert.match(prompts.values.at(-1) ?? '', /Credentials rejected/);
      prompts.dispose();
      suite.server.setFaults({});
    });
  }

  it('shows an error item with the request id when there is no earlier list', async () => {
    await connect(suite.api, suite.server);
    suite.server.setFaults({ serverError: { status: 503 } });
    await vscode.commands.executeCommand('hssBackupTasks.filterByServer', 'ecs');
    await settled(suite.api);
    const [node] = suite.api.tree.getChildren();
    assert.equal(node?.kind, 'error');
    const item = suite.api.tree.getTreeItem(node);
    assert.match(String(item.label), /HSS service failed/);
    assert.equal(item.command?.command, 'hssBackupTasks.showLog');
    assert.match(String(item.description), /request id \w+/);
    suite.server.setFaults({});
  });

  it('offers a new token beside the error when the credentials are rejected and nothing is shown yet', async () => {
    await connect(suite.api, suite.server);
    suite.server.setToken('rotated-token');
    await vscode.commands.executeCommand('hssBackupTasks.filterByServer', 'web');
    const nodes = suite.api.tree.getChildren();
    assert.deepEqual(
      nodes.map((node) => node.kind),
      ['error', 'setCredentials'],
    );
    assert.equal(
      suite.api.tree.getTreeItem(nodes[1] as (typeof nodes)[number]).command?.command,
      'hssBackupTasks.setToken',
    );
  });

  it('names a bad setting and why, and keeps working with the default', async () => {
    await connect(suite.api, suite.server);
    suite.server.requests.length = 0;
    await setSettings({ pageSize: 5000 });
    await waitFor('the problem to be reported', () =>
      suite.api.session.settings.problems.find((p) => p.includes('HSS.pageSize')),
    );
    await settled(suite.api);
    assert.match(suite.api.session.settings.problems.join(), /from 10 to 200; using 200/);
    // The value in effect did not change (200 either way): nothing to load again until asked.
    assert.equal(suite.server.requests.length, 0);
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    assert.ok(suite.server.requests.length > 0);
    assert.ok(suite.server.requests.every((r) => r.query.limit === '200' || r.query.limit === '10'));
  });

  it('does not load again for a display-only setting', async () => {
    await connect(suite.api, suite.server);
    suite.server.requests.length = 0;
    await setSettings({ 'statusBar.showWhenZero': false, notifications: 'all' });
    await waitFor('the setting', () => suite.api.session.settings.notifications === 'all');
    // The setting was handled: a reload it started would be the session's latest, and idle()
    // settles after its load, so a request would be on the server's log by now.
    await suite.api.session.idle();
    assert.equal(suite.server.requests.length, 0);
  });

  it('keeps task ids and nodes across refreshes', async () => {
    await connect(suite.api, suite.server);
    const ids = () =>
      suite.api.tree
        .getChildren()
        .flatMap((group) => suite.api.tree.getChildren(group).map((n) => suite.api.tree.getTreeItem(n).id));
    const nodes = () => suite.api.tree.getChildren().flatMap((group) => suite.api.tree.getChildren(group));
    const before = ids();
    const nodesBefore = nodes();
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(suite.api);
    assert.deepEqual(ids(), before);
    assert.equal(new Set(before).size, before.length, 'ids are unique, duplicates included');
    // The same element objects, so VS Code keeps selection, focus and expansion.
    const nodesAfter = nodes();
    assert.equal(nodesAfter.length, nodesBefore.length);
    assert.ok(nodesAfter.every((node, index) => node === nodesBefore[index]));
  });

  it('says so when asked for a task that has left the list', async () => {
    await connect(suite.api, suite.server);
    const { node } = firstTaskIn(suite.api, 'failed');
    const shown = suite.api.tree.task(node.id);
    assert.ok(shown);
    // Every reading of that task leaves the server's list.
    const kept = suite.server.tasks.filter(
      (t) => t.hostId !== shown.hostId || t.backupName !== shown.backupName,
    );
    assert.ok(kept.length < suite.server.tasks.length);
    suite.server.tasks.splice(0, suite.server.tasks.length, ...kept);
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(suite.api);
    assert.equal(suite.api.tree.task(node.id), undefined);
    assert.equal(suite.api.tree.getTreeItem(node).label, '(task no longer listed)');
    assert.equal(suite.api.tree.getParent(node), undefined);
  });

  it('refreshes only the task nodes that changed', async () => {
    await connect(suite.api, suite.server);
    const running = suite.server.tasks.find((t) => t.status === 'running');
    assert.ok(running);
    running.process = Math.min(99, running.process + 7);
    const refreshes = recorder(suite.api.tree.onDidChangeTreeData);
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(suite.api);
    refreshes.dispose();
    const refreshed = refreshes.values.at(-1) as TaskNode[] | undefined;
    assert.ok(refreshed, 'not the whole tree');
    assert.equal(refreshed.length, 1);
    const [node] = refreshed;
    assert.ok(node?.kind === 'task');
    // The node VS Code already holds, now showing the new reading.
    const group = suite.api.tree.getChildren().find((n) => n.kind === 'group' && n.status === 'running');
    assert.ok(group && suite.api.tree.getChildren(group).includes(node));
    assert.match(String(suite.api.tree.getTreeItem(node).description), new RegExp(` ${running.process}%`));
  });

  it('opens sample data in-process, labelled as such, and closes it', async () => {
    await vscode.commands.executeCommand('hssBackupTasks.openSampleData');
    await settled(suite.api);
    assert.ok(suite.api.session.isSample);
    assert.ok(suite.api.session.sampleServer);
    assert.ok(suite.api.tree.getChildren().length > 0);
    assert.match(suite.api.treeView.message ?? '', /^sample data/);
    await vscode.commands.executeCommand('hssBackupTasks.closeSampleData');
    assert.equal(suite.api.session.isSample, false);
  });

  it('opens one details panel per task, with a nonce CSP and the error', async () => {
    await connect(suite.api, suite.server);
    const { node } = firstTaskIn(suite.api, 'failed');
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', node.id);
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', node.id);
    assert.equal(suite.api.details.open.size, 1);
    const panel = suite.api.details.open.get(node.id)?.panel;
    assert.ok(panel);
    await waitFor('the page to load', () => suite.api.details.open.get(node.id)?.ready);
    const html = panel.webview.html;
    assert.match(html, /default-src 'none'/);
    assert.match(html, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
    const task = suite.api.tree.task(node.id);
    assert.ok(task?.error?.code, 'the sample gives failed tasks an error code');
    assert.ok(html.includes(task.error.code));
    // Left open: the next test's click reuses this preview tab, as a user's next click does.
  });

  it('updates an open details page in place, and says when its task is gone', async () => {
    await connect(suite.api, suite.server);
    const { node } = firstTaskIn(suite.api, 'running');
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', node.id);
    const shown = suite.api.tree.task(node.id);
    const row = suite.server.tasks.find(
      (t) => t.status === 'running' && t.hostId === shown?.hostId && t.backupName === shown?.backupName,
    );
    assert.ok(row);
    row.process = Math.min(99, row.process + 1);
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    let open = suite.api.details.open.get(node.id);
    assert.equal(open?.task.progress, row.process);
    assert.equal(open?.renders, 1);
    assert.equal(open?.gone, false);

    suite.server.tasks.splice(suite.server.tasks.indexOf(row), 1);
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    open = suite.api.details.open.get(node.id);
    assert.equal(open?.gone, true);
    assert.equal(open?.renders, 2);
  });
});
