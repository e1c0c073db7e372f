/**
 * The task-details page, as HTML. Every value from the API passes through `escapeHtml`:
 * host names and error messages are untrusted text.
 */
import * as vscode from 'vscode';
import { formatDuration, formatLocalTime, formatRelative } from '../../tasks/format';
import type { Task } from '../../tasks/identity';
import { statusInfo } from '../shared/statusTable';
import { codiconClasses, escapeHtml, webviewCsp } from '../shared/webviewHtml';
import { taskLabel } from '../tasks/taskItems';
import { errorHint } from './errorHints';

export interface DetailsModel {
  readonly task: Task;
  /** The task is no longer in the list since the load at `loadedAt`. */
  readonly gone: boolean;
  /** The task is left out of the list by the current filters. */
  readonly hidden?: boolean;
  /** A pinned page stays with its task; the preview is replaced by the next click. */
  readonly pinned?: boolean;
  readonly requestId?: string;
  readonly loadedAt?: number;
  readonly consoleAvailable: boolean;
  readonly now: number;
}

function row(label: string, value: string | undefined, extraClass = ''): string {
  if (value === undefined || value === '') return '';
  return `<tr><th scope="row">${escapeHtml(label)}</th><td class="${extraClass}">${escapeHtml(value)}</td></tr>`;
}

function timeText(time: number | undefined, now: number): string | undefined {
  return time === undefined
    ? undefined
    : `${formatLocalTime(time)} (${formatRelative(time, now, vscode.env.language)})`;
}

/** The body of the page; re-rendered in place when the task changes. */
export function renderDetailsBody(model: DetailsModel): string {
  const { task, now } = model;
  const info = statusInfo(task.status);
  const parts: string[] = [];
  if (model.hidden) {
    parts.push(
      `<div class="banner" role="status">${escapeHtml(vscode.l10n.t('This task is hidden by the current filter. What follows is its last known state.'))} <button type="button" class="secondary" data-action="clearFilters">${escapeHtml(vscode.l10n.t('Clear Filters'))}</button></div>`,
    );
  } else if (model.gone) {
    parts.push(
      `<div class="banner" role="status">${escapeHtml(vscode.l10n.t('This task is no longer in the list. What follows is its last known state.'))}</div>`,
    );
  }
  const statusClass = `status status-${task.status}`;
  parts.push(`<header><h1>${escapeHtml(taskLabel(task))}</h1>`);
  parts.push(
    `<p class="${statusClass}"><span class="codicon ${codiconClasses(info.codicon)}" aria-hidden="true"></span>${escapeHtml(info.label)}${
      task.rawStatus ? ` <code>${escapeHtml(task.rawStatus)}</code>` : ''
    }</p></header>`,
  );
  if (task.status === 'running' || (task.status === 'waiting' && task.progress !== undefined)) {
    const percent = Math.min(100, Math.max(0, task.progress ?? 0));
    parts.push(
      `<div class="progress"><progress max="100" value="${percent}" aria-label="${escapeHtml(vscode.l10n.t('Progress'))}">${percent}%</progress><span>${percent}%</span></div>`,
    );
  }
  const duration =
    task.startedAt !== undefined
      ? formatDuration(
          (task.endedAt ?? (task.status === 'running' ? now : task.startedAt)) - task.startedAt,
          vscode.env.language,
        )
      : undefined;
  parts.push('<table class="fields"><tbody>');
  parts.push(row(vscode.l10n.t('Server'), task.hostName));
  parts.push(row(vscode.l10n.t('Server ID'), task.hostId, 'mono'));
  parts.push(row(vscode.l10n.t('Backup'), task.backupName, 'mono'));
  parts.push(row(vscode.l10n.t('Progress'), task.progress !== undefined ? `${task.progress}%` : undefined));
  parts.push(row(vscode.l10n.t('Started'), timeText(task.startedAt, now)));
  parts.push(row(vscode.l10n.t('Ended'), timeText(task.endedAt, now)));
  parts.push(
    row(task.endedAt !== undefined ? vscode.l10n.t('Duration') : vscode.l10n.t('Elapsed'), duration),
  );
  parts.push('</tbody></table>');

  if (statusInfo(task.status).problem || task.error) {
    const code = task.error?.code;
    const hint = errorHint(code);
    parts.push(
      `<section class="error" aria-labelledby="error-title"><h2 id="error-title">${escapeHtml(vscode.l10n.t('Error'))}</h2>`,
    );
    parts.push(
      `<p class="error-code"><span>${escapeHtml(vscode.l10n.t('Code'))}:</span> <code>${escapeHtml(code ?? vscode.l10n.t('(none given)'))}</code></p>`,
    );
    parts.push(
      `<pre class="error-message">${escapeHtml(task.error?.message ?? vscode.l10n.t('The service gave no error message for this task.'))}</pre>`,
    );
    parts.push(
      `<button type="button" class="secondary" data-action="copyError">${escapeHtml(vscode.l10n.t('Copy Error'))}</button>`,
    );
    parts.push(
      `<p class="hint"><strong>${escapeHtml(vscode.l10n.t('What to do'))}:</strong> ${escapeHtml(
        hint ??
          vscode.l10n.t(
            'This error code is not one this extension knows. Search the HSS documentation for it, or contact support with the request id below.',
          ),
      )}</p></section>`,
    );
  }

  const loaded = model.loadedAt !== undefined ? timeText(model.loadedAt, now) : undefined;
  parts.push('<footer><table class="fields"><tbody>');
  parts.push(row(vscode.l10n.t('Request ID'), model.requestId, 'mono'));
  parts.push(row(vscode.l10n.t('Loaded'), loaded));
  parts.push('</tbody></table>');
  parts.push('<div class="actions">');
  parts.push(
    `<button type="button" data-action="copyDetails">${escapeHtml(vscode.l10n.t('Copy Details'))}</button>`,
  );
  parts.push(
    `<button type="button" class="secondary" data-action="refresh">${escapeHtml(vscode.l10n.t('Refresh'))}</button>`,
  );
  if (model.pinned === false) {
    parts.push(
      `<button type="button" class="secondary" data-action="keepOpen" title="${escapeHtml(vscode.l10n.t('Keep this page open; the next task opens in a new tab'))}">${escapeHtml(vscode.l10n.t('Keep Open'))}</button>`,
    );
  }
  if (model.consoleAvailable) {
    parts.push(
      `<button type="button" class="secondary" data-action="openConsole">${escapeHtml(vscode.l10n.t('Open in HSS Console'))}</button>`,
    );
  }
  parts.push('</div></footer>');
  return parts.join('\n');
}

