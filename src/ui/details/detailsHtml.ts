/**
 * The task-details page as HTML, without VS Code: the adapter (detailsWords.ts) hands it every
 * word already translated. Every value from the API passes through `escapeHtml`: host names,
 * backup names, raw statuses and error messages are untrusted text.
 */
import type { AnyTaskStatus } from '../../hss/model';
import { formatDuration, formatLocalTime, formatRelative } from '../../tasks/format';
import type { Task } from '../../tasks/identity';
import { isProblemStatus } from '../../tasks/statusCategories';
import { codiconClasses, escapeHtml, type WebviewDocument, webviewDocument } from '../shared/webviewHtml';

/** The page's words and the look of statuses, translated by the adapter. */
export interface DetailsWords {
  /** The display language (VS Code's `env.language`), for times and the page's `lang`. */
  readonly language: string;
  readonly hiddenBanner: string;
  readonly goneBanner: string;
  readonly clearFilters: string;
  readonly status: string;
  readonly progress: string;
  readonly server: string;
  readonly serverId: string;
  readonly backup: string;
  readonly started: string;
  readonly ended: string;
  readonly duration: string;
  readonly elapsed: string;
  readonly error: string;
  readonly errorCode: string;
  readonly code: string;
  readonly noCode: string;
  readonly noMessage: string;
  readonly copyError: string;
  readonly whatToDo: string;
  readonly unknownCode: string;
  readonly requestId: string;
  readonly loaded: string;
  readonly copyDetails: string;
  readonly refresh: string;
  readonly keepOpen: string;
  readonly keepOpenTitle: string;
  readonly openConsole: string;
  statusLabel(status: AnyTaskStatus): string;
  statusCodicon(status: AnyTaskStatus): string;
  /** The server's name, its id, or "(unnamed server)". */
  taskLabel(task: Task): string;
  /** What to do about an error code, when it is a known one. */
  errorHint(code: string | undefined): string | undefined;
}

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

function timeText(time: number | undefined, now: number, language: string): string | undefined {
  return time === undefined ? undefined : `${formatLocalTime(time)} (${formatRelative(time, now, language)})`;
}

