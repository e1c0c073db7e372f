/**
 * The Servers view: each project's servers grouped by coverage state, worst first, with counts.
 * Never throws from getChildren: loading, errors, an empty list and a stale list each become an
 * item. Node objects are kept per id, so refreshes keep expansion and selection.
 */
import * as vscode from 'vscode';
import { COVERAGE_STATES, type CoverageState, type ServerCoverage, stripText } from '../../tasks/coverage';
import { formatLocalTime } from '../../tasks/format';
import type { Task } from '../../tasks/identity';
import type { Session } from '../session/session';
import { describeError } from '../shared/errorText';
import { readCoverageSettings } from './coverageSettings';
import { coverageIcon, coverageInfo, lastGoodText, reasonText, serverFields } from './coverageTable';
import type { ServerSlot, ServerSlots } from './serverSlots';

export const SERVERS_VIEW_ID = 'hssBackupTasks.servers';

export type ServerNode =
  | { readonly kind: 'project'; readonly project: string }
  | { readonly kind: 'group'; readonly project: string; readonly state: CoverageState }
  | { readonly kind: 'server'; readonly project: string; readonly id: string }
  | {
      readonly kind: 'info';
      readonly project: string;
      readonly info:
        | 'loading'
        | 'error'
        | 'stale'
        | 'empty'
        | 'incomplete'
        | 'statusFilter'
        | 'noCredentials';
    };

