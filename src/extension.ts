/** Wiring only: build the pieces, register them, dispose them. */
import * as vscode from 'vscode';
import { TaskStore } from './tasks/store';
import { registerCommands } from './ui/commands';
import { CredentialStore } from './ui/credentialStore';
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

  const updateView = () => {
    treeView.message = viewMessage(session, store.state, filters.filters);
    treeView.badge = viewBadge(store.state);
  };
  const onState = store.onDidChangeState(updateView);

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
    ...registerCommands({ session, store, credentials, log, showTaskDetails: (id) => details.show(id) }),
  );

  // Loading starts now but is not awaited: activation stays fast and the view shows progress.
  void (externalSample() ? session.startSample() : session.reload());
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
    activationMs,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
