/**
 * The task tree: maps store state onto VS Code. Never throws from getChildren; an error, an
 * empty list or a first load each become an item. Node objects are kept per id so a store
 * change refreshes exactly the nodes it touched.
 */
import * as vscode from 'vscode';
import type { AnyTaskStatus } from '../../hss/model';
import { formatCount } from '../../tasks/format';
import {
  compareServers,
  countByStatus,
  GROUP_ORDER,
  lostRows,
  type ServerGroup,
  serverKey,
  worstStatus,
} from '../../tasks/grouping';
import type { Task } from '../../tasks/identity';
import type { StoreChange, TaskStore } from '../../tasks/store';
import { describeError } from '../shared/errorText';
import { buildGroupItem, buildServerItem, buildTaskItem, taskCommand, taskTooltip } from './taskItems';

export type GroupMode = 'status' | 'server';

/** Task nodes a group shows before its "Show more" item; each use of that item shows this many more. */
export const GROUP_PAGE = 500;

/**
 * An element of the tree. Each knows the tree it came from, so the view over several projects
 * hands it back to its own tree without a lookup.
 */
export type TaskNode = { readonly tree: TaskTreeProvider } & (
  | (ParentNode & { readonly kind: 'group'; readonly status: AnyTaskStatus })
  | (ParentNode & { readonly kind: 'server'; readonly key: string })
  | TaskRow
  | MoreNode
  | { readonly kind: 'loading' }
  | { readonly kind: 'error' }
  | { readonly kind: 'setCredentials' }
  | { readonly kind: 'empty' }
);

/**
 * What a status group's or server's node keeps about its children: those last handed to VS Code.
 * From a whole-tree refresh until VS Code reads the root again, a group answers with them: VS Code
 * redraws each refreshed node on its own, and a group refresh asked for before, read after the
 * list changed, redrew rows away while another group's redraw moved them into sight ("Data tree
 * node not found"). The whole-tree refresh that follows reads every group afresh, in one pass.
 */
interface ParentNode {
  shown?: TaskNode[];
}

/** A task's node: one object per task id for as long as the task is listed. */
export interface TaskRow {
  readonly kind: 'task';
  readonly id: string;
  readonly tree: TaskTreeProvider;
  /** The latest reading of the task, replaced in place when a refresh brings a new one. */
  task: Task;
  /** The tree's generation when the task was last listed; an older one means it is gone. */
  generation: number;
}

/** "Show 500 more…" at the end of a group that holds more tasks than it shows. */
export interface MoreNode {
  readonly kind: 'more';
  readonly tree: TaskTreeProvider;
  /** The group it belongs to: `status:{status}` or `server:{key}`. */
  readonly group: string;
}

type GroupNode = TaskNode & { readonly kind: 'group' };
type ServerNode = TaskNode & { readonly kind: 'server' };

/** A server's tasks and counts, kept up to date as tasks are appended. */
interface ServerBucket extends Omit<ServerGroup, 'tasks'> {
  hostName?: string;
  worst: AnyTaskStatus;
  readonly rows: TaskRow[];
}

export class TaskTreeProvider implements vscode.TreeDataProvider<TaskNode> {
  private readonly treeChanges = new vscode.EventEmitter<TaskNode | TaskNode[] | undefined>();
  readonly onDidChangeTreeData = this.treeChanges.event;

