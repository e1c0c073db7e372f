/**
 * The Servers view in the real VS Code against the sample server: hand-written tasks over the
 * sample's 20 servers, so every coverage state has a count worked out by hand (see the table).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HssBackupTasksApi } from '../../src/extension';
import { SAMPLE_HOSTS } from '../../src/sample/catalog';
import type { SampleTask } from '../../src/sample/data';
import { type SampleServer, startSampleServer } from '../../src/sample/server';
import type { ServerNode } from '../../src/ui/servers/serverTree';
import {
  activateExtension,
  recorder,
  resetSettings,
  setSettings,
  settled,
  useSampleServer,
  waitFor,
} from './util';

const HOUR = 3_600_000;

function host(name: string) {
  const found = SAMPLE_HOSTS.find((candidate) => candidate.name === name);
  assert.ok(found, name);
  return found;
}

function task(name: string, status: SampleTask['status'], hoursAgo: number): SampleTask {
  const { id, enterpriseProjectId } = host(name);
  const startedAt = Math.floor((Date.now() - hoursAgo * HOUR) / 1000) * 1000;
  return {
    enterpriseProjectId,
    hostId: id,
    hostName: name,
    backupName: `autobk_${name}_${hoursAgo}`,
    process: status === 'success' ? 100 : 40,
    status,
    startedAt,
    endedAt: startedAt + 10 * 60_000,
    errorInfo:
      status === 'failed' || status === 'timeout'
        ? { code: 'HSS.1048', message: 'Snapshot creation timed out.' }
        : undefined,
    timeFormat: 'iso',
  };
}

// Server (protection in the sample)        tasks                       state
// ecs-web-01, web-服务器-02, redis-cache-01  success 3 h / 5 h / 1 h      covered (3)
// café-prod                                 failed 1 h, success 10 h   last failed
// jenkins-ci                                timeout 1 h, success 20 h  last failed (2)
// 数据库-主节点                              success 4 days ago         stale
// staging-api, batch-worker-07, test-vm-old no task                    stale (4)
// db-primary, db-replica-01, media-store-01 vault 94% full             vault problem
// fileserver-nas (frozen), reporting-db (migrating)                    vault problem (5)
// app-backend-03 (closed), k8s-node-1 (policy disabled), legacy-erp-01 (failed to turn on),
// win-ad-01 (no policy), bastion-01 (closed), qa-sandbox (failed to turn on)  not protected (6)
/** A tooltip's text: Markdown escapes punctuation and writes spaces as &nbsp;. */
function plain(tooltip: string | vscode.MarkdownString | undefined): string {
  const text = typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
  return text.replace(/\\/g, '').replace(/&nbsp;/g, ' ');
}

function tasks(): SampleTask[] {
  return [
    task('ecs-web-01', 'success', 3),
    task('web-服务器-02', 'success', 5),
    task('redis-cache-01', 'success', 1),
    task('café-prod', 'failed', 1),
    task('café-prod', 'success', 10),
    task('jenkins-ci', 'timeout', 1),
    task('jenkins-ci', 'success', 20),
    task('数据库-主节点', 'success', 4 * 24),
    task('db-primary', 'success', 2),
    task('db-replica-01', 'success', 2),
    task('fileserver-nas', 'success', 1),
    task('app-backend-03', 'success', 1),
    task('k8s-node-1', 'success', 1),
  ].sort((a, b) => b.startedAt - a.startedAt);
}

