/**
 * What the tasks view's message line and badge say, decided without VS Code: the adapter
 * (viewMessage.ts) passes in the session's facts and the translated words.
 */
import type { TaskStatus } from '../../hss/model';
import { effectiveLastDays, type TaskFilters } from '../../tasks/filters';
import { formatCount, formatLocalTime } from '../../tasks/format';

/** What the message needs to know of the session. */
export interface ViewScope {
  /** Signed in and configured for at least one project. */
  readonly ready: boolean;
  /** The label of the project shown; absent when none is. */
  readonly label?: string;
  readonly multiProject: boolean;
  readonly projectCount: number;
  /** The lastDays and enterpriseProjectId settings, which a filter overrides. */
  readonly lastDays?: number;
  readonly enterpriseProjectId?: string;
  /** Where the credential came from, said when it is not the extension's own storage. */
  readonly source?: string;
  /** How the tree is grouped, in words, when not by status ("by server"). */
  readonly grouping?: string;
}

/** What the message needs to know of a store's state (a `StoreState` fits). */
export interface ViewState<E = unknown> {
  readonly tasks: readonly unknown[];
  readonly progress?: { readonly loaded: number; readonly total: number };
  readonly loadedAt?: number;
  /** When the list shown was loaded, when it is the one kept from an earlier session. */
  readonly cachedAt?: number;
  readonly error?: E;
  readonly failures?: { readonly failed: number; readonly timeout: number };
  /** Why the list shown may be incomplete. */
  readonly incomplete?: string;
  /** Whether the list is read again by itself (a passing failure, or an incomplete list). */
  readonly retrying?: boolean;
}

/** The translated words, each with its variable parts as arguments. */
export interface ViewWords<E = unknown> {
  projects(count: number): string;
  allTime(): string;
  lastDays(days: number): string;
  statuses(labels: string): string;
  server(name: string): string;
  enterpriseProject(id: string): string;
  loading(scope: string, loaded: string, total: string): string;
  stale(time: string, reason: string): string;
  incomplete(scope: string, count: string, reason: string): string;
  retrying(): string;
  /** The list kept from an earlier session is shown while the fresh one loads. */
  cached(scope: string, time: string): string;
  statusLabel(status: TaskStatus): string;
  errorMessage(error: E): string;
}

const SEPARATOR = ' · ';

/** "prod · last 7 days · status: failed, timeout · server: web-01 · enterprise project: 0". */
export function scopeText<E>(scope: ViewScope, filters: TaskFilters, words: ViewWords<E>): string {
  if (scope.label === undefined) return '';
  const parts = [scope.multiProject ? words.projects(scope.projectCount) : scope.label];
  const days = effectiveLastDays(filters.lastDays, scope.lastDays);
  parts.push(days === undefined ? words.allTime() : words.lastDays(days));
  if (filters.statuses?.length) {
    parts.push(words.statuses(filters.statuses.map((s) => words.statusLabel(s).toLowerCase()).join(', ')));
  }
  if (filters.serverName) parts.push(words.server(filters.serverName));
  const project = filters.enterpriseProjectId ?? scope.enterpriseProjectId;
  if (project) parts.push(words.enterpriseProject(project));
  if (scope.source) parts.push(scope.source);
  if (scope.grouping) parts.push(scope.grouping);
  return parts.join(SEPARATOR);
}

/**
 * The message line: nothing before the session is ready; the progress of a first load; a stale
 * list's time and why the refresh failed, or why the list shown may be incomplete (and that it is
 * read again by itself); otherwise the scope.
 */
export function viewMessageText<E>(
  scope: ViewScope,
  state: ViewState<E>,
  filters: TaskFilters,
  words: ViewWords<E>,
  locale?: string,
  now: number = Date.now(),
): string | undefined {
  if (!scope.ready) return undefined;
  const text = scopeText(scope, filters, words);
  if (state.progress) {
    return words.loading(
      text,
      formatCount(state.progress.loaded, locale),
      formatCount(state.progress.total, locale),
    );
  }
  if (state.cachedAt !== undefined && state.error === undefined && state.tasks.length > 0) {
    // "09:41" today, "2026-11-26 09:41" on another day.
    const time = formatLocalTime(state.cachedAt);
    const today = time.slice(0, 10) === formatLocalTime(now).slice(0, 10);
    return words.cached(text, today ? time.slice(11, 16) : time.slice(0, 16));
  }
  // With several projects, each project's node says whether its list is stale.
  if (scope.multiProject) return text;
  const again = state.retrying ? ` ${words.retrying()}` : '';
  const shownAt = state.loadedAt ?? state.cachedAt;
  if (state.error !== undefined && shownAt !== undefined && state.tasks.length > 0) {
    // "14:05" of "2026-11-27 14:05:09".
    return words.stale(formatLocalTime(shownAt).slice(11, 16), words.errorMessage(state.error)) + again;
  }
  if (state.incomplete !== undefined && state.tasks.length > 0) {
    return words.incomplete(text, formatCount(state.tasks.length, locale), state.incomplete) + again;
  }
  return text;
}

/** Failed and timed-out tasks of every project shown; undefined when there are none or none counted. */
export function failureTotal(states: readonly ViewState<unknown>[]): number | undefined {
  let total = 0;
  for (const state of states) {
    if (state.failures) total += state.failures.failed + state.failures.timeout;
  }
  return total > 0 ? total : undefined;
}
