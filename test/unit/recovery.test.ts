/**
 * Recovering by itself: a load that failed for a passing reason, or came back incomplete, is read
 * again with a growing delay while polling is allowed; a credential error never is. The clock is
 * a manual one: timers run when the test says so.
 */
import * as assert from 'node:assert/strict';
import { TokenCredential } from '../../src/hss/credentials';
import type { SampleServer } from '../../src/sample/server';
import { Poller } from '../../src/tasks/poller';
import { type LoadScope, TaskStore } from '../../src/tasks/store';
import { clientFor, NOW, withServer } from './helpers';
import { ManualClock } from './manualClock';

const ALL = { enterpriseProjectId: 'all_granted_eps' } as const;

describe('recovering by itself', () => {
  let server: SampleServer;
  let store: TaskStore;
  let poller: Poller;
  let clock: ManualClock;

  async function start(options: Parameters<typeof withServer>[0], scope: Partial<LoadScope> = {}) {
    server = await withServer(options);
    clock = new ManualClock(NOW);
    store = new TaskStore(() => clock.now());
    store.setScope({
      key: 'k',
      source: clientFor(server).client,
      query: ALL,
      pageSize: 200,
      concurrency: 1,
      ...scope,
    });
    // Polling of active tasks off: only reloads are scheduled here.
    poller = new Poller(store, { intervalMs: 0, clock });
    poller.setAllowed(true);
  }
  afterEach(async () => {
    poller.dispose();
    store.dispose();
    await server.close();
  });

  it('a first load that failed (5xx) is read again after 3 s, and then shows the whole list', async () => {
    // Every attempt of the first request fails: 1 try and 2 retries of the client.
    await start({ taskCount: 450, faults: { serverError: { status: 503, times: 3 } } });
    await store.refresh();
    assert.equal(store.state.error?.kind, 'server');
    assert.equal(store.state.tasks.length, 0);
    assert.equal(store.recoversByItself, true);
    assert.deepEqual(clock.pending, [3000]);
    await clock.fireNext(poller);
    assert.equal(store.state.error, undefined);
    assert.equal(store.state.tasks.length, 450);
    assert.equal(store.state.loadedAt, NOW + 3000, 'dated when it loaded');
    assert.deepEqual(clock.pending, [], 'nothing more to do');
  });

  it('waits longer after each failure: 3, 6, 12, 24, 48 s, then a minute at most', async () => {
    await start({ taskCount: 100, faults: { serverError: { status: 502 } } });
    await store.refresh();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      delays.push(...clock.pending);
      await clock.fireNext(poller);
    }
    assert.deepEqual(delays, [3000, 6000, 12_000, 24_000, 48_000, 60_000, 60_000]);
    // 3 attempts (1 + 2 client retries) for the first load and each of the 7 reloads.
    assert.equal(server.requests.length, 24);
    server.setFaults({});
    await clock.fireNext(poller);
    assert.equal(store.state.tasks.length, 100);
    assert.deepEqual(clock.pending, []);
    // The next failure starts again from 3 s.
    server.setFaults({ serverError: { status: 502 } });
    await store.refresh();
    assert.deepEqual(clock.pending, [3000]);
  });

  it('never reads again by itself after a credential error (IAM locks an AK after 5 failures)', async () => {
    await start({ taskCount: 100 }, {});
    store.setScope({
      key: 'bad',
      source: clientFor(server, { credential: new TokenCredential('not-the-token') }).client,
      query: ALL,
      pageSize: 200,
      concurrency: 1,
    });
    await store.refresh();
    assert.equal(store.state.error?.kind, 'credentials');
    assert.equal(store.recoversByItself, false);
    assert.deepEqual(clock.pending, []);
    assert.equal(server.requests.length, 1);
  });

  it('waits while polling is not allowed (view hidden, window unfocused), and goes on when it is', async () => {
    await start({ taskCount: 100, faults: { serverError: { status: 503, times: 3 } } });
    poller.setAllowed(false);
    await store.refresh();
    assert.deepEqual(clock.pending, []);
    poller.setAllowed(true);
    assert.deepEqual(clock.pending, [3000]);
    await clock.fireNext(poller);
    assert.equal(store.state.tasks.length, 100);
  });

  it('a reload by hand in the meantime replaces the one planned', async () => {
    await start({ taskCount: 100, faults: { serverError: { status: 503, times: 3 } } });
    await store.refresh();
    assert.deepEqual(clock.pending, [3000]);
    await store.refresh();
    assert.equal(store.state.tasks.length, 100);
    assert.deepEqual(clock.pending, []);
  });

  it('a list that came back incomplete is shown, marked, and read again until it is whole', async () => {
    await start({ taskCount: 800, faults: { emptyPage: { atRow: 300 } } });
    await store.refresh();
    assert.equal(store.state.error, undefined);
    assert.match(store.state.incomplete ?? '', /^a page came back empty although total_num was 800/);
    assert.ok(store.state.tasks.length > 400 && store.state.tasks.length < 800);
    assert.deepEqual(clock.pending, [3000]);
    server.setFaults({});
    await clock.fireNext(poller);
    assert.equal(store.state.incomplete, undefined);
    assert.equal(store.state.tasks.length, 800);
    assert.deepEqual(clock.pending, []);
  });

  it('a first load that fails part-way keeps the rows in hand, marked incomplete, with the error', async () => {
    // The token stops working after two pages.
    await start({ taskCount: 1000, faults: { tokenExpiresAfter: 2 } });
    await store.refresh();
    assert.equal(store.state.error?.kind, 'credentials');
    // The first page was shown as it arrived (later pages wait 300 ms of the store's clock).
    assert.equal(store.state.tasks.length, 200);
    assert.equal(store.state.incomplete, 'only 200 of 1000 tasks could be read');
    assert.equal(store.state.loadedAt, undefined, 'never loaded whole');
    assert.deepEqual(clock.pending, [], 'a credential error: no reload by itself');
  });
});
