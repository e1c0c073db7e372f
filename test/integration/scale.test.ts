import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { generateTasks } from '../../src/sample/data';
import type { StoreState } from '../../src/tasks/store';
import { encodeCache } from '../../src/tasks/taskCache';
import type { TaskNode } from '../../src/ui/tasks/taskTree';
import { recorder, setSettings, settled, treeLabel, useSampleServer, waitFor } from './util';

function groupOf(nodes: readonly TaskNode[], status: string): TaskNode {
  const group = nodes.find((node) => node.kind === 'group' && node.status === status);
  assert.ok(group, `a ${status} group`);
  return group;
}

describe('A large list', function () {
  this.timeout(60_000);
  // 3,000 tasks in one status, 12 in another.
  const tasks = generateTasks({ count: 3_012, seed: 11 }).map((task, i) => ({
    ...task,
    status: i < 12 ? ('failed' as const) : ('success' as const),
  }));
  const suite = useSampleServer({ tasks });

  it('shows 500 tasks of a group, then "Show 500 more…", with the count exact', async () => {
    const { api } = suite;
    const tree = api.tree;
    const group = groupOf(tree.getChildren(), 'success');
    assert.equal(tree.getTreeItem(group).description, '3,000');
    const children = tree.getChildren(group);
    assert.equal(children.length, 501);
    assert.equal(children.filter((node) => node.kind === 'task').length, 500);
    const more = children.at(-1);
    assert.ok(more?.kind === 'more');
    const item = tree.getTreeItem(more);
    assert.equal(treeLabel(api, more), 'Show 500 more…');
    assert.equal(item.id, 'more:status:success');
    assert.equal(item.description, '2,500 not shown');
    assert.equal(item.command?.command, 'hssBackupTasks.showMoreTasks');
    // A small group shows all its tasks and no "more" item.
    assert.equal(tree.getChildren(groupOf(tree.getChildren(), 'failed')).length, 12);

    // The command refreshes the group, and it alone.
    const refreshes = recorder(tree.onDidChangeTreeData);
    await vscode.commands.executeCommand('hssBackupTasks.showMoreTasks', ...(item.command?.arguments ?? []));
    refreshes.dispose();
    assert.deepEqual(refreshes.values, [[group]]);
    const more1000 = tree.getChildren(group);
    assert.equal(more1000.length, 1_001);
    assert.equal(tree.getTreeItem(more1000[1_000] as TaskNode).description, '2,000 not shown');
    assert.equal(tree.getTreeItem(group).description, '3,000');
    // The same task nodes, in the list's order: the first 500 did not change.
    assert.deepEqual(more1000.slice(0, 500), children.slice(0, 500));
    assert.equal(new Set(more1000.map((node) => (node.kind === 'task' ? node.id : ''))).size, 1_001);
  });

  it('shows a first load as it arrives by refreshing only the groups whose counts changed', async () => {
    const { api, server } = suite;
    server.setFaults({ latency: { ms: 150 } });
    const refreshed: (readonly TaskNode[] | undefined)[] = [];
    const appended: number[] = [];
    const onTree = api.tree.onDidChangeTreeData((nodes) =>
      refreshed.push(nodes === undefined ? undefined : Array.isArray(nodes) ? nodes : [nodes]),
    );
    const onTasks = api.store.onDidChangeTasks((change) => {
      if (change.appended) appended.push(change.added.length);
    });
    // Another page size is another scope: a first load, shown as it arrives.
    await setSettings({ pageSize: 100 });
    await waitFor('the load to start', () => api.store.state.loading);
    await settled(api);
    onTree.dispose();
    onTasks.dispose();
    assert.ok(appended.length >= 3, `${appended.length} appending updates`);
    assert.ok(Math.max(...appended) < 1_000, `at most ${Math.max(...appended)} rows an update`);
    const partial = refreshed.filter((nodes) => nodes !== undefined);
    assert.ok(partial.length > 0, 'targeted refreshes');
    for (const nodes of partial) {
      assert.ok(
        nodes?.every((node) => node.kind === 'group'),
        'only group nodes, never the tasks already shown',
      );
    }
    assert.equal(api.tree.getTreeItem(groupOf(api.tree.getChildren(), 'success')).description, '3,000');
    assert.equal(api.tree.getTreeItem(groupOf(api.tree.getChildren(), 'failed')).description, '12');
  });

  it('pages the tasks of a server group too', async () => {
    const { api } = suite;
    await vscode.commands.executeCommand('hssBackupTasks.groupBy', 'server');
    const servers = api.tree.getChildren().filter((node) => node.kind === 'server');
    const counts = servers.map((server) => api.tree.getChildren(server).length);
    const biggest = Math.max(...counts);
    const perServer = new Map<string, number>();
    for (const task of tasks) perServer.set(task.hostId, (perServer.get(task.hostId) ?? 0) + 1);
    const most = Math.max(...perServer.values());
    assert.equal(biggest, Math.min(most, 500) + (most > 500 ? 1 : 0));
  });
});

