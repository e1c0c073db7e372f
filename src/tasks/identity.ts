/**
 * Task identity. The API has no task id, so one is composed from the fields that do not change
 * over a task's life (host, backup, start). Rows identical in those fields are numbered in list
 * order, so true duplicates stay distinct and keep their ids across refreshes.
 */
import { type OperationLog, operationLogIdentity } from '../hss/model';

export interface Task extends OperationLog {
  readonly id: string;
}

export const identityKey: (log: OperationLog) => string = operationLogIdentity;

export function assignIds(logs: readonly OperationLog[]): Task[] {
  return indexTasks(logs).tasks;
}

/** The tasks with their ids, and the same tasks by id (built in the same pass). */
export function indexTasks(logs: readonly OperationLog[]): { tasks: Task[]; byId: Map<string, Task> } {
  const indexer = new TaskIndexer();
  indexer.append(logs);
  return { tasks: indexer.tasks, byId: indexer.byId };
}

/**
 * indexTasks one part at a time: rows appended in list order get the ids one indexTasks over the
 * whole list would give them, duplicates numbered on from the parts before. Each row is handled
 * once, so a list shown as it arrives costs what it would cost all at once.
 */
export class TaskIndexer {
  /** Every task so far, in list order (grows in place). */
  readonly tasks: Task[] = [];
  readonly byId = new Map<string, Task>();
  // Only keys met more than once get an entry: most lists have no true duplicates.
  private readonly repeats = new Map<string, number>();

  /** Indexes the rows that follow the ones before; returns their tasks. */
  append(logs: readonly OperationLog[]): Task[] {
    const added: Task[] = [];
    for (const log of logs) {
      const key = identityKey(log);
      let id = key;
      if (this.byId.has(key)) {
        const occurrence = (this.repeats.get(key) ?? 0) + 1;
        this.repeats.set(key, occurrence);
        id = `${key}#${occurrence}`;
      }
      const task = toTask(log, id);
      this.byId.set(id, task);
      this.tasks.push(task);
      added.push(task);
    }
    return added;
  }
}

/** The tasks by id. */
export function byIdOf(tasks: readonly Task[]): Map<string, Task> {
  const byId = new Map<string, Task>();
  for (const task of tasks) byId.set(task.id, task);
  return byId;
}

/**
 * Every field written out in one order, whatever the log object looked like: all tasks share one
 * shape, so the tree, the grouping and the diff over 10,000 of them stay on V8's fast paths.
 */
function toTask(log: OperationLog, id: string): Task {
  return {
    id,
    hostId: log.hostId,
    hostName: log.hostName,
    backupName: log.backupName,
    progress: log.progress,
    status: log.status,
    rawStatus: log.rawStatus,
    startedAt: log.startedAt,
    endedAt: log.endedAt,
    error: log.error,
  };
}

/** Whether two readings of a task differ in anything shown. */
export function sameTask(a: OperationLog, b: OperationLog): boolean {
  return (
    a.status === b.status &&
    a.rawStatus === b.rawStatus &&
    a.progress === b.progress &&
    a.endedAt === b.endedAt &&
    a.hostName === b.hostName &&
    a.error?.code === b.error?.code &&
    a.error?.message === b.error?.message
  );
}
