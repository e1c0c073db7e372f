/**
 * Task details in webview panels. A click shows a task in the one preview panel, replacing what it
 * showed; "Keep Open" pins it (then the next click opens a new preview). Panels follow the store:
 * a changed task is re-rendered in place, one left out by the filters is marked hidden, one the
 * service no longer lists is marked gone; relative times are refreshed while a page is open.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { serviceEndpoint } from '../../hss/endpoint';
import { type Absence, absenceOf } from '../../tasks/absence';
import type { TaskFilters } from '../../tasks/filters';
import { sameTask, type Task } from '../../tasks/identity';
import type { ProjectSlot } from '../session/projectSlots';
import type { Session } from '../session/session';
import { taskLabel } from '../tasks/taskItems';
import { type DetailsModel, detailsText, renderDetailsBody, renderDetailsPage } from './detailsHtml';
import { detailsWords } from './detailsWords';

export const DETAILS_VIEW_TYPE = 'hssBackupTasks.taskDetails';

/** The only messages a details page may send. */
const ACTIONS = new Set([
  'ready',
  'copyDetails',
  'copyError',
  'refresh',
  'openConsole',
  'keepOpen',
  'clearFilters',
]);

/** How often open pages are checked for relative times ("5 minutes ago") that have moved on. */
export const DETAILS_TICK_MS = 30_000;

interface OpenPanel {
  readonly panel: vscode.WebviewPanel;
  /** The project the task belongs to. */
  slot: ProjectSlot;
  /** The key in the panel map: "project|task id", or the task id for the primary project. */
  key: string;
  task: Task;
  /** Why the task is not in the list now; undefined while it is. */
  absence?: Absence;
  /** The filters the task was last listed under. */
  filtersWhenSeen: TaskFilters;
  /** The last load's request id and time, kept while a reload is under way. */
  requestId?: string;
  loadedAt?: number;
  /** The preview is replaced by the next click; a pinned panel stays with its task. */
  pinned: boolean;
  /** The body last sent, so a refresh that changes nothing sends nothing. */
  body: string;
  /** In-place updates sent to the page so far. */
  renders: number;
  /** The page's script has run (it said so). */
  ready: boolean;
}