  /** The status groups in display order, each with its task nodes (newest first). */
  private groups: { readonly status: AnyTaskStatus; readonly rows: TaskRow[] }[] = [];
  private groupsByStatus = new Map<AnyTaskStatus, TaskRow[]>();
  /** The servers in display order (grouping by server only). */
  private servers: ServerBucket[] = [];
  private serversByKey = new Map<string, ServerBucket>();
  private mode: GroupMode = 'status';
  private readonly groupNodes = new Map<AnyTaskStatus, GroupNode>();
  private readonly serverNodes = new Map<string, ServerNode>();
  private readonly moreNodes = new Map<string, MoreNode>();
  /** Task nodes shown per group (`status:…`/`server:…`) beyond the first GROUP_PAGE. */
  private readonly limits = new Map<string, number>();
  /** Every listed task's node, by task id. */
  private rows = new Map<string, TaskRow>();
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];
  /** Whether the root currently shows an info item (loading, error, empty) instead of groups. */
  private rootShowsInfo = true;
  // The info items are this tree's own: two projects' trees never share an element.
  private readonly loadingNode: TaskNode = { kind: 'loading', tree: this };
  private readonly errorNode: TaskNode = { kind: 'error', tree: this };
  private readonly emptyNode: TaskNode = { kind: 'empty', tree: this };
  private readonly setCredentialsNode: TaskNode = { kind: 'setCredentials', tree: this };

  constructor(
    private readonly store: TaskStore,
    private readonly isConfigured: () => boolean,
    /** The project this tree shows ("" for the primary one): prefixes ids, names task URIs. */
    readonly project = '',
    private readonly now: () => number = Date.now,
  ) {
    this.rebuild();
    const onTasks = store.onDidChangeTasks((change) => this.onTasksChanged(change));
    const onState = store.onDidChangeState(() => this.onStateChanged());
    this.disposables.push({ dispose: () => onTasks.dispose() }, { dispose: () => onState.dispose() });
  }

  task(id: string): Task | undefined {
    return this.rows.get(id)?.task;
  }

  /** A node for the "set credentials" action, shown by the view in place of this tree's tasks. */
  credentialsNode(): TaskNode {
    return this.setCredentialsNode;
  }

  get groupMode(): GroupMode {
    return this.mode;
  }

  /** Groups by status (the default) or by server; the whole tree is redrawn. */
  setGroupMode(mode: GroupMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.rebuild();
    this.fire(undefined);
  }

  getTreeItem(node: TaskNode): vscode.TreeItem {
    if (node.kind === 'task' && node.generation === this.generation) {
      // The hot path: up to 10,000 of these per redraw. The project goes into the item's id and
      // URI as it is built.
      const task = node.task;
      const remaining = task.status === 'running' ? this.store.remainingMs(task.id) : undefined;
      return buildTaskItem(task, this.now(), remaining, this.project);
    }
    const item = this.buildItem(node);
    // Ids are per project, so two projects' groups and tasks never collide.
    if (this.project && item.id) item.id = `${this.project}/${item.id}`;
    return item;
  }

  private buildItem(node: TaskNode): vscode.TreeItem {
    const state = this.store.state;
    switch (node.kind) {
      case 'group': {
        const rows = this.groupsByStatus.get(node.status);
        return buildGroupItem(node.status, rows?.length ?? 0, state.progress !== undefined);
      }
      case 'server': {
        const server = this.serversByKey.get(node.key);
        return server ? buildServerItem(server) : new vscode.TreeItem(node.key);
      }
      case 'more': {
        const rows = this.rowsOf(node.group) ?? [];
        const left = rows.length - this.limitOf(node.group);
        const locale = vscode.env.language;
        const item = new vscode.TreeItem(
          vscode.l10n.t('Show {0} more…', formatCount(Math.min(GROUP_PAGE, Math.max(0, left)), locale)),
        );
        item.id = `more:${node.group}`;
        item.description = vscode.l10n.t('{0} not shown', formatCount(Math.max(0, left), locale));
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = 'more';
        item.command = {
          command: 'hssBackupTasks.showMoreTasks',
          title: vscode.l10n.t('Show More Tasks'),
          arguments: [node],
        };
        return item;
      }
      case 'task': {
        // No id: the task's own id may be back on a new node, and two elements may not share one.
        return new vscode.TreeItem(vscode.l10n.t('(task no longer listed)'));
      }
      case 'loading': {
        const item = new vscode.TreeItem(vscode.l10n.t('Loading tasks…'));
        item.id = 'info:loading';
        item.iconPath = new vscode.ThemeIcon('loading~spin');
        return item;
      }
      case 'error': {
        const error = state.error;
        const text = error ? describeError(error) : { message: vscode.l10n.t('Loading failed.'), detail: '' };
        const item = new vscode.TreeItem(text.message);
        item.id = 'info:error';
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.description = error?.requestId ? vscode.l10n.t('request id {0}', error.requestId) : undefined;
        item.tooltip = new vscode.MarkdownString().appendText(
          [
            text.message,
            text.detail,
            error?.requestId ? vscode.l10n.t('Request id: {0}', error.requestId) : '',
          ]
            .filter(Boolean)
            .join('\n\n'),
        );
        item.contextValue = `error ${error?.kind ?? ''}`;
        item.command = { command: 'hssBackupTasks.showLog', title: vscode.l10n.t('Show Log') };
        return item;
      }
      case 'setCredentials': {
        const item = new vscode.TreeItem(vscode.l10n.t('Set IAM Token…'));
        item.id = 'info:setCredentials';
        item.iconPath = new vscode.ThemeIcon('key');
        item.command = {
          command: 'hssBackupTasks.setToken',
          title: vscode.l10n.t('Set IAM Token'),
          arguments: this.project ? [undefined, this.project] : [],
        };
        return item;
      }
      case 'empty': {
        const item = new vscode.TreeItem(vscode.l10n.t('No backup or restore tasks match the filters.'));
        item.id = 'info:empty';
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }

  /** Tooltips on hover and commands on open: only for the rows a user hovers or opens. */
  resolveTreeItem(item: vscode.TreeItem, node: TaskNode): vscode.TreeItem {
    if (node.kind === 'task') {
      item.command ??= taskCommand(node.id, this.project);
      if (node.generation === this.generation) item.tooltip ??= taskTooltip(node.task, this.now());
    }
    return item;
  }

  /** What VS Code reads: the children it is handed are remembered (see ParentNode). */
  getChildren(node?: TaskNode): TaskNode[] {
    try {
      if (!node) this.redrawing = false;
      else if (this.redrawing && (node.kind === 'group' || node.kind === 'server') && node.shown) {
        return node.shown;
      }
      const children = this.childrenOf(node);
      if (node?.kind === 'group' || node?.kind === 'server') node.shown = children;
      return children;
    } catch (error) {
      console.error('HSS Backup Tasks: tree failed', error);
      return [];
    }
  }

  /** The children as they are now, for the extension's own use (not VS Code's reading). */
  currentChildren(node?: TaskNode): TaskNode[] {
    return this.childrenOf(node);
  }

  /** Set by a whole-tree refresh, until VS Code reads the root again. */
  private redrawing = false;

  private childrenOf(node: TaskNode | undefined): TaskNode[] {
    if (!node) return this.rootChildren();
    const group =
      node.kind === 'server'
        ? `server:${node.key}`
        : node.kind === 'group'
          ? `status:${node.status}`
          : undefined;
    if (group === undefined) return [];
    // A page of the group: VS Code draws every child it is given, and 36,000 at once freeze it.
    const rows = this.rowsOf(group) ?? [];
    const limit = this.limitOf(group);
    const children: TaskNode[] = rows.slice(0, limit);
    if (rows.length > limit) children.push(this.moreNode(group));
    return children;
  }

  /** Shows GROUP_PAGE more tasks of the group of a "Show more" item; only that group is refreshed. */
  showMore(node: MoreNode): void {
    const rows = this.rowsOf(node.group);
    if (!rows) return;
    this.limits.set(node.group, this.limitOf(node.group) + GROUP_PAGE);
    const parent = this.parentOfGroup(node.group);
    if (parent) this.fire([parent]);
  }

  /** Task nodes the group shows now. */
  limitOf(group: string): number {
    return this.limits.get(group) ?? GROUP_PAGE;
  }

  private rowsOf(group: string): readonly TaskRow[] | undefined {
    if (group.startsWith('status:')) return this.groupsByStatus.get(group.slice(7) as AnyTaskStatus);
    return this.serversByKey.get(group.slice(7))?.rows;
  }

  private parentOfGroup(group: string): TaskNode | undefined {
    if (group.startsWith('status:')) {
      const status = group.slice(7) as AnyTaskStatus;
      return this.mode === 'status' && this.groupsByStatus.has(status) ? this.groupNode(status) : undefined;
    }
    const key = group.slice(7);
    return this.mode === 'server' && this.serversByKey.has(key) ? this.serverNode(key) : undefined;
  }

  private moreNode(group: string): MoreNode {
    let node = this.moreNodes.get(group);
    if (!node) {
      node = { kind: 'more', group, tree: this };
      this.moreNodes.set(group, node);
    }
    return node;
  }

  getParent(node: TaskNode): TaskNode | undefined {
    if (node.kind === 'more') return this.parentOfGroup(node.group);
    if (node.kind !== 'task' || node.generation !== this.generation) return undefined;
    const task = node.task;
    return this.mode === 'server' ? this.serverNode(serverKey(task)) : this.groupNode(task.status);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.treeChanges.dispose();
  }

  private rootChildren(): TaskNode[] {
    const state = this.store.state;
    if (!this.isConfigured()) return [];
    if (this.mode === 'server' && this.servers.length > 0) {
      return this.servers.map((server) => this.serverNode(server.key));
    }
    if (this.groups.length > 0) return this.groups.map((group) => this.groupNode(group.status));
    if (state.loading) return [this.loadingNode];
    if (state.error)
      return state.error.kind === 'credentials'
        ? [this.errorNode, this.setCredentialsNode]
        : [this.errorNode];
    if (state.loadedAt !== undefined) return [this.emptyNode];
    return [this.loadingNode];
  }

  private groupNode(status: AnyTaskStatus): GroupNode {
    let node = this.groupNodes.get(status);
    if (!node) {
      node = { kind: 'group', status, tree: this };
      this.groupNodes.set(status, node);
    }
    return node;
  }

  private serverNode(key: string): ServerNode {
    let node = this.serverNodes.get(key);
    if (!node) {
      node = { kind: 'server', key, tree: this };
      this.serverNodes.set(key, node);
    }
    return node;
  }

  /**
   * Each task's node (the one it had, so VS Code keeps its place, selection and expansion), the id
   * map and the groups. Nodes of tasks that are gone leave with the old map, and the generation
   * tells a node VS Code still holds that it is out of date.
   */
  private rebuild(): void {
    const tasks = this.store.state.tasks;
    const previous = this.rows;
    const rows: typeof this.rows = new Map();
    const generation = ++this.generation;
    this.groupsByStatus = new Map();
    this.serversByKey = new Map();
    for (const task of tasks) {
      let row = previous.get(task.id);
      if (row) {
        row.task = task;
        row.generation = generation;
      } else {
        row = { kind: 'task', id: task.id, task, generation, tree: this };
      }
      rows.set(task.id, row);
      this.place(row);
    }
    this.rows = rows;
    this.orderGroups();
  }

  /**
   * Adds a task's node at the end of its group (and server); returns whether a group or server was
   * new. Counts and the server's worst status follow.
   */
  private place(row: TaskRow): boolean {
    const task = row.task;
    let created = false;
    let bucket = this.groupsByStatus.get(task.status);
    if (!bucket) {
      bucket = [];
      this.groupsByStatus.set(task.status, bucket);
      created = true;
    }
    bucket.push(row);
    if (this.mode !== 'server') return created;
    const key = serverKey(task);
    let server = this.serversByKey.get(key);
    if (!server) {
      server = {
        key,
        hostId: task.hostId,
        hostName: undefined,
        rows: [],
        counts: countByStatus([]),
        worst: 'unknown',
      };
      this.serversByKey.set(key, server);
      created = true;
    }
    server.rows.push(row);
    server.counts[task.status] += 1;
    server.hostName ??= task.hostName;
    server.worst = worstStatus(server.counts);
    return created;
  }

  /** The groups in GROUP_ORDER and the servers worst first: a few dozen, whatever the task count. */
  private orderGroups(): void {
    this.groups = GROUP_ORDER.flatMap((status) => {
      const rows = this.groupsByStatus.get(status);
      return rows ? [{ status, rows }] : [];
    });
    this.servers = this.mode === 'server' ? [...this.serversByKey.values()].sort(compareServers) : [];
  }

  /** The top level's shape: when it changes, the whole tree is redrawn. */
  private topLevelKey(): string {
    return this.mode === 'server'
      ? this.servers.map((server) => `${server.key}:${server.worst}`).join(',')
      : this.groups.map((group) => group.status).join(',');
  }

  /**
   * Tasks appended at the end of the list (a first load as it arrives): their nodes go at the end
   * of their groups, and only the groups whose counts changed are refreshed. Nothing else is
   * visited, so a load shown in a hundred steps costs what it costs in one.
   */
  private onTasksAppended(change: StoreChange): void {
    const groupsBefore = this.topLevelKey();
    const generation = this.generation;
    const touched = new Set<TaskNode>();
    let created = false;
    for (const task of change.added) {
      const row: TaskRow = { kind: 'task', id: task.id, task, generation, tree: this };
      this.rows.set(task.id, row);
      if (this.place(row)) created = true;
      touched.add(this.mode === 'server' ? this.serverNode(serverKey(task)) : this.groupNode(task.status));
    }
    if (created || this.mode === 'server') this.orderGroups();
    if (this.rootShowsInfo || this.topLevelKey() !== groupsBefore) {
      this.fire(undefined);
      return;
    }
    if (touched.size > 0) this.fire([...touched]);
  }

  private onTasksChanged(change: StoreChange): void {
    if (change.appended && !change.reset) {
      this.onTasksAppended(change);
      return;
    }
    const groupsBefore = this.topLevelKey();
    this.rebuild();
    const groupsAfter = this.topLevelKey();
    if (change.reset || groupsBefore !== groupsAfter || this.rootShowsInfo) {
      this.fire(undefined);
      return;
    }
    if (lostRows(change, this.mode)) {
      // A group (or server) that loses rows is redrawn with the whole tree, in one pass: VS Code
      // redraws refreshed nodes one by one, and rows leaving one group while another's redraw
      // moves them into sight is the "Data tree node not found" it logs.
      this.fire(undefined);
      return;
    }
    if (this.mode === 'server') {
      this.fire(this.serverChanges(change));
      return;
    }
    // Groups that gained tasks are refreshed with their children; other changed tasks alone (no
    // task changed group: that is a loss for the group it left).
    const touchedGroups = new Set(change.added.map((task) => task.status));
    const nodes: TaskNode[] = [];
    for (const { after } of change.changed) {
      const row = this.rows.get(after.id);
      if (row && !touchedGroups.has(after.status)) nodes.push(row);
    }
    nodes.push(...[...touchedGroups].map((status) => this.groupNode(status)));
    if (nodes.length > 0) this.fire(nodes);
  }

  /** Servers whose counts changed (with their children), and other changed tasks alone. */
  private serverChanges(change: StoreChange): TaskNode[] {
    const touched = new Set(change.added.map(serverKey));
    for (const { before, after } of change.changed) {
      if (before.status !== after.status || before.hostName !== after.hostName) touched.add(serverKey(after));
    }
    const nodes: TaskNode[] = change.changed
      .filter(({ after }) => !touched.has(serverKey(after)))
      .flatMap(({ after }) => this.rows.get(after.id) ?? []);
    return [...nodes, ...[...touched].map((key) => this.serverNode(key))];
  }

  private onStateChanged(): void {
    const showsInfo = this.groups.length === 0;
    if (showsInfo || showsInfo !== this.rootShowsInfo) {
      this.fire(undefined);
    } else if (this.mode === 'status' && (this.store.state.progress !== undefined || this.partialShown)) {
      // Group counts carry "…" while a first load is partial.
      this.fire(this.groups.map((group) => this.groupNode(group.status)));
    }
    this.partialShown = this.store.state.progress !== undefined;
  }

  private partialShown = false;

  private fire(nodes: TaskNode[] | undefined): void {
    if (nodes?.length === 0) return;
    if (nodes === undefined) this.redrawing = true;
    this.rootShowsInfo = this.groups.length === 0;
    this.treeChanges.fire(nodes);
  }
}
