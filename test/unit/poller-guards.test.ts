/**
 * The Poller's guards on a manual clock: what it does before it is first allowed, when told the same
 * thing twice, when the store changes under a planned poll, and what `idle()` waits for.
 */
import * as assert from 'node:assert/strict';
import type { PageRequest, PageResult } from '../../src/hss/client';
import { HssError } from '../../src/hss/errors';
import type { OperationLog, TaskStatus } from '../../src/hss/model';
import { Poller } from '../../src/tasks/poller';
import { type PollOutcome, TaskStore } from '../../src/tasks/store';
import { ManualClock } from './manualClock';

const T0 = Date.UTC(2026, 10, 27, 12);

function row(host: string, status: TaskStatus): OperationLog {
  return { hostId: host, backupName: 'b', startedAt: T0, status, progress: status === 'running' ? 10 : 100 };
}

/** An in-memory list; `hold` keeps every answer back until the test releases it. */
class HeldSource {
  rows: OperationLog[] = [];
  fail?: HssError;
  requests = 0;
  private gate?: { promise: Promise<void>; release: () => void };

  hold(): void {
    let release = () => {};
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.gate = { promise, release };
  }

  release(): void {
    this.gate?.release();
    this.gate = undefined;
  }

  async listOperationLogs(request: PageRequest): Promise<PageResult> {
    this.requests++;
    if (this.gate) await this.gate.promise;
    if (this.fail) throw this.fail;
    const rows = this.rows.filter((r) => !request.status || r.status === request.status);
    return { totalNum: rows.length, items: rows.slice(request.offset, request.offset + request.limit) };
  }
}

function build(rows: OperationLog[]) {
  const clock = new ManualClock(T0);
  const source = new HeldSource();
  source.rows = rows;
  const store = new TaskStore(() => clock.now());
  store.setScope({ key: 'k', source, query: {}, pageSize: 10, concurrency: 1 });
  const poller = new Poller(store, { intervalMs: 10_000, clock });
  const outcomes: PollOutcome[] = [];
  poller.onDidPoll((outcome) => outcomes.push(outcome));
  return { clock, source, store, poller, outcomes };
}

const ticks = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('Poller guards', () => {
  it('plans nothing before it is first allowed, neither a poll nor a reload', async () => {
    const active = build([row('a', 'running')]);
    await active.store.refresh();
    assert.equal(active.store.hasActiveTasks, true);
    assert.deepEqual(active.clock.pending, []);

    const failing = build([row('a', 'success')]);
    failing.source.fail = new HssError('server', 'x');
    await failing.store.refresh();
    assert.equal(failing.store.recoversByItself, true);
    assert.deepEqual(failing.clock.pending, []);
  });

  it('keeps the planned poll when told the same thing twice: its delay runs on', async () => {
    const { clock, store, poller } = build([row('a', 'running')]);
    await store.refresh();
    poller.setAllowed(true);
    clock.time += 4000;
    poller.setAllowed(true);
    poller.setAllowed(true, true);
    assert.deepEqual(clock.pending, [6000]);
  });

  it('drops the planned poll when polls are no longer allowed but reloads still are', async () => {
    const { clock, store, poller } = build([row('a', 'running')]);
    await store.refresh();
    poller.setAllowed(true);
    assert.deepEqual(clock.pending, [10_000]);
    poller.setAllowed(false, true);
    assert.deepEqual(clock.pending, []);
  });

  it('drops the planned reload when reloads are no longer allowed', async () => {
    const { clock, source, store, poller } = build([row('a', 'success')]);
    source.fail = new HssError('server', 'x');
    await store.refresh();
    poller.setAllowed(true);
    assert.deepEqual(clock.pending, [3000]);
    poller.setAllowed(true, false);
    assert.deepEqual(clock.pending, []);
  });

  it('keeps one planned poll, its delay running on, when the store changes under it', async () => {
    const { clock, store, poller } = build([row('a', 'running')]);
    await store.refresh();
    poller.setAllowed(true);
    clock.time += 4000;
    await store.refresh();
    assert.deepEqual(clock.pending, [6000]);
  });

  it('keeps the backoff of a failed poll over a skipped one', async () => {
    const { clock, source, store, poller, outcomes } = build([row('a', 'running')]);
    await store.refresh();
    poller.setAllowed(true);
    source.fail = new HssError('server', 'x');
    await clock.fireNext(poller);
    assert.equal(outcomes.at(-1), 'failed');
    assert.equal(poller.nextDelayMs, 20_000);
    // A poll while a load is under way is skipped: it says nothing about the server.
    source.fail = undefined;
    source.hold();
    const loading = store.refresh();
    assert.equal(await poller.poll(), 'skipped');
    assert.equal(poller.nextDelayMs, 20_000);
    source.release();
    await loading;
  });

  it('counts a poll whose change a listener could not take as failed, and backs off', async () => {
    const { clock, source, store, poller, outcomes } = build([row('a', 'running')]);
    await store.refresh();
    poller.setAllowed(true);
    source.rows = [{ ...row('a', 'running'), progress: 60 }];
    store.onDidChangeTasks((change) => {
      if (change.source === 'poll') throw new Error('the listener broke');
    });
    assert.equal(await poller.poll(), 'failed');
    assert.deepEqual(outcomes, ['failed']);
    assert.equal(poller.nextDelayMs, 20_000);
    assert.deepEqual(clock.pending, [20_000]);
  });

  it('is idle only once the poll under way has finished', async () => {
    const { clock, source, store, poller } = build([row('a', 'running')]);
    await store.refresh();
    poller.setAllowed(true);
    source.hold();
    const polled = poller.poll();
    let idle = false;
    void poller.idle().then(() => {
      idle = true;
    });
    await ticks();
    assert.equal(idle, false);
    source.release();
    assert.equal(await polled, 'updated');
    await ticks();
    assert.equal(idle, true);
    assert.deepEqual(clock.pending, [10_000]);
  });

  it('is idle only once the reload under way has finished', async () => {
    const { clock, source, store, poller } = build([row('a', 'success')]);
    source.fail = new HssError('server', 'x');
    await store.refresh();
    poller.setAllowed(true);
    source.hold();
    assert.deepEqual(clock.pending, [3000]);
    clock.runNext();
    let idle = false;
    void poller.idle().then(() => {
      idle = true;
    });
    await ticks();
    assert.equal(idle, false);
    source.release();
    await poller.idle();
    await ticks();
    assert.equal(idle, true);
    assert.deepEqual(clock.pending, [6000], 'the next reload, as the list still fails');
  });
});
