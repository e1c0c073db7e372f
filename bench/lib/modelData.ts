/**
 * The data of the model figures: 10,000 tasks as the client holds them after parsing, and an
 * in-memory task source serving them page by page, so the figures measure the store, grouping
 * and tree items, not HTTP. Shared by the Node bench and the VS Code entry (no `vscode` here).
 */
import type { PageRequest, PageResult } from '../../src/hss/client';
import type { OperationLog, TaskStatus } from '../../src/hss/model';
import { parseOperationLog } from '../../src/hss/parse';
import { generateTasks } from '../../src/sample/data';
import { toOperationLogRow } from '../../src/sample/wire';
import type { LoadScope, TaskListSource } from '../../src/tasks/store';

export const MODEL_TASKS = 10_000;
export const MODEL_NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
/** How many tasks the targeted-refresh figure changes. */
export const CHANGED_TASKS = 10;
const STATUSES: readonly TaskStatus[] = ['running', 'waiting', 'failed', 'timeout', 'skipped', 'success'];

/** 10,000 rows through the wire format and the client's parser, as a load delivers them. */
export function modelLogs(seed: number): OperationLog[] {
  return generateTasks({ count: MODEL_TASKS, seed, now: MODEL_NOW }).flatMap((task) => {
    const log = parseOperationLog(toOperationLogRow(task));
    return log ? [log] : [];
  });
}

/** The same list with the error message of `count` settled tasks changed (ids and statuses kept). */
export function withChangedTasks(logs: readonly OperationLog[], count: number): OperationLog[] {
  let left = count;
  return logs.map((log) => {
    if (left === 0 || log.status !== 'success') return log;
    left--;
    return { ...log, error: { code: 'HSS.9999', message: `changed reading ${left}` } };
  });
}

/** Serves whichever list `current()` returns, with the API's paging and status filter. */
export class MemorySource implements TaskListSource {
  private byStatus = new Map<TaskStatus | undefined, OperationLog[]>();

  constructor(logs: readonly OperationLog[]) {
    this.set(logs);
  }

  set(logs: readonly OperationLog[]): void {
    // Split once, so a page costs a slice, as a database index would make it.
    this.byStatus = new Map([[undefined, [...logs]]]);
    for (const status of STATUSES) {
      this.byStatus.set(
        status,
        logs.filter((log) => log.status === status),
      );
    }
  }

  async listOperationLogs(request: PageRequest): Promise<PageResult> {
    const rows = this.byStatus.get(request.status) ?? [];
    return { totalNum: rows.length, items: rows.slice(request.offset, request.offset + request.limit) };
  }
}

export function memoryScope(
  source: TaskListSource,
  key: string,
  statuses?: readonly TaskStatus[],
): LoadScope {
  return { key, source, query: {}, statuses, pageSize: 200, concurrency: 4 };
}

/** Every status: the client-side part of a status filter (one series per status, merged newest first). */
export const ALL_STATUSES_FILTER = STATUSES;

/** `count` rows through the wire format and the client's parser (the scale figures: 100,000). */
export function scaleLogs(count: number, seed = 1): OperationLog[] {
  return generateTasks({ count, seed, now: MODEL_NOW }).flatMap((task) => {
    const log = parseOperationLog(toOperationLogRow(task));
    return log ? [log] : [];
  });
}
