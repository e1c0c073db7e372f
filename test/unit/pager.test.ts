import * as assert from 'node:assert/strict';
import type { PageRequest, PageResult } from '../../src/hss/client';
import { HssError } from '../../src/hss/errors';
import { fetchAllPages, type LoadProgress } from '../../src/hss/pager';
import type { SampleServer } from '../../src/sample/server';
import { assignIds } from '../../src/tasks/identity';
import { clientFor, withServer } from './helpers';

/**
 * What the sample server holds, as the identities a correct load must produce, in order: from the
 * stored tasks (ISO times are sent to the second), not through our own parser.
 */
function serverIds(server: SampleServer, filter: (t: SampleServer['tasks'][number]) => boolean = () => true) {
  return server.tasks.filter(filter).map((task) => {
    const started = task.timeFormat === 'iso' ? Math.floor(task.startedAt / 1000) * 1000 : task.startedAt;
    return `${task.hostId}|${task.backupName}|${started}`;
  });
}

/** Every enterprise project, so that the load covers all the server holds. */
const ALL = { enterpriseProjectId: 'all_granted_eps' } as const;

function loadedIds(items: Parameters<typeof assignIds>[0]) {
  return items.map((item) => `${item.hostId}|${item.backupName}|${item.startedAt}`);
}

describe('fetchAllPages', () => {
  let server: SampleServer;
  afterEach(async () => {
    await server.close();
  });

  it('reads every page of 1,000 tasks: exactly what the server holds, in order, duplicates kept', async () => {
    server = await withServer({ taskCount: 1000 });
    const { client } = clientFor(server);
    const result = await fetchAllPages(client, ALL, { pageSize: 200, concurrency: 4 });
    assert.deepEqual(loadedIds(result.items), serverIds(server));
    assert.equal(result.totalNum, 1000);
    // Pages overlap by one row: offsets 0, 199, 398, 597, 796 and 995.
    assert.equal(result.pages, 6);
    assert.equal(result.attempts, 1);
    assert.equal(result.problem, undefined);
    const ids = assignIds(result.items).map((task) => task.id);
    assert.equal(new Set(ids).size, ids.length, 'every row keeps its own id');
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    server = await withServer({ taskCount: 2000, faults: { latency: { ms: 30 } } });
    const { client } = clientFor(server);
    let inFlight = 0;
    let peak = 0;
    const counting = {
      async listOperationLogs(request: PageRequest, signal?: AbortSignal): Promise<PageResult> {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          return await client.listOperationLogs(request, signal);
        } finally {
          inFlight--;
        }
      },
    };
    const result = await fetchAllPages(counting, ALL, { pageSize: 100, concurrency: 3 });
    assert.equal(result.items.length, 2000);
    assert.equal(peak, 3);
  });

  it('shows the first page before the others arrive', async () => {
    server = await withServer({ taskCount: 600 });
    const { client } = clientFor(server);
    const progress: { shown: number; loaded: number; total: number }[] = [];
    // Rows are gathered when read: a listener reads them as it is called.
    const record = (p: LoadProgress) =>
      progress.push({ shown: p.items.length, loaded: p.loaded, total: p.total });
    await fetchAllPages(client, ALL, { pageSize: 200, onProgress: record });
    assert.deepEqual(progress[0], { shown: 200, loaded: 200, total: 600 });
    assert.deepEqual(progress.at(-1), { shown: 600, loaded: 600, total: 600 });
  });

  it('stitches the pages when tasks arrive while paging: nothing dropped, nothing doubled, no re-read', async () => {
    server = await withServer({ taskCount: 700, faults: { tasksArrive: { afterPages: 1, count: 7 } } });
    const { client } = clientFor(server);
    const result = await fetchAllPages(client, ALL, { pageSize: 200, concurrency: 4 });
    assert.equal(server.tasks.length, 707);
    assert.deepEqual(loadedIds(result.items), serverIds(server));
    assert.equal(result.attempts, 1);
    // Offsets 0, 199, 398, 597 for the still list, then the top again for the 7 arrivals.
    assert.equal(result.pages, 5);
    assert.equal(result.problem, undefined);
  });

  it('follows a total_num smaller than the truth until a short page', async () => {
    server = await withServer({ taskCount: 650, faults: { lieAboutTotal: { delta: -300 } } });
    const { client } = clientFor(server);
    const result = await fetchAllPages(client, ALL, { pageSize: 200 });
    assert.deepEqual(loadedIds(result.items), serverIds(server));
  });

  it('ends at the empty pages behind a total_num larger than the truth', async () => {
    server = await withServer({ taskCount: 400, faults: { lieAboutTotal: { delta: 500 } } });
    const { client } = clientFor(server);
    const result = await fetchAllPages(client, ALL, { pageSize: 200 });
    assert.deepEqual(loadedIds(result.items), serverIds(server));
  });

  it('never stitches around a page that stays empty: the rows in hand, and why the list is incomplete', async () => {
    server = await withServer({ taskCount: 800, faults: { emptyPage: { atRow: 200 } } });
    const { client } = clientFor(server);
    const result = await fetchAllPages(client, ALL, { pageSize: 200 });
    assert.match(
      result.problem ?? '',
      /a page came back empty although total_num was 800; 198 rows could not be read/,
    );
    // Every page that would bring rows 200..397 holds row 200 and comes back empty: the rows
    // around them are shown, in order, and nothing is stitched over the gap.
    const expected = serverIds(server);
    assert.deepEqual(loadedIds(result.items), [...expected.slice(0, 200), ...expected.slice(398)]);
    // Within the bound: twice the 5 requests of a still list, and 3 for the end.
    assert.ok(result.pages <= 13, `${result.pages} requests`);
  });

  it('recovers when the empty page was a passing glitch', async () => {
    server = await withServer({ taskCount: 800, faults: { emptyPage: { atRow: 200, times: 1 } } });
    const { client } = clientFor(server);
    const result = await fetchAllPages(client, ALL, { pageSize: 200 });
    assert.deepEqual(loadedIds(result.items), serverIds(server));
  });

  it('stops paging at the first credential failure (token expired mid-way)', async () => {
    server = await withServer({ taskCount: 2000, faults: { tokenExpiresAfter: 2 } });
    const { client } = clientFor(server);
    await assert.rejects(
      fetchAllPages(client, ALL, { pageSize: 100, concurrency: 2 }),
      (error: unknown) => error instanceof HssError && error.kind === 'credentials',
    );
    const rejected = server.requests.filter((r) => r.status === 401).length;
    assert.ok(rejected >= 1 && rejected <= 2, `at most one 401 per worker, saw ${rejected}`);
    assert.ok(server.requests.length <= 4);
  });

  it('applies the server-side filters to every page', async () => {
    server = await withServer({ taskCount: 1500 });
    const { client } = clientFor(server);
    const result = await fetchAllPages(client, { ...ALL, status: 'success' }, { pageSize: 100 });
    assert.deepEqual(
      loadedIds(result.items),
      serverIds(server, (t) => t.status === 'success'),
    );
    assert.ok(server.requests.every((r) => r.query.status === 'success'));
  });
});
