/**
 * One webview panel per task, brought forward when opened again. Panels follow the store:
 * a changed task is re-rendered in place, a vanished one is marked as gone.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { serviceEndpoint } from '../hss/endpoint';
import { sameTask, type Task } from '../tasks/identity';
import { type DetailsModel, detailsText, renderDetailsBody, renderDetailsPage } from './detailsHtml';
import type { ProjectSlot, Session } from './session';
import { taskLabel } from './taskItems';

export const DETAILS_VIEW_TYPE = 'hssBackupTasks.taskDetails';

/** The only messages a details page may send. */
const ACTIONS = new Set(['copyDetails', 'copyError', 'refresh', 'openConsole']);

interface OpenPanel {
  readonly panel: vscode.WebviewPanel;
  /** The project the task belongs to. */
  readonly slot: ProjectSlot;
  task: Task;
  gone: boolean;
  /** In-place updates sent to the page so far. */
  renders: number;
}

export class TaskDetailsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: Session,
    private readonly now: () => number = Date.now,
  ) {
    this.disposables.push(session.onDidChangeState((slot) => this.onStoreChanged(slot)));
  }

  /** The open panels by task id (prefixed by "project|" for a further project; read by tests). */
  get open(): ReadonlyMap<
    string,
    {
      readonly panel: vscode.WebviewPanel;
      readonly task: Task;
      readonly gone: boolean;
      readonly renders: number;
    }
  > {
    return this.panels;
  }

  show(taskId: string, project = ''): void {
    const key = project ? `${project}|${taskId}` : taskId;
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const slot = this.session.slot(project);
    const task = slot?.store.state.tasks.find((t) => t.id === taskId);
    if (!slot || !task) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('That task is no longer in the list; refresh the view.'),
      );
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      DETAILS_VIEW_TYPE,
      taskLabel(task),
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [media], enableFindWidget: true },
    );
    panel.iconPath = vscode.Uri.joinPath(media, 'task-details.svg');
    const entry: OpenPanel = { panel, slot, task, gone: false, renders: 0 };
    this.panels.set(key, entry);
    const nonce = randomBytes(16).toString('base64');
    panel.webview.html = renderDetailsPage({
      body: renderDetailsBody(this.model(entry)),
      nonce,
      cspSource: panel.webview.cspSource,
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.css')).toString(),
      codiconsUri: panel.webview
        .asWebviewUri(vscode.Uri.joinPath(media, 'codicons', 'codicon.css'))
        .toString(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.js')).toString(),
      title: taskLabel(task),
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(entry, message));
    panel.onDidDispose(() => this.panels.delete(key));
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private model(entry: OpenPanel): DetailsModel {
    const state = entry.slot.store.state;
    return {
      task: entry.task,
      gone: entry.gone,
      requestId: state.requestId,
      loadedAt: state.loadedAt,
      consoleAvailable: this.consoleUrl(entry.slot) !== undefined,
      now: this.now(),
    };
  }

  private onStoreChanged(slot: ProjectSlot): void {
    const open = [...this.panels.values()].filter((entry) => entry.slot === slot);
    if (open.length === 0) return;
    const state = slot.store.state;
    const tasks = new Map(state.tasks.map((task) => [task.id, task]));
    const complete = state.progress === undefined && !state.loading;
    for (const entry of open) {
      const task = tasks.get(entry.task.id);
      if (task) {
        const unchanged = !entry.gone && sameTask(task, entry.task);
        entry.task = task;
        entry.gone = false;
        if (unchanged) continue;
      } else if (complete && !entry.gone) {
        entry.gone = true;
      } else {
        continue;
      }
      entry.renders += 1;
      void entry.panel.webview.postMessage({ type: 'render', html: renderDetailsBody(this.model(entry)) });
    }
  }

  private async onMessage(entry: OpenPanel, message: unknown): Promise<void> {
    const type =
      typeof message === 'object' && message !== null && 'type' in message && typeof message.type === 'string'
        ? message.type
        : undefined;
    if (!type || !ACTIONS.has(type)) return;
    switch (type) {
      case 'copyDetails':
        await vscode.env.clipboard.writeText(detailsText(this.model(entry)));
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Task details copied'), 3000);
        return;
      case 'copyError':
        await vscode.env.clipboard.writeText(
          [entry.task.error?.code, entry.task.error?.message].filter(Boolean).join(': '),
        );
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Error copied'), 3000);
        return;
      case 'refresh':
        await vscode.commands.executeCommand('hssBackupTasks.refresh');
        return;
      case 'openConsole': {
        const url = this.consoleUrl(entry.slot);
        if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
        return;
      }
    }
  }

  /** The HSS console page of ransomware backups, for the configured region (none for sample data). */
  private consoleUrl(slot: ProjectSlot): string | undefined {
    const target = slot.target;
    if (target?.kind !== 'cloud' || !target.region) return undefined;
    const console = serviceEndpoint('console', target.region);
    // The console is one site per domain, not per region: keep the domain, drop the region label.
    const host = console.hostname.replace(/^console\.[^.]+\./, 'console.');
    return `https://${host}/hss/?region=${encodeURIComponent(target.region)}#/hss/ransomware/backup`;
  }
}
