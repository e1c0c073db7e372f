import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { firstTaskIn, settled, useSampleServer } from './util';

describe('Task details pages', function () {
  this.timeout(60_000);
  const suite = useSampleServer({ taskCount: 300, seed: 11 });

  // Tabs stay open from test to test (the next click reuses the preview), and are never closed
  // here: in code-server a webview created just after another was closed can wait forever for
  // its service worker, and closing a tab in the background logs "OverlayWebview has been
  // disposed" from the workbench's own layout code.
  afterEach(() => {
    suite.api.details.now = Date.now;
  });

  it('reuses one preview tab; Keep Open pins it and the next click opens a new preview', async () => {
    const { group } = firstTaskIn(suite.api, 'failed');
    const [a, b, c] = suite.api.tree.getChildren(group);
    assert.ok(a?.kind === 'task' && b?.kind === 'task' && c?.kind === 'task', 'three failed tasks');
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', a.id);
    const first = suite.api.details.open.get(a.id)?.panel;
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', b.id);
    assert.deepEqual([...suite.api.details.open.keys()], [b.id], 'the preview moved to b');
    const preview = suite.api.details.open.get(b.id);
    assert.equal(preview?.panel, first, 'the same tab');
    const task = suite.api.tree.task(b.id);
    assert.ok(task?.hostName && task.backupName);
    assert.equal(preview?.panel.title, `${task.hostName} · ${task.backupName}`);
    assert.match(String((preview?.panel.iconPath as vscode.Uri | undefined)?.path), /status-failed\.svg$/);
    assert.match(preview?.body ?? '', /data-action="keepOpen"/);

    suite.api.details.show(b.id, '', { pin: true });
    assert.equal(suite.api.details.open.get(b.id)?.pinned, true);
    assert.doesNotMatch(suite.api.details.open.get(b.id)?.body ?? '', /data-action="keepOpen"/);
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', c.id);
    assert.deepEqual([...suite.api.details.open.keys()].sort(), [b.id, c.id].sort());
    assert.notEqual(suite.api.details.open.get(c.id)?.panel, first);
    // Clicking the pinned task again brings its tab forward, nothing new.
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', b.id);
    assert.equal(suite.api.details.open.size, 2);
  });

  it('keeps Request ID and Loaded through a filter change, and says hidden (not gone) with Clear Filters', async () => {
    const { node } = firstTaskIn(suite.api, 'failed');
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', node.id);
    const requestId = suite.api.store.state.requestId;
    assert.ok(requestId);
    assert.ok(suite.api.details.open.get(node.id)?.body.includes(requestId));

    await vscode.commands.executeCommand('hssBackupTasks.filterByStatus', ['running']);
    await settled(suite.api);
    let open = suite.api.details.open.get(node.id);
    assert.equal(open?.hidden, true);
    assert.equal(open?.gone, false);
    assert.match(open?.body ?? '', /hidden by the current filter/);
    assert.match(open?.body ?? '', /data-action="clearFilters"/);
    assert.match(open?.body ?? '', /Request ID/);
    assert.match(open?.body ?? '', /Loaded/);

    await vscode.commands.executeCommand('hssBackupTasks.clearFilters');
    await settled(suite.api);
    open = suite.api.details.open.get(node.id);
    assert.equal(open?.hidden, false);
    assert.doesNotMatch(open?.body ?? '', /hidden by the current filter/);
    const latest = suite.api.store.state.requestId;
    assert.ok(latest && latest !== requestId, 'a new load');
    assert.ok(open?.body.includes(latest), 'the page shows the latest request id');
    assert.match(open?.body ?? '', /Loaded/);

    // Its own Refresh: the rows stay too.
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(suite.api);
    assert.match(suite.api.details.open.get(node.id)?.body ?? '', /Request ID[\s\S]*Loaded/);
  });

  it('refreshes relative times in an open page as the clock moves on, and only then', async () => {
    const { node } = firstTaskIn(suite.api, 'failed');
    await vscode.commands.executeCommand('hssBackupTasks.showTaskDetails', node.id);
    const loadedAt = suite.api.store.state.loadedAt ?? 0;
    suite.api.details.now = () => loadedAt;
    suite.api.details.tick(); // other open tabs catch up with the clock
    assert.equal(suite.api.details.tick(), 0, 'nothing moved');
    const before = suite.api.details.open.get(node.id);
    suite.api.details.now = () => loadedAt + 10 * 60_000;
    assert.ok(suite.api.details.tick() >= 1);
    const after = suite.api.details.open.get(node.id);
    assert.equal(after?.renders, (before?.renders ?? 0) + 1);
    assert.match(after?.body ?? '', /10 minutes ago/);
    assert.equal(suite.api.details.tick(), 0, 'no change, no message');
  });
});
