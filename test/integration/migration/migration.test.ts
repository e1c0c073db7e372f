import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from '../util';

/** A key's values in the scopes a user sets: user settings and the workspace's. */
function where(key: string): { user: unknown; workspace: unknown } {
  const inspected = vscode.workspace.getConfiguration().inspect(key);
  return { user: inspected?.globalValue, workspace: inspected?.workspaceValue };
}

describe('Settings under the old keys', function () {
  this.timeout(60_000);

  it('move to the new keys, in their scopes, before the extension first reads them', async () => {
    // The runner wrote these before the window opened (test/integration/migration/seed.json).
    const api = await activateExtension();
    // Read at activation, not after a later change event: the migration ran first.
    assert.equal(api.session.settings.pageSize, 150);
    assert.equal(api.session.settings.concurrency, 2);
    assert.equal(api.session.settings.lastDays, 12);
    assert.equal(api.session.settings.statusBarShowZero, false);
    assert.deepEqual(
      api.session.settings.projects.map((project) => project.name),
      ['prod'],
    );

    assert.deepEqual(where('HSS.pageSize'), { user: 150, workspace: undefined });
    assert.deepEqual(where('HSS.signInEndpoint'), { user: 'http://127.0.0.1:9/', workspace: undefined });
    assert.deepEqual(where('HSS.credentials.useAgency'), { user: false, workspace: undefined });
    assert.deepEqual(where('HSS.statusBar.showWhenZero'), { user: false, workspace: undefined });
    // Set under both names: the new key's value wins.
    assert.deepEqual(where('HSS.concurrency'), { user: 2, workspace: undefined });
    assert.deepEqual(where('HSS.lastDays'), { user: undefined, workspace: 12 });
    assert.deepEqual(where('HSS.projects'), {
      user: undefined,
      workspace: [{ name: 'prod', projectId: '0123456789abcdef0123456789abcdef' }],
    });
    for (const key of [
      'hssBackupTasks.pageSize',
      'hssBackupTasks.iamEndpoint',
      'hssBackupTasks.credentials.ecsAgency',
      'hssBackupTasks.statusBar.showWhenZero',
      'hssBackupTasks.concurrency',
      'hssBackupTasks.lastDays',
      'hssBackupTasks.projects',
    ]) {
      assert.deepEqual(where(key), { user: undefined, workspace: undefined }, `${key} is gone`);
    }
    // A key the extension does not know is left where it is.
    assert.equal(where('hssBackupTasks.sharedNote').user, 'private-value-5b1e');

    const lines = api.log.recent.filter((line) => line.includes('Settings renamed'));
    assert.equal(lines.length, 1, 'said once');
    const [line = ''] = lines;
    assert.match(line, /hssBackupTasks\.pageSize → HSS\.pageSize \(user settings\)/);
    assert.match(line, /hssBackupTasks\.lastDays → HSS\.lastDays \(workspace settings\)/);
    assert.match(
      line,
      /removed hssBackupTasks\.concurrency \(user settings: HSS\.concurrency is set there and wins\)/,
    );
    assert.match(line, /left alone hssBackupTasks\.sharedNote/);
    for (const value of ['150', '127.0.0.1', 'private-value-5b1e', '0123456789abcdef']) {
      assert.ok(!api.log.recent.join('\n').includes(value), `the log holds no value (${value})`);
    }
  });

  it('move when an old key is set later (an edit, Settings Sync from an older version)', async () => {
    const api = await activateExtension();
    const config = vscode.workspace.getConfiguration();
    await config.update('hssBackupTasks.notifications', 'off', vscode.ConfigurationTarget.Workspace);
    await config.update('hssBackupTasks.coverage.maxBackupAgeDays', 9, vscode.ConfigurationTarget.Global);
    await waitFor('the old keys to move', () => {
      const notifications = where('HSS.notifications');
      const age = where('HSS.coverage.maxBackupAgeDays');
      return (
        notifications.workspace === 'off' &&
        age.user === 9 &&
        where('hssBackupTasks.notifications').workspace === undefined &&
        where('hssBackupTasks.coverage.maxBackupAgeDays').user === undefined
      );
    });
    await waitFor('the session to read them', () => api.session.settings.notifications === 'off');
    assert.ok(
      api.log.recent.some((line) =>
        line.includes('hssBackupTasks.notifications → HSS.notifications (workspace settings)'),
      ),
    );
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration();
    for (const key of ['HSS.notifications', 'HSS.lastDays', 'HSS.projects']) {
      await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
    for (const key of [
      'HSS.pageSize',
      'HSS.signInEndpoint',
      'HSS.credentials.useAgency',
      'HSS.statusBar.showWhenZero',
      'HSS.concurrency',
      'HSS.coverage.maxBackupAgeDays',
      'hssBackupTasks.sharedNote',
    ]) {
      await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
