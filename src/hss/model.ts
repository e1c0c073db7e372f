/**
 * The operation-log model: what one row of the task list is once it has crossed the edge.
 * Every field of the wire format is optional (API-NOTES), so only `status` is always present here.
 */

export const TASK_STATUSES = ['running', 'waiting', 'failed', 'timeout', 'skipped', 'success'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** A status the API did not document; the raw value is kept in `OperationLog.rawStatus`. */
export type AnyTaskStatus = TaskStatus | 'unknown';

export interface TaskError {
  readonly code?: string;
  readonly message?: string;
}

export interface OperationLog {
  readonly hostId?: string;
  readonly hostName?: string;
  readonly backupName?: string;
  /** Percent, 0..100. */
  readonly progress?: number;
  readonly status: AnyTaskStatus;
  /** The status string as the server sent it (useful when `status` is 'unknown'). */
  readonly rawStatus?: string;
  /** Epoch milliseconds. */
  readonly startedAt?: number;
  /** Epoch milliseconds. */
  readonly endedAt?: number;
  /** Present only when the server sent a non-empty code or message. */
  readonly error?: TaskError;
}

export interface OperationLogPage {
  readonly totalNum: number;
  readonly items: readonly OperationLog[];
}

/**
 * The identity of a row: the API has no task id, so it is composed from the fields that do not
 * change over a task's life (host, backup, start). True duplicates share it.
 */
export function operationLogIdentity(log: OperationLog): string {
  return `${log.hostId ?? `name:${log.hostName ?? ''}`}|${log.backupName ?? ''}|${log.startedAt ?? ''}`;
}

export function isTaskStatus(value: string): value is TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(value);
}
