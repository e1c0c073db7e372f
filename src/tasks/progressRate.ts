/**
 * Time-left estimates for running tasks, from the progress seen between loads: the first and
 * the latest reading of each task give a rate; one reading gives no estimate.
 */
import type { Task } from './identity';

interface Reading {
  readonly progress: number;
  readonly at: number;
}

export class ProgressRates {
  private readonly readings = new Map<string, { first: Reading; latest: Reading }>();

  /** Records the progress of every running task; forgets tasks that are no longer running. */
  record(tasks: readonly Task[], now: number): void {
    const running = new Set<string>();
    for (const task of tasks) {
      if (task.status !== 'running' || task.progress === undefined) continue;
      running.add(task.id);
      const reading = { progress: task.progress, at: now };
      const known = this.readings.get(task.id);
      if (!known || task.progress < known.latest.progress) {
        this.readings.set(task.id, { first: reading, latest: reading });
      } else if (task.progress > known.latest.progress || now > known.latest.at) {
        known.latest = reading;
      }
    }
    for (const id of this.readings.keys()) {
      if (!running.has(id)) this.readings.delete(id);
    }
  }

  /** Records the running tasks among `tasks` (rows just added to the list), forgetting none. */
  note(tasks: readonly Task[], now: number): void {
    for (const task of tasks) {
      if (task.status !== 'running' || task.progress === undefined || this.readings.has(task.id)) continue;
      const reading = { progress: task.progress, at: now };
      this.readings.set(task.id, { first: reading, latest: reading });
    }
  }

  /** Milliseconds left at the observed rate, or undefined without two distinct readings. */
  remainingMs(taskId: string): number | undefined {
    const known = this.readings.get(taskId);
    if (!known) return undefined;
    const { first, latest } = known;
    const gained = latest.progress - first.progress;
    const elapsed = latest.at - first.at;
    if (gained <= 0 || elapsed <= 0) return undefined;
    return ((100 - latest.progress) * elapsed) / gained;
  }
}
