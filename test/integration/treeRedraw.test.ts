import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { settled, useSampleServer } from './util';

/**
 * VS Code draws each refreshed group on its own: when one group's rows go while another group's
 * redraw moves them into sight, the workbench logs "TreeError … Data tree node not found" (the
 * launcher fails a run whose logs hold one). A filter applied as a load of 10,000 finishes did that:
 * the groups refreshed for the finished load were read after the filter had emptied them.
 */
describe('The task view under changes in quick succession', function () {
  this.timeout(120_000);
  const suite = useSampleServer({ taskCount: 10_000, seed: 3 });

  it('redraws a filter applied just as a load of 10,000 finishes, four times, without a tree error', async () => {
    const { api, server } = suite;
    // Each filter is applied as the previous load (of every task, shown as it arrives) ends.
    for (let round = 0; round < 4; round++) {
      await vscode.commands.executeCommand('hssBackupTasks.filterByStatus', ['failed']);
      await settled(api);
      await vscode.commands.executeCommand('hssBackupTasks.clearFilters');
      await settled(api);
    }
    // The counts, from the server's own rows (not through the extension's parser).
    const expected = new Map<string, number>();
    for (const task of server.tasks) expected.set(task.status, (expected.get(task.status) ?? 0) + 1);
    const shown = new Map<string, string>();
    for (const node of api.tree.getChildren()) {
      if (node.kind === 'group') shown.set(node.status, String(api.tree.getTreeItem(node).description));
    }
    assert.deepEqual(
      shown,
      new Map([...expected].map(([status, count]) => [status, count.toLocaleString('en-US')])),
    );
    // VS Code gathers a view's changes for 200 ms: the last redraw happens while the test waits.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  });
});
