/** Grouping of tasks for display: by status in the fixed order, unknown statuses last. */
import { type AnyTaskStatus, TASK_STATUSES, type TaskStatus } from '../hss/model';
import type { Task } from './identity';

export const GROUP_ORDER: readonly AnyTaskStatus[] = [...TASK_STATUSES, 'unknown'];

export interface StatusGroup {
  readonly status: AnyTaskStatus;
  readonly tasks: readonly Task[];
}

/** One group per status that has tasks, in GROUP_ORDER; tasks keep their list order (newest first). */
export function groupByStatus(tasks: readonly Task[]): StatusGroup[] {
  const buckets = new Map<AnyTaskStatus, Task[]>();
  for (const task of tasks) {
    let bucket = buckets.get(task.status);
    if (!bucket) {
      bucket = [];
      buckets.set(task.status, bucket);
    }
    bucket.push(task);
  }
  return GROUP_ORDER.flatMap((status) => {
    const bucket = buckets.get(status);
    return bucket ? [{ status, tasks: bucket }] : [];
  });
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

export const FAILURE_STATUSES: readonly TaskStatus[] = ['failed', 'timeout'];