export class ServerTreeProvider implements vscode.TreeDataProvider<ServerNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<ServerNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private readonly nodes = new Map<string, ServerNode>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly session: Session,
    private readonly servers: ServerSlots,
    private readonly now: () => number = Date.now,
  ) {
    this.subscriptions = [
      // A server store or its coverage changed: redraw only when what the view shows did. Every
      // redraw makes new tree items, and VS Code then drops the commands of the rows on screen: a
      // click landing in between says "command not found" (the living sample world reloads its
      // servers every 15-30 s, mostly to the same list).
      servers.onDidChange(() => this.redrawIfChanged()),
      servers.onDidChangeSlots(() => this.redraw()),
      session.onDidChange(() => this.redraw()),
      this.changes,
    ];
  }

  private shown?: string;

  private redraw(): void {
    this.shown = this.contentKey();
    this.changes.fire(undefined);
  }

  private redrawIfChanged(): void {
    if (this.contentKey() !== this.shown) this.redraw();
  }

  /** Everything the view's rows are made of, as text: equal texts draw equal trees. */
  private contentKey(): string {
    const now = this.now();
    const maxAge = readCoverageSettings().maxBackupAgeDays;
    return JSON.stringify(
      this.servers.all.map((slot) => {
        const state = slot.store.state;
        const tasks = slot.project.store.state;
        const coverage = slot.tracker.coverage;
        return [
          slot.key,
          state.scopeKey,
          // Loading shows only until there is a coverage; the time of the list only beside an error.
          !coverage && (state.loading || tasks.loading),
          state.error?.message,
          state.error ? state.loadedAt : undefined,
          state.complete,
          state.problem,
          state.servers.length,
          state.totalNum,
          tasks.error?.message,
          coverage?.servers.map((entry) => [
            entry.id,
            entry.state,
            // As shown: a reason's exact age moves on with every reading, its words do not.
            entry.reasons.map((reason) => reasonText(reason, entry.server, maxAge)),
            // Relative, so it moves on with the clock ("last good backup 5 min ago").
            lastGoodText(entry, now),
            entry.lastResult,
            entry.strip,
            entry.vaultUsedRatio,
            entry.server,
          ]),
        ];
      }),
    );
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** The coverage entry a server node shows. */
  entry(project: string, id: string): ServerCoverage<Task> | undefined {
    return this.servers.slot(project)?.tracker.coverage?.servers.find((entry) => entry.id === id);
  }

  getChildren(node?: ServerNode): ServerNode[] {
    try {
      if (!node) {
        if (!this.session.ready) return [];
        if (!this.session.multiProject) return this.projectChildren('');
        return this.servers.all.map((slot) => this.node({ kind: 'project', project: slot.key }));
      }
      if (node.kind === 'project') return this.projectChildren(node.project);
      if (node.kind === 'group') {
        const coverage = this.servers.slot(node.project)?.tracker.coverage;
        return (coverage?.servers ?? [])
          .filter((entry) => entry.state === node.state)
          .map((entry) => this.node({ kind: 'server', project: node.project, id: entry.id }));
      }
      return [];
    } catch {
      return [];
    }
  }

  getParent(node: ServerNode): ServerNode | undefined {
    if (node.kind === 'project') return undefined;
    if (node.kind === 'server') {
      const entry = this.entry(node.project, node.id);
      if (entry) return this.node({ kind: 'group', project: node.project, state: entry.state });
    }
    return this.session.multiProject ? this.node({ kind: 'project', project: node.project }) : undefined;
  }

  getTreeItem(node: ServerNode): vscode.TreeItem {
    switch (node.kind) {
      case 'project':
        return this.projectItem(node.project);
      case 'group':
        return this.groupItem(node.project, node.state);
      case 'server':
        return this.serverItem(node.project, node.id);
      case 'info':
        return this.infoItem(node.project, node.info);
    }
  }

  private projectChildren(project: string): ServerNode[] {
    const slot = this.servers.slot(project);
    if (!slot) return [];
    const info = (which: Extract<ServerNode, { kind: 'info' }>['info']) =>
      this.node({ kind: 'info', project, info: which });
    if (!slot.project.credential) return this.session.multiProject ? [info('noCredentials')] : [];
    const state = slot.store.state;
    const coverage = slot.tracker.coverage;
    const tasks = slot.project.store.state;
    if (!coverage) {
      if (state.error && state.servers.length === 0) return [info('error')];
      if (tasks.error && tasks.tasks.length === 0 && !tasks.loading) return [info('error')];
      return [info('loading')];
    }
    const children: ServerNode[] = [];
    if (state.error) children.push(info('stale'));
    if (!state.complete) children.push(info('incomplete'));
    // Coverage is judged on every task: with successes hidden every server would look at risk.
    if (this.session.filterState.filters.statuses?.length) return [...children, info('statusFilter')];
    if (coverage.servers.length === 0) return [...children, info('empty')];
    for (const stateName of COVERAGE_STATES) {
      if (coverage.counts[stateName] > 0)
        children.push(this.node({ kind: 'group', project, state: stateName }));
    }
    return children;
  }

  private node<T extends ServerNode>(node: T): T {
    const key = nodeId(node);
    const existing = this.nodes.get(key);
    if (existing) return existing as T;
    this.nodes.set(key, node);
    return node;
  }

  private projectItem(project: string): vscode.TreeItem {
    const slot = this.servers.slot(project);
    const target = slot?.project.target;
    const item = new vscode.TreeItem(
      target?.name ?? target?.label ?? project,
      vscode.TreeItemCollapsibleState.Expanded,
    );
    item.id = nodeId({ kind: 'project', project });
    item.contextValue = 'project';
    const coverage = slot?.tracker.coverage;
    if (!slot?.project.credential) {
      item.description = vscode.l10n.t('no credentials');
      item.iconPath = new vscode.ThemeIcon('key');
    } else if (slot.store.state.error && !coverage) {
      item.description = describeError(slot.store.state.error).message;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    } else if (coverage && this.session.filterState.filters.statuses?.length) {
      item.description = vscode.l10n.t('coverage not judged under a status filter');
      item.iconPath = new vscode.ThemeIcon('filter');
    } else if (coverage) {
      item.description = vscode.l10n.t(
        '{0} of {1} servers at risk',
        coverage.atRisk,
        coverage.servers.length,
      );
      item.iconPath = coverageIcon(coverage.atRisk > 0 ? 'notProtected' : 'covered');
    }
    return item;
  }

  private groupItem(project: string, state: CoverageState): vscode.TreeItem {
    const info = coverageInfo(state);
    const count = this.servers.slot(project)?.tracker.coverage?.counts[state] ?? 0;
    const item = new vscode.TreeItem(
      info.label,
      state === 'covered'
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.Expanded,
    );
    item.id = nodeId({ kind: 'group', project, state });
    item.description = String(count);
    item.iconPath = coverageIcon(state);
    item.contextValue = `coverageGroup ${state}`;
    const text =
      count === 1
        ? vscode.l10n.t('{0}: 1 server', info.label)
        : vscode.l10n.t('{0}: {1} servers', info.label, count);
    item.tooltip = text;
    item.accessibilityInformation = { label: text };
    return item;
  }

  private serverItem(project: string, id: string): vscode.TreeItem {
    const entry = this.entry(project, id);
    const item = new vscode.TreeItem(
      entry?.server.hostName ?? entry?.server.hostId ?? vscode.l10n.t('(no name)'),
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = nodeId({ kind: 'server', project, id });
    item.contextValue = 'server';
    if (!entry) return item;
    const now = this.now();
    const strip = stripText(entry.strip);
    const parts = [lastGoodText(entry, now), strip];
    if (entry.server.hostStatus === 'SHUTOFF') parts.unshift(vscode.l10n.t('shut off'));
    item.description = parts.join(' · ');
    item.iconPath = coverageIcon(entry.state);
    item.command = {
      command: 'hssBackupTasks.showServerDetails',
      title: vscode.l10n.t('Show Server Details'),
      arguments: [id, project],
    };
    item.tooltip = this.tooltip(entry, now);
    item.accessibilityInformation = {
      label: `${item.label as string}, ${coverageInfo(entry.state).label}, ${lastGoodText(entry, now)}`,
    };
    return item;
  }

  private tooltip(entry: ServerCoverage<Task>, now: number): vscode.MarkdownString {
    const maxAge = readCoverageSettings().maxBackupAgeDays;
    const tooltip = new vscode.MarkdownString();
    const line = (text: string) => {
      tooltip.appendText(text);
      tooltip.appendMarkdown('  \n');
    };
    tooltip.appendMarkdown('**');
    tooltip.appendText(
      `${entry.server.hostName ?? entry.server.hostId ?? ''} — ${coverageInfo(entry.state).label}`,
    );
    tooltip.appendMarkdown('**\n\n');
    for (const reason of entry.reasons) line(`• ${reasonText(reason, entry.server, maxAge)}`);
    line(lastGoodText(entry, now));
    line(vscode.l10n.t('Last {0} days: {1}', entry.strip.length, stripText(entry.strip)));
    for (const section of serverFields(entry.server)) {
      const rows = section.rows.filter(
        (row): row is [string, string] => row[1] !== undefined && row[1] !== '',
      );
      if (rows.length === 0) continue;
      tooltip.appendMarkdown('\n---\n\n**');
      tooltip.appendText(section.title);
      tooltip.appendMarkdown('**  \n');
      for (const [label, value] of rows) line(`${label}: ${value}`);
    }
    return tooltip;
  }

  private infoItem(project: string, info: Extract<ServerNode, { kind: 'info' }>['info']): vscode.TreeItem {
    const slot = this.servers.slot(project);
    const item = new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
    item.id = nodeId({ kind: 'info', project, info });
    item.contextValue = `info ${info}`;
    const error = slot?.store.state.error ?? slot?.project.store.state.error;
    switch (info) {
      case 'loading':
        item.label = vscode.l10n.t('Loading servers…');
        item.iconPath = new vscode.ThemeIcon('loading~spin');
        break;
      case 'error':
        item.label = error ? describeError(error).message : vscode.l10n.t('The servers could not be loaded.');
        item.description = error?.requestId ? vscode.l10n.t('request id {0}', error.requestId) : undefined;
        item.tooltip = error
          ? [describeError(error).message, describeError(error).detail].filter(Boolean).join('\n')
          : undefined;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.command = { command: 'hssBackupTasks.showLog', title: vscode.l10n.t('Show Log') };
        break;
      case 'stale': {
        const loadedAt = slot?.store.state.loadedAt;
        item.label = vscode.l10n.t(
          'Showing servers from {0} (refresh failed: {1})',
          loadedAt === undefined ? '' : formatLocalTime(loadedAt).slice(11, 16),
          error ? describeError(error).message : '',
        );
        item.iconPath = new vscode.ThemeIcon(
          'warning',
          new vscode.ThemeColor('problemsWarningIcon.foreground'),
        );
        item.command = { command: 'hssBackupTasks.showLog', title: vscode.l10n.t('Show Log') };
        break;
      }
      case 'incomplete':
        item.label = vscode.l10n.t(
          'Only {0} of {1} servers could be read; the list may be incomplete.',
          slot?.store.state.servers.length ?? 0,
          slot?.store.state.totalNum ?? 0,
        );
        item.tooltip = slot?.store.state.problem;
        item.iconPath = new vscode.ThemeIcon(
          'warning',
          new vscode.ThemeColor('problemsWarningIcon.foreground'),
        );
        break;
      case 'statusFilter':
        item.label = vscode.l10n.t('Coverage needs every task: clear the status filter to see it.');
        item.tooltip = vscode.l10n.t(
          'The task view shows only some statuses. Without the successes every server would look unprotected, so coverage is not judged until the status filter is cleared.',
        );
        item.iconPath = new vscode.ThemeIcon('filter');
        item.command = { command: 'hssBackupTasks.clearFilters', title: vscode.l10n.t('Clear Filters') };
        break;
      case 'empty':
        item.label = vscode.l10n.t('No servers in this scope.');
        item.iconPath = new vscode.ThemeIcon('info');
        break;
      case 'noCredentials':
        item.label = vscode.l10n.t('Set credentials for this project to see its servers.');
        item.iconPath = new vscode.ThemeIcon('key');
        break;
    }
    return item;
  }
}

export function nodeId(node: ServerNode): string {
  switch (node.kind) {
    case 'project':
      return `servers|project|${node.project}`;
    case 'group':
      return `servers|${node.project}|group|${node.state}`;
    case 'server':
      return `servers|${node.project}|server|${node.id}`;
    case 'info':
      return `servers|${node.project}|info|${node.info}`;
  }
}

/** The servers at risk of every project shown, for the view badge and the status bar. */
export function atRiskCounts(
  slots: readonly ServerSlot[],
): Record<CoverageState, number> & { atRisk: number } {
  const counts = { notProtected: 0, vaultProblem: 0, stale: 0, lastFailed: 0, covered: 0, atRisk: 0 };
  for (const slot of slots) {
    const coverage = slot.tracker.coverage;
    if (!coverage) continue;
    for (const state of COVERAGE_STATES) counts[state] += coverage.counts[state];
    counts.atRisk += coverage.atRisk;
  }
  return counts;
}
