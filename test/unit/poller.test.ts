import * as assert from 'node:assert/strict';
import type { SampleServer } from '../../src/sample/server';
import { Poller } from '../../src/tasks/poller';
import { ProgressRates } from '../../src/tasks/progressRate';
import { type PollOutcome, type StoreChange, TaskStore } from '../../src/tasks/store';
import { clientFor, NOW, withServer } from './helpers';
import { ManualClock } from './manualClock';

/** Every outcome the poller reports, in order (its public event). */
function recordPolls(poller: Poller): PollOutcome[] {
  const outcomes: PollOutcome[] = [];
  poller.onDidPoll((outcome) => outcomes.push(outcome));
  return outcomes;
}

/** A clock whose timers run only when the test says so. */

describe('Poller and pollActive', () => {
  let server: SampleServer;
  let store: TaskStore;
  let clock: ManualClock;

  beforeEach(async () => {
    server = await withServer({ taskCount: 10_000 });
    clock = new ManualClock(NOW);
    store = new TaskStore(() => clock.now());
    store.setScope({
      key: 'k',
      source: clientFor(server).client,
      query: { enterpriseProjectId: 'all_granted_eps' },
      pageSize: 200,
      concurrency: 4,
    });
    await store.refresh();
  });
  afterEach(async () => {
    store.dispose();
    await server.close();
  });

  it('costs at most 2 requests per poll with a few running tasks among 10,000, and updates in place', async () => {
    // Three running tasks among 10,000, as in the issue.
    const running = server.tasks.filter((t) => t.status === 'running');
    for (const task of running.slice(3))
      Object.assign(task, { status: 'success', process: 100, endedAt: NOW });
    running.length = 3;
    await store.refresh();
    for (const task of running) task.process = Math.min(99, task.process + 1);
    const changes: StoreChange[] = [];
    store.onDidChangeTasks((change) => changes.push(change));
    server.requests.length = 0;

    assert.equal(await store.pollActive(), 'updated');
    assert.ok(server.requests.length <= 2, `${server.requests.length} requests`);
    assert.deepEqual(new Set(server.requests.map((r) => r.query.status)), new Set(['running', 'waiting']));
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.source, 'poll');
    assert.equal(changes[0]?.changed.length, running.length);
    assert.equal(changes[0]?.added.length, 0);
  });

  it('runs one full load when a task finished or a new one started', async () => {
    const task = server.tasks.find((t) => t.status === 'running');
    assert.ok(task);
    task.status = 'failed';
    task.endedAt = NOW;
    task.errorInfo = { code: 'HSS.1117', message: 'Backup vault capacity is insufficient.' };
    const changes: StoreChange[] = [];
    store.onDidChangeTasks((change) => changes.push(change));
    assert.equal(await store.pollActive(), 'reloaded');
    const after = store.state.tasks.filter((t) => t.status === 'failed');
    assert.equal(after.length, server.tasks.filter((t) => t.status === 'failed').length);
    assert.equal(changes.at(-1)?.source, 'refresh');
    assert.ok(
      changes.at(-1)?.changed.some((c) => c.before.status === 'running' && c.after.status === 'failed'),
    );
  });

  it('polls on the interval only while allowed and while tasks are active', async () => {
    const poller = new Poller(store, { intervalMs: 15_000, clock });
    const outcomes = recordPolls(poller);
    assert.deepEqual(clock.pending, []);
    poller.setAllowed(true);
    assert.deepEqual(clock.pending, [15_000]);
    await clock.fireNext(poller);
    assert.deepEqual(outcomes, ['updated']);
    assert.deepEqual(clock.pending, [15_000]);
    poller.setAllowed(false);
    assert.deepEqual(clock.pending, []);
    poller.setInterval(0);
    poller.setAllowed(true);
    assert.deepEqual(clock.pending, [], 'an interval of 0 is off');
    poller.dispose();
  });

  it('stops when nothing is running or waiting', async () => {
    for (const task of server.tasks) {
      if (task.status === 'running' || task.status === 'waiting') {
        task.status = 'success';
        task.process = 100;
        task.endedAt = NOW;
      }
    }
    const poller = new Poller(store, { intervalMs: 15_000, clock });
    const outcomes = recordPolls(poller);
    poller.setAllowed(true);
    await clock.fireNext(poller);
    assert.deepEqual(outcomes, ['reloaded']);
    assert.equal(store.hasActiveTasks, false);
    assert.deepEqual(clock.pending, []);
    poller.dispose();
  });

  it('backs off on errors (doubling, capped) and resumes the interval after a success', async () => {
    const poller = new Poller(store, { intervalMs: 10_000, maxIntervalMs: 35_000, clock });
    const outcomes = recordPolls(poller);
    poller.setAllowed(true);
    server.setFaults({ serverError: { status: 500 } });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      delays.push(clock.pending[0] ?? -1);
      await clock.fireNext(poller);
    }
    assert.deepEqual(delays, [10_000, 20_000, 35_000, 35_000]);
    assert.deepEqual(outcomes, ['failed', 'failed', 'failed', 'failed']);
    assert.equal(store.state.error?.kind, 'server', 'the list is kept and marked stale');
    assert.ok(store.state.tasks.length > 0);
    server.setFaults({});
    await clock.fireNext(poller);
    assert.equal(outcomes.at(-1), 'updated');
    assert.equal(store.state.error, undefined);
    assert.deepEqual(clock.pending, [10_000]);
    poller.dispose();
  });
});

describe('ProgressRates', () => {
  const task = (progress: number) => ({ id: 't', status: 'running' as const, progress });

  it('estimates time left from two readings, and not from one', () => {
    const rates = new ProgressRates();
    rates.record([task(50)], 0);
    assert.equal(rates.remainingMs('t'), undefined);
    rates.record([task(60)], 60_000);
    assert.equal(rates.remainingMs('t'), 4 * 60_000);
  });

  it('starts again when progress goes backwards, and forgets finished tasks', () => {
    const rates = new ProgressRates();
    rates.record([task(50)], 0);
    rates.record([task(60)], 60_000);
    rates.record([task(10)], 120_000);
    assert.equal(rates.remainingMs('t'), undefined);
    rates.record([], 180_000);
    assert.equal(rates.remainingMs('t'), undefined);
  });
});
