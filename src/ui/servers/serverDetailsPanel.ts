/**
 * One webview panel per server, brought forward when opened again, re-rendered in place when
 * the server's coverage changes. Words are translated here; the HTML is built without VS Code.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { serviceEndpoint } from '../../hss/endpoint';
import type { AnyTaskStatus } from '../../hss/model';
import { type ServerCoverage, VAULT_NEARLY_FULL_RATIO } from '../../tasks/coverage';
import { formatLocalTime } from '../../tasks/format';
import type { Task } from '../../tasks/identity';
import type { ProjectSlot } from '../session/projectSlots';
import { statusInfo } from '../shared/statusTable';
import { readCoverageSettings } from './coverageSettings';
import { coverageInfo, lastGoodText, reasonText, serverFields } from './coverageTable';
import { renderServerBody, renderServerPage, type ServerPageModel, serverText } from './serverPageHtml';
import type { ServerSlot, ServerSlots } from './serverSlots';

export const SERVER_DETAILS_VIEW_TYPE = 'hssBackupTasks.serverDetails';
const ACTIONS = new Set(['showTasks', 'copy', 'refresh', 'openConsole', 'openTask']);
const DAY = 86_400_000;

interface OpenPanel {
  readonly panel: vscode.WebviewPanel;
  readonly slot: ServerSlot;
  entry: ServerCoverage<Task>;
  gone: boolean;
  renders: number;
}

export interface ServerDetailsDeps {
  readonly extensionUri: vscode.Uri;
  readonly servers: ServerSlots;
  readonly showTaskDetails: (taskId: string, project: string) => void;
  /** Filters the tasks view to one server by name. */
  readonly showTasks: (serverName: string) => Promise<void>;
  readonly now?: () => number;
}

