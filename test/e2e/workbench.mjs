// The workbench a user sees: the packaged extension installed into code-server, shown in Debian's
// Chromium, and the few gestures the tests make in it (activity bar, command palette, tree rows,
// status bar, webview). Everything a run writes goes under .tmp/e2e/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, runCodeServerCli, startCodeServer } from '../vscode-host/host.mjs';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const runDir = path.join(root, '.tmp', 'e2e');
export const vsixPath = path.join(root, 'dist', 'hss-backup-tasks.vsix');
/** Every run writes its screenshots here; UPDATE_SCREENSHOTS=1 also copies them to media/screenshots. */
export const screenshotDir = path.join(runDir, 'screenshots');
const readmeScreenshotDir = path.join(root, 'media', 'screenshots');
const updateScreenshots = process.env.UPDATE_SCREENSHOTS === '1';

export const VIEWPORT = { width: 1280, height: 800 };
export const STATUS_BAR_ITEM = '[id="hss-backup-tasks.hss-backup-tasks.hssBackupTasks.failures"]';
/** The pane of a view in the side bar, by its title (the container holds Tasks and Servers). */
export const paneOf = (title) => `.part.sidebar .pane:has(> .pane-header[aria-label^="${title}"])`;
export const TASKS_PANE = paneOf('Backup & Restore Tasks');
export const SERVERS_PANE = paneOf('Servers');
/** The task view's rows (the Servers view below it has rows of its own). */
export const TASKS_ROWS = `${TASKS_PANE} .monaco-list-row`;

// Playwright keeps Chromium's profile in os.tmpdir(): keep it in ours, unless the checkout is so
// deep that socket paths under it would be too long (host.mjs then uses /tmp).
if (path.join(runDir, 'tmp').length <= 40) {
  fs.mkdirSync(path.join(runDir, 'tmp'), { recursive: true });
  process.env.TMPDIR = path.join(runDir, 'tmp');
}
// A run's failure shots and screenshots replace the previous run's.
fs.rmSync(path.join(runDir, 'failures'), { recursive: true, force: true });
fs.rmSync(screenshotDir, { recursive: true, force: true });
// A Ctrl-C still runs the exit handlers that kill code-server and Chromium.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(130));
}

/** The extensions folder with the packaged extension, installed once per run. */
let installed;
function installExtension() {
  installed ??= (async () => {
    assert.ok(fs.existsSync(vsixPath), `${vsixPath} is missing: run \`npm run package\` first`);
    const stateDir = path.join(runDir, 'install');
    const extensionsDir = path.join(stateDir, 'extensions');
    fs.rmSync(stateDir, { recursive: true, force: true });
    const output = await runCodeServerCli(['--install-extension', vsixPath, '--force'], {
      stateDir,
      extensionsDir,
    });
    assert.match(output, /was successfully installed/, output);
    return extensionsDir;
  })();
  return installed;
}

/**
 * @typedef {object} Workbench
 * @property {import('playwright-core').Page} page
 * @property {import('../vscode-host/host.mjs').CodeServer} server
 * @property {string} settingsPath       the user settings.json on disk
 * @property {string} userDataDir
 * @property {{ type: string, text: string, url: string }[]} consoleMessages   errors and warnings
 * @property {string[]} dialogs           alert/confirm/prompt texts (each dismissed)
 * @property {string[]} pageErrors        uncaught exceptions in the page
 * @property {(name: string) => Promise<void>} saveFailure
 * @property {(passed: boolean) => Promise<void>} close
 */

/**
 * The hooks every e2e suite shares: a failed test leaves its screenshot and logs, and after the
 * suite the workbench (kept on failure) and the sample server are closed.
 * @param {() => { workbench?: Workbench, sample?: { close(): Promise<void> } }} resources
 */
export function closeAfter(resources) {
  let passed = true;
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      passed = false;
      await resources().workbench?.saveFailure(this.currentTest.title);
    }
  });
  after(async () => {
    const { workbench, sample } = resources();
    await workbench?.close(passed);
    await sample?.close();
  });
}

/**
 * Starts code-server with the packaged extension and opens the workbench on an empty folder.
 * @param {object} options
 * @param {string} options.name                 folder name under .tmp/e2e
 * @param {Record<string, unknown>} [options.settings]  user settings
 * @param {NodeJS.ProcessEnv} [options.env]     extra environment for code-server (and the extension host)
 * @returns {Promise<Workbench>}
 */
