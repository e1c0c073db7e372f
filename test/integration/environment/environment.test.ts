import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSampleServer } from '../../../src/sample/server';
import { activateExtension, allSettingsText, setSettings, settled, waitFor } from '../util';

describe('Credentials from the environment', function () {
  this.timeout(60_000);

  it('loads the list with HUAWEICLOUD_SDK_AK/SK set for the extension host, with no prompt', async () => {
    const accessKey = process.env.HUAWEICLOUD_SDK_AK;
    const secretKey = process.env.HUAWEICLOUD_SDK_SK;
    const projectId = process.env.HUAWEICLOUD_SDK_PROJECT_ID;
    assert.equal(accessKey, 'ENVAK000000000000001', 'the runner set the variables');
    assert.ok(secretKey && projectId);
    const server = await startSampleServer({
      taskCount: 80,
      seed: 4,
      projectId,
      accessKeys: [{ accessKey, secretKey }],
    });
    try {
      const api = await activateExtension();
      // Only where to send requests is configured; the key and the project id come from the variables.
      await setSettings({
        endpoint: server.url,
        enterpriseProjectId: 'all_granted_eps',
        autoRefreshSeconds: 0,
      });
      await waitFor('the session to be ready', () => api.session.ready);
      await settled(api);
      assert.equal(api.session.current?.projectId, projectId);
      assert.ok(api.store.state.tasks.length > 0);
      assert.ok(server.requests.every((r) => r.auth === 'aksk' && r.status === 200));
      assert.match(String(api.treeView.message), /AK\/SK from HUAWEICLOUD_SDK_AK/);
      // The next window reads this project's kept list before asking the sources again: the id is
      // remembered for the endpoint, on disk beside the kept lists, and nothing secret with it.
      const storage = path.dirname(api.taskCache.files?.pathOf('x') ?? '');
      const remembered = await waitFor('the project id remembered', () => {
        try {
          return fs.readFileSync(path.join(storage, 'state.json'), 'utf8');
        } catch {
          return undefined;
        }
      });
      assert.equal(
        JSON.parse(remembered)['hssBackupTasks.discoveredProjectIds']?.[new URL(server.url).href],
        projectId,
      );
      assert.ok(!remembered.includes(secretKey) && !remembered.includes(accessKey));

      // Sign Out forgets only what the extension stored: the variables stay in use.
      await vscode.commands.executeCommand('hssBackupTasks.signOut');
      assert.equal(api.session.slots[0]?.credentialSource?.source.id, 'env');
      assert.equal(api.session.ready, true);

      const everywhere = [allSettingsText(), api.log.recent.join('\n'), JSON.stringify(server.requests)].join(
        '\n',
      );
      assert.ok(!everywhere.includes(secretKey), 'the secret key is nowhere');
      assert.ok(api.log.recent.some((line) => line.includes('credentials from HUAWEICLOUD_SDK_AK')));
    } finally {
      await server.close();
    }
  });
});
