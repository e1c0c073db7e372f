/** Wiring only: build the pieces, register them, dispose them. */
import * as vscode from 'vscode';
import { Poller } from './tasks/poller';
import { TaskStore } from './tasks/store';
import { applyGroupMode, registerCommands } from './ui/commands';
import { CredentialStore } from './ui/credentialStore';
import { CredentialErrorPrompter } from './ui/errorPrompter';
import { FailureNotifier } from './ui/failureNotifier';
import { FilterState } from './ui/filterState';
import { ExtensionLog } from './ui/log';
import { externalSample, Session, VIEW_ID } from './ui/session';
import { FailureStatusBar } from './ui/statusBar';
import { TaskDetailsPanels } from './ui/taskDetailsPanel';
import { TaskTreeProvider } from './ui/taskTree';
import { viewBadge, viewMessage } from './ui/viewMessage';

/** What tests and other extensions may reach. */
export interface HssBackupTasksApi {
  readonly store: TaskStore;
  readonly session: Session;
  readonly tree: TaskTreeProvider;
  readonly treeView: vscode.TreeView<unknown>;
  readonly statusBar: FailureStatusBar;
  readonly details: TaskDetailsPanels;
  readonly poller: Poller;
  readonly notifier: FailureNotifier;
  readonly credentialPrompter: CredentialErrorPrompter;
  readonly log: ExtensionLog;
  readonly activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<HssBackupTasksApi> {
  const started = performance.now();
  const log = new ExtensionLog();
  const store = new TaskStore();
  const credentials = new CredentialStore(context.secrets);
  const filters = new FilterState(context.workspaceState);
  const version = String(context.extension.packageJSON.version ?? '0');
  const session = new Session(
    store,
    credentials,
    context.secrets,
    filters,
    log,
    `hss-backup-tasks/${version}`,
  );

  const tree = new TaskTreeProvider(store, () => session.ready);
  const treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const details = new TaskDetailsPanels(context.extensionUri, store, session);
  const statusBar = new FailureStatusBar(store, session);

  const poller = new Poller(store, { intervalMs: session.settings.autoRefreshMs });
  // Polls only while someone can see the result: the view or the status-bar item, focused window.
  const updatePolling = () => {
    poller.setInterval(session.settings.autoRefreshMs);
    poller.setAllowed(vscode.window.state.focused && (treeView.visible || statusBar.visible));
  };
  const credentialPrompter = new CredentialErrorPrompter(store);
  const notifier = new FailureNotifier(
    store,
    () => session.settings.notifications,
    (id) => details.show(id),
  );

  const updateView = () => {
    treeView.message = viewMessage(session, store.state, filters.filters);
    treeView.badge = viewBadge(store.state);
  };
  const onState = store.onDidChangeState(() => {
    updateView();
    updatePolling();
  });

  context.subscriptions.push(
    log,
    { dispose: () => store.dispose() },
    { dispose: () => onState.dispose() },
    session,
    filters,
    tree,
    treeView,
    vscode.window.registerFileDecorationProvider(tree),
    details,
    statusBar,
    session.onDidChange(updateView),
    session.onDidChange(updatePolling),
    treeView.onDidChangeVisibility(updatePolling),
    vscode.window.onDidChangeWindowState(updatePolling),
    { dispose: () => poller.dispose() },
    notifier,
    credentialPrompter,
    ...registerCommands({
      session,
      store,
      tree,
      workspaceState: context.workspaceState,
      credentials,
      log,
      showTaskDetails: (id) => details.show(id),
    }),
  );

  // Loading starts now but is not awaited: activation stays fast and the view shows progress.
  void (externalSample() ? session.startSample() : session.reload());
  updatePolling();
  void applyGroupMode({ tree, workspaceState: context.workspaceState });
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return {
    store,
    session,
    log,
    tree,
    treeView: treeView as vscode.TreeView<unknown>,
    statusBar,
    details,
    poller,
    notifier,
    credentialPrompter,
    activationMs,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
