/**
 * From an error to the list and back, in the real VS Code: the tree shows every group once, a
 * failed first load mends itself, and one saved token starts one load. The run's log scan (see
 * test/vscode-host/launch.mjs) fails the suite on any TreeError VS Code logs along the way.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { connect, settled, useSampleServer, waitFor } from './util';

describe('Recovering from errors', function () {
  this.timeout(60_000);
  const suite = useSampleServer({ taskCount: 600, seed: 10, connect: false });

  const firstPages = () =>
    suite.server.requests.filter(
      // A first page of the list; the token's check before saving asks for 10 rows.
      (r) => r.path.endsWith('/operation-logs') && r.query.offset === '0' && r.query.limit === '200',
    ).length;

  it('a failed first load, then a good one: every group once, nothing drawn twice', async () => {
    // Every page comes back empty: nothing can be read, the first load fails (paging).
    suite.server.setFaults({ emptyPage: {} });
    await connect(suite.api, suite.server);
    const state = suite.api.store.state;
    assert.equal(state.error?.kind, 'paging');
    const [errorNode] = suite.api.tree.getChildren();
    assert.equal(errorNode?.kind, 'error');
    // Let VS Code draw the error before the list comes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    suite.server.setFaults({});
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(suite.api);
    assert.equal(suite.api.store.state.error, undefined);
    const roots = suite.api.tree.getChildren();
    const statuses = roots.map((node) => (node.kind === 'group' ? node.status : node.kind));
    assert.deepEqual([...new Set(statuses)], statuses, 'each group once');
    assert.ok(statuses.includes('failed') && statuses.includes('success'), statuses.join(','));
    // Back to an error with no list, and to the list again.
    await vscode.commands.executeCommand('hssBackupTasks.filterByStatus', ['skipped']);
    await settled(suite.api);
    await vscode.commands.executeCommand('hssBackupTasks.clearFilters');
    await settled(suite.api);
    assert.equal(suite.api.tree.getChildren().length, roots.length);
    // VS Code's own view draws it: give it a moment to ask for the nodes.
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  it('a first load that failed for a passing reason mends itself while the view is shown', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.hssBackupTasks');
    // Every attempt of the first page fails (the client retries twice); the token's check passes.
    suite.server.setFaults({
      serverError: {
        status: 503,
        times: 3,
        match: (request) => request.route === 'operation-logs' && request.query.limit === '200',
      },
    });
    await connect(suite.api, suite.server);
    await waitFor('the error', () => suite.api.store.state.error?.kind === 'server');
    // The poller reads again by itself after 3 s.
    await waitFor('the list', () => suite.api.store.state.loadedAt !== undefined, 15_000);
    assert.equal(suite.api.store.state.error, undefined);
    assert.ok(suite.api.store.state.tasks.length > 0);
  });

  it('saving a token starts one load: one first-page request', async () => {
    await connect(suite.api, suite.server);
    assert.ok(suite.api.store.state.tasks.length > 0);
    assert.equal(firstPages(), 1, JSON.stringify(suite.server.requests.map((r) => r.query)));
  });
});
