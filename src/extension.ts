/** Wiring only: build the pieces, register them, dispose them. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { prepareFormatters } from './tasks/format';
import type { Poller } from './tasks/poller';
import { TaskStore } from './tasks/store';
import { TaskCacheFiles } from './tasks/taskCache';
import { registerCredentialCommands } from './ui/credentials/credentialCommands';
import { CredentialSources } from './ui/credentials/credentialSources';
import { CredentialStore } from './ui/credentials/credentialStore';
import type { CredentialErrorPrompter } from './ui/credentials/errorPrompter';
import type { TaskDetailsPanels } from './ui/details/taskDetailsPanel';
import { ProjectsTreeProvider } from './ui/projects/projectsTree';
import { ProjectWatchers } from './ui/projects/projectWatchers';
import { ServerRiskNotifier } from './ui/servers/riskNotifier';
import { registerServerCommands, showServerTasks } from './ui/servers/serverCommands';
import type { ServerDetailsPanels } from './ui/servers/serverDetailsPanel';
import { ServerSlots } from './ui/servers/serverSlots';
import { atRiskCounts, SERVERS_VIEW_ID, ServerTreeProvider } from './ui/servers/serverTree';
import { FileMemento } from './ui/session/fileMemento';
import { FilterState } from './ui/session/filterState';
import { migrateRenamedSettings, watchRenamedSettings } from './ui/session/migrateSettings';
import { externalSample } from './ui/session/sampleData';
import { Session } from './ui/session/session';
import { Lazy, selectSourceModule, serverPagesModule, taskDetailsModule } from './ui/shared/lazyParts';
import { ExtensionLog } from './ui/shared/log';
import { VIEW_ID } from './ui/shared/viewIds';
import { FailureStatusBar } from './ui/statusBar/statusBar';
import type { FailureNotifier } from './ui/tasks/failureNotifier';
import { registerShowMore } from './ui/tasks/showMoreCommand';
import { TaskCacheSync } from './ui/tasks/taskCacheSync';
import { applyGroupMode, registerCommands } from './ui/tasks/taskCommands';
import { TaskTreeProvider } from './ui/tasks/taskTree';
import { scopeDescription, viewBadge, viewMessage } from './ui/tasks/viewMessage';

/** Set by the bundle's first line (see esbuild.mjs); undefined when run unbundled. */
declare const __hssBundleStarted: number | undefined;
/** Evaluating the bundle: from its first line to here, the end of the entry module's imports. */
const loadMs = typeof __hssBundleStarted === 'number' ? performance.now() - __hssBundleStarted : undefined;

