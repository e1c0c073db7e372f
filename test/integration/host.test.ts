import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// Checks that the tests run where they should: in a real VS Code 1.100 (code-server, so the UI is
// the web workbench), with the runner's environment passed through to the extension host.
describe('test host', () => {
  it('is VS Code 1.100', () => {
    assert.match(vscode.version, /^1\.100\./);
  });

  it('runs the workbench in a browser', () => {
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
  });

  it('passes the runner environment to the extension host', () => {
    assert.equal(process.env.HSS_TEST_RUNNER, 'run-integration');
  });
});
