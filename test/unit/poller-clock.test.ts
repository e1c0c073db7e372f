/** The Poller's schedule on a manual clock, over a store of an in-memory list (no HTTP, no waiting). */
import * as assert from 'node:assert/strict';
import type { PageRequest, PageResult } from '../../src/hss/client';
import { HssError } from '../../src/hss/errors';
import type { OperationLog, TaskStatus } from '../../src/hss/model';
import { MAX_RETRY_DELAY_MS, Poller, RETRY_DELAY_MS, SYSTEM_CLOCK } from '../../src/tasks/poller';
import { type PollOutcome, TaskStore } from '../../src/tasks/store';
import { ManualClock } from './manualClock';

const T0 = Date.UTC(2026, 10, 27, 12);

function row(host: string, status: TaskStatus): OperationLog {
  return { hostId: host, backupName: 'b', startedAt: T0, status, progress: status === 'running' ? 10 : 100 };
}

class MemorySource {
  rows: OperationLog[] = [];
  fail?: HssError;
  requests = 0;
  async listOperationLogs(request: PageRequest): Promise<PageResult> {
    this.requests++;
    if (this.fail) throw this.fail;
    const rows = this.rows.filter((r) => !request.status || r.status === request.status);
    return { totalNum: rows.length, items: rows.slice(request.offset, request.offset + request.limit) };
  }
}

async function setup(rows: OperationLog[], options: { intervalMs?: number; maxIntervalMs?: number } = {}) {
  const clock = new ManualClock(T0);
  const source = new MemorySource();
  source.rows = rows;
  const store = new TaskStore(() => clock.now());
  store.setScope({ key: 'k', source, query: {}, pageSize: 10, concurrency: 1 });
  await store.refresh();
  const poller = new Poller(store, {
    intervalMs: options.intervalMs ?? 15_000,
    maxIntervalMs: options.maxIntervalMs,
    clock,
  });
  const outcomes: PollOutcome[] = [];
  poller.onDidPoll((outcome) => outcomes.push(outcome));
  return { clock, source, store, poller, outcomes };
}