/** Plain text of the same, for "Copy details". */
export function detailsText(model: DetailsModel): string {
  const { task, now } = model;
  const lines: [string, string | undefined][] = [
    [vscode.l10n.t('Status'), statusInfo(task.status).label + (task.rawStatus ? ` (${task.rawStatus})` : '')],
    [vscode.l10n.t('Server'), task.hostName],
    [vscode.l10n.t('Server ID'), task.hostId],
    [vscode.l10n.t('Backup'), task.backupName],
    [vscode.l10n.t('Progress'), task.progress !== undefined ? `${task.progress}%` : undefined],
    [
      vscode.l10n.t('Started'),
      task.startedAt !== undefined ? new Date(task.startedAt).toISOString() : undefined,
    ],
    [vscode.l10n.t('Ended'), task.endedAt !== undefined ? new Date(task.endedAt).toISOString() : undefined],
    [vscode.l10n.t('Error code'), task.error?.code],
    [vscode.l10n.t('Error'), task.error?.message],
    [vscode.l10n.t('Request ID'), model.requestId],
    [vscode.l10n.t('Loaded'), timeText(model.loadedAt, now)],
  ];
  return lines
    .filter((line): line is [string, string] => line[1] !== undefined && line[1] !== '')
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');
}

export function renderDetailsPage(options: {
  readonly body: string;
  readonly nonce: string;
  readonly cspSource: string;
  readonly styleUri: string;
  readonly codiconsUri: string;
  readonly scriptUri: string;
  readonly title: string;
}): string {
  const csp = webviewCsp(options.cspSource, options.nonce);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.codiconsUri)}">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<main id="details">${options.body}</main>
<script nonce="${options.nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>`;
}
