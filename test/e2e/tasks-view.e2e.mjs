// The task view as a user meets it after `npm run demo`: the packaged extension in code-server,
// handed a sample HSS server through HSS_BACKUP_TASKS_SAMPLE_SERVER, driven with clicks and keys.
// The tests run in order on one workbench; each says what state it leaves.
import assert from 'node:assert/strict';
import { expectedGroups, listTasks, startSample } from './sample-server.mjs';
import {
  closeAfter,
  detailsFrame,
  expectMessage,
  loadedGroups,
  openTasksView,
  openWorkbench,
  runCommand,
  STATUS_BAR_ITEM,
  saveScreenshot,
  setSidebarWidth,
  TASKS_ROWS,
  treeGroups,
  VIEWPORT,
  waitFor,
} from './workbench.mjs';

describe('task view on sample data (packaged extension, browser)', () => {
  /** @type {Awaited<ReturnType<typeof startSample>>} */
  let sample;
  /** @type {import('./workbench.mjs').Workbench} */
  let workbench;
  /** @type {import('playwright-core').Page} */
  let page;

  before(async () => {
    sample = await startSample({ seed: 10, taskCount: 600 });
    workbench = await openWorkbench({
      name: 'sample-data',
      env: {
        HSS_BACKUP_TASKS_SAMPLE_SERVER: JSON.stringify({
          url: sample.url,
          projectId: sample.projectId,
          token: sample.token,
        }),
      },
    });
    page = workbench.page;
  });

  closeAfter(() => ({ workbench, sample }));

  it('opens from the activity bar and shows each status group with the server’s counts', async () => {
    await openTasksView(page);
    const expected = await expectedGroups(sample);
    assert.ok(
      expected.some(([label]) => label === 'Failed'),
      `the sample data has failed tasks: ${expected}`,
    );
    const groups = await loadedGroups(page, expected);
    await expectMessage(page, 'sample data · last 7 days');

    // Problems and pending work start expanded, with one row per task of that status.
    for (const group of groups) {
      const startsExpanded = ['Running', 'Waiting', 'Failed', 'Timeout'].includes(group.label);
      assert.equal(group.expanded, startsExpanded, `${group.label} expanded`);
      if (!startsExpanded) continue;
      assert.equal(group.tasks.length, group.count, `${group.label}: one row per task`);
      for (const task of group.tasks) {
        assert.match(
          task.label,
          new RegExp(`^.+, ${group.label}, `),
          `${task.label} is a ${group.label} task`,
        );
      }
    }
    // The failed rows are the server's failed tasks, newest first.
    const failed = await listTasks(sample, { status: 'failed', limit: 200 });
    assert.deepEqual(
      groups.find((g) => g.label === 'Failed')?.tasks.map((task) => task.name),
      failed.data_list.map((row) => row.host_name ?? row.host_id),
    );

    await setSidebarWidth(page, 460);
    await saveScreenshot(page, 'tasks-dark.png');
  });

  it('filters by status from the command palette', async () => {
    await runCommand(page, 'HSS: Filter by Status');
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.locator('.quick-input-title', { hasText: 'Show Tasks with Status' }).waitFor();
    const failedItem = quickInput.locator('.quick-input-list .monaco-list-row[aria-label*="Failed"]');
    await failedItem.click();
    await waitFor(
      'Failed to be ticked',
      async () => (await failedItem.getAttribute('aria-checked')) === 'true',
    );
    await quickInput.locator('.monaco-button', { hasText: 'OK' }).click();
    await quickInput.waitFor({ state: 'hidden' });

    const expected = await expectedGroups(sample, ['failed']);
    const groups = await loadedGroups(page, expected);
    await expectMessage(page, 'sample data · last 7 days · status: failed');
    assert.equal(groups[0]?.tasks.length, expected[0]?.[1], 'every failed task is listed');
  });

  it('clears the filters from the command palette', async () => {
    await runCommand(page, 'HSS: Clear Filters');
    await loadedGroups(page, await expectedGroups(sample));
    await expectMessage(page, 'sample data · last 7 days');
  });

  it('counts failed and timed-out tasks in the status bar; a click shows just those', async () => {
    const failed = (await listTasks(sample, { status: 'failed' })).total_num;
    const timeout = (await listTasks(sample, { status: 'timeout' })).total_num;
    const item = page.locator(STATUS_BAR_ITEM);
    await waitFor(
      'the status-bar count',
      async () => (await item.textContent())?.trim() === String(failed + timeout),
    );
    assert.equal(
      await item.getAttribute('aria-label'),
      `${failed + timeout} failed or timed-out HSS backup and restore tasks`,
    );
    assert.equal(await item.locator('.codicon-error').count(), 1, 'an error icon');

    // Its tooltip breaks the count down; the shot shows both.
    await item.hover();
    const hover = page.locator('.monaco-hover:visible', { hasText: 'HSS backup and restore failures' });
    await hover.waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the line breaks between the counts matter
    assert.match(await hover.innerText(), new RegExp(`Failed:\\s${failed}\\s+Timeout:\\s${timeout}`));
    const itemBox = await item.boundingBox();
    const hoverBox = await hover.boundingBox();
    assert.ok(itemBox && hoverBox);
    const x = Math.max(0, Math.min(itemBox.x, hoverBox.x) - 16);
    const y = Math.max(0, hoverBox.y - 16);
    await saveScreenshot(page, 'status-bar.png', {
      clip: {
        x,
        y,
        width: Math.min(
          VIEWPORT.width - x,
          Math.max(itemBox.x + itemBox.width, hoverBox.x + hoverBox.width) + 16 - x,
        ),
        height: VIEWPORT.height - y,
      },
    });

    await item.click();
    const groups = await loadedGroups(page, await expectedGroups(sample, ['failed', 'timeout']));
    assert.deepEqual(
      groups.map((g) => g.label),
      ['Failed', 'Timeout'],
    );
    await expectMessage(page, 'sample data · last 7 days · status: failed, timeout');
  });

  it('opens a failed task’s details with its error code and message', async () => {
    const [failedGroup] = await treeGroups(page);
    assert.equal(failedGroup?.label, 'Failed');
    const row = failedGroup.tasks[0];
    assert.ok(row, 'a failed task row');
    // The row's description starts with the backup name: find the same task on the server.
    const backupName = row.description.split(' · ')[0];
    const { data_list: rows } = await listTasks(sample, { status: 'failed', limit: 200 });
    const task = rows.find((r) => (r.host_name ?? r.host_id) === row.name && r.backup_name === backupName);
    assert.ok(task?.error_info?.code, `the server's failed task ${row.name} / ${backupName} has an error`);

    await page.locator(`${TASKS_ROWS}[data-index="${row.index}"]`).click();
    await page.locator('.tabs-container .tab', { hasText: row.name }).waitFor();
    const frame = await detailsFrame(page, row.name);
    const details = frame.locator('#details');
    assert.equal((await details.locator('.status').textContent())?.trim(), 'Failed');
    assert.equal(await details.locator('.error-code code').textContent(), task.error_info.code);
    assert.equal(await details.locator('pre.error-message').textContent(), task.error_info.message);
    assert.match(
      await details.locator('.fields').first().textContent(),
      new RegExp(`Backup\\s*${backupName}`),
    );
    await page.mouse.move(VIEWPORT.width - 10, VIEWPORT.height - 60);
    await saveScreenshot(page, 'task-details.png');
  });

  it('follows the light theme', async () => {
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
    await runCommand(page, 'HSS: Clear Filters');
    const groups = await loadedGroups(page, await expectedGroups(sample));
    assert.ok(groups.length > 2);

    await runCommand(page, 'Preferences: Color Theme');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('Light Modern');
    await page.locator('.quick-input-list .monaco-list-row[aria-label^="Light Modern"]').first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-workbench.vs:not(.vs-dark)').waitFor();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.mouse.move(VIEWPORT.width - 10, VIEWPORT.height / 2);
    await saveScreenshot(page, 'tasks-light.png');
  });
});
