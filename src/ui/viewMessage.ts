/** The view's message line (scope, filters, staleness, progress) and its badge (failures). */
import * as vscode from 'vscode';
import type { HssError } from '../hss/errors';
import type { TaskFilters } from '../tasks/filters';
import type { StoreState } from '../tasks/store';
import { describeError } from './errorText';
import type { Session } from './session';
import { statusInfo } from './statusTable';
import { failureTotal, type ViewScope, type ViewWords, viewMessageText } from './viewMessageText';

const words: ViewWords<HssError> = {
  projects: (count) => vscode.l10n.t('{0} projects', count),
  allTime: () => vscode.l10n.t('all time'),
  lastDays: (days) => vscode.l10n.t('last {0} days', days),
  statuses: (labels) => vscode.l10n.t('status: {0}', labels),
  server: (name) => vscode.l10n.t('server: {0}', name),
  enterpriseProject: (id) => vscode.l10n.t('enterprise project: {0}', id),
  loading: (scope, loaded, total) => vscode.l10n.t('{0} — loading {1} of {2}…', scope, loaded, total),
  stale: (time, reason) => vscode.l10n.t('Showing data from {0} (refresh failed: {1})', time, reason),
  statusLabel: (status) => statusInfo(status).label,
  errorMessage: (error) => describeError(error).message,
};

function viewScope(session: Session): ViewScope {
  return {
    ready: session.ready,
    label: session.current?.label,
    multiProject: session.multiProject,
    projectCount: session.slots.length,
    lastDays: session.settings.lastDays,
    enterpriseProjectId: session.settings.enterpriseProjectId,
  };
}

export function viewMessage(session: Session, state: StoreState, filters: TaskFilters): string | undefined {
  return viewMessageText(viewScope(session), state, filters, words, vscode.env.language);
}

/** Failed and timed-out tasks of every project shown. */
export function viewBadge(states: readonly StoreState[]): vscode.ViewBadge | undefined {
  const total = failureTotal(states);
  return total === undefined
    ? undefined
    : { value: total, tooltip: vscode.l10n.t('{0} failed or timed-out tasks', total) };
}
