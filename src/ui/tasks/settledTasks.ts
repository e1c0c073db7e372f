/**
 * Which tasks turned failed or timed out (or, at level "all", succeeded) between two loads, and
 * what one notification says about them. Decided without VS Code: failureNotifier.ts shows it.
 */
import type { AnyTaskStatus } from '../../hss/model';
import type { Task } from '../../tasks/identity';
import { isProblemStatus } from '../../tasks/statusCategories';

export type NotificationLevel = 'failures' | 'all' | 'off';

/** What the decision needs of a store change (a `StoreChange` fits). */
export interface SettledChange {
  readonly reset: boolean;
  readonly source: 'initial' | 'refresh' | 'poll';
  readonly added: readonly Task[];
  readonly changed: readonly { readonly before: Task; readonly after: Task }[];
}

/**
 * Tasks that reached a status worth telling about in this change: never on the first load of a
 * scope or a wholesale replacement, where everything is "new".
 */
export function newlySettled(change: SettledChange, level: NotificationLevel): Task[] {
  if (level === 'off' || change.source === 'initial' || change.reset) return [];
  const wanted = (task: Task) =>
    isProblemStatus(task.status) || (level === 'all' && task.status === 'success');
  return [
    ...change.changed
      .filter(({ before, after }) => before.status !== after.status && wanted(after))
      .map((c) => c.after),
    ...change.added.filter(wanted),
  ];
}

/** The translated words, each with its variable parts as arguments. */
export interface NoticeWords {
  one(status: string, task: string): string;
  allProblems(count: number, tasks: string): string;
  mixed(count: number, problems: number): string;
  /** The task's server, as its tree row names it. */
  taskLabel(task: Task): string;
  statusLabel(status: AnyTaskStatus): string;
}

export interface SettledNotice {
  readonly message: string;
  /** A warning when any task has a problem, else information. */
  readonly severity: 'warning' | 'information';
  /** The task "Show Details" opens: set when the notice is about one task. */
  readonly detailsOf?: Task;
}

/** Names listed in a notice about several problems; the rest are counted only. */
const LISTED = 3;

/** One notice for the tasks, or undefined for none. */
export function settledNotice(tasks: readonly Task[], words: NoticeWords): SettledNotice | undefined {
  const [first] = tasks;
  if (first === undefined) return undefined;
  const problems = tasks.filter((task) => isProblemStatus(task.status)).length;
  const severity = problems > 0 ? 'warning' : 'information';
  const describe = (task: Task) => {
    const server = words.taskLabel(task);
    return task.backupName ? `${server} (${task.backupName})` : server;
  };
  if (tasks.length === 1) {
    return {
      message: words.one(words.statusLabel(first.status).toLowerCase(), describe(first)),
      severity,
      detailsOf: first,
    };
  }
  if (problems === tasks.length) {
    return {
      message: words.allProblems(tasks.length, tasks.slice(0, LISTED).map(describe).join(', ')),
      severity,
    };
  }
  return { message: words.mixed(tasks.length, problems), severity };
}
