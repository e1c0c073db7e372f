// The extension's settings in the Settings editor, as a user reads them: titles derived from the
// `HSS.*` keys, in search results; and a value a
// user set under an old `hssBackupTasks.*` key, moved to its new key once the extension starts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { closeAfter, openTasksView, openWorkbench, saveScreenshot, waitFor } from './workbench.mjs';

const EDITOR = '.settings-editor';
const SEARCH = `${EDITOR} .settings-header .suggest-input-container`;

describe('settings in the Settings editor (packaged extension, browser)', () => {
  /** @type {import('./workbench.mjs').Workbench} */
  let workbench;
  /** @type {import('playwright-core').Page} */
  let page;

  before(async () => {
    workbench = await openWorkbench({
      name: 'settings',
      // Set by an older version of the extension.
      settings: { 'hssBackupTasks.lastDays': 3, 'hssBackupTasks.credentials.ecsAgency': false },
    });
    page = workbench.page;
  });

  closeAfter(() => ({ workbench }));

  /** The titles of the settings rows on screen, as "Category: Label" (or "Label" under the ToC). */
  async function titles() {
    return page.locator(`${EDITOR} .settings-tree-container .setting-item-contents`).evaluateAll((rows) =>
      rows
        .filter((row) => row.getBoundingClientRect().height > 0)
        .map((row) => {
          const category = row.querySelector('.setting-item-category')?.textContent ?? '';
          const label = row.querySelector('.setting-item-label')?.textContent ?? '';
          return `${category}${label}`;
        }),
    );
  }

  async function search(query) {
    const input = page.locator(SEARCH).first();
    await input.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    if (query) await page.keyboard.type(query);
  }

  it('moves a value set under an old key when the extension starts', async () => {
    await openTasksView(page);
    const settings = await waitFor('the old keys to move in settings.json', () => {
      const text = fs.readFileSync(workbench.settingsPath, 'utf8');
      return !text.includes('hssBackupTasks.') && text.includes('"HSS.lastDays"')
        ? JSON.parse(text)
        : undefined;
    });
    assert.equal(settings['HSS.lastDays'], 3);
    assert.equal(settings['HSS.credentials.useAgency'], false);
  });

  it('titles the settings "HSS: …" in search results', async () => {
    await page.keyboard.press('ControlOrMeta+,');
    await page.locator(EDITOR).waitFor();
    await search('HSS');
    const shown = await waitFor('search results', async () => {
      const list = await titles();
      return list.some((title) => title.startsWith('HSS: ')) ? list : undefined;
    });
    await page.waitForTimeout(500);
    await saveScreenshot(page, 'settings-search.png', {}, false);
    const ours = (await titles()).filter((title) => /^HSS[: ]/.test(title));
    assert.ok(ours.length >= 5, `several of ours on screen: ${shown.join(' | ')}`);
    assert.deepEqual(
      ours.filter((title) => /Hss Backup Tasks|Iam |Ecs /.test(title)),
      [],
      'no title reads "Hss Backup Tasks", "Iam" or "Ecs"',
    );
    assert.ok(ours.includes('HSS: Region'), ours.join(' | '));
    assert.ok(ours.includes('HSS: Project ID'), ours.join(' | '));
  });

  it("titles them without the prefix under the extension's own table-of-contents entry", async () => {
    await search('');
    const toc = `${EDITOR} .settings-toc-container .monaco-list-row`;
    const ours = page.locator(`${toc}[aria-label^="HSS Backup Tasks"]`).first();
    // Our entry is inside Extensions, which a search may have left open or closed.
    await page.locator(`${toc}[aria-label^="Extensions"]`).first().waitFor();
    await page.waitForTimeout(500);
    if (!(await ours.isVisible())) await page.locator(`${toc}[aria-label^="Extensions"]`).first().click();
    await ours.waitFor();
    await ours.scrollIntoViewIfNeeded();
    await ours.click();
    const shown = await waitFor('our settings under the table of contents', async () => {
      const list = await titles();
      return list.includes('Region') ? list : undefined;
    });
    await page.waitForTimeout(500);
    await saveScreenshot(page, 'settings-toc.png', {}, false);
    // The rows from Region on (the section above may still show its last row).
    const from = shown.indexOf('Region');
    assert.deepEqual(shown.slice(from, from + 4), ['Region', 'Project ID', 'Endpoint', 'Sign In Endpoint']);
    assert.deepEqual(
      shown.filter((title) => /^HSS|Hss Backup Tasks|Iam |Ecs /.test(title)),
      [],
      'no prefix under our own entry',
    );
    const sections = await page
      .locator(toc)
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
    for (const section of ['Connection', 'Tasks', 'Coverage', 'Credentials']) {
      assert.ok(
        sections.some((label) => label.startsWith(section)),
        `${section} in ${sections.join(' | ')}`,
      );
    }
  });
});
