/**
 * Why a task shown earlier is not in the list now: the current filters leave it out ("hidden"), or
 * the service no longer lists it ("gone"). The two need different words and a different next step.
 */
import { effectiveLastDays, type TaskFilters } from './filters';
import type { Task } from './identity';

export type Absence = 'hidden' | 'gone';

const DAY = 86_400_000;

export interface AbsenceContext {
  /** The filters now. */
  readonly filters: TaskFilters;
  /** The filters when the task was last in the list. */
  readonly filtersWhenSeen: TaskFilters;
  /** The lastDays setting (the time range when no filter sets one). */
  readonly defaultLastDays?: number;
  readonly now: number;
}

export function absenceOf(task: Task, context: AbsenceContext): Absence {
  const { filters } = context;
  if (filters.statuses && filters.statuses.length > 0) {
    if (!(filters.statuses as readonly string[]).includes(task.status)) return 'hidden';
  }
  if (filters.serverName) {
    // The API's resource_name: a case-insensitive part of the server name.
    const needle = filters.serverName.normalize('NFC').toLowerCase();
    if (!task.hostName?.normalize('NFC').toLowerCase().includes(needle)) return 'hidden';
  }
  const days = effectiveLastDays(filters.lastDays, context.defaultLastDays);
  if (days !== undefined && task.startedAt !== undefined && task.startedAt < context.now - days * DAY) {
    return 'hidden';
  }
  // A filter it passes here may still leave it out (another enterprise project): if the filters
  // changed since it was listed, it is the filters' doing.
  return sameFilters(filters, context.filtersWhenSeen) ? 'gone' : 'hidden';
}

export function sameFilters(a: TaskFilters, b: TaskFilters): boolean {
  const statuses = (f: TaskFilters) => [...(f.statuses ?? [])].sort().join(',');
  return (
    statuses(a) === statuses(b) &&
    (a.serverName ?? '') === (b.serverName ?? '') &&
    a.lastDays === b.lastDays &&
    (a.enterpriseProjectId ?? '') === (b.enterpriseProjectId ?? '')
  );
}
