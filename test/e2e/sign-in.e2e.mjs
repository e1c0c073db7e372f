// Signing in as a user does: the packaged extension in code-server with no sample-server handoff,
// settings pointing at a sample HSS server, the token typed into the password box. That server
// serves the 'html-injection' scenario (markup and script in every text field), so the same run
// shows the tree and the details page render hostile text as text.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { expectedGroups, listTasks, startSample } from './sample-server.mjs';
import {
  closeAfter,
  detailsFrame,
  expectMessage,
  loadedGroups,
  openTasksView,
  openWorkbench,
  runCommand,
  saveScreenshot,
  TASKS_PANE,
  TASKS_ROWS,
  treeGroups,
  visibleText,
} from './workbench.mjs';

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir, needle) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (fs.readFileSync(file).includes(needle)) found.push(file);
  }
  return found;
}

describe('sign in with an IAM token, hostile data (packaged extension, browser)', () => {
  /** @type {Awaited<ReturnType<typeof startSample>>} */
  let sample;
  /** @type {import('./workbench.mjs').Workbench} */
  let workbench;
  /** @type {import('playwright-core').Page} */
  let page;

  before(async () => {
    sample = await startSample({ seed: 2, taskCount: 200, scenario: 'html-injection' });
    workbench = await openWorkbench({
      name: 'sign-in',
      settings: { 'HSS.endpoint': sample.url, 'HSS.projectId': sample.projectId },
    });
    page = workbench.page;
  });

  closeAfter(() => ({ workbench, sample }));

  it('refuses a wrong token typed into the password box', async () => {
    await openTasksView(page);
    const welcome = page.locator(`${TASKS_PANE} .welcome-view-content`);
    await welcome.getByText('Sign in to HSS. Credentials are kept').waitFor();
    await welcome.locator('.monaco-button', { hasText: 'Set IAM Token' }).waitFor();

    await runCommand(page, 'HSS: Set IAM Token');
    const password = page.locator('.quick-input-widget input[type="password"]');
    await password.waitFor();
    await page.keyboard.type('not-the-token');
    await page.keyboard.press('Enter');
    const toast = page.locator('.notifications-toasts .notification-toast', {
      hasText: 'The token was not saved',
    });
    await toast.waitFor();
    await runCommand(page, 'Notifications: Clear All Notifications');
    await toast.waitFor({ state: 'detached' });
    assert.ok(await welcome.isVisible(), 'still asks to sign in');
  });

  it('loads the tree after the token is typed into the password box, and keeps it out of sight', async () => {
    const host = new URL(sample.url).host;
    await runCommand(page, 'HSS: Set IAM Token');
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.locator('.quick-input-title', { hasText: `Set IAM Token for ${host}` }).waitFor();
    const password = quickInput.locator('input[type="password"]');
    await password.waitFor();
    await page.keyboard.type(sample.token);
    assert.equal(await password.inputValue(), sample.token, 'typed into the password box');
    assert.ok(!(await visibleText(page)).includes(sample.token), 'the typed token is not shown');
    await page.keyboard.press('Enter');

    await loadedGroups(page, await expectedGroups(sample));
    await expectMessage(page, `${host} · last 7 days`);
    assert.ok(
      sample.requests.some((request) => request.status === 200 && request.auth),
      'the server was asked with the token',
    );

    assert.ok(!(await visibleText(page)).includes(sample.token), 'the token is not shown anywhere');
    const settings = fs.readFileSync(workbench.settingsPath, 'utf8');
    assert.ok(settings.includes(sample.url), 'settings.json is the one in use');
    assert.ok(!settings.includes(sample.token), 'settings.json does not hold the token');
    // Nor do code-server's other files: state, logs (the extension's own log among them).
    assert.deepEqual(filesContaining(path.dirname(workbench.userDataDir), sample.token), []);
  });

  it('shows markup and script from the server as text, and runs none of it', async () => {
    const { data_list: rows } = await listTasks(sample, { status: 'failed', limit: 200 });
    const task = rows[0];
    assert.ok(task?.host_name?.includes('<img'), 'the server sends markup in host names');

    // The tree: the label is the literal text.
    const failed = (await treeGroups(page)).find((group) => group.label === 'Failed');
    const row = failed?.tasks[0];
    assert.ok(row, 'a failed task row');
    assert.equal(row.name, task.host_name);
    assert.ok(row.description.endsWith(task.backup_name), `${row.description} shows the backup name as text`);

    await page.locator(`${TASKS_ROWS}[data-index="${row.index}"]`).click();
    const frame = await detailsFrame(page, task.host_name);
    const details = frame.locator('#details');
    assert.equal(await details.locator('.error-code code').textContent(), task.error_info.code);
    assert.equal(await details.locator('pre.error-message').textContent(), task.error_info.message);
    // biome-ignore lint/performance/useDomNodeTextContent: what is visible is the point
    const text = await details.innerText();
    for (const value of [task.host_name, task.host_id, task.backup_name]) {
      assert.ok(text.includes(value), `the page shows ${value} literally`);
    }
    // Nothing from the data became an element: the page's own markup has no images, links,
    // scripts, svg, bold or italics.
    assert.deepEqual(
      await details
        .locator('img, a, script, svg, b, i, iframe')
        .evaluateAll((elements) => elements.map((element) => element.outerHTML)),
      [],
    );

    // Give any handler that could have slipped through time to fire, then look for its traces.
    await page.waitForTimeout(1000);
    await saveScreenshot(page, 'html-injection.png', {}, false);
    assert.deepEqual(workbench.dialogs, [], 'no alert, confirm or prompt');
    const webviewMessages = workbench.consoleMessages.filter(
      (message) => message.type === 'error' && /webview|vscode-resource|vscode-cdn/.test(message.url),
    );
    assert.deepEqual(webviewMessages, [], 'no console error from the webview');
  });
});
