// The sample world in which time passes, as `npm run demo` shows it: the server's clock is moved
// on by the test (the demo's runs on real time), and the view shows progress moving, a time-left
// estimate and a failure notification, all within the first two minutes of the world.
import assert from 'node:assert/strict';
import { startSample } from './sample-server.mjs';
import {
  closeAfter,
  openTasksView,
  openWorkbench,
  runCommand,
  saveScreenshot,
  setSidebarWidth,
  treeGroups,
  waitFor,
} from './workbench.mjs';

describe('the living sample world (packaged extension, browser)', () => {
  /** @type {Awaited<ReturnType<typeof startSample>>} */
  let sample;
  /** @type {import('./workbench.mjs').Workbench} */
  let workbench;
  /** @type {import('playwright-core').Page} */
  let page;
  const start = Date.now();
  let elapsed = 0;

  before(async () => {
    sample = await startSample({ seed: 10, taskCount: 600, world: 'living', clock: () => start + elapsed });
    workbench = await openWorkbench({
      name: 'living-world',
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

  const runningRows = async () => (await treeGroups(page)).find((g) => g.label === 'Running')?.tasks ?? [];
  const percents = (rows) =>
    rows.map((row) => Number(/(\d+)%/.exec(row.description)?.[1])).sort((a, b) => a - b);

  it('shows progress moving and a time-left estimate after the second reading', async () => {
    await openTasksView(page);
    // About the sidebar's default width: what matters leads each row.
    await setSidebarWidth(page, 320);
    const first = await waitFor('running rows', async () => {
      const rows = await runningRows();
      return rows.length > 0 ? rows : undefined;
    });
    assert.ok(
      first.every((row) => !/left$/.test(row.description)),
      'no estimate from one reading',
    );

    elapsed = 20_000;
    await runCommand(page, 'HSS: Refresh');
    const later = await waitFor('a time-left estimate', async () => {
      const rows = await runningRows();
      return rows.some((row) => /~.+ left$/.test(row.description)) ? rows : undefined;
    });
    assert.notDeepEqual(percents(later), percents(first), 'progress moved');
  });

  it('tells of a task that failed, within two minutes of the world', async () => {
    elapsed = 100_000;
    await runCommand(page, 'HSS: Refresh');
    const toast = page.locator('.notifications-toasts .notification-toast', {
      hasText: /HSS task|HSS tasks failed/,
    });
    await toast.first().waitFor({ timeout: 30_000 });
    assert.match((await toast.first().textContent()) ?? '', /failed|timed out|timeout/i);
    await saveScreenshot(page, 'live-updates.png');
  });
});
