// The sample HSS server for the browser tests, started in this process from its TypeScript source,
// and the counts a user should see, asked of the server itself over HTTP.
import { randomBytes } from 'node:crypto';
import { tsImport } from 'tsx/esm/api';

/** The statuses in the order the view groups them, with the label each group shows. */
export const GROUPS = [
  ['running', 'Running'],
  ['waiting', 'Waiting'],
  ['failed', 'Failed'],
  ['timeout', 'Timeout'],
  ['skipped', 'Skipped'],
  ['success', 'Success'],
];

/**
 * Starts a sample server on 127.0.0.1 with a throwaway token. Its clock is frozen at start, so the
 * "last 7 days" window cannot move between what the extension loaded and what a test asks; a
 * test that wants time to pass gives `world: 'living'` and its own `clock`.
 * @param {{ seed?: number, taskCount?: number, scenario?: 'default' | 'html-injection', world?: 'static' | 'living', clock?: () => number }} [options]
 */
export async function startSample(options = {}) {
  const { startSampleServer } = await tsImport('../../src/sample/server.ts', import.meta.url);
  const now = Date.now();
  return startSampleServer({
    world: options.world ?? 'static',
    host: '127.0.0.1',
    token: `e2e-${randomBytes(16).toString('hex')}`,
    seed: options.seed ?? 1,
    taskCount: options.taskCount ?? 600,
    scenario: options.scenario ?? 'default',
    clock: options.clock ?? (() => now),
  });
}

/**
 * One page of the operation-logs API, asked the way the extension asks by default: the last
 * 7 days of the default enterprise project.
 * @param {{ url: string, projectId: string, token: string }} server
 * @param {{ status?: string, limit?: number, lastDays?: number }} query
 * @returns {Promise<{ total_num: number, data_list: Record<string, any>[] }>}
 */
export async function listTasks(server, { status, limit = 10, lastDays = 7 } = {}) {
  const params = new URLSearchParams({ offset: '0', limit: String(limit), last_days: String(lastDays) });
  if (status) params.set('status', status);
  const response = await fetch(
    `${server.url}/v5/${server.projectId}/ransomware/backup/operation-logs?${params}`,
    { headers: { 'X-Auth-Token': server.token } },
  );
  if (!response.ok)
    throw new Error(`the sample server answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * The groups the view should show: [label, count] for each status that has tasks, in view order.
 * @param {{ url: string, projectId: string, token: string }} server
 * @param {string[]} [statuses] only these statuses (a status filter)
 */
export async function expectedGroups(server, statuses) {
  const groups = [];
  for (const [status, label] of GROUPS) {
    if (statuses && !statuses.includes(status)) continue;
    const { total_num: count } = await listTasks(server, { status });
    if (count > 0) groups.push([label, count]);
  }
  return groups;
}