describe('Poller schedule', () => {
  it('schedules a poll only once allowed, with active tasks, and cancels it when not allowed', async () => {
    const { clock, poller } = await setup([row('a', 'running')]);
    assert.deepEqual(clock.pending, []);
    assert.equal(poller.scheduled, false);
    poller.setAllowed(true);
    assert.deepEqual(clock.pending, [15_000]);
    assert.equal(poller.scheduled, true);
    assert.equal(poller.retryScheduled, false);
    poller.setAllowed(true);
    assert.deepEqual(clock.pending, [15_000], 'allowed twice: one timer');
    poller.setAllowed(false);
    assert.deepEqual(clock.pending, []);
    assert.equal(poller.scheduled, false);
  });

  it('does not schedule without active tasks or with the interval off', async () => {
    const idle = await setup([row('a', 'success')]);
    idle.poller.setAllowed(true);
    assert.deepEqual(idle.clock.pending, []);
    const off = await setup([row('a', 'running')], { intervalMs: 0 });
    off.poller.setAllowed(true);
    assert.deepEqual(off.clock.pending, []);
  });

  it('polls on the timer, then schedules the next poll', async () => {
    const { clock, poller, source, outcomes } = await setup([row('a', 'running')]);
    poller.setAllowed(true);
    await clock.fireNext(poller);
    assert.deepEqual(outcomes, ['updated']);
    assert.equal(source.requests, 3, 'the load, then running and waiting');
    assert.deepEqual(clock.pending, [15_000]);
  });

  it('stops when the tasks settle', async () => {
    const { clock, poller, source, outcomes } = await setup([row('a', 'running')]);
    poller.setAllowed(true);
    source.rows = [row('a', 'success')];
    await clock.fireNext(poller);
    assert.deepEqual(outcomes, ['reloaded']);
    assert.deepEqual(clock.pending, []);
  });

  it('doubles the delay after each failed poll up to the ceiling, and resets after a success', async () => {
    const { clock, poller, source, outcomes } = await setup([row('a', 'running')], {
      intervalMs: 10_000,
      maxIntervalMs: 35_000,
    });
    poller.setAllowed(true);
    source.fail = new HssError('server', 'x');
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      await clock.fireNext(poller);
      delays.push(...clock.pending);
    }
    assert.deepEqual(delays, [20_000, 35_000, 35_000, 35_000]);
    assert.equal(poller.nextDelayMs, 35_000);
    source.fail = undefined;
    await clock.fireNext(poller);
    assert.deepEqual(clock.pending, [10_000]);
    assert.deepEqual(outcomes, ['failed', 'failed', 'failed', 'failed', 'updated']);
  });

  it('caps the backoff at five minutes by default', async () => {
    const { clock, poller, source } = await setup([row('a', 'running')], { intervalMs: 100_000 });
    poller.setAllowed(true);
    source.fail = new HssError('server', 'x');
    await clock.fireNext(poller);
    await clock.fireNext(poller);
    assert.deepEqual(clock.pending, [300_000]);
  });

  it('takes a new interval at once, and ignores the same one', async () => {
    const { clock, poller } = await setup([row('a', 'running')]);
    poller.setAllowed(true);
    poller.setInterval(15_000);
    assert.deepEqual(clock.pending, [15_000]);
    clock.time += 5000;
    poller.setInterval(15_000);
    assert.deepEqual(clock.pending, [10_000], 'the same interval keeps the timer');
    poller.setInterval(30_000);
    assert.deepEqual(clock.pending, [30_000]);
    poller.setInterval(0);
    assert.deepEqual(clock.pending, []);
  });

  it('tells the outcome of each poll, and nothing after dispose', async () => {
    const { poller, outcomes, source } = await setup([row('a', 'running')]);
    await poller.poll();
    source.rows = [row('a', 'success')];
    await poller.poll();
    assert.deepEqual(outcomes, ['updated', 'reloaded']);
    poller.dispose();
    await poller.poll();
    assert.equal(outcomes.length, 2);
  });

  it('stops on dispose', async () => {
    const { clock, poller, store } = await setup([row('a', 'running')]);
    poller.setAllowed(true);
    poller.dispose();
    assert.deepEqual(clock.pending, []);
    await store.refresh();
    assert.deepEqual(clock.pending, [], 'no longer listens to the store');
  });
});

describe('Poller recovery', () => {
  it('reads a failed list again after 3, 6, 12, 24, 48 s, then a minute, and resets after a success', async () => {
    const { clock, poller, source, store } = await setup([row('a', 'success')]);
    source.fail = new HssError('server', 'x');
    await store.refresh();
    poller.setAllowed(true);
    assert.equal(poller.retryScheduled, true);
    const delays: number[] = [...clock.pending];
    for (let i = 0; i < 6; i++) {
      await clock.fireNext(poller);
      delays.push(...clock.pending);
    }
    assert.deepEqual(delays, [3000, 6000, 12_000, 24_000, 48_000, 60_000, 60_000]);
    source.fail = undefined;
    await clock.fireNext(poller);
    assert.equal(store.state.error, undefined);
    assert.deepEqual(clock.pending, []);
    assert.equal(poller.nextRetryDelayMs, 3000);
  });

  it('exports its default delays', () => {
    assert.equal(RETRY_DELAY_MS, 3000);
    assert.equal(MAX_RETRY_DELAY_MS, 60_000);
  });

  it('drops the planned reload when another load mends the list', async () => {
    const { clock, poller, source, store } = await setup([row('a', 'success')]);
    source.fail = new HssError('server', 'x');
    await store.refresh();
    poller.setAllowed(true);
    assert.deepEqual(clock.pending, [3000]);
    source.fail = undefined;
    await store.refresh();
    assert.deepEqual(clock.pending, []);
    assert.equal(poller.retryScheduled, false);
  });
});

describe('SYSTEM_CLOCK', () => {
  it('runs and clears real timers', async () => {
    assert.ok(Math.abs(SYSTEM_CLOCK.now() - Date.now()) < 1000);
    let ran = false;
    const cleared = SYSTEM_CLOCK.setTimeout(() => {
      ran = true;
    }, 0);
    SYSTEM_CLOCK.clearTimeout(cleared);
    await new Promise<void>((resolve) => SYSTEM_CLOCK.setTimeout(resolve, 0));
    assert.equal(ran, false);
  });
});