describe('Instant start from the kept list', function () {
  this.timeout(60_000);
  const suite = useSampleServer({ taskCount: 700, seed: 21 });

  /** Sets the status filter and back, so the scope starts again from nothing shown. */
  async function leaveAndReturn(): Promise<StoreState[]> {
    const { api, server } = suite;
    server.setFaults({});
    await vscode.commands.executeCommand('hssBackupTasks.filterByStatus', ['failed']);
    await settled(api);
    server.setFaults({ latency: { ms: 1_500 } });
    const states: StoreState[] = [];
    const subscription = api.store.onDidChangeState((state) => states.push(state));
    void vscode.commands.executeCommand('hssBackupTasks.clearFilters');
    await waitFor('the scope to return', () => api.store.state.scopeKey !== undefined && states.length > 0);
    return new Promise((resolve) => {
      const watch = api.store.onDidChangeState((state) => {
        if (state.loadedAt !== undefined && !state.loading) {
          watch.dispose();
          subscription.dispose();
          resolve(states);
        }
      });
    });
  }

  it('shows the list kept for the scope before the server answers, marked as such', async () => {
    const { api } = suite;
    await api.taskCache.flushed();
    const files = api.taskCache.files;
    assert.ok(files, 'global storage is a local folder');
    const key = api.store.state.scopeKey;
    assert.ok(key);
    assert.equal((await files.read(key))?.logs.length, 700, 'the complete list was kept');

    const done = leaveAndReturn();
    // The kept list may be on screen a moment before the load starts (it was read while the
    // credentials were looked up); it stays while the fresh load is under way.
    const shown = await waitFor(
      'the kept list while the fresh load is under way',
      () => api.store.state.cachedAt !== undefined && api.store.state.loading && api.store.state,
    );
    assert.equal(shown.tasks.length, 700);
    assert.ok(api.tree.getChildren().some((node) => node.kind === 'group'));
    assert.match(api.treeView.message ?? '', / — from \d\d:\d\d, refreshing…$/);
    await done;
    assert.equal(api.store.state.cachedAt, undefined);
    assert.doesNotMatch(api.treeView.message ?? '', /refreshing/);
  });

  it('never shows a kept list of another scope, or a broken one', async () => {
    const { api } = suite;
    await api.taskCache.flushed();
    const files = api.taskCache.files;
    const key = api.store.state.scopeKey;
    assert.ok(files && key);
    const file = files.pathOf(key);
    for (const text of [
      encodeCache('another scope', Date.now(), [{ hostId: 'x', status: 'failed' }]),
      '{"format":1,"scopeKey":',
    ]) {
      // Written after the kept list of the last load: the file now holds something else.
      await api.taskCache.flushed();
      const states = await (async () => {
        await fs.writeFile(file, text);
        return leaveAndReturn();
      })();
      assert.ok(
        states.every((state) => state.cachedAt === undefined),
        'no state showed a kept list',
      );
      assert.ok(
        states.every((state) => !state.tasks.some((task) => task.hostId === 'x')),
        'no task of the other scope',
      );
      await api.taskCache.flushed();
    }
  });
});
