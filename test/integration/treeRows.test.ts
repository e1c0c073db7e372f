import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SampleTask } from '../../src/sample/data';
import type { ViewNode } from '../../src/ui/projects/projectsTree';
import { settled, useSampleServer, waitFor } from './util';

const NOW = Math.floor(Date.now() / 1000) * 1000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 86_400_000;

function task(fields: Partial<SampleTask> & Pick<SampleTask, 'hostId' | 'status' | 'startedAt'>): SampleTask {
  return {
    enterpriseProjectId: '0',
    backupName: `bk-${fields.hostId}-${fields.status}`,
    process: fields.status === 'success' ? 100 : 0,
    timeFormat: 'iso',
    ...fields,
  };
}

// Newest first, as the service lists them.
const TASKS: SampleTask[] = [
  task({ hostId: 'h-run', hostName: 'runner', status: 'running', process: 40, startedAt: NOW - 20 * SECOND }),
  task({
    hostId: 'h-wait',
    hostName: 'waiter',
    status: 'waiting',
    startedAt: NOW - 2 * MINUTE - 10 * SECOND,
  }),
  // No host_name here, but the older row of the same host_id names it.
  task({
    hostId: 'h-named',
    status: 'failed',
    process: 30,
    startedAt: NOW - 1 * DAY,
    endedAt: NOW - 1 * DAY + 5 * MINUTE,
    errorInfo: { code: 'HSS.1117', message: 'Backup vault capacity is insufficient.' },
  }),
  // No name anywhere for this host: the raw id is all there is.
  task({
    hostId: 'h-anonymous',
    status: 'failed',
    startedAt: NOW - 2 * DAY,
    endedAt: NOW - 2 * DAY + MINUTE,
    errorInfo: { code: 'HSS.1034', message: 'The server is stopped.' },
  }),
  task({
    hostId: 'h-named',
    hostName: 'named-host',
    status: 'success',
    startedAt: NOW - 3 * DAY,
    endedAt: NOW - 3 * DAY + MINUTE,
  }),
];

describe('Tree rows: names, times and grouping by server', function () {
  this.timeout(60_000);
  const suite = useSampleServer({ tasks: TASKS });

  const view = () => suite.api.projectsTree;
  const taskNodes = (): ViewNode[] =>
    view()
      .getChildren()
      .flatMap((group) => view().getChildren(group))
      .filter((node) => node.kind === 'task');
  const nodeOf = (hostId: string, status: string) => {
    const node = taskNodes().find(
      (n) => n.kind === 'task' && n.task.hostId === hostId && n.task.status === status,
    );
    assert.ok(node, `${hostId} ${status}`);
    return node;
  };
  const labelOf = (node: ViewNode) => {
    const label = view().getTreeItem(node).label;
    return typeof label === 'string' ? label : (label?.label ?? '');
  };

  it('shows a row without host_name by the name other rows give its host, the id only when none does', () => {
    assert.equal(labelOf(nodeOf('h-named', 'failed')), 'named-host');
    assert.equal(labelOf(nodeOf('h-anonymous', 'failed')), 'h-anonymous');
  });

  it('refreshes just the rows whose relative time moved on, and none when nothing moved', async () => {
    await vscode.commands.executeCommand('hssBackupTasks.tasks.focus');
    // VS Code has asked for the rows of the groups it shows (running, waiting and failed are open).
    await waitFor('the view to show the rows', () => {
      view().tickTimes(NOW);
      return view().tickTimes(NOW + 30 * SECOND).length > 0;
    });
    const fired: (ViewNode | ViewNode[] | undefined)[] = [];
    const listening = view().onDidChangeTreeData((nodes) => fired.push(nodes));
    try {
      view().tickTimes(NOW);
      fired.length = 0;
      const changed = view().tickTimes(NOW + 30 * SECOND);
      // Running 20 s → 50 s and queued 2 → 3 minutes ago; the failed rows say "yesterday",
      // "2 days ago" at both instants.
      assert.deepEqual(changed.map((node) => (node.kind === 'task' ? node.task.hostId : node.kind)).sort(), [
        'h-run',
        'h-wait',
      ]);
      assert.equal(fired.length, 1);
      assert.ok(Array.isArray(fired[0]), 'rows, not the whole tree');
      assert.deepEqual(view().tickTimes(NOW + 30 * SECOND), [], 'no time passed');
      assert.equal(fired.length, 1, 'nothing fired');
    } finally {
      listening.dispose();
    }
  });

  it('grouped by server: the message line says so, and rows inside a server do not repeat its name', async () => {
    await vscode.commands.executeCommand('hssBackupTasks.groupByServer');
    await waitFor('the message line', () => /by server/.test(suite.api.treeView.message ?? ''));
    const servers = view().getChildren();
    const named = servers.find((node) => labelOf(node) === 'named-host');
    assert.ok(named, 'a server row for named-host');
    const rows = view().getChildren(named);
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.doesNotMatch(labelOf(row), /named-host/);
      assert.equal(view().getTreeItem(row).description, undefined);
    }
    assert.match(labelOf(rows[0] as ViewNode), /^yesterday · 5 min · bk-h-named-failed$/);
    await vscode.commands.executeCommand('hssBackupTasks.groupByStatus');
    await waitFor('the message line', () => !/by server/.test(suite.api.treeView.message ?? ''));
  });

  it('Show Failed Tasks while grouped by server expands the servers with failures', async () => {
    await vscode.commands.executeCommand('hssBackupTasks.tasks.focus');
    await vscode.commands.executeCommand('hssBackupTasks.groupByServer');
    const labelOfEvent = (element: unknown) => labelOf(element as ViewNode);
    const collapsed = new Set<string>();
    const expanded: string[] = [];
    const listening = [
      suite.api.treeView.onDidCollapseElement((event) => collapsed.add(labelOfEvent(event.element))),
      suite.api.treeView.onDidExpandElement((event) => expanded.push(labelOfEvent(event.element))),
    ];
    try {
      // The user has closed the servers: Collapse All, once VS Code shows them (it says so).
      for (let attempt = 0; attempt < 50 && collapsed.size < 2; attempt++) {
        await vscode.commands.executeCommand('workbench.actions.treeView.hssBackupTasks.tasks.collapseAll');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(collapsed.has('named-host') && collapsed.has('h-anonymous'), [...collapsed].join());
      await vscode.commands.executeCommand('hssBackupTasks.showFailedTasks');
      await settled(suite.api);
      await waitFor('the servers to expand', () => expanded.length >= 2);
      assert.deepEqual(expanded.sort(), ['h-anonymous', 'named-host']);
    } finally {
      for (const listener of listening) listener.dispose();
    }
  });

  it('Time Range opens on the range in effect; Filter by Server Name offers the known names', async () => {
    // connect() sets lastDays 0: "All time" is in effect, so accepting the active item keeps it.
    const picking = vscode.commands.executeCommand('hssBackupTasks.filterByTimeRange');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await picking;
    assert.equal(suite.api.session.filterState.filters.lastDays, 0);

    const naming = vscode.commands.executeCommand('hssBackupTasks.filterByServer');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The first name in reading order: "named-host", before "runner" and "waiter".
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await naming;
    assert.equal(suite.api.session.filterState.filters.serverName, 'named-host');
  });
});
