/** The view's message line (scope, filters, staleness, progress) and its badge (failures). */
import * as vscode from 'vscode';
import type { HssError } from '../../hss/errors';
import type { TaskFilters } from '../../tasks/filters';
import { recoversByItself, type StoreState } from '../../tasks/store';
import { describeSource } from '../credentials/sourceText';
import type { Session } from '../session/session';
import { describeError } from '../shared/errorText';
import { statusInfo } from '../shared/statusTable';
import { failureTotal, scopeText, type ViewScope, type ViewWords, viewMessageText } from './viewMessageText';

const words: ViewWords<HssError> = {
  projects: (count) => vscode.l10n.t('{0} projects', count),
  // Without last_days the service picks the range, and HSS does not say which: say so.
  allTime: () => vscode.l10n.t('no time limit sent (service default)'),
  lastDays: (days) => vscode.l10n.t('last {0} days', days),
  statuses: (labels) => vscode.l10n.t('status: {0}', labels),
  server: (name) => vscode.l10n.t('server: {0}', name),
  enterpriseProject: (id) => vscode.l10n.t('enterprise project: {0}', id),
  loading: (scope, loaded, total) => vscode.l10n.t('{0} — loading {1} of {2}…', scope, loaded, total),
  stale: (time, reason) => vscode.l10n.t('Showing data from {0} (refresh failed: {1})', time, reason),
  incomplete: (scope, count, reason) =>
    vscode.l10n.t('{0} — {1} tasks, the list may be incomplete: {2}.', scope, count, reason),
  retrying: () => vscode.l10n.t('Retrying by itself.'),
  cached: (scope, time) => vscode.l10n.t('{0} — from {1}, refreshing…', scope, time),
  statusLabel: (status) => statusInfo(status).label,
  errorMessage: (error) => describeError(error).message,
};

function viewScope(session: Session, groupMode: 'status' | 'server' = 'status'): ViewScope {
  return {
    grouping: groupMode === 'server' ? vscode.l10n.t('by server') : undefined,
    // A kept list previewed while the credentials are looked up says what it is.
    ready: session.ready || session.slots.some((slot) => slot.store.previewing),
    label: session.current?.label,
    multiProject: session.multiProject,
    projectCount: session.slots.length,
    lastDays: session.settings.lastDays,
    enterpriseProjectId: session.settings.enterpriseProjectId,
    // Credentials found outside the extension's own storage are named, so nobody wonders whose they are.
    source: sourceText(session),
  };
}

function sourceText(session: Session): string | undefined {
  const source = session.multiProject ? undefined : session.slots[0]?.credentialSource?.source;
  return source && source.kind !== 'stored' ? describeSource(source) : undefined;
}

/** The scope in words ("cn-north-4 · last 7 days · …"), as the message line says it. */
export function scopeDescription(
  session: Session,
  filters: TaskFilters,
  groupMode: 'status' | 'server' = 'status',
): string {
  return scopeText(viewScope(session, groupMode), filters, words);
}

export function viewMessage(
  session: Session,
  state: StoreState,
  filters: TaskFilters,
  groupMode: 'status' | 'server' = 'status',
): string | undefined {
  const retrying = recoversByItself(state);
  return viewMessageText(
    viewScope(session, groupMode),
    { ...state, retrying },
    filters,
    words,
    vscode.env.language,
  );
}

/** Failed and timed-out tasks of every project shown. */
export function viewBadge(states: readonly StoreState[]): vscode.ViewBadge | undefined {
  const total = failureTotal(states);
  return total === undefined
    ? undefined
    : { value: total, tooltip: vscode.l10n.t('{0} failed or timed-out tasks', total) };
}