export class ServerDetailsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  private readonly subscription: vscode.Disposable;
  private readonly now: () => number;

  constructor(private readonly deps: ServerDetailsDeps) {
    this.now = deps.now ?? Date.now;
    this.subscription = deps.servers.onDidChange((slot) => this.onChanged(slot));
  }

  /** Open panels by "project|server id" (read by tests). */
  get open(): ReadonlyMap<
    string,
    { readonly panel: vscode.WebviewPanel; readonly renders: number; readonly html: string }
  > {
    return new Map(
      [...this.panels].map(([key, entry]) => [
        key,
        { panel: entry.panel, renders: entry.renders, html: renderServerBody(this.model(entry)) },
      ]),
    );
  }

  show(id: string, project = ''): void {
    const key = `${project}|${id}`;
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const slot = this.deps.servers.slot(project);
    const entry = slot?.tracker.coverage?.servers.find((candidate) => candidate.id === id);
    if (!slot || !entry) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('That server is no longer in the list; refresh the view.'),
      );
      return;
    }
    const media = vscode.Uri.joinPath(this.deps.extensionUri, 'media');
    const title = entry.server.hostName ?? entry.server.hostId ?? id;
    const panel = vscode.window.createWebviewPanel(
      SERVER_DETAILS_VIEW_TYPE,
      title,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [media],
        enableFindWidget: true,
      },
    );
    panel.iconPath = vscode.Uri.joinPath(media, 'task-details.svg');
    const open: OpenPanel = { panel, slot, entry, gone: false, renders: 0 };
    this.panels.set(key, open);
    const webview = panel.webview;
    const uri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(media, ...path)).toString();
    panel.webview.html = renderServerPage({
      body: renderServerBody(this.model(open)),
      nonce: randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      styleUris: [uri('details.css'), uri('server.css')],
      codiconsUri: uri('codicons', 'codicon.css'),
      scriptUri: uri('server.js'),
      title,
      language: vscode.env.language,
    });
    webview.onDidReceiveMessage((message: unknown) => this.onMessage(open, message));
    panel.onDidDispose(() => this.panels.delete(key));
  }

  dispose(): void {
    this.subscription.dispose();
    for (const { panel } of this.panels.values()) panel.dispose();
  }

  private onChanged(slot: ServerSlot): void {
    for (const open of this.panels.values()) {
      if (open.slot !== slot) continue;
      const coverage = slot.tracker.coverage;
      if (!coverage) continue;
      const entry = coverage.servers.find((candidate) => candidate.id === open.entry.id);
      if (entry === open.entry) continue;
      if (entry) {
        open.entry = entry;
        open.gone = false;
      } else if (!open.gone) {
        open.gone = true;
      } else {
        continue;
      }
      open.renders += 1;
      void open.panel.webview.postMessage({ type: 'render', html: renderServerBody(this.model(open)) });
    }
  }

  private async onMessage(open: OpenPanel, message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null || !('type' in message)) return;
    const type = typeof message.type === 'string' ? message.type : undefined;
    if (!type || !ACTIONS.has(type)) return;
    const server = open.entry.server;
    switch (type) {
      case 'showTasks':
        if (server.hostName) await this.deps.showTasks(server.hostName);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(serverText(this.model(open)));
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Server details copied'), 3000);
        return;
      case 'refresh':
        await vscode.commands.executeCommand('hssBackupTasks.refresh');
        return;
      case 'openConsole': {
        const url = consoleUrl(open.slot.project);
        if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
        return;
      }
      case 'openTask': {
        const id = 'id' in message && typeof message.id === 'string' ? message.id : undefined;
        // Only a task of this server: the page cannot name any other.
        if (id && open.entry.tasks.some((task) => task.id === id))
          this.deps.showTaskDetails(id, open.slot.key);
        return;
      }
    }
  }

  private model(open: OpenPanel): ServerPageModel {
    const { entry, slot } = open;
    const server = entry.server;
    const now = this.now();
    const maxAge = readCoverageSettings().maxBackupAgeDays;
    const info = coverageInfo(entry.state);
    const state = slot.store.state;
    const tasks = slot.project.store.state;
    const times = entry.tasks.flatMap((task) => (task.startedAt === undefined ? [] : [task.startedAt]));
    // The whole loaded range: from the list's last_days (or the oldest task when all are loaded).
    const lastDays = slot.project.store.currentScope?.query.lastDays;
    const from = Math.min(lastDays === undefined ? now - 14 * DAY : now - lastDays * DAY, ...times);
    const shown = new Set<AnyTaskStatus>(entry.tasks.map((task) => task.status));
    const percent = entry.vaultUsedRatio === undefined ? undefined : Math.round(entry.vaultUsedRatio * 100);
    const gb = (value: number | undefined) => (value === undefined ? '?' : `${value} GB`);
    return {
      title: server.hostName ?? server.hostId ?? entry.id,
      state: entry.state,
      stateLabel: info.label,
      stateCodicon: info.codicon,
      reasons: entry.reasons.map((reason) => reasonText(reason, server, maxAge)),
      lastGood: lastGoodText(entry, now),
      sections: serverFields(server).map((section) => ({ title: section.title, rows: section.rows })),
      vault:
        server.vaultId || server.vaultName || server.vaultSizeGB !== undefined
          ? {
              title: vscode.l10n.t('Vault usage'),
              text:
                percent === undefined
                  ? vscode.l10n.t('{0} used of {1}', gb(server.vaultUsedGB), gb(server.vaultSizeGB))
                  : vscode.l10n.t(
                      '{0} used of {1} ({2}%)',
                      gb(server.vaultUsedGB),
                      gb(server.vaultSizeGB),
                      percent,
                    ),
              ratio: entry.vaultUsedRatio,
              nearlyFull: (entry.vaultUsedRatio ?? 0) >= VAULT_NEARLY_FULL_RATIO,
            }
          : undefined,
      timeline: {
        title: vscode.l10n.t('Task history ({0} tasks)', entry.tasks.length),
        from,
        to: now,
        marks: entry.tasks.flatMap((task) =>
          task.startedAt === undefined
            ? []
            : [{ id: task.id, at: task.startedAt, status: task.status, label: markLabel(task) }],
        ),
        empty: vscode.l10n.t('No task of this server in the loaded range.'),
        ticks: [
          { at: from, text: formatLocalTime(from).slice(0, 10) },
          { at: now, text: vscode.l10n.t('now') },
        ],
        legend: (['success', 'failed', 'timeout', 'skipped', 'running', 'waiting', 'unknown'] as const)
          .filter((status) => shown.has(status))
          .map((status) => ({ status, text: statusInfo(status).label })),
        ariaLabel: vscode.l10n.t('Task history of {0}: one mark per task', server.hostName ?? entry.id),
      },
      footer: [
        [vscode.l10n.t('Request ID'), state.requestId],
        [
          vscode.l10n.t('Servers loaded'),
          state.loadedAt === undefined ? undefined : formatLocalTime(state.loadedAt),
        ],
        [
          vscode.l10n.t('Tasks loaded'),
          tasks.loadedAt === undefined ? undefined : formatLocalTime(tasks.loadedAt),
        ],
      ],
      actions: {
        showTasks: vscode.l10n.t('Show Tasks'),
        copy: vscode.l10n.t('Copy Details'),
        refresh: vscode.l10n.t('Refresh'),
        openConsole: consoleUrl(slot.project) ? vscode.l10n.t('Open in HSS Console') : undefined,
      },
      stale: open.gone
        ? vscode.l10n.t('This server is no longer in the list. What follows is its last known state.')
        : undefined,
    };
  }
}

function markLabel(task: Task): string {
  const parts = [statusInfo(task.status).label];
  if (task.backupName) parts.push(task.backupName);
  if (task.startedAt !== undefined) parts.push(formatLocalTime(task.startedAt));
  if (task.error?.code || task.error?.message)
    parts.push([task.error.code, task.error.message].filter(Boolean).join(': '));
  return parts.join(' · ');
}

/** The HSS console's ransomware server page, for the configured region (none for sample data). */
function consoleUrl(slot: ProjectSlot): string | undefined {
  const target = slot.target;
  if (target?.kind !== 'cloud' || !target.region) return undefined;
  const host = serviceEndpoint('console', target.region).hostname.replace(/^console\.[^.]+\./, 'console.');
  return `https://${host}/hss/?region=${encodeURIComponent(target.region)}#/hss/ransomware/protection`;
}