describe('Servers view', function () {
  this.timeout(60_000);
  const suite = useSampleServer({ tasks: tasks() });

  const coverageReady = () =>
    waitFor('the coverage', () => {
      const slot = suite.api.servers.slots.slot('');
      return slot && !slot.store.state.loading && !slot.project.store.state.loading && slot.tracker.coverage;
    });

  const label = (node: ServerNode) => {
    const text = suite.api.servers.tree.getTreeItem(node).label;
    return typeof text === 'string' ? text : (text?.label ?? '');
  };

  const groups = () => {
    const counts: Record<string, string> = {};
    for (const node of suite.api.servers.tree.getChildren()) {
      if (node.kind === 'group')
        counts[label(node)] = String(suite.api.servers.tree.getTreeItem(node).description);
    }
    return counts;
  };

  it('shows every coverage state, worst first, with the counts worked out by hand', async () => {
    await coverageReady();
    assert.deepEqual(groups(), {
      'Not protected': '6',
      'Vault problem': '5',
      'No recent good backup': '4',
      'Last backup failed': '2',
      Covered: '3',
    });
    assert.deepEqual(Object.keys(groups()), [
      'Not protected',
      'Vault problem',
      'No recent good backup',
      'Last backup failed',
      'Covered',
    ]);
    const tree = suite.api.servers.tree;
    const notProtected = tree
      .getChildren()
      .find((node) => node.kind === 'group' && node.state === 'notProtected');
    assert.ok(notProtected);
    assert.deepEqual(tree.getChildren(notProtected).map(label), [
      'app-backend-03',
      'bastion-01',
      'k8s-node-1',
      'legacy-erp-01',
      'qa-sandbox',
      'win-ad-01',
    ]);
    // The badge counts the servers at risk: 6 + 5 + 4 + 2.
    assert.equal(suite.api.servers.view.badge?.value, 17);
  });

  it('describes each server with its last good backup and its 14-day strip, and a tooltip of every field', async () => {
    await coverageReady();
    const tree = suite.api.servers.tree;
    const covered = tree.getChildren().find((node) => node.kind === 'group' && node.state === 'covered');
    assert.ok(covered);
    const redis = tree.getChildren(covered).find((node) => label(node) === 'redis-cache-01');
    assert.ok(redis);
    const item = tree.getTreeItem(redis);
    assert.match(String(item.description), /^last good backup (\d+ minutes ago|1 hour ago) · [·●]{14}$/);
    // One good day in the strip: today, or yesterday when the test runs just after midnight.
    assert.equal(String(item.description).split('●').length, 2);
    assert.equal(item.id, `servers||server|${host('redis-cache-01').id}`);
    // Markdown escapes the punctuation of the text appended to it.
    const tooltip = plain(item.tooltip);
    // Enum values in words (the API's post_paid, hss.version.enterprise mean little on a page).
    for (const text of [
      'vault-hss-default',
      'daily-0200',
      '192.168.0.21',
      'Status: Running',
      'Source: ECS',
      'Edition: Enterprise',
      'Agent status: Online',
      'Protection: On',
    ]) {
      assert.ok(tooltip.includes(text), text);
    }
    const failedToTurnOn = tree
      .getChildren(tree.getChildren().find((node) => node.kind === 'group' && node.state === 'notProtected'))
      .find((node) => label(node) === 'legacy-erp-01');
    assert.ok(failedToTurnOn);
    assert.match(
      plain(tree.getTreeItem(failedToTurnOn).tooltip),
      /Backup protection failed to turn on: HSS\.1120: The server is not associated with a backup vault\./,
    );
  });

  it('keeps ids across a refresh, and names a server that went from covered to at risk once', async () => {
    await coverageReady();
    const before = suite.api.servers.slots.slot('')?.tracker.coverage;
    // A new list: the suite's servers share the one they started with.
    const shown = recorder(suite.api.servers.notifier.onDidShow);
    suite.server.tasks = [task('redis-cache-01', 'failed', 0.1), ...suite.server.tasks];
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(suite.api);
    await waitFor('the new coverage', () => {
      const coverage = suite.api.servers.slots.slot('')?.tracker.coverage;
      return coverage !== before && coverage?.counts.lastFailed === 3 && coverage;
    });
    assert.deepEqual(shown.values, ['HSS server at risk: redis-cache-01 (Last backup failed)']);
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(suite.api);
    await coverageReady();
    shown.dispose();
    assert.equal(shown.values.length, 1, 'told once');
    assert.equal(groups()['Last backup failed'], '3');
  });

  it('redraws nothing when a reload brings the same servers and tasks, and redraws when one changes', async () => {
    await coverageReady();
    const reload = async () => {
      const redraws = recorder(suite.api.servers.tree.onDidChangeTreeData);
      await vscode.commands.executeCommand('hssBackupTasks.refresh');
      await settled(suite.api);
      await coverageReady();
      // The servers' own reload may end after the tasks'.
      await new Promise((resolve) => setTimeout(resolve, 300));
      redraws.dispose();
      return redraws.values.length;
    };
    // A relative time may move on a minute boundary between two reloads, never at two in a row.
    const quiet = (await reload()) === 0 || (await reload()) === 0;
    assert.ok(quiet, 'a reload to the same lists redraws nothing (so no row loses its command)');
    const redraws = recorder(suite.api.servers.tree.onDidChangeTreeData);
    suite.server.tasks = [task('redis-cache-01', 'success', 0.02), ...suite.server.tasks];
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(suite.api);
    await waitFor('a redraw', () => redraws.values.length > 0);
    redraws.dispose();
    suite.server.tasks = suite.server.tasks.slice(1);
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(suite.api);
    await coverageReady();
  });

  it('status bar: the tooltip names the servers at risk; the setting counts them in the number', async () => {
    await coverageReady();
    const bar = suite.api.statusBar.item;
    await waitFor('the tooltip', () => plain(bar.tooltip).includes('17 servers at risk'));
    const tooltip = plain(bar.tooltip);
    for (const line of [
      'Not protected: 6',
      'Vault problem: 5',
      'No recent good backup: 4',
      'Last backup failed: 2',
    ]) {
      assert.ok(tooltip.includes(line), line);
    }
    // café-prod failed and jenkins-ci timed out.
    assert.equal(bar.text, '$(error) 2');
    await setSettings({ 'statusBar.countServersAtRisk': true });
    await waitFor('the count', () => bar.text === '$(error) 19');
  });

  it('judges no coverage while a status filter hides tasks, and judges it again once cleared', async () => {
    await coverageReady();
    const bar = suite.api.statusBar.item;
    await vscode.commands.executeCommand('hssBackupTasks.filterByStatus', ['failed', 'timeout']);
    await settled(suite.api);
    await waitFor('the note alone', () => {
      const children = suite.api.servers.tree.getChildren();
      return children.length === 1 && children[0]?.kind === 'info' && children;
    });
    assert.equal(
      label(suite.api.servers.tree.getChildren()[0] as ServerNode),
      'Coverage needs every task: clear the status filter to see it.',
    );
    await waitFor('no servers in the tooltip', () => !plain(bar.tooltip).includes('servers at risk'));
    assert.equal(suite.api.servers.view.badge, undefined);
    await vscode.commands.executeCommand('hssBackupTasks.clearFilters');
    await settled(suite.api);
    await coverageReady();
    await waitFor('the tooltip again', () => plain(bar.tooltip).includes('17 servers at risk'));
    assert.equal(groups()['Not protected'], '6');
  });

  it('follows the maximum backup age setting', async () => {
    await coverageReady();
    await setSettings({ 'coverage.maxBackupAgeDays': 5 });
    // 数据库-主节点's backup of 4 days ago is now recent enough.
    await waitFor(
      'the regrouping',
      () => groups()['No recent good backup'] === '3' && groups().Covered === '4',
    );
  });

  it('filters by server name like the task view', async () => {
    await coverageReady();
    await vscode.commands.executeCommand('hssBackupTasks.filterByServer', 'web');
    await settled(suite.api);
    await waitFor('the filtered servers', () => {
      const coverage = suite.api.servers.slots.slot('')?.tracker.coverage;
      return coverage?.servers.length === 2 && coverage;
    });
    assert.deepEqual(groups(), { Covered: '2' });
    assert.equal(
      suite.server.requests.filter((r) => r.path.endsWith('/ransomware/server')).at(-1)?.query.host_name,
      'web',
    );
  });

  it('opens the server page, with its timeline, and Show Tasks filters the task view', async () => {
    await coverageReady();
    const id = host('café-prod').id;
    await vscode.commands.executeCommand('hssBackupTasks.showServerDetails', id, '');
    const open = suite.api.servers.details.open.get(`|${id}`);
    assert.ok(open);
    assert.ok(open.html.includes('<h1>café-prod</h1>'));
    assert.equal((open.html.match(/class="mark status-/g) ?? []).length, 2);
    assert.ok(open.html.includes('Last backup failed'));
    assert.ok(open.html.includes('317.5 GB used of 1024 GB (31%)'));
    await vscode.commands.executeCommand('hssBackupTasks.showServerTasks', 'café-prod');
    await waitFor('the filtered tasks', () =>
      suite.api.store.state.tasks.every((t) => t.hostName === 'café-prod'),
    );
    await settled(suite.api);
    assert.equal(suite.api.session.filterState.filters.serverName, 'café-prod');
    assert.deepEqual(
      suite.api.store.state.tasks.map((t) => `${t.hostName}:${t.status}`),
      ['café-prod:failed', 'café-prod:success'],
    );
    open.panel.dispose();
  });

  it('shows an error item when the servers cannot be read, and the last good list when a refresh fails', async () => {
    await coverageReady();
    suite.server.setFaults({
      serverError: { status: 500, match: (request) => request.route === 'protection-servers' },
    });
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(suite.api);
    await waitFor('the stale item', () =>
      suite.api.servers.tree.getChildren().some((node) => node.kind === 'info' && node.info === 'stale'),
    );
    assert.equal(groups()['Not protected'], '6', 'the last good list stays');
  });
});

describe('Servers view with several projects', function () {
  this.timeout(90_000);
  let api: HssBackupTasksApi;
  let prod: SampleServer;
  let staging: SampleServer;
  const sharedId = host('ecs-web-01').id;

  before(async () => {
    api = await activateExtension();
  });
  beforeEach(async () => {
    prod = await startSampleServer({ tasks: tasks(), projectId: 'prod0000000000000000000000000001' });
    // One server, with the same host id as one of prod's: ids must stay apart per project.
    staging = await startSampleServer({
      tasks: [],
      projectId: 'stag0000000000000000000000000002',
      servers: [
        {
          enterprise_project_id: '0',
          host_id: sharedId,
          host_name: 'staging-web',
          backup_protection_status: 'opened',
        },
      ],
    });
    await setSettings({
      enterpriseProjectId: 'all_granted_eps',
      lastDays: 0,
      autoRefreshSeconds: 0,
      projects: [
        { name: 'prod', projectId: prod.projectId, endpoint: prod.url },
        { name: 'staging', projectId: staging.projectId, endpoint: staging.url },
      ],
    });
    await waitFor('two projects', () => api.session.slots.length === 2 && api.session.multiProject);
    await vscode.commands.executeCommand('hssBackupTasks.setToken', prod.token, 'prod');
    await vscode.commands.executeCommand('hssBackupTasks.setToken', staging.token, 'staging');
    await waitFor(
      'both coverages',
      () =>
        api.servers.slots.all.length === 2 && api.servers.slots.all.every((slot) => slot.tracker.coverage),
    );
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('hssBackupTasks.signOut', 'prod');
    await vscode.commands.executeCommand('hssBackupTasks.signOut', 'staging');
    await resetSettings();
    await waitFor('one project again', () => !api.session.multiProject);
    await prod.close();
    await staging.close();
  });

  it('shows a node per project with its servers at risk, groups below, ids apart', async () => {
    const tree = api.servers.tree;
    const roots = tree.getChildren();
    assert.deepEqual(
      roots.map((node) => tree.getTreeItem(node).label),
      ['prod', 'staging'],
    );
    const [first, second] = roots;
    assert.ok(first && second);
    assert.equal(tree.getTreeItem(first).description, '17 of 20 servers at risk');
    // staging-web: no policy (not protected), and no task at all.
    assert.equal(tree.getTreeItem(second).description, '1 of 1 servers at risk');
    const groupsOf = (node: ServerNode) =>
      tree
        .getChildren(node)
        .map((group) => `${tree.getTreeItem(group).label}: ${tree.getTreeItem(group).description}`);
    assert.deepEqual(groupsOf(first), [
      'Not protected: 6',
      'Vault problem: 5',
      'No recent good backup: 4',
      'Last backup failed: 2',
      'Covered: 3',
    ]);
    assert.deepEqual(groupsOf(second), ['Not protected: 1']);
    const serverIds = [first, second].flatMap((project) =>
      tree
        .getChildren(project)
        .flatMap((group) => tree.getChildren(group).map((node) => tree.getTreeItem(node).id)),
    );
    assert.equal(serverIds.length, 21);
    assert.equal(new Set(serverIds).size, 21);
    assert.ok(serverIds.includes(`servers|staging|server|${sharedId}`));
    // The badge sums the projects: 17 + 1.
    assert.equal(api.servers.view.badge?.value, 18);
  });
});
