/** The task page's words in the display language, for the vscode-free renderer (detailsHtml.ts). */
import * as vscode from 'vscode';
import { statusInfo } from '../shared/statusTable';
import { taskLabel } from '../tasks/taskItems';
import type { DetailsWords } from './detailsHtml';
import { errorHint } from './errorHints';

let words: DetailsWords | undefined;

/** Built once: VS Code restarts the extension host when the display language changes. */
export function detailsWords(): DetailsWords {
  words ??= {
    language: vscode.env.language,
    hiddenBanner: vscode.l10n.t(
      'This task is hidden by the current filter. What follows is its last known state.',
    ),
    goneBanner: vscode.l10n.t('This task is no longer in the list. What follows is its last known state.'),
    clearFilters: vscode.l10n.t('Clear Filters'),
    status: vscode.l10n.t('Status'),
    progress: vscode.l10n.t('Progress'),
    server: vscode.l10n.t('Server'),
    serverId: vscode.l10n.t('Server ID'),
    backup: vscode.l10n.t('Backup'),
    started: vscode.l10n.t('Started'),
    ended: vscode.l10n.t('Ended'),
    duration: vscode.l10n.t('Duration'),
    elapsed: vscode.l10n.t('Elapsed'),
    error: vscode.l10n.t('Error'),
    errorCode: vscode.l10n.t('Error code'),
    code: vscode.l10n.t('Code'),
    noCode: vscode.l10n.t('(none given)'),
    noMessage: vscode.l10n.t('The service gave no error message for this task.'),
    copyError: vscode.l10n.t('Copy Error'),
    whatToDo: vscode.l10n.t('What to do'),
    unknownCode: vscode.l10n.t(
      'This error code is not one this extension knows. Search the HSS documentation for it, or contact support with the request id below.',
    ),
    requestId: vscode.l10n.t('Request ID'),
    loaded: vscode.l10n.t('Loaded'),
    copyDetails: vscode.l10n.t('Copy Details'),
    refresh: vscode.l10n.t('Refresh'),
    keepOpen: vscode.l10n.t('Keep Open'),
    keepOpenTitle: vscode.l10n.t('Keep this page open; the next task opens in a new tab'),
    openConsole: vscode.l10n.t('Open in HSS Console'),
    statusLabel: (status) => statusInfo(status).label,
    statusCodicon: (status) => statusInfo(status).codicon,
    taskLabel,
    errorHint,
  };
  return words;
}
