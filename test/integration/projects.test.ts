import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HssBackupTasksApi } from '../../src/extension';
import { type SampleServer, startSampleServer } from '../../src/sample/server';
import type { ViewNode } from '../../src/ui/projects/projectsTree';
import { activateExtension, resetSettings, serverCounts, setSettings, settled, waitFor } from './util';

describe('Several projects', function () {
  this.timeout(90_000);
  let api: HssBackupTasksApi;
  let prod: SampleServer;
  let staging: SampleServer;

  before(async () => {
    api = await activateExtension();
  });
  beforeEach(async () => {
    prod = await startSampleServer({
      taskCount: 300,
      seed: 21,
      projectId: 'prod0000000000000000000000000001',
    });
    staging = await startSampleServer({
      taskCount: 200,
      seed: 22,
      projectId: 'stag0000000000000000000000000002',
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
    await waitFor('both credentials', () => api.session.slots.every((slot) => slot.credential));
    await Promise.all(api.session.slots.map((slot) => waitFor('a load', () => slot.store.state.loadedAt)));
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('hssBackupTasks.signOut', 'prod');
    await vscode.commands.executeCommand('hssBackupTasks.signOut', 'staging');
    await resetSettings();
    await waitFor('one project again', () => !api.session.multiProject);
    await prod.close();
    await staging.close();
  });

  const groupsOf = (project: ViewNode) => {
    const counts: Record<string, string> = {};
    for (const node of api.projectsTree.getChildren(project)) {
      if (node.kind === 'group') counts[node.status] = String(api.projectsTree.getTreeItem(node).description);
    }
    return counts;
  };

  it('shows one node per project, each with the groups and counts its server holds', async () => {
    const roots = api.projectsTree.getChildren();
    assert.deepEqual(
      roots.map((node) => (node.kind === 'project' ? node.key : node.kind)),
      ['', 'staging'],
    );
    const [first, second] = roots;
    assert.ok(first && second);
    assert.equal(api.projectsTree.getTreeItem(first).label, 'prod');
    assert.equal(api.projectsTree.getTreeItem(second).label, 'staging');
    // Each project says where its credential came from (here: stored with the extension's commands).
    for (const node of [first, second]) {
      const tooltip = api.projectsTree.getTreeItem(node).tooltip as vscode.MarkdownString;
      // appendText writes spaces as &nbsp;
      assert.match(tooltip.value.replace(/&nbsp;/g, ' '), /Credentials: credentials stored in VS Code/);
    }
    assert.deepEqual(groupsOf(first), await serverCounts(prod, { enterprise_project_id: 'all_granted_eps' }));
    assert.deepEqual(
      groupsOf(second),
      await serverCounts(staging, { enterprise_project_id: 'all_granted_eps' }),
    );
    // Ids stay unique across projects.
    const ids = [first, second].flatMap((project) =>
      api.projectsTree.getChildren(project).map((node) => api.projectsTree.getTreeItem(node).id),
    );
    assert.equal(new Set(ids).size, ids.length);
  });

  it('sums the failures of every project in the status bar, with a line per project', async () => {
    const failures = (server: SampleServer) =>
      server.tasks.filter((t) => t.status === 'failed' || t.status === 'timeout').length;
    const total = failures(prod) + failures(staging);
    await waitFor('the sum', () => api.statusBar.item.text === `$(error) ${total}`);
    const tooltip = api.statusBar.item.tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /prod/);
    assert.match(tooltip.value, /staging/);
  });

  it('keeps one project loading when another fails, each with its own error', async () => {
    staging.setFaults({ serverError: { status: 500 } });
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    for (const slot of api.session.slots) await waitFor('settled', () => !slot.store.state.loading);
    const [prodSlot, stagingSlot] = api.session.slots;
    assert.equal(prodSlot?.store.state.error, undefined);
    assert.equal(stagingSlot?.store.state.error?.kind, 'server');
    assert.ok((stagingSlot?.store.state.tasks.length ?? 0) > 0, 'the earlier list is kept');
    const stagingNode = api.projectsTree.getChildren()[1];
    assert.ok(stagingNode);
    assert.match(String(api.projectsTree.getTreeItem(stagingNode).description), /HSS service failed/);
    await settled(api);
  });

  it('offers to set the credential of a project that has none', async () => {
    await vscode.commands.executeCommand('hssBackupTasks.signOut', 'staging');
    await waitFor('staging without credentials', () => !api.session.slot('staging')?.credential);
    const stagingNode = api.projectsTree.getChildren()[1];
    assert.ok(stagingNode);
    assert.match(String(api.projectsTree.getTreeItem(stagingNode).description), /no credentials/);
    const [action] = api.projectsTree.getChildren(stagingNode);
    assert.ok(action);
    const item = api.projectsTree.getTreeItem(action);
    assert.equal(item.command?.command, 'hssBackupTasks.setToken');
    assert.deepEqual(item.command?.arguments, [undefined, 'staging']);
    // The other project is untouched.
    assert.ok(api.projectsTree.getChildren(api.projectsTree.getChildren()[0] as ViewNode).length > 0);
  });

  it("keeps each project's elements apart, the action items of two projects included", async () => {
    await vscode.commands.executeCommand('hssBackupTasks.signOut', 'prod');
    await vscode.commands.executeCommand('hssBackupTasks.signOut', 'staging');
    await waitFor('no credentials', () => api.session.slots.every((slot) => !slot.credential));
    const [prodNode, stagingNode] = api.projectsTree.getChildren();
    assert.ok(prodNode && stagingNode);
    const [prodAction] = api.projectsTree.getChildren(prodNode);
    const [stagingAction] = api.projectsTree.getChildren(stagingNode);
    assert.ok(prodAction && stagingAction);
    // One element object under two parents would be one element to VS Code.
    assert.notEqual(prodAction, stagingAction);
    assert.deepEqual(api.projectsTree.getTreeItem(prodAction).command?.arguments, [undefined, 'prod']);
    assert.deepEqual(api.projectsTree.getTreeItem(stagingAction).command?.arguments, [undefined, 'staging']);
    assert.equal(api.projectsTree.projectOf(stagingAction), 'staging');
  });

  it('opens the details of a task of a further project', async () => {
    const stagingNode = api.projectsTree.getChildren()[1];
    assert.ok(stagingNode);
    const failed = api.projectsTree
      .getChildren(stagingNode)
      .find((n) => n.kind === 'group' && n.status === 'failed');
    assert.ok(failed);
    const [task] = api.projectsTree.getChildren(failed);
    assert.ok(task?.kind === 'task');
    const item = api.projectsTree.resolveTreeItem(api.projectsTree.getTreeItem(task), task);
    assert.deepEqual(item.command?.arguments, [task.id, 'staging']);
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', task.id, 'staging');
    const open = api.details.open.get(`staging|${task.id}`);
    assert.ok(open);
    assert.equal(open.task.status, 'failed');
    // From the item's context menu the command gets the node, which knows its project.
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', task);
    const again = api.details.open.get(`staging|${task.id}`);
    assert.ok(again);
    assert.equal(again.task.id, task.id);
    assert.equal(again.panel, open.panel, 'the same tab');
  });
});
