/**
 * Names over ids. Some rows come without host_name; another row of the same host_id often has
 * it. A row shows the name known for its host, and the raw id only when no row names the host.
 */
import type { Task } from './identity';

/** host_id → host_name, from the rows that have both; the newest row wins (a renamed server). */
export function knownHostNames(tasks: Iterable<Task>): Map<string, string> {
  const names = new Map<string, string>();
  const newest = new Map<string, number>();
  for (const task of tasks) {
    if (!task.hostId || !task.hostName) continue;
    const started = task.startedAt ?? Number.NEGATIVE_INFINITY;
    const seen = newest.get(task.hostId);
    if (seen === undefined || started > seen) {
      names.set(task.hostId, task.hostName);
      newest.set(task.hostId, started);
    }
  }
  return names;
}

/** The row's own name, else the name known for its host, else undefined. */
export function serverNameOf(task: Task, names: ReadonlyMap<string, string>): string | undefined {
  return task.hostName ?? (task.hostId === undefined ? undefined : names.get(task.hostId));
}
