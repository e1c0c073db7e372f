import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { allSettingsText, setSettings, settled, useSampleServer, waitFor } from './util';

// The extension host's HOME is the run's own temporary folder (see test/vscode-host/host.mjs), so
// the SDK credentials file written here is the one the extension finds in `~/.huaweicloud`.
const FILE_DIR = join(homedir(), '.huaweicloud');
const FILE = join(FILE_DIR, 'credentials');
const FILE_AK = 'FILEAK00000000000001';
const FILE_SK = 'file-secret-key-0000000000000000000000001';

function writeCredentials(secretKey: string, projectId: string): void {
  mkdirSync(FILE_DIR, { recursive: true });
  writeFileSync(
    FILE,
    `# for the integration test\r\n[basic]\r\nak = ${FILE_AK}\r\nsk = ${secretKey}\r\nproject_id = ${projectId}\r\n`,
  );
}

describe('Credentials from where users already keep them', function () {
  this.timeout(60_000);
  // Registered before the shared hooks, so it runs first: with the file gone before the settings are
  // reset, no project id from it can send a request to the real regional endpoint.
  afterEach(async () => {
    rmSync(FILE_DIR, { recursive: true, force: true });
    await vscode.commands.executeCommand('hssBackupTasks.selectCredentialSource', 'auto');
  });
  const suite = useSampleServer({ taskCount: 120, seed: 5, connect: false });

  beforeEach(() => {
    suite.server.accessKeys.push({ accessKey: FILE_AK, secretKey: FILE_SK });
  });

  it('loads with ~/.huaweicloud/credentials, project id included, with nothing typed', async () => {
    const { api, server } = suite;
    writeCredentials(FILE_SK, server.projectId);
    await setSettings({
      endpoint: server.url,
      enterpriseProjectId: 'all_granted_eps',
      autoRefreshSeconds: 0,
    });
    await waitFor('the session to be ready', () => api.session.ready);
    await settled(api);
    assert.equal(api.session.current?.projectId, server.projectId, 'the project id came from the file');
    assert.ok(api.store.state.tasks.length > 0);
    assert.ok(
      server.requests.length > 0 && server.requests.every((r) => r.auth === 'aksk' && r.status === 200),
    );
    assert.match(String(api.treeView.message), /profile basic of ~\/\.huaweicloud\/credentials/);
    assert.ok(
      api.log.recent.some((line) =>
        line.includes('credentials from profile basic of ~/.huaweicloud/credentials'),
      ),
    );
    const everywhere = [allSettingsText(), api.log.recent.join('\n'), JSON.stringify(server.requests)].join(
      '\n',
    );
    assert.ok(!everywhere.includes(FILE_SK));
  });

  it('follows edits of the file; a rejected key is not sent again until the file changes', async () => {
    const { api, server } = suite;
    writeCredentials(FILE_SK, server.projectId);
    await setSettings({ endpoint: server.url, projectId: server.projectId, autoRefreshSeconds: 0 });
    await waitFor('the first load', () => api.store.state.tasks.length > 0);
    await settled(api);

    writeCredentials(`${FILE_SK}-wrong`, server.projectId);
    await waitFor('the rejection', () => server.requests.some((r) => r.status === 401), 20_000);
    await waitFor('the error naming the source', () =>
      api.store.state.error?.message.includes('profile basic of ~/.huaweicloud/credentials'),
    );
    const rejected = server.requests.filter((r) => r.status === 401).length;
    await vscode.commands.executeCommand('hssBackupTasks.refresh');
    await settled(api);
    assert.equal(server.requests.filter((r) => r.status === 401).length, rejected, 'not sent again');
    assert.equal(rejected, 1);

    const served = server.requests.length;
    writeCredentials(FILE_SK, server.projectId);
    await waitFor(
      'a load with the fixed file',
      () => server.requests.slice(served).some((r) => r.status === 200),
      20_000,
    );
    await settled(api);
    assert.equal(api.store.state.error, undefined);
  });

  it('uses the ECS agency only when turned on, from the metadata service', async () => {
    const { api, server } = suite;
    await setSettings({ endpoint: server.url, projectId: server.projectId, autoRefreshSeconds: 0 });
    await waitFor('the target', () => api.session.current?.endpoint.href.startsWith(server.url));
    await api.session.idle();
    assert.equal(api.session.ready, false);
    assert.equal(server.requests.length, 0, 'the metadata service is not asked while the agency is off');

    server.metadata.agency = false;
    await setSettings({ 'credentials.metadataEndpoint': server.url, 'credentials.useAgency': true });
    await waitFor('the log to say there is no agency', () =>
      api.log.recent.some((line) => line.includes('This ECS has no agency')),
    );
    assert.equal(api.session.ready, false);

    server.metadata.agency = true;
    await setSettings({ 'credentials.metadataEndpoint': `${server.url}/` });
    await waitFor('the session to be ready', () => api.session.ready);
    await settled(api);
    assert.ok(api.store.state.tasks.length > 0);
    const key = server.metadata.issued[0];
    assert.ok(key);
    assert.ok(server.requests.some((r) => r.path === '/meta-data/latest/api/token' && r.method === 'PUT'));
    assert.ok(
      server.requests
        .filter((r) => r.path.startsWith('/v5/'))
        .every((r) => r.auth === 'aksk' && r.status === 200),
    );
    assert.match(String(api.treeView.message), /ECS agency/);
    const everywhere = [allSettingsText(), api.log.recent.join('\n'), JSON.stringify(server.requests)].join(
      '\n',
    );
    assert.ok(!everywhere.includes(key.secretKey) && !everywhere.includes(key.securityToken ?? '-'));
  });

  it('pins a source with Select Credential Source, and goes back to automatic', async () => {
    const { api, server } = suite;
    writeCredentials(FILE_SK, server.projectId);
    await setSettings({
      endpoint: server.url,
      projectId: server.projectId,
      autoRefreshSeconds: 0,
      'credentials.useAgency': true,
      'credentials.metadataEndpoint': server.url,
    });
    await waitFor(
      'the file to be used',
      () => api.session.slots[0]?.credentialSource?.source.id === 'sdkFile:basic',
    );
    await settled(api);
    await vscode.commands.executeCommand('hssBackupTasks.selectCredentialSource', 'ecsAgency');
    assert.equal(api.session.slots[0]?.credentialSource?.source.id, 'ecsAgency');
    await settled(api);
    assert.ok(server.metadata.issued.length > 0);
    await vscode.commands.executeCommand('hssBackupTasks.selectCredentialSource', 'auto');
    assert.equal(api.session.slots[0]?.credentialSource?.source.id, 'sdkFile:basic');
  });
});
