/**
 * What each task status means to the extension, in one table: which statuses are still going
 * (polled, shown with progress), which finished with a problem (counted by the status bar, told
 * about, error details shown), which groups open by themselves, and the order of severity that
 * puts a server's worst status first. The store, the tree, the status bar, the message line, the
 * projects view and the coverage rules all read it; none spells a list of statuses of its own.
 */
import { type AnyTaskStatus, TASK_STATUSES, type TaskStatus } from '../hss/model';

export interface StatusCategory {
  /** Still going: progress shown, polled until it settles. */
  readonly active: boolean;
  /** Finished with a problem: counted, told about, its error details shown. */
  readonly problem: boolean;
  /** Whether its group starts expanded in the tree. */
  readonly expanded: boolean;
  /** Worst first (0): what a user should look at first on a server. */
  readonly severity: number;
}

export const STATUS_CATEGORIES: Readonly<Record<AnyTaskStatus, StatusCategory>> = {
  failed: { active: false, problem: true, expanded: true, severity: 0 },
  timeout: { active: false, problem: true, expanded: true, severity: 1 },
  skipped: { active: false, problem: false, expanded: false, severity: 2 },
  unknown: { active: false, problem: false, expanded: false, severity: 3 },
  waiting: { active: true, problem: false, expanded: true, severity: 4 },
  running: { active: true, problem: false, expanded: true, severity: 5 },
  success: { active: false, problem: false, expanded: false, severity: 6 },
};

/** The statuses still going, in the API's order: running, waiting. */
export const ACTIVE_STATUSES: readonly TaskStatus[] = TASK_STATUSES.filter(
  (status) => STATUS_CATEGORIES[status].active,
);

/** The statuses that are a problem, in the API's order: failed, timeout. */
export const PROBLEM_STATUSES: readonly TaskStatus[] = TASK_STATUSES.filter(
  (status) => STATUS_CATEGORIES[status].problem,
);

/** Every status, worst first. */
export const BY_SEVERITY: readonly AnyTaskStatus[] = (Object.keys(STATUS_CATEGORIES) as AnyTaskStatus[]).sort(
  (a, b) => STATUS_CATEGORIES[a].severity - STATUS_CATEGORIES[b].severity,
);

export function isActiveStatus(status: AnyTaskStatus): boolean {
  return STATUS_CATEGORIES[status].active;
}

export function isProblemStatus(status: AnyTaskStatus): boolean {
  return STATUS_CATEGORIES[status].problem;
}