export class TaskDetailsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  private preview?: OpenPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: Session,
    /** The clock of relative times; tests move it to see a page's times move on. */
    public now: () => number = Date.now,
  ) {
    this.disposables.push(session.onDidChangeState((slot) => this.onStoreChanged(slot)));
    this.ticker = setInterval(() => this.tick(), DETAILS_TICK_MS);
  }

  /** The open panels by task id (prefixed by "project|" for a further project; read by tests). */
  get open(): ReadonlyMap<
    string,
    {
      readonly panel: vscode.WebviewPanel;
      readonly task: Task;
      readonly gone: boolean;
      readonly hidden: boolean;
      readonly pinned: boolean;
      readonly renders: number;
      /** The body of the page as last sent. */
      readonly body: string;
      readonly ready: boolean;
    }
  > {
    const view = new Map<
      string,
      {
        panel: vscode.WebviewPanel;
        task: Task;
        gone: boolean;
        hidden: boolean;
        pinned: boolean;
        renders: number;
        body: string;
        ready: boolean;
      }
    >();
    for (const [key, entry] of this.panels) {
      view.set(key, {
        panel: entry.panel,
        task: entry.task,
        gone: entry.absence === 'gone',
        hidden: entry.absence === 'hidden',
        pinned: entry.pinned,
        renders: entry.renders,
        body: entry.body,
        ready: entry.ready,
      });
    }
    return view;
  }

  /** Shows a task: in its pinned panel if it has one, else in the preview (`pin`: and keeps it). */
  show(taskId: string, project = '', options: { pin?: boolean } = {}): void {
    const key = project ? `${project}|${taskId}` : taskId;
    const existing = this.panels.get(key);
    if (existing) {
      if (options.pin) this.pin(existing);
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
    const preview = this.preview;
    if (preview && !options.pin) {
      // The preview moves to the new task, as a single click in the Explorer replaces a preview.
      this.panels.delete(preview.key);
      Object.assign(preview, {
        key,
        slot,
        task,
        absence: undefined,
        filtersWhenSeen: this.session.filterState.filters,
        requestId: undefined,
        loadedAt: undefined,
      });
      this.panels.set(key, preview);
      this.retitle(preview);
      this.render(preview, true);
      // The count is of this task's updates in place; showing it is not one.
      preview.renders = 0;
      preview.panel.reveal();
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      DETAILS_VIEW_TYPE,
      panelTitle(task),
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [media], enableFindWidget: true },
    );
    const entry: OpenPanel = {
      panel,
      slot,
      key,
      task,
      filtersWhenSeen: this.session.filterState.filters,
      pinned: options.pin === true,
      body: '',
      renders: 0,
      ready: false,
    };
    this.panels.set(key, entry);
    if (!entry.pinned) this.preview = entry;
    this.retitle(entry);
    entry.body = renderDetailsBody(this.model(entry), detailsWords());
    const nonce = randomBytes(16).toString('base64');
    panel.webview.html = renderDetailsPage({
      body: entry.body,
      nonce,
      cspSource: panel.webview.cspSource,
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.css')).toString(),
      codiconsUri: panel.webview
        .asWebviewUri(vscode.Uri.joinPath(media, 'codicons', 'codicon.css'))
        .toString(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.js')).toString(),
      title: panelTitle(task),
      language: vscode.env.language,
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(entry, message));
    panel.onDidDispose(() => {
      if (this.panels.get(entry.key) === entry) this.panels.delete(entry.key);
      if (this.preview === entry) this.preview = undefined;
    });
  }

  /** Re-renders the open pages whose text has moved on (relative times); returns how many. */
  tick(): number {
    let sent = 0;
    for (const entry of this.panels.values()) if (this.render(entry, false)) sent++;
    return sent;
  }

  dispose(): void {
    clearInterval(this.ticker);
    for (const { panel } of this.panels.values()) panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private pin(entry: OpenPanel): void {
    if (entry.pinned) return;
    entry.pinned = true;
    if (this.preview === entry) this.preview = undefined;
    this.retitle(entry);
    this.render(entry, false);
  }

  /** "server · backup", so two tasks of one server have different tabs; the status as the icon. */
  private retitle(entry: OpenPanel): void {
    entry.panel.title = panelTitle(entry.task);
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    entry.panel.iconPath = vscode.Uri.joinPath(media, `status-${entry.task.status}.svg`);
  }

  /** Sends the body if it changed (or always, with `force`); true when sent. */
  private render(entry: OpenPanel, force: boolean): boolean {
    const body = renderDetailsBody(this.model(entry), detailsWords());
    if (!force && body === entry.body) return false;
    entry.body = body;
    entry.renders += 1;
    void entry.panel.webview.postMessage({ type: 'render', html: body });
    return true;
  }

  private model(entry: OpenPanel): DetailsModel {
    const state = entry.slot.store.state;
    // A reload clears the store's request id until it finishes: the page keeps the last one.
    if (state.requestId !== undefined) entry.requestId = state.requestId;
    if (state.loadedAt !== undefined) entry.loadedAt = state.loadedAt;
    return {
      task: entry.task,
      gone: entry.absence === 'gone',
      hidden: entry.absence === 'hidden',
      pinned: entry.pinned,
      requestId: entry.requestId,
      loadedAt: entry.loadedAt,
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
    const filters = this.session.filterState.filters;
    for (const entry of open) {
      const task = tasks.get(entry.task.id);
      if (task) {
        const statusChanged = task.status !== entry.task.status;
        const unchanged = entry.absence === undefined && sameTask(task, entry.task);
        entry.task = task;
        entry.absence = undefined;
        entry.filtersWhenSeen = filters;
        if (statusChanged) this.retitle(entry);
        if (unchanged && complete) {
          // The same task; the page still shows the new request id and load time.
          this.render(entry, false);
          continue;
        }
        if (unchanged) continue;
      } else if (complete) {
        const absence = absenceOf(entry.task, {
          filters,
          filtersWhenSeen: entry.filtersWhenSeen,
          defaultLastDays: this.session.settings.lastDays,
          now: this.now(),
        });
        if (absence === entry.absence) continue;
        entry.absence = absence;
      } else {
        continue;
      }
      this.render(entry, true);
    }
  }

  private async onMessage(entry: OpenPanel, message: unknown): Promise<void> {
    const type =
      typeof message === 'object' && message !== null && 'type' in message && typeof message.type === 'string'
        ? message.type
        : undefined;
    if (!type || !ACTIONS.has(type)) return;
    switch (type) {
      case 'ready':
        entry.ready = true;
        return;
      case 'copyDetails':
        await vscode.env.clipboard.writeText(detailsText(this.model(entry), detailsWords()));
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
      case 'keepOpen':
        this.pin(entry);
        return;
      case 'clearFilters':
        await vscode.commands.executeCommand('hssBackupTasks.clearFilters');
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

export function panelTitle(task: Task): string {
  return task.backupName ? `${taskLabel(task)} · ${task.backupName}` : taskLabel(task);
}