export async function openWorkbench({ name, settings = {}, env = {} }) {
  const extensionsDir = await installExtension();
  const stateDir = path.join(runDir, name);
  fs.rmSync(stateDir, { recursive: true, force: true });
  const workspace = path.join(stateDir, 'workspace');
  const userDataDir = path.join(stateDir, 'user-data');
  const settingsPath = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(path.dirname(settingsPath), { recursive: true });
  fs.writeFileSync(
    settingsPath,
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.colorTheme': 'Default Dark Modern',
        'git.openRepositoryInParentFolders': 'never',
        'extensions.ignoreRecommendations': true,
        ...settings,
      },
      null,
      2,
    ),
  );

  const server = await startCodeServer({
    stateDir,
    userDataDir,
    extensionsDir,
    env: { ...process.env, ...env },
  });
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  try {
    browser = await launchBrowser({ stateDir });
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const page = await context.newPage();
    /** @type {Workbench['consoleMessages']} */
    const consoleMessages = [];
    /** @type {string[]} */
    const dialogs = [];
    /** @type {string[]} */
    const pageErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        consoleMessages.push({ type: message.type(), text: message.text(), url: message.location().url });
      }
    });
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => {});
    });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(server.workbenchUrl(workspace));
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });

    const openBrowser = browser;
    return {
      page,
      server,
      settingsPath,
      userDataDir,
      consoleMessages,
      dialogs,
      pageErrors,
      async saveFailure(testName) {
        const file = path.join(runDir, 'failures', `${name}-${testName.replace(/[^\w-]+/g, '_')}.png`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await page.screenshot({ path: file }).catch(() => {});
        console.error(`    screenshot of the failure: ${path.relative(root, file)}`);
      },
      async close(passed) {
        await openBrowser.close().catch(() => {});
        await server.stop();
        if (passed) fs.rmSync(stateDir, { recursive: true, force: true });
        else console.error(`    code-server's state and logs are kept in ${path.relative(root, stateDir)}`);
      },
    };
  } catch (error) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw error;
  }
}

/** Waits until `probe` returns something truthy (polled), or fails with `what` and the last value. */
export async function waitFor(what, probe, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Shows the "HSS Backup Tasks" container by its activity-bar item. */
export async function openTasksView(page) {
  const item = page.locator('.part.activitybar .action-item a[aria-label^="HSS Backup Tasks"]');
  await item.waitFor({ timeout: 60_000 });
  const title = page.locator('.part.sidebar .composite.title .title-label', { hasText: 'HSS Backup Tasks' });
  if (!(await title.isVisible())) await item.click();
  await title.waitFor();
  await page
    .locator('.part.sidebar .pane-header[aria-label^="Backup & Restore Tasks"]')
    .waitFor({ state: 'attached' });
  // Leave no hover on the activity bar (it would cover the tree in screenshots).
  await page.mouse.move(VIEWPORT.width - 10, VIEWPORT.height / 2);
}

/** The view's message line ("sample data · last 7 days"). */
/**
 * Waits for the view's message line to read `expected`: VS Code redraws it a moment after the
 * tree, so reading it once can catch the line before.
 * @param {import('playwright-core').Page} page
 * @param {string} expected
 */
export async function expectMessage(page, expected) {
  let last = '';
  try {
    await waitFor(`the view message "${expected}"`, async () => {
      last = await viewMessage(page);
      return last === expected;
    });
  } catch {
    assert.equal(last, expected);
  }
}

export async function viewMessage(page, pane = TASKS_PANE) {
  const message = page.locator(`${pane} .pane-body .message:not(.hide)`);
  return (await message.count()) ? ((await message.first().textContent()) ?? '').trim() : '';
}

/**
 * Every row of the tree, top to bottom, scrolling through it (rows outside the viewport are not in
 * the DOM). Scrolls back to the top afterwards.
 * @returns {Promise<{ index: number, level: number, label: string, name: string, description: string, expanded: string | null }[]>}
 */
export async function treeRows(page, pane = TASKS_PANE) {
  const read = () =>
    page.$$eval(`${pane} .monaco-list-row`, (rows) =>
      // Sticky scroll draws the parents of the top rows again above them: not rows of their own.
      rows
        .filter((row) => !row.closest('.monaco-tree-sticky-container'))
        .map((row) => ({
          index: Number(row.getAttribute('data-index')),
          level: Number(row.getAttribute('aria-level')),
          label: row.getAttribute('aria-label') ?? '',
          name: row.querySelector('.label-name')?.textContent ?? '',
          description: row.querySelector('.label-description')?.textContent ?? '',
          expanded: row.getAttribute('aria-expanded'),
        })),
    );
  const list = page.locator(`${pane} .monaco-list`).first();
  const box = await list.boundingBox();
  assert.ok(box, 'the tree is visible');
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 100));
  // From the top: an earlier action may have left the list scrolled, and a short pane (the Servers
  // view shares the sidebar) may take more than a frame to get there.
  for (let tries = 0; tries < 40; tries++) {
    await page.mouse.wheel(0, -1e6);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    if ((await read()).some((row) => row.index === 0)) break;
    await page.waitForTimeout(50);
  }
  const seen = new Map();
  for (let step = 0; step < 100; step++) {
    const rows = await read();
    let added = 0;
    for (const row of rows) {
      if (!seen.has(row.index)) {
        seen.set(row.index, row);
        added++;
      }
    }
    if (step > 0 && added === 0) break;
    await page.mouse.wheel(0, box.height * 0.8);
    // The list renders the rows it scrolled to in the next frame.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  }
  await page.mouse.wheel(0, -1e6);
  await page.mouse.move(VIEWPORT.width - 10, VIEWPORT.height / 2);
  const rows = [...seen.values()].sort((a, b) => a.index - b.index);
  assert.deepEqual(
    rows.map((row) => row.index),
    rows.map((_, i) => i),
    'read every row of the tree',
  );
  return rows;
}

