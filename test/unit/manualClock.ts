/** A clock whose timers run only when a test says so (for the Poller and the store). */
import * as assert from 'node:assert/strict';
import type { Clock, Poller } from '../../src/tasks/poller';

export class ManualClock implements Clock {
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;

  constructor(public time: number) {}

  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }
  /** Delays of the timers set, from now. */
  get pending(): number[] {
    return this.timers.map((timer) => timer.at - this.time);
  }
  /** Moves time to the next timer and runs it, without waiting for what it started. */
  runNext(): void {
    const next = [...this.timers].sort((a, b) => a.at - b.at)[0];
    assert.ok(next, 'a timer is scheduled');
    this.timers = this.timers.filter((timer) => timer !== next);
    this.time = next.at;
    next.callback();
  }
  /** Moves time to the next timer and runs it, then waits for the poll or reload it started. */
  async fireNext(poller: Poller): Promise<void> {
    this.runNext();
    await poller.idle();
    // A reload's refresh settles a tick after the timer's promise.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
