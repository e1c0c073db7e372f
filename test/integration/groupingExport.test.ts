import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { useSampleServer } from './util';

describe('Grouping by server and export', function () {
  this.timeout(60_000);
  const suite = useSampleServer({ taskCount: 300, seed: 8 });

  it('groups by server, worst first, each with its counts, and back', async () => {
    await vscode.commands.executeCommand('hssBackupTasks.groupBy', 'server');
    const servers = suite.api.tree.getChildren();
    assert.ok(servers.length > 1 && servers.every((node) => node.kind === 'server'));
    const total = servers.reduce((sum, node) => sum + suite.api.tree.getChildren(node).length, 0);
    assert.equal(total, suite.api.store.state.tasks.length);
    const first = suite.api.tree.getTreeItem(servers[0] as (typeof servers)[number]);
    assert.match(String(first.description), /^(Failed|Timeout): \d+/);
    const [task] = suite.api.tree.getChildren(servers[0]);
    assert.ok(task);
    assert.equal(suite.api.tree.getParent(task), servers[0]);
    await vscode.commands.executeCommand('hssBackupTasks.groupBy');
    assert.ok(suite.api.tree.getChildren().every((node) => node.kind === 'group'));
  });

  it('exports the filtered list to CSV and JSON with every field and ISO times', async () => {
    await vscode.commands.executeCommand('hssBackupTasks.filterByStatus', ['failed']);
    const folder = vscode.Uri.joinPath(vscode.Uri.file(process.env.TMPDIR ?? '/tmp'), `export-${Date.now()}`);
    await vscode.workspace.fs.createDirectory(folder);
    const csvPath = vscode.Uri.joinPath(folder, 'tasks.csv');
    const jsonPath = vscode.Uri.joinPath(folder, 'tasks.json');
    await vscode.commands.executeCommand('hssBackupTasks.export', csvPath.fsPath, 'csv');
    await vscode.commands.executeCommand('hssBackupTasks.export', { path: jsonPath.fsPath, format: 'json' });
    const bytes = Buffer.from(await vscode.workspace.fs.readFile(csvPath));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte order mark, for Excel');
    const csv = bytes.subarray(3).toString('utf8');
    const json = JSON.parse(
      Buffer.from(await vscode.workspace.fs.readFile(jsonPath)).toString('utf8'),
    ) as Record<string, unknown>[];
    const failed = suite.api.store.state.tasks;
    assert.ok(failed.length > 0 && failed.every((t) => t.status === 'failed'));
    assert.equal(json.length, failed.length);
    assert.equal(csv.trim().split('\r\n').length, failed.length + 1);
    assert.match(
      csv.split('\r\n')[0] ?? '',
      /^host_id,host_name,backup_name,status,raw_status,progress,started_at,ended_at,error_code,error_message$/,
    );
    assert.match(csv.split('\r\n')[1] ?? '', /^[^,]*,[^,]*,[^,]*,failed,failed,/, 'raw_status is filled');
    assert.match(String(json[0]?.started_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(json.every((row) => row.status === 'failed' && typeof row.error_code === 'string'));
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });
});
