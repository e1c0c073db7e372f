import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allSettingsText, setSettings, settled, useSampleServer, waitFor } from './util';

describe('Access keys and IAM sign-in', function () {
  this.timeout(60_000);
  const suite = useSampleServer({ taskCount: 200, seed: 3, connect: false });
  beforeEach(async () => {
    const { server, api } = suite;
    await setSettings({
      endpoint: server.url,
      projectId: server.projectId,
      enterpriseProjectId: 'all_granted_eps',
      autoRefreshSeconds: 0,
    });
    await waitFor('the target', () => api.session.current?.endpoint.href.startsWith(server.url));
  });

  it('signs every request with the access key, which only SecretStorage keeps', async () => {
    const key = suite.server.accessKeys[0];
    assert.ok(key);
    await vscode.commands.executeCommand('hssBackupTasks.setAccessKey', key.accessKey, key.secretKey);
    await waitFor('the session', () => suite.api.session.ready);
    await settled(suite.api);
    assert.ok(suite.api.store.state.tasks.length > 0);
    assert.ok(
      suite.server.requests.length > 0 &&
        suite.server.requests.every((r) => r.auth === 'aksk' && r.status === 200),
    );
    const everywhere = [
      allSettingsText(),
      suite.api.log.recent.join('\n'),
      JSON.stringify(suite.server.requests),
    ].join('\n');
    assert.ok(!everywhere.includes(key.secretKey));
  });

  it('signs with temporary credentials (AK, SK and security token)', async () => {
    const temporary = {
      accessKey: 'TEMPAK0000000000TEST',
      secretKey: 'temporary-secret-key-for-the-test-0000000',
      securityToken: 'temp-security-token',
    };
    suite.server.accessKeys.push(temporary);
    await vscode.commands.executeCommand(
      'hssBackupTasks.setAccessKey',
      temporary.accessKey,
      temporary.secretKey,
      temporary.securityToken,
    );
    await waitFor('the session', () => suite.api.session.ready);
    await settled(suite.api);
    assert.ok(suite.api.store.state.tasks.length > 0);
    assert.ok(suite.server.requests.every((r) => r.status === 200));
    suite.server.accessKeys.pop();
  });

  it('refuses a wrong secret key after one attempt and stores nothing', async () => {
    const key = suite.server.accessKeys[0];
    assert.ok(key);
    suite.server.requests.length = 0;
    await vscode.commands.executeCommand('hssBackupTasks.setAccessKey', key.accessKey, `${key.secretKey}x`);
    assert.equal(suite.server.requests.length, 1);
    assert.equal(suite.server.requests[0]?.status, 401);
    assert.equal(suite.api.session.ready, false);
  });

  it('signs in with an IAM user, finds the project id, and loads', async () => {
    const user = suite.server.iamUsers[0];
    assert.ok(user);
    await setSettings({
      projectId: undefined,
      signInEndpoint: suite.server.url,
      region: suite.server.region,
    });
    await vscode.commands.executeCommand('hssBackupTasks.signIn', {
      domainName: user.domainName,
      userName: user.name,
      password: user.password,
      remember: false,
    });
    await waitFor('the session', () => suite.api.session.ready);
    await settled(suite.api);
    assert.equal(suite.api.session.current?.projectId, suite.server.projectId);
    assert.ok(suite.api.store.state.tasks.length > 0);
    const everywhere = [
      allSettingsText(),
      suite.api.log.recent.join('\n'),
      JSON.stringify(suite.server.requests),
    ].join('\n');
    assert.ok(!everywhere.includes(user.password));
  });

  it('tries a wrong password once and keeps nothing', async () => {
    const user = suite.server.iamUsers[0];
    assert.ok(user);
    await setSettings({ signInEndpoint: suite.server.url, region: suite.server.region });
    suite.server.requests.length = 0;
    await vscode.commands.executeCommand('hssBackupTasks.signIn', {
      domainName: user.domainName,
      userName: user.name,
      password: 'wrong-password',
      remember: true,
    });
    assert.equal(suite.server.requests.filter((r) => r.path === '/v3/auth/tokens').length, 1);
    assert.equal(suite.api.session.ready, false);
  });
});
