/**
 * Auto-refresh while tasks are pending: polls only the active tasks on an interval, only while
 * allowed (view visible or status bar shown, window focused), backs off on errors, and stops by
 * itself when nothing is running or waiting. The clock is injected so tests need not wait.
 */
import { type Disposable, Emitter } from './events';
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
  /**
   * Reloads after a load that failed for a passing reason, or came back incomplete: the first
   * delay, doubled per consecutive try, up to the ceiling. They run while polling is allowed, even
   * with polling off: a view that shows an error should mend itself.
   */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  readonly clock?: Clock;
}

/** A few seconds, growing, capped at a minute. */
export const RETRY_DELAY_MS = 3000;
export const MAX_RETRY_DELAY_MS = 60_000;

export class Poller implements Disposable {
  private intervalMs: number;
  private readonly maxIntervalMs: number;
  private readonly clock: Clock;
  private allowed = false;
  private retryAllowed = false;
  private failures = 0;
  private retries = 0;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private timer: unknown;
  /** What the scheduled timer will do. */
  private timerKind?: 'poll' | 'retry';
  private retrying?: Promise<void>;
  private polling?: Promise<PollOutcome>;
  private readonly subscription: Disposable;
  private readonly polls = new Emitter<PollOutcome>();
  /** Fires after each poll with what it did. */
  readonly onDidPoll = this.polls.event;

  constructor(
    private readonly store: TaskStore,
    options: PollerOptions,
  ) {
    this.intervalMs = options.intervalMs;
    this.maxIntervalMs = options.maxIntervalMs ?? 5 * 60_000;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.retryDelayMs = options.retryDelayMs ?? RETRY_DELAY_MS;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? MAX_RETRY_DELAY_MS;
    // A load that brings active tasks (or ends them) starts or stops the schedule.
    this.subscription = store.onDidChangeState(() => this.onStateChanged());
  }

  /** The delay before the next poll: the interval, doubled per consecutive failure, capped. */
  get nextDelayMs(): number {
    return Math.min(this.maxIntervalMs, this.intervalMs * 2 ** this.failures);
  }

  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  /** The delay before the next reload of a list that failed or came back incomplete. */
  get nextRetryDelayMs(): number {
    return Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** this.retries);
  }

  /** Whether the scheduled timer reloads a failed or incomplete list (rather than polls). */
  get retryScheduled(): boolean {
    return this.timerKind === 'retry';
  }

  setInterval(ms: number): void {
    if (ms === this.intervalMs) return;
    this.intervalMs = ms;
    this.cancel();
    this.schedule();
  }

  /**
   * Polls run while `allowed` (someone can see the result and the window has focus); reloads of a
   * failed list while `retryAllowed` (someone can see it, focused or not: an error on screen should
   * mend itself). Both default to the first.
   */
  setAllowed(allowed: boolean, retryAllowed = allowed): void {
    if (allowed === this.allowed && retryAllowed === this.retryAllowed) return;
    this.allowed = allowed;
    this.retryAllowed = retryAllowed;
    this.cancel();
    this.schedule();
  }

  /** Settles when the poll or reload under way (if any) has finished. */
  async idle(): Promise<void> {
    await this.polling;
    await this.retrying;
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
    this.polls.fire(outcome);
    this.schedule();
    return outcome;
  }

  dispose(): void {
    this.cancel();
    this.subscription.dispose();
    this.polls.dispose();
  }

  private onStateChanged(): void {
    const state = this.store.state;
    if (!state.loading && !this.store.recoversByItself) this.retries = 0;
    // A reload started by anyone else replaces the one planned.
    if (this.timerKind === 'retry' && !this.store.recoversByItself) this.cancel();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.polling || this.retrying) return;
    if (this.store.recoversByItself) {
      if (!this.retryAllowed) return;
      this.timerKind = 'retry';
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        this.timerKind = undefined;
        void this.retry();
      }, this.nextRetryDelayMs);
      return;
    }
    if (!this.allowed || this.intervalMs <= 0 || !this.store.hasActiveTasks) return;
    this.timerKind = 'poll';
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerKind = undefined;
      void this.poll();
    }, this.nextDelayMs);
  }

  private async retry(): Promise<void> {
    this.retries++;
    const retrying = this.store.refresh().catch(() => undefined);
    this.retrying = retrying;
    try {
      await retrying;
    } finally {
      this.retrying = undefined;
    }
    this.schedule();
  }

  private cancel(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerKind = undefined;
  }
}
