/**
 * The complete list against servers unlike our own: page caps below `limit`, and a list that moves
 * while it is read (new tasks at the top). Expected lists come from the server's own store (its
 * identities, in its order), never through the client's parser; request counts are worked out by
 * hand from the page size in effect and the one-row overlap between pages.
 */
import * as assert from 'node:assert/strict';
import { fetchAllPages } from '../../src/hss/pager';
import type { SampleServer } from '../../src/sample/server';
import { clientFor, NOW, withServer } from './helpers';

const ALL = { enterpriseProjectId: 'all_granted_eps' } as const;
const oracle = (server: SampleServer) =>
  server.tasks.map((task) => `${task.hostId}|${task.backupName}|${task.startedAt}`);
const loaded = (items: readonly { hostId?: string; backupName?: string; startedAt?: number }[]) =>
  items.map((item) => `${item.hostId}|${item.backupName}|${item.startedAt}`);

describe('complete list: a server that serves fewer rows than limit asks', () => {
  let server: SampleServer;
  afterEach(async () => server.close());

  // The first page shows the cap, then pages start `cap - 1` rows apart (a cap under 10 has no
  // overlap): 1 + ceil((tasks - cap) / step) requests. A cap of 1 reads a shorter list, a row a request.
  const CASES = [
    { cap: 1, tasks: 150, requests: 150 },
    { cap: 37, tasks: 1237, requests: 35 },
    { cap: 100, tasks: 1237, requests: 13 },
    { cap: 137, tasks: 1237, requests: 10 },
    { cap: 199, tasks: 1237, requests: 7 },
  ];
  for (const { cap, tasks, requests } of CASES) {
    for (const concurrency of [1, 4]) {
      it(`cap ${cap}, concurrency ${concurrency}: all ${tasks} rows in order, twins kept, ${requests} requests`, async () => {
        server = await withServer({ taskCount: tasks, pageCap: cap });
        const { client } = clientFor(server);
        const result = await fetchAllPages(client, ALL, { pageSize: 200, concurrency });
        assert.deepEqual(loaded(result.items), oracle(server));
        assert.equal(result.items.length, tasks);
        assert.equal(result.pageSize, cap);
        assert.equal(result.pages, requests);
        assert.equal(server.requests.length, requests);
        assert.equal(result.problem, undefined);
        // Every request asked for 200 rows: the cap is the server's, not ours.
        assert.ok(server.requests.every((request) => request.query.limit === '200'));
      });
    }
  }
});

describe('complete list: tasks arrive at the top while it is read', () => {
  let server: SampleServer;
  afterEach(async () => server.close());

  // The still list needs 7 requests for 1,237 rows and 51 for 10,000 (pages 199 rows apart).
  const STILL = { 1237: 7, 10000: 51 } as const;
  // 300 ms per request is played ten times faster: 30 ms of real latency under a clock that runs
  // ten times as fast, so arrivals per request are those of the real thing.
  for (const perSecond of [5, 20]) {
    for (const latencyMs of [0, 300]) {
      for (const tasks of [1237, 10000] as const) {
        it(`${perSecond}/s, ${latencyMs} ms a request, ${tasks} tasks: exactly the server's list at the end, within twice the requests`, async () => {
          const speed = latencyMs > 0 ? 10 : 1;
          const started = performance.now();
          server = await withServer({
            taskCount: tasks,
            arrivalsPerSecond: perSecond,
            clock: () => NOW + (performance.now() - started) * speed,
            faults: latencyMs > 0 ? { latency: { ms: latencyMs / speed } } : {},
          });
          const { client } = clientFor(server);
          const result = await fetchAllPages(client, ALL, { pageSize: 200, concurrency: 4 });
          assert.equal(result.problem, undefined);
          const arrived = server.tasks.length - tasks;
          assert.deepEqual(loaded(result.items), oracle(server), `${arrived} arrived`);
          assert.ok(
            result.pages <= 2 * STILL[tasks],
            `${result.pages} requests for ${arrived} arrivals; a still list takes ${STILL[tasks]}`,
          );
        });
      }
    }
  }

  it('a list that moves below its top (a row leaves) is read again, and comes back whole', async () => {
    server = await withServer({ taskCount: 1237 });
    let served = 0;
    server.onRequest = (request, s) => {
      // After the third page, the oldest task leaves the list: every place above it moves.
      if (request.route === 'operation-logs' && ++served === 3) s.tasks.pop();
    };
    const { client } = clientFor(server);
    const result = await fetchAllPages(client, ALL, { pageSize: 200, concurrency: 1 });
    assert.equal(result.problem, undefined);
    assert.equal(result.attempts, 2);
    assert.deepEqual(loaded(result.items), oracle(server));
    assert.equal(result.items.length, 1236);
  });

  it('a list that keeps moving below its top gives the rows in hand and says so', async () => {
    server = await withServer({ taskCount: 1237 });
    server.onRequest = (request, s) => {
      if (request.route === 'operation-logs' && request.sequence % 2 === 0) s.tasks.pop();
    };
    const { client } = clientFor(server);
    const result = await fetchAllPages(client, ALL, { pageSize: 200, concurrency: 1 });
    assert.match(
      result.problem ?? '',
      /^the list changed while it was read \(\d+ rows moved other than at the top\)$/,
    );
    assert.ok(result.items.length > 1000, `${result.items.length} rows in hand`);
    assert.ok(result.pages <= 2 * 7 + 3, `${result.pages} requests`);
  });
});
