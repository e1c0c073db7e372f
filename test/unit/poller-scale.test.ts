import * as assert from 'node:assert/strict';
import type { SampleServer } from '../../src/sample/server';
import { Poller } from '../../src/tasks/poller';
import { TaskStore } from '../../src/tasks/store';
import { clientFor, NOW, withServer } from './helpers';

/** A clock whose timers never fire by themselves: the test polls by hand. */
const STILL_CLOCK = { now: () => NOW, setTimeout: () => 0, clearTimeout: () => undefined };

describe('Polling at scale', () => {
  let server: SampleServer;
  let store: TaskStore;
  afterEach(async () => {
    store.dispose();
    await server.close();
  });

  async function loaded(active: number, total: number): Promise<void> {
    server = await withServer({ taskCount: total });
    // Exactly `active` running tasks, the rest finished.
    let made = 0;
    for (const task of server.tasks) {
      if (made < active) {
        Object.assign(task, { status: 'running', process: 10 });
        made++;
      } else if (task.status === 'running' || task.status === 'waiting') {
        Object.assign(task, { status: 'success', process: 100, endedAt: NOW });
      }
    }
    store = new TaskStore(() => NOW);
    store.setScope({
      key: 'k',
      source: clientFor(server).client,
      query: { enterpriseProjectId: 'all_granted_eps' },
      pageSize: 200,
      concurrency: 4,
    });
    await store.refresh();
  }

  for (const [active, total, requests] of [
    [3, 5_000, 2],
    [3, 20_000, 2],
    // 1,000 running: offsets 0, 199, 398, 597, 796 and 995; one empty page for waiting.
    [1_000, 5_000, 7],
    [1_000, 20_000, 7],
  ] as const) {
    it(`asks for the ${active} active tasks among ${total} in ${requests} requests, whatever the total`, async () => {
      await loaded(active, total);
      for (const task of server.tasks.filter((t) => t.status === 'running')) task.process = 11;
      server.requests.length = 0;
      assert.equal(await store.pollActive(), 'updated');
      assert.equal(server.requests.length, requests);
      assert.ok(server.requests.every((r) => r.query.status === 'running' || r.query.status === 'waiting'));
      assert.equal(
        store.state.tasks.filter((t) => t.status === 'running' && t.progress === 11).length,
        active,
      );
    });
  }

  it('runs one poll at a time: a poll asked for while one runs is skipped, with no request', async () => {
    await loaded(3, 2_000);
    server.setFaults({ latency: { ms: 30 } });
    const poller = new Poller(store, { intervalMs: 15_000, clock: STILL_CLOCK });
    server.requests.length = 0;
    const first = poller.poll();
    const second = poller.poll();
    const third = store.pollActive();
    assert.deepEqual(await Promise.all([first, second, third]), ['updated', 'skipped', 'skipped']);
    assert.equal(server.requests.length, 2, 'running and waiting, once');
    poller.dispose();
  });
});
