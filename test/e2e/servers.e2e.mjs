// The Servers view as a user meets it after `npm run demo`: the packaged extension in code-server on
// the sample data of the demo (seed 10), the Servers view below the tasks, and a server's page.
import assert from 'node:assert/strict';
import { startSample } from './sample-server.mjs';
import {
  closeAfter,
  detailsFrame,
  openTasksView,
  openWorkbench,
  SERVERS_PANE,
  saveScreenshot,
  setSidebarWidth,
  treeRows,
  VIEWPORT,
  waitFor,
} from './workbench.mjs';

// The demo's default scope (enterprise project 0, last 7 days) holds 12 servers; with seed 10's
// tasks (see src/sample/servers.ts) they fall in these states, worked out by hand:
// not protected app-backend-03 (closed), bastion-01 (closed), k8s-node-1 (policy disabled),
//   legacy-erp-01 (failed to turn on), win-ad-01 (no policy);
// vault problem fileserver-nas (frozen), media-store-01 (94% full);
// no recent good backup batch-worker-07, test-vm-old (never);
// last backup failed redis-cache-01 (timeout); covered ecs-web-01, web-服务器-02.
const EXPECTED = [
  ['Not protected', 5],
  ['Vault problem', 2],
  ['No recent good backup', 2],
  ['Last backup failed', 1],
  ['Covered', 2],
];

describe('servers view on sample data (packaged extension, browser)', () => {
  /** @type {Awaited<ReturnType<typeof startSample>>} */
  let sample;
  /** @type {import('./workbench.mjs').Workbench} */
  let workbench;
  /** @type {import('playwright-core').Page} */
  let page;

  before(async () => {
    sample = await startSample({ seed: 10, taskCount: 600 });
    workbench = await openWorkbench({
      name: 'servers',
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

  /** The group rows of the Servers view as [label, count], from their accessible labels. */
  async function serverGroups() {
    const rows = await treeRows(page, SERVERS_PANE);
    return rows.flatMap((row) => {
      const match = row.level === 1 ? /^(.+): (\d+) servers?$/.exec(row.label) : null;
      return match ? [[match[1], Number(match[2])]] : [];
    });
  }

  it('shows every coverage state below the tasks, worst first, with the hand-counted counts', async () => {
    await openTasksView(page);
    await page.locator(`${SERVERS_PANE} .monaco-list-row`).first().waitFor({ timeout: 30_000 });
    let groups = [];
    await waitFor(
      'the server groups',
      async () => {
        groups = await serverGroups();
        return JSON.stringify(groups) === JSON.stringify(EXPECTED);
      },
      30_000,
    ).catch(() => assert.deepEqual(groups, EXPECTED));
    // The badge on the activity bar counts the servers at risk (with the failed tasks' badge).
    const rows = await treeRows(page, SERVERS_PANE);
    const redis = rows.find((row) => row.name === 'redis-cache-01');
    assert.ok(redis, 'redis-cache-01 is listed');
    assert.match(redis.description, /^last good backup .+ · [·●✕◐○–]{14}$/);
    await setSidebarWidth(page, 520);
    // Give the Servers view the lower half of the side bar.
    const header = page.locator(`${SERVERS_PANE} .pane-header`);
    const box = await header.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + 40, box.y + 1);
    await page.mouse.down();
    await page.mouse.move(box.x + 40, VIEWPORT.height * 0.38, { steps: 6 });
    await page.mouse.up();
    await page.mouse.move(VIEWPORT.width - 10, VIEWPORT.height / 2);
    await saveScreenshot(page, 'servers-view.png');
  });

  it('opens a server’s page with its vault bar and its task timeline', async () => {
    const rows = await treeRows(page, SERVERS_PANE);
    const redis = rows.find((row) => row.name === 'redis-cache-01');
    assert.ok(redis);
    await page.locator(`${SERVERS_PANE} .monaco-list-row[data-index="${redis.index}"]`).click();
    await page.locator('.tabs-container .tab', { hasText: 'redis-cache-01' }).waitFor();
    const frame = await detailsFrame(page, 'redis-cache-01');
    const details = frame.locator('#details');
    assert.equal((await details.locator('.coverage').textContent())?.trim(), 'Last backup failed');
    const marks = await details.locator('.chart .mark').count();
    const expected = sample.tasks.filter(
      (task) => task.hostName === 'redis-cache-01' && task.startedAt >= Date.now() - 7 * 86_400_000 - 60_000,
    ).length;
    assert.ok(
      Math.abs(marks - expected) <= 1,
      `${marks} marks for about ${expected} tasks of the last 7 days`,
    );
    assert.equal(await details.locator('svg.usage rect.fill').count(), 1);
    await page.mouse.move(VIEWPORT.width - 10, VIEWPORT.height - 60);
    await saveScreenshot(page, 'server-details.png');
  });
});
