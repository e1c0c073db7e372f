/**
 * Auto-refresh while tasks are pending: polls only the active tasks on an interval, only while
 * allowed (view visible or status bar shown, window focused), backs off on errors, and stops by
 * itself when nothing is running or waiting. The clock is injected so tests need not wait.
 */
import type { Disposable } from './events';
import type { PollOutcome, TaskStore } from './store';

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface PollerOptions {
  /** 0 turns polling off. */
  readonly intervalMs: number;
  /** Ceiling of the backoff after errors. */
  readonly maxIntervalMs?: number;
  readonly clock?: Clock;
}

export class Poller implements Disposable {
  private intervalMs: number;
  private readonly maxIntervalMs: number;
  private readonly clock: Clock;
  private allowed = false;
  private failures = 0;
  private timer: unknown;
  private polling?: Promise<PollOutcome>;
  private readonly subscription: Disposable;
  /** What each poll did, newest last (read by tests and the log). */
  readonly outcomes: PollOutcome[] = [];

  constructor(
    private readonly store: TaskStore,
    options: PollerOptions,
  ) {
    this.intervalMs = options.intervalMs;
    this.maxIntervalMs = options.maxIntervalMs ?? 5 * 60_000;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    // A load that brings active tasks (or ends them) starts or stops the schedule.
    this.subscription = store.onDidChangeState(() => this.schedule());
  }

  /** The delay before the next poll: the interval, doubled per consecutive failure, capped. */
  get nextDelayMs(): number {
    return Math.min(this.maxIntervalMs, this.intervalMs * 2 ** this.failures);
  }

  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  setInterval(ms: number): void {
    if (ms === this.intervalMs) return;
    this.intervalMs = ms;
    this.cancel();
    this.schedule();
  }

  setAllowed(allowed: boolean): void {
    if (allowed === this.allowed) return;
    this.allowed = allowed;
    if (allowed) this.schedule();
    else this.cancel();
  }

  /** Settles when the poll under way (if any) has finished. */
  async idle(): Promise<void> {
    await this.polling;
  }

  /** One poll now (the timer calls this). */
  async poll(): Promise<PollOutcome> {
    this.cancel();
    const polling = this.store.pollActive();
    this.polling = polling;
    let outcome: PollOutcome;
    try {
      outcome = await polling;
    } catch {
      outcome = 'failed';
    } finally {
      this.polling = undefined;
    }
    this.failures = outcome === 'failed' ? this.failures + 1 : outcome === 'skipped' ? this.failures : 0;
    this.outcomes.push(outcome);
    if (this.outcomes.length > 50) this.outcomes.shift();
    this.schedule();
    return outcome;
  }

  dispose(): void {
    this.cancel();
    this.subscription.dispose();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.polling) return;
    if (!this.allowed || this.intervalMs <= 0 || !this.store.hasActiveTasks) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.poll();
    }, this.nextDelayMs);
  }

  private cancel(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