/**
 * The groups shown (level-1 rows) as [label, count], read from their accessible labels
 * ("Failed: 6 tasks"), checked against their visible description ("6"), and the task rows of each.
 */
export async function treeGroups(page) {
  const rows = await treeRows(page);
  /** @type {{ label: string, count: number, expanded: boolean, tasks: typeof rows }[]} */
  const groups = [];
  for (const row of rows) {
    if (row.level === 1) {
      const match = /^(.+): (\d[\d,]*) tasks?$/.exec(row.label);
      assert.ok(match, `a group row: "${row.label}"`);
      const count = Number(match[2].replace(/,/g, ''));
      assert.equal(row.description.replace(/,/g, ''), String(count), `${row.label}: description`);
      groups.push({ label: match[1], count, expanded: row.expanded === 'true', tasks: [] });
    } else {
      const group = groups.at(-1);
      assert.ok(group, `task row "${row.label}" under a group`);
      group.tasks.push(row);
    }
  }
  return groups;
}

/** Waits until the tree shows groups that are fully loaded (no "…" on the counts) and returns them. */
export async function loadedGroups(page, expected) {
  let groups;
  await waitFor(
    `the tree to show ${JSON.stringify(expected)}`,
    async () => {
      const message = await viewMessage(page);
      if (!message || message.includes('loading')) return false;
      const labels = await page.$$eval(`${TASKS_ROWS}[aria-level="1"]`, (rows) =>
        rows.map((row) => row.getAttribute('aria-label') ?? ''),
      );
      if (labels.length === 0 || labels.some((label) => !/tasks?$/.test(label))) return false;
      groups = await treeGroups(page);
      return JSON.stringify(groups.map((g) => [g.label, g.count])) === JSON.stringify(expected);
    },
    30_000,
  ).catch((error) => {
    if (groups)
      assert.deepEqual(
        groups.map((g) => [g.label, g.count]),
        expected,
        error.message,
      );
    throw error;
  });
  return groups;
}

/** Runs a command from the command palette (F1), picking it by its exact title. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label^="${title}"]`).first();
  await row.waitFor();
  await row.click();
}

/**
 * The webview frame whose details page has this heading. Webviews are two iframes deep; the
 * content is in the inner one.
 */
export async function detailsFrame(page, heading) {
  return waitFor(`the details page of "${heading}"`, async () => {
    for (const frame of page.frames()) {
      const h1 = await frame
        .evaluate(() => document.querySelector('#details h1')?.textContent)
        .catch(() => {});
      if (h1 === heading) return frame;
    }
    return undefined;
  });
}

/** The visible text of the page and of every frame in it (webviews included). */
export async function visibleText(page) {
  const texts = await Promise.all(
    // biome-ignore lint/performance/useDomNodeTextContent: visible text is what this reads
    page.frames().map((frame) => frame.evaluate(() => document.body?.innerText ?? '').catch(() => '')),
  );
  return texts.join('\n');
}

/** Drags the sash between the side bar and the editor so the sidebar is `width` px wide. */
export async function setSidebarWidth(page, width) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  assert.ok(sidebar, 'the side bar is visible');
  const edge = sidebar.x + sidebar.width;
  const sashes = await page.locator('.monaco-sash.vertical').all();
  for (const sash of sashes) {
    const box = await sash.boundingBox();
    if (!box || Math.abs(box.x + box.width / 2 - edge) > 4 || box.height < sidebar.height / 2) continue;
    const y = sidebar.y + sidebar.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + (width + sidebar.x - edge) / 2, y, { steps: 4 });
    await page.mouse.move(sidebar.x + width, y, { steps: 4 });
    await page.mouse.up();
    await page.mouse.move(VIEWPORT.width - 10, VIEWPORT.height / 2);
    return;
  }
  assert.fail('found no sash at the side bar edge');
}

/**
 * Saves a PNG to .tmp/e2e/screenshots (and, with UPDATE_SCREENSHOTS=1, to media/screenshots
 * unless `forReadme` is false).
 * @param {import('playwright-core').Page} page
 * @param {string} name    file name, e.g. "tasks-dark.png"
 * @param {import('playwright-core').PageScreenshotOptions} [options]
 */
export async function saveScreenshot(page, name, options = {}, forReadme = true) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, name);
  await page.screenshot({ ...options, path: file, animations: 'disabled', caret: 'hide' });
  if (updateScreenshots && forReadme) {
    fs.mkdirSync(readmeScreenshotDir, { recursive: true });
    fs.copyFileSync(file, path.join(readmeScreenshotDir, name));
  }
  return file;
}
