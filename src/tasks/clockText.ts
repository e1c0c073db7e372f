/**
 * Rows whose text depends on the clock ("queued 5 minutes ago", an elapsed "12 min"): which of
 * them read differently at two instants, so a ticker refreshes only those rows. The phrases are
 * the ones of format.ts, so the check agrees with what the rows show.
 */
import { formatDuration, formatRelative } from './format';
import type { Task } from './identity';

/** How often rows are checked: the finest phrase that moves on its own is "N s" under a minute. */
export const ROW_TICK_MS = 30_000;

/** The part of a task's row that depends on `now` ('' when none does). */
export function clockText(task: Task, now: number, locale?: string): string {
  if (task.status === 'running') {
    return task.startedAt === undefined ? '' : formatDuration(now - task.startedAt, locale);
  }
  if (task.status === 'waiting') {
    return task.startedAt === undefined ? '' : formatRelative(task.startedAt, now, locale);
  }
  const end = task.endedAt ?? task.startedAt;
  return end === undefined ? '' : formatRelative(end, now, locale);
}

/** The rows (in their order) whose clock text differs between `before` and `after`. */
export function rowsWhoseTimeChanged<T>(
  rows: Iterable<T>,
  taskOf: (row: T) => Task | undefined,
  before: number,
  after: number,
  locale?: string,
): T[] {
  const changed: T[] = [];
  for (const row of rows) {
    const task = taskOf(row);
    if (task && clockText(task, before, locale) !== clockText(task, after, locale)) changed.push(row);
  }
  return changed;
}
