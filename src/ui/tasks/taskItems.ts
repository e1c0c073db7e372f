/** Builds the tree items of tasks and groups from the model, with the words of the status table. */
import * as vscode from 'vscode';
import type { AnyTaskStatus } from '../../hss/model';
import {
  formatCount,
  formatDuration,
  formatLocalTime,
  formatRelative,
  progressBar,
} from '../../tasks/format';
import { GROUP_ORDER, type ServerGroup } from '../../tasks/grouping';
import type { Task } from '../../tasks/identity';
import { statusIcon, statusInfo } from '../shared/statusTable';

// Read once for the row builder, which runs for every task: the bundle reaches `vscode.X`
// through a getter each time.
const { TreeItem } = vscode;
const NOT_EXPANDABLE = vscode.TreeItemCollapsibleState.None;

export function taskLabel(task: Task): string {
  return task.hostName ?? task.hostId ?? vscode.l10n.t('(unnamed server)');
}

/** The display language, read once: VS Code restarts the extension host when it changes. */
let language: string | undefined;
function displayLanguage(): string {
  language ??= vscode.env.language;
  return language;
}

const SEPARATOR = ' · ';

/** "a · b", leaving out an empty part. */
function joined(first: string | undefined, second: string | undefined): string | undefined {
  if (!first) return second;
  return second ? `${first}${SEPARATOR}${second}` : first;
}

/**
 * The progress decoration: a bar and elapsed time while running, what and when once finished.
 * What matters comes first, because a sidebar of the default width (about 300 px) cuts the end
 * off: the bar while running, when it was queued, when a finished task ended and how long it
 * took; the backup name last. Built for every one of 10,000 rows, so strings are joined directly.
 */
export function taskDescription(task: Task, now: number, remainingMs?: number): string {
  const locale = displayLanguage();
  const backup = task.backupName || undefined;
  if (task.status === 'running') {
    const bar = progressBar(task.progress ?? 0);
    if (remainingMs !== undefined)
      return joined(bar, vscode.l10n.t('~{0} left', formatDuration(remainingMs, locale))) ?? bar;
    return task.startedAt === undefined
      ? bar
      : (joined(bar, formatDuration(now - task.startedAt, locale)) ?? bar);
  }
  if (task.status === 'waiting') {
    const queued =
      task.startedAt === undefined
        ? undefined
        : vscode.l10n.t('queued {0}', formatRelative(task.startedAt, now, locale));
    return joined(queued, backup) ?? '';
  }
  const end = task.endedAt ?? task.startedAt;
  let text = end === undefined ? undefined : formatRelative(end, now, locale);
  if (task.startedAt !== undefined && task.endedAt !== undefined && task.endedAt >= task.startedAt) {
    text = joined(text, formatDuration(task.endedAt - task.startedAt, locale));
  }
  return joined(text, backup) ?? '';
}

/** contextValue as a list of flags, matched in menus with `viewItem =~ /flag/`. */
export function taskContextValue(task: Task): string {
  // One string per status and error flag, built once: the same few are shared by every row.
  const known = task.error ? contextWithError : contextWithoutError;
  let value = known.get(task.status);
  if (value === undefined) {
    const info = statusInfo(task.status);
    value = [
      'task',
      task.status,
      info.problem ? 'problem' : '',
      info.active ? 'active' : '',
      task.error ? 'hasError' : '',
    ]
      .filter(Boolean)
      .join(' ');
    known.set(task.status, value);
  }
  return value;
}

const contextWithError = new Map<AnyTaskStatus, string>();
const contextWithoutError = new Map<AnyTaskStatus, string>();

function timeLine(label: string, time: number | undefined, now: number): string | undefined {
  if (time === undefined) return undefined;
  return `${label}: ${formatLocalTime(time)} (${formatRelative(time, now, displayLanguage())})`;
}