/** What tests and other extensions may reach. */
export interface HssBackupTasksApi {
  readonly store: TaskStore;
  readonly session: Session;
  /** The primary project's task tree. */
  readonly tree: TaskTreeProvider;
  /** The view's tree: the primary project's, or one node per project. */
  readonly projectsTree: ProjectsTreeProvider;
  readonly watchers: ProjectWatchers;
  readonly treeView: vscode.TreeView<unknown>;
  readonly statusBar: FailureStatusBar;
  readonly details: TaskDetailsPanels;
  readonly poller: Poller;
  readonly notifier: FailureNotifier;
  readonly credentialPrompter: CredentialErrorPrompter;
  readonly log: ExtensionLog;
  /** The last complete list of each scope, kept for the next start. */
  readonly taskCache: TaskCacheSync;
  /** The Servers view: per-project server stores and coverage, its tree, pages and notifications. */
  readonly servers: {
    readonly slots: ServerSlots;
    readonly tree: ServerTreeProvider;
    readonly view: vscode.TreeView<unknown>;
    readonly details: ServerDetailsPanels;
    readonly notifier: ServerRiskNotifier;
  };
  /** The time `activate()` took. */
  readonly activationMs: number;
  /** The time evaluating the bundle took, before `activate()` was called (undefined unbundled). */
  readonly loadMs: number | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<HssBackupTasksApi> {
  const started = performance.now();
  const log = new ExtensionLog();
  // Before anything reads a setting: values under the old keys move to the new ones.
  await migrateRenamedSettings(log);
  const store = new TaskStore();
  const credentials = new CredentialStore(context.secrets);
  const filters = new FilterState(context.workspaceState);
  const version = String(context.extension.packageJSON.version ?? '0');
  const sources = new CredentialSources({ store: credentials, state: context.workspaceState, log });
  const session = new Session({
    store,
    createStore: () => new TaskStore(),
    credentials,
    secrets: context.secrets,
    filterState: filters,
    log,
    userAgent: `hss-backup-tasks/${version}`,
    sources,
    // Beside the kept lists, on the extension host's disk; the workbench's state where there is no disk.
    memory:
      context.globalStorageUri.scheme === 'file'
        ? new FileMemento(path.join(context.globalStorageUri.fsPath, 'state.json'))
        : context.globalState,
  });

  const taskCache = new TaskCacheSync({
    session,
    files:
      context.globalStorageUri.scheme === 'file'
        ? new TaskCacheFiles(context.globalStorageUri.fsPath)
        : undefined,
    log,
  });
  // A window opening: its kept list is read while the rest is built (not for the sample data).
  if (!externalSample()) {
    session.announceOpening();
    // While the file is read: the thread would wait anyway.
    setImmediate(() => prepareFormatters(vscode.env.language));
  }
  // A kept list previewed while the credentials are looked up is shown like any other.
  const tree = new TaskTreeProvider(store, () => session.ready || store.previewing);
  const projectsTree = new ProjectsTreeProvider(
    session,
    tree,
    (slot) =>
      new TaskTreeProvider(
        slot.store,
        () => slot.credential !== undefined || slot.store.previewing,
        slot.key,
      ),
  );
  const treeView = vscode.window.createTreeView(VIEW_ID, {
    treeDataProvider: projectsTree,
    showCollapseAll: true,
  });
  // The pages are bundles of their own, loaded when the first one opens.
  const details = new Lazy(() => new (taskDetailsModule().TaskDetailsPanels)(context.extensionUri, session));
  const serverSlots = new ServerSlots(session);
  const serverTree = new ServerTreeProvider(session, serverSlots);
  const serversView = vscode.window.createTreeView(SERVERS_VIEW_ID, {
    treeDataProvider: serverTree,
    showCollapseAll: true,
  });
  const serverDetails = new Lazy(
    () =>
      new (serverPagesModule().ServerDetailsPanels)({
        extensionUri: context.extensionUri,
        servers: serverSlots,
        showTaskDetails: (id, project) => details.value.show(id, project),
        showTasks: (name) => showServerTasks(filters, name),
      }),
  );
  const showServer = (id: string, project?: string) => serverDetails.value.show(id, project);
  const riskNotifier = new ServerRiskNotifier(serverSlots, showServer);
  // Not judged while a status filter hides tasks (the Servers view says so).
  const serverRisk = () =>
    !filters.filters.statuses?.length && serverSlots.all.some((slot) => slot.tracker.coverage)
      ? atRiskCounts(serverSlots.all)
      : undefined;
  const statusBar = new FailureStatusBar(session, { onDidChange: serverSlots.onDidChange, risk: serverRisk });
  const updateServersView = () => {
    const risk = serverRisk();
    serversView.badge =
      risk && risk.atRisk > 0
        ? { value: risk.atRisk, tooltip: vscode.l10n.t('{0} servers at risk', risk.atRisk) }
        : undefined;
    serversView.message = session.ready ? scopeDescription(session, filters.filters) : undefined;
  };
  const watchers = new ProjectWatchers(session, (id, project) => details.value.show(id, project));

  const updatePolling = () => {
    const seen = treeView.visible || statusBar.visible;
    watchers.setPollingAllowed(vscode.window.state.focused && seen, seen);
  };
  const updateView = () => {
    treeView.message = viewMessage(session, store.state, filters.filters, projectsTree.groupMode);
    treeView.badge = viewBadge(session.slots.map((slot) => slot.store.state));
  };

  context.subscriptions.push(
    log,
    watchRenamedSettings(log),
    { dispose: () => store.dispose() },
    session,
    sources,
    vscode.commands.registerCommand(
      'hssBackupTasks.selectCredentialSource',
      (source?: unknown, project?: unknown) =>
        selectSourceModule().selectCredentialSource({ session, sources }, source, project),
    ),
    registerShowMore(),
    taskCache,
    filters,
    tree,
    projectsTree,
    treeView,
    details,
    serverSlots,
    serverTree,
    serversView,
    serverDetails,
    riskNotifier,
    serverSlots.onDidChange(updateServersView),
    session.onDidChange(updateServersView),
    ...registerServerCommands({ filters, tree: serverTree, details: { show: showServer } }),
    statusBar,
    watchers,
    session.onDidChangeState(() => {
      updateView();
      updatePolling();
    }),
    projectsTree.onDidChangeGroupMode(updateView),
    session.onDidChange(() => {
      updateView();
      updatePolling();
    }),
    treeView.onDidChangeVisibility(updatePolling),
    vscode.window.onDidChangeWindowState(updatePolling),
    ...registerCredentialCommands({ session, credentials, log }),
    ...registerCommands({
      session,
      tree: projectsTree,
      workspaceState: context.workspaceState,
      log,
      showTaskDetails: (id, project) => details.value.show(id, project),
      expandProblemServers: async () => {
        // A server's row keeps the state the user left it in; reveal opens the ones that matter.
        for (const node of projectsTree.problemServers()) {
          await treeView.reveal(node, { expand: true, select: false, focus: false });
        }
      },
    }),
  );

  // Loading starts now but is not awaited: activation stays fast and the view shows progress.
  void (externalSample() ? session.startSample() : session.reload());
  updatePolling();
  void applyGroupMode({ tree: projectsTree, workspaceState: context.workspaceState });
  const activationMs = performance.now() - started;
  log.info(
    `Activated in ${activationMs.toFixed(1)} ms` +
      (loadMs === undefined ? '' : ` (after ${loadMs.toFixed(1)} ms loading the bundle)`),
  );
  return {
    store,
    session,
    log,
    tree,
    projectsTree,
    treeView: treeView as vscode.TreeView<unknown>,
    statusBar,
    // Asking for the pages (tests do) loads them.
    get details() {
      return details.value;
    },
    poller: watchers.primary.poller,
    notifier: watchers.primary.notifier,
    credentialPrompter: watchers.primary.prompter,
    watchers,
    taskCache,
    servers: {
      slots: serverSlots,
      tree: serverTree,
      view: serversView as vscode.TreeView<unknown>,
      get details() {
        return serverDetails.value;
      },
      notifier: riskNotifier,
    },
    activationMs,
    loadMs,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
