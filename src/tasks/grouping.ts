/** Grouping of tasks for display: by status in the fixed order, unknown statuses last. */
import { type AnyTaskStatus, TASK_STATUSES } from '../hss/model';
import type { Task } from './identity';
import { BY_SEVERITY, STATUS_CATEGORIES } from './statusCategories';
import type { StoreChange } from './store';

export const GROUP_ORDER: readonly AnyTaskStatus[] = [...TASK_STATUSES, 'unknown'];

export interface StatusGroup<T = Task> {
  readonly status: AnyTaskStatus;
  /** The group's tasks, or whatever stands for them (the tree's nodes). */
  readonly tasks: readonly T[];
}

/**
 * One group per status that has tasks, in GROUP_ORDER; tasks keep their list order (newest first).
 * `statusOf` reads the status of what is grouped, for lists of something other than tasks.
 */
export function groupByStatus(tasks: readonly Task[]): StatusGroup[];
export function groupByStatus<T>(items: readonly T[], statusOf: (item: T) => AnyTaskStatus): StatusGroup<T>[];
export function groupByStatus<T>(
  items: readonly T[],
  statusOf: (item: T) => AnyTaskStatus = (item) => (item as Task).status,
): StatusGroup<T>[] {
  const buckets = bucketBy(items, statusOf);
  return GROUP_ORDER.flatMap((status) => {
    const bucket = buckets.get(status);
    return bucket ? [{ status, tasks: bucket }] : [];
  });
}

/** The items under each key, in list order; keys in the order first met. */
function bucketBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const buckets = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = [];
      buckets.set(key, bucket);
    }
    bucket.push(item);
  }
  return buckets;
}

export function countByStatus(tasks: readonly Task[]): Record<AnyTaskStatus, number> {
  const counts: Record<AnyTaskStatus, number> = {
    running: 0,
    waiting: 0,
    failed: 0,
    timeout: 0,
    skipped: 0,
    success: 0,
    unknown: 0,
  };
  for (const task of tasks) counts[task.status] += 1;
  return counts;
}

export interface ServerGroup {
  /** The host id, or the name when the id is missing. */
  readonly key: string;
  readonly hostName?: string;
  readonly hostId?: string;
  readonly tasks: readonly Task[];
  readonly worst: AnyTaskStatus;
  readonly counts: Record<AnyTaskStatus, number>;
}

/** The server a task ran on: its host id, or its name when the id is missing. */
export function serverKey(task: Task): string {
  return task.hostId ?? `name:${task.hostName ?? ''}`;
}

/** The worst status with a count above zero: what a server's icon shows. */
export function worstStatus(counts: Readonly<Record<AnyTaskStatus, number>>): AnyTaskStatus {
  return BY_SEVERITY.find((status) => counts[status] > 0) ?? 'unknown';
}

/** The order of servers: the worst status first, then by name. */
export function compareServers(
  a: Pick<ServerGroup, 'worst' | 'hostName' | 'hostId'>,
  b: Pick<ServerGroup, 'worst' | 'hostName' | 'hostId'>,
): number {
  const label = (group: Pick<ServerGroup, 'hostName' | 'hostId'>) => group.hostName ?? group.hostId ?? '';
  return (
    STATUS_CATEGORIES[a.worst].severity - STATUS_CATEGORIES[b.worst].severity ||
    label(a).localeCompare(label(b))
  );
}

/** One group per server, the servers with the worst status first, then by name. */
export function groupByServer(tasks: readonly Task[]): ServerGroup[] {
  const groups = [...bucketBy(tasks, serverKey)].map(([key, bucket]): ServerGroup => {
    const counts = countByStatus(bucket);
    const named = bucket.find((task) => task.hostName !== undefined);
    return {
      key,
      hostName: named?.hostName,
      hostId: bucket[0]?.hostId,
      tasks: bucket,
      worst: worstStatus(counts),
      counts,
    };
  });
  return groups.sort(compareServers);
}

/**
 * Whether a change takes rows out of a status group (`status`) or a server (`server`): a task that
 * left the list, or one that moved to another group. The view redraws such a change whole.
 */
export function lostRows(
  change: Pick<StoreChange, 'removed' | 'changed'>,
  groupBy: 'status' | 'server',
): boolean {
  if (change.removed.length > 0) return true;
  return change.changed.some(({ before, after }) =>
    groupBy === 'server' ? serverKey(before) !== serverKey(after) : before.status !== after.status,
  );
}