/** Every field, each escaped: host names and messages come from the API and are untrusted. */
export function taskTooltip(task: Task, now: number): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  const info = statusInfo(task.status);
  tooltip.appendMarkdown(`$(${info.codicon.replace(/~spin$/, '')}) **`);
  tooltip.appendText(info.label + (task.rawStatus ? ` (${task.rawStatus})` : ''));
  tooltip.appendMarkdown('**\n\n');
  const lines: (string | undefined)[] = [
    `${vscode.l10n.t('Server')}: ${task.hostName ?? '—'}`,
    `${vscode.l10n.t('Server ID')}: ${task.hostId ?? '—'}`,
    `${vscode.l10n.t('Backup')}: ${task.backupName ?? '—'}`,
    task.progress !== undefined ? `${vscode.l10n.t('Progress')}: ${task.progress}%` : undefined,
    timeLine(vscode.l10n.t('Started'), task.startedAt, now),
    timeLine(vscode.l10n.t('Ended'), task.endedAt, now),
    task.startedAt !== undefined && task.endedAt !== undefined
      ? `${vscode.l10n.t('Duration')}: ${formatDuration(task.endedAt - task.startedAt, displayLanguage())}`
      : undefined,
    task.error?.code ? `${vscode.l10n.t('Error code')}: ${task.error.code}` : undefined,
    task.error?.message ? `${vscode.l10n.t('Error')}: ${truncate(task.error.message, 400)}` : undefined,
  ];
  for (const line of lines) {
    if (line === undefined) continue;
    tooltip.appendText(line);
    tooltip.appendMarkdown('  \n');
  }
  return tooltip;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * A task's row. `project` names the tree it is in ("" for the primary project): it prefixes the
 * id and goes into the task URI. The command is left for resolveTreeItem (see taskCommand).
 */
export function buildTaskItem(task: Task, now: number, remainingMs?: number, project = ''): vscode.TreeItem {
  const label = taskLabel(task);
  const item = new TreeItem(label, NOT_EXPANDABLE);
  item.id = project ? `${project}/task:${task.id}` : `task:${task.id}`;
  const description = taskDescription(task, now, remainingMs);
  item.description = description;
  item.iconPath = statusIcon(task.status);
  // The tooltip (every field, escaped) is built on hover, in resolveTreeItem.
  item.contextValue = taskContextValue(task);
  // No resourceUri: a file-decoration badge would repeat the percent the description shows.
  item.accessibilityInformation = { label: `${label}, ${statusInfo(task.status).label}, ${description}` };
  return item;
}

/**
 * What a click on (or Enter in) a task's row runs. VS Code asks resolveTreeItem for the command
 * of a row that has none when it is opened, so rows are built without one: VS Code would otherwise
 * keep every row's command and arguments in its own tables, for rows that are never opened.
 */
export function taskCommand(taskId: string, project = ''): vscode.Command {
  showDetailsTitle ??= vscode.l10n.t('Show Task Details');
  return {
    command: 'hssBackupTasks.showTaskDetails',
    title: showDetailsTitle,
    arguments: project ? [taskId, project] : [taskId],
  };
}

let showDetailsTitle: string | undefined;

export function buildGroupItem(status: AnyTaskStatus, count: number, partial: boolean): vscode.TreeItem {
  const info = statusInfo(status);
  const item = new vscode.TreeItem(
    info.label,
    info.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = `group:${status}`;
  const shown = formatCount(count, vscode.env.language);
  item.description = partial ? `${shown}…` : shown;
  item.iconPath = statusIcon(status);
  item.contextValue = `group ${status}`;
  item.accessibilityInformation = {
    label:
      count === 1
        ? vscode.l10n.t('{0}: 1 task', info.label)
        : vscode.l10n.t('{0}: {1} tasks', info.label, shown),
  };
  return item;
}

/** A server when grouping by server: its worst status as the icon, the counts as description. */
export function buildServerItem(group: Omit<ServerGroup, 'tasks'>): vscode.TreeItem {
  const label = group.hostName ?? group.hostId ?? vscode.l10n.t('(unnamed server)');
  const item = new vscode.TreeItem(
    label,
    statusInfo(group.worst).problem
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = `server:${group.key}`;
  item.iconPath = statusIcon(group.worst);
  const parts = GROUP_ORDER.filter((status) => group.counts[status] > 0).map((status) =>
    vscode.l10n.t('{0}: {1}', statusInfo(status).label, group.counts[status]),
  );
  item.description = parts.join(' · ');
  item.tooltip = new vscode.MarkdownString().appendText(
    [label, group.hostId ? `${vscode.l10n.t('Server ID')}: ${group.hostId}` : '', item.description]
      .filter(Boolean)
      .join('\n\n'),
  );
  item.contextValue = `server ${group.worst}`;
  item.accessibilityInformation = {
    label: `${label}, ${statusInfo(group.worst).label}, ${item.description}`,
  };
  return item;
}