/** The body of the page; re-rendered in place when the task changes. */
export function renderDetailsBody(model: DetailsModel, words: DetailsWords): string {
  const { task, now } = model;
  const { language } = words;
  const parts: string[] = [];
  if (model.hidden) {
    parts.push(
      `<div class="banner" role="status">${escapeHtml(words.hiddenBanner)} <button type="button" class="secondary" data-action="clearFilters">${escapeHtml(words.clearFilters)}</button></div>`,
    );
  } else if (model.gone) {
    parts.push(`<div class="banner" role="status">${escapeHtml(words.goneBanner)}</div>`);
  }
  const statusClass = `status status-${task.status}`;
  parts.push(`<header><h1>${escapeHtml(words.taskLabel(task))}</h1>`);
  parts.push(
    `<p class="${statusClass}"><span class="codicon ${codiconClasses(words.statusCodicon(task.status))}" aria-hidden="true"></span>${escapeHtml(words.statusLabel(task.status))}${
      task.rawStatus ? ` <code>${escapeHtml(task.rawStatus)}</code>` : ''
    }</p></header>`,
  );
  if (task.status === 'running' || (task.status === 'waiting' && task.progress !== undefined)) {
    const percent = Math.min(100, Math.max(0, task.progress ?? 0));
    parts.push(
      `<div class="progress"><progress max="100" value="${percent}" aria-label="${escapeHtml(words.progress)}">${percent}%</progress><span>${percent}%</span></div>`,
    );
  }
  const duration =
    task.startedAt !== undefined
      ? formatDuration(
          (task.endedAt ?? (task.status === 'running' ? now : task.startedAt)) - task.startedAt,
          language,
        )
      : undefined;
  parts.push('<table class="fields"><tbody>');
  parts.push(row(words.server, task.hostName));
  parts.push(row(words.serverId, task.hostId, 'mono'));
  parts.push(row(words.backup, task.backupName, 'mono'));
  parts.push(row(words.progress, task.progress !== undefined ? `${task.progress}%` : undefined));
  parts.push(row(words.started, timeText(task.startedAt, now, language)));
  parts.push(row(words.ended, timeText(task.endedAt, now, language)));
  parts.push(row(task.endedAt !== undefined ? words.duration : words.elapsed, duration));
  parts.push('</tbody></table>');

  if (isProblemStatus(task.status) || task.error) {
    const code = task.error?.code;
    const hint = words.errorHint(code);
    parts.push(
      `<section class="error" aria-labelledby="error-title"><h2 id="error-title">${escapeHtml(words.error)}</h2>`,
    );
    parts.push(
      `<p class="error-code"><span>${escapeHtml(words.code)}:</span> <code>${escapeHtml(code ?? words.noCode)}</code></p>`,
    );
    parts.push(`<pre class="error-message">${escapeHtml(task.error?.message ?? words.noMessage)}</pre>`);
    parts.push(
      `<button type="button" class="secondary" data-action="copyError">${escapeHtml(words.copyError)}</button>`,
    );
    parts.push(
      `<p class="hint"><strong>${escapeHtml(words.whatToDo)}:</strong> ${escapeHtml(
        hint ?? words.unknownCode,
      )}</p></section>`,
    );
  }

  const loaded = model.loadedAt !== undefined ? timeText(model.loadedAt, now, language) : undefined;
  parts.push('<footer><table class="fields"><tbody>');
  parts.push(row(words.requestId, model.requestId, 'mono'));
  parts.push(row(words.loaded, loaded));
  parts.push('</tbody></table>');
  parts.push('<div class="actions">');
  parts.push(`<button type="button" data-action="copyDetails">${escapeHtml(words.copyDetails)}</button>`);
  parts.push(
    `<button type="button" class="secondary" data-action="refresh">${escapeHtml(words.refresh)}</button>`,
  );
  if (model.pinned === false) {
    parts.push(
      `<button type="button" class="secondary" data-action="keepOpen" title="${escapeHtml(words.keepOpenTitle)}">${escapeHtml(words.keepOpen)}</button>`,
    );
  }
  if (model.consoleAvailable) {
    parts.push(
      `<button type="button" class="secondary" data-action="openConsole">${escapeHtml(words.openConsole)}</button>`,
    );
  }
  parts.push('</div></footer>');
  return parts.join('\n');
}

/** Plain text of the same, for "Copy details". */
export function detailsText(model: DetailsModel, words: DetailsWords): string {
  const { task, now } = model;
  const { language } = words;
  const lines: [string, string | undefined][] = [
    [words.status, words.statusLabel(task.status) + (task.rawStatus ? ` (${task.rawStatus})` : '')],
    [words.server, task.hostName],
    [words.serverId, task.hostId],
    [words.backup, task.backupName],
    [words.progress, task.progress !== undefined ? `${task.progress}%` : undefined],
    [words.started, task.startedAt !== undefined ? new Date(task.startedAt).toISOString() : undefined],
    [words.ended, task.endedAt !== undefined ? new Date(task.endedAt).toISOString() : undefined],
    [words.errorCode, task.error?.code],
    [words.error, task.error?.message],
    [words.requestId, model.requestId],
    [words.loaded, timeText(model.loadedAt, now, language)],
  ];
  return lines
    .filter((line): line is [string, string] => line[1] !== undefined && line[1] !== '')
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');
}

/** The whole page around its body: the task page's one stylesheet beside the codicons. */
export function renderDetailsPage(
  options: Omit<WebviewDocument, 'styleUris'> & { readonly styleUri: string },
): string {
  const { styleUri, ...rest } = options;
  return webviewDocument({ ...rest, styleUris: [styleUri] });
}
