/** The view's message line (scope, filters, staleness, progress) and its badge (failures). */
import * as vscode from 'vscode';
import { effectiveLastDays, type TaskFilters } from '../tasks/filters';
import { formatCount, formatLocalTime } from '../tasks/format';
import type { StoreState } from '../tasks/store';
import { describeSource } from './credentials/sourceText';
import { describeError } from './errorText';
import type { Session } from './session';
import { statusInfo } from './statusTable';

export function scopeDescription(session: Session, filters: TaskFilters): string {
  const target = session.current;
  if (!target) return '';
  const parts = [session.multiProject ? vscode.l10n.t('{0} projects', session.slots.length) : target.label];
  const days = effectiveLastDays(filters.lastDays, session.settings.lastDays);
  // Without last_days the service picks the range, and HSS does not say which: say so.
  parts.push(
    days === undefined
      ? vscode.l10n.t('no time limit sent (service default)')
      : vscode.l10n.t('last {0} days', days),
  );
  if (filters.statuses?.length) {
    parts.push(
      vscode.l10n.t('status: {0}', filters.statuses.map((s) => statusInfo(s).label.toLowerCase()).join(', ')),
    );
  }
  if (filters.serverName) parts.push(vscode.l10n.t('server: {0}', filters.serverName));
  const project = filters.enterpriseProjectId ?? session.settings.enterpriseProjectId;
  if (project) parts.push(vscode.l10n.t('enterprise project: {0}', project));
  // Credentials found outside the extension's own storage are named, so nobody wonders whose they are.
  const source = session.multiProject ? undefined : session.slots[0]?.credentialSource?.source;
  if (source && source.kind !== 'stored') parts.push(describeSource(source));
  return parts.join(' · ');
}

export function viewMessage(session: Session, state: StoreState, filters: TaskFilters): string | undefined {
  if (!session.ready) return undefined;
  const scope = scopeDescription(session, filters);
  const locale = vscode.env.language;
  if (state.progress) {
    return vscode.l10n.t(
      '{0} — loading {1} of {2}…',
      scope,
      formatCount(state.progress.loaded, locale),
      formatCount(state.progress.total, locale),
    );
  }
  if (state.cachedAt !== undefined && !state.error && state.tasks.length > 0) {
    // The list kept from an earlier session, shown until the fresh one is complete.
    return vscode.l10n.t('{0} — from {1}, refreshing…', scope, shownTime(state.cachedAt));
  }
  // With several projects, each project's node says whether its list is stale.
  if (session.multiProject) return scope;
  const again =
    state.error?.recoverable || (!state.error && state.incomplete)
      ? vscode.l10n.t(' Retrying by itself.')
      : '';
  const shownAt = state.loadedAt ?? state.cachedAt;
  if (state.error && shownAt !== undefined && state.tasks.length > 0) {
    const time = shownTime(shownAt);
    return (
      vscode.l10n.t('Showing data from {0} (refresh failed: {1})', time, describeError(state.error).message) +
      again
    );
  }
  if (state.incomplete && state.tasks.length > 0) {
    return (
      vscode.l10n.t(
        '{0} — {1} tasks, the list may be incomplete: {2}.',
        scope,
        formatCount(state.tasks.length, locale),
        state.incomplete,
      ) + again
    );
  }
  return scope;
}

/** "09:41" today, "2026-11-26 09:41" on another day: when the list shown was loaded. */
function shownTime(at: number): string {
  const time = formatLocalTime(at);
  return time.slice(0, 10) === formatLocalTime(Date.now()).slice(0, 10)
    ? time.slice(11, 16)
    : time.slice(0, 16);
}

/** Failed and timed-out tasks of every project shown. */
export function viewBadge(states: readonly StoreState[]): vscode.ViewBadge | undefined {
  const counted = states.flatMap((state) => (state.failures ? [state.failures] : []));
  if (counted.length === 0) return undefined;
  const total = counted.reduce((sum, failures) => sum + failures.failed + failures.timeout, 0);
  return total > 0
    ? { value: total, tooltip: vscode.l10n.t('{0} failed or timed-out tasks', total) }
    : undefined;
}
