/**
 * A window opening on what an earlier window left in the global storage: the kept list of its
 * scope and the project id the environment named for its endpoint. The list is on screen before
 * the credentials are found and before any request is answered; the fresh load then replaces it.
 * Runs first in its window: the extension must not be active yet.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSampleServer } from '../../../src/sample/server';
import { cacheFileName, encodeCache } from '../../../src/tasks/taskCache';
import { activateExtension, EXTENSION_ID, setSettings, settled, waitFor } from '../util';

describe('A window opening with a kept list', function () {
  this.timeout(60_000);

  it('shows it before the credentials are found and any request answered, then the fresh list', async () => {
    assert.equal(
      vscode.extensions.getExtension(EXTENSION_ID)?.isActive,
      false,
      'the first test of its window',
    );
    const accessKey = process.env.HUAWEICLOUD_SDK_AK ?? '';
    const secretKey = process.env.HUAWEICLOUD_SDK_SK ?? '';
    const projectId = process.env.HUAWEICLOUD_SDK_PROJECT_ID ?? '';
    const server = await startSampleServer({
      taskCount: 40,
      seed: 6,
      projectId,
      accessKeys: [{ accessKey, secretKey }],
    });
    // Every answer takes 4 s: what is on screen before then can only come from the disk.
    server.setFaults({ latency: { ms: 4_000 } });
    try {
      // The settings name the endpoint only; the project id comes from the environment.
      await setSettings({
        endpoint: server.url,
        enterpriseProjectId: 'all_granted_eps',
        autoRefreshSeconds: 0,
      });
      const storage = path.join(process.env.HSS_TEST_USER_DATA ?? '', 'User', 'globalStorage', EXTENSION_ID);
      fs.mkdirSync(storage, { recursive: true });
      // The scope key as the session writes it (target, endpoint, project, query, statuses, page size).
      const key = JSON.stringify([
        'cloud',
        new URL(server.url).href,
        projectId,
        { lastDays: 7, enterpriseProjectId: 'all_granted_eps' },
        [],
        200,
      ]);
      const keptAt = Date.now() - 3_600_000;
      const kept = [
        {
          hostId: 'k1',
          hostName: 'kept-web',
          backupName: 'daily',
          status: 'failed' as const,
          startedAt: keptAt,
        },
        {
          hostId: 'k2',
          hostName: 'kept-db',
          backupName: 'daily',
          status: 'success' as const,
          startedAt: keptAt,
        },
      ];
      fs.writeFileSync(path.join(storage, cacheFileName(key)), encodeCache(key, keptAt, kept));
      fs.writeFileSync(
        path.join(storage, 'state.json'),
        JSON.stringify({ 'hssBackupTasks.discoveredProjectIds': { [new URL(server.url).href]: projectId } }),
      );

      const api = await activateExtension();
      await waitFor('the kept list', () => api.store.state.cachedAt === keptAt);
      assert.deepEqual(
        api.store.state.tasks.map((task) => task.hostName),
        ['kept-web', 'kept-db'],
      );
      assert.equal(api.store.state.loadedAt, undefined, 'nothing loaded yet');
      assert.ok(
        api.log.recent.some((line) =>
          /Showing 2 tasks kept from .* while the credentials are looked up/.test(line),
        ),
        'shown before the credentials were found',
      );
      // The view shows it, marked as kept: its groups, and the message line's time.
      const root = api.projectsTree.getChildren();
      assert.ok(root.length > 0 && root.every((node) => node.kind === 'group'), 'status groups at the root');
      await waitFor('the message line', () =>
        /from \d\d:\d\d, refreshing…/.test(String(api.treeView.message)),
      );

      await settled(api);
      assert.equal(api.store.state.cachedAt, undefined);
      // The server's own tasks of the last 7 days (of the 40 it made over a longer time).
      const recent = server.tasks.filter((task) => task.startedAt >= Date.now() - 7 * 86_400_000).length;
      assert.ok(recent > 0);
      assert.equal(api.store.state.tasks.length, recent, 'the fresh list replaced it');
      assert.ok(!api.store.state.tasks.some((task) => task.hostName?.startsWith('kept-')));
    } finally {
      server.setFaults({});
      await server.close();
    }
  });
});
