/**
 * The view's tree: one project's task tree as it is, or with several projects (the
 * `HSS.projects` setting) one node per project above each project's own tree, each
 * loaded on its own and showing its own errors.
 */
import * as vscode from 'vscode';
import { ROW_TICK_MS, rowsWhoseTimeChanged } from '../../tasks/clockText';
import { countByStatus } from '../../tasks/grouping';
import { knownHostNames, serverNameOf } from '../../tasks/hostNames';
import type { Task } from '../../tasks/identity';
import { describeSource } from '../credentials/sourceText';
import type { ProjectSlot } from '../session/projectSlots';
import type { Session } from '../session/session';
import { describeError } from '../shared/errorText';
import { statusInfo } from '../shared/statusTable';
import { type GroupMode, type TaskNode, TaskTreeProvider } from '../tasks/taskTree';

export type ViewNode = TaskNode | { readonly kind: 'project'; readonly key: string };

export class ProjectsTreeProvider implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<ViewNode | ViewNode[] | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private readonly trees = new Map<string, { tree: TaskTreeProvider; subscriptions: vscode.Disposable[] }>();
  private readonly projectNodes = new Map<string, ViewNode>();
  private readonly subscription: vscode.Disposable;
  private mode: GroupMode = 'status';
  private readonly modeChanges = new vscode.EventEmitter<GroupMode>();
  readonly onDidChangeGroupMode = this.modeChanges.event;
  /** Nodes whose children VS Code has asked for: only their rows may be refreshed alone. */
  private readonly fetched = new WeakSet<object>();
  /** host_id → name per project, from every list seen (a filtered list may lack the named rows). */
  private readonly names = new Map<string, Map<string, string>>();
  private readonly namesRead = new WeakSet<readonly Task[]>();
  private lastTick: number;
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor(
    private readonly session: Session,
    primary: TaskTreeProvider,
    private readonly createTree: (slot: ProjectSlot) => TaskTreeProvider,
    private readonly now: () => number = Date.now,
  ) {
    this.adopt('', primary);
    this.subscription = session.onDidChangeSlots((slots) => this.sync(slots));
    this.lastTick = now();
    this.ticker = setInterval(() => this.tickTimes(), ROW_TICK_MS);
  }

  /** The server nodes (grouping by server) with a failed or timed-out task, of every project. */
  problemServers(): TaskNode[] {
    const servers: TaskNode[] = [];
    for (const tree of this.projectTrees) {
      for (const node of tree.currentChildren()) {
        if (node.kind !== 'server') continue;
        const tasks = tree.currentChildren(node);
        if (tasks.some((task) => task.kind === 'task' && statusInfo(task.task.status).problem))
          servers.push(node);
      }
    }
    return servers;
  }

  /**
   * Refreshes the rows whose relative time reads differently at `now` than at the last tick
   * ("queued 2 minutes ago" → "3 minutes ago"), and no other row. Returns the rows refreshed.
   */
  tickTimes(now = this.now()): TaskNode[] {
    const before = this.lastTick;
    this.lastTick = now;
    const rows: TaskNode[] = [];
    for (const tree of this.projectTrees) {
      for (const top of tree.currentChildren()) {
        if (top.kind === 'task') rows.push(top);
        else if (this.fetched.has(top)) rows.push(...tree.currentChildren(top));
      }
    }
    const language = vscode.env.language;
    const changed = rowsWhoseTimeChanged(
      rows,
      (node) => (node.kind === 'task' ? node.task : undefined),
      before,
      now,
      language,
    );
    if (changed.length > 0) this.changes.fire(changed);
    return changed;
  }

  /** Every project's task tree, the primary one first. */
  get projectTrees(): TaskTreeProvider[] {
    return [...this.trees.values()].map((entry) => entry.tree);
  }

  get groupMode(): GroupMode {
    return this.mode;
  }

  setGroupMode(mode: GroupMode): void {
    const changed = mode !== this.mode;
    this.mode = mode;
    for (const tree of this.projectTrees) tree.setGroupMode(mode);
    if (changed) this.modeChanges.fire(mode);
  }

  /** The project a node belongs to ("" for the primary one). */
  projectOf(node: object): string {
    return 'tree' in node && node.tree instanceof TaskTreeProvider ? node.tree.project : '';
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    if (node.kind === 'project') return this.projectItem(node.key);
    const item = node.tree.getTreeItem(node);
    if (node.kind === 'task') return this.taskItem(node.task, node.tree.project, item);
    if (node.kind === 'server' && item.label === node.key) {
      // A server known only by its id in this list: the name an earlier list gave it.
      const name = this.namesOf(node.tree.project).get(node.key);
      if (name) item.label = name;
    }
    if (node.kind === 'setCredentials' && this.session.multiProject && item.command) {
      // The credential commands know projects by name; the first project's tree has no key of its
      // own, so without the name its action would ask which project.
      const name = this.session.slot(node.tree.project)?.target?.name;
      if (name) item.command = { ...item.command, arguments: [undefined, name] };
    }
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: ViewNode): vscode.TreeItem {
    if (node.kind === 'project') return item;
    return node.tree.resolveTreeItem(item, node);
  }

  getChildren(node?: ViewNode): ViewNode[] {
    if (node) this.fetched.add(node);
    if (!node) {
      if (!this.session.multiProject) return this.childrenOf(this.trees.get('')?.tree);
      return this.session.slots.map((slot) => this.projectNode(slot.key));
    }
    if (node.kind === 'project') {
      const tree = this.trees.get(node.key)?.tree;
      const slot = this.session.slot(node.key);
      if (tree && !slot?.credential && !slot?.store.previewing) {
        // No credential for this project yet: the way to set one, in place of its tasks.
        return [tree.credentialsNode()];
      }
      return this.childrenOf(tree);
    }
    return this.childrenOf(node.tree, node);
  }

  getParent(node: ViewNode): ViewNode | undefined {
    if (node.kind === 'project') return undefined;
    const parent = node.tree.getParent(node);
    if (parent) return parent;
    return this.session.multiProject ? this.projectNode(node.tree.project) : undefined;
  }

  dispose(): void {
    clearInterval(this.ticker);
    this.modeChanges.dispose();
    this.subscription.dispose();
    for (const [key, entry] of this.trees) {
      for (const subscription of entry.subscriptions) subscription.dispose();
      if (key !== '') entry.tree.dispose();
    }
    this.changes.dispose();
  }

  /**
   * A task row as the view shows it: a row without host_name takes the name other rows give its
   * host_id; inside a server (grouping by server) the row does not repeat the server's name, and
   * leads with what it says about the task.
   */
  private taskItem(task: Task, project: string, item: vscode.TreeItem): vscode.TreeItem {
    if (this.mode === 'server') {
      const description = typeof item.description === 'string' ? item.description : '';
      item.label = description || statusInfo(task.status).label;
      item.description = undefined;
      item.accessibilityInformation = { label: `${statusInfo(task.status).label}, ${item.label}` };
      return item;
    }
    if (task.hostName === undefined && task.hostId !== undefined) {
      const name = serverNameOf(task, this.namesOf(project));
      if (name) {
        item.label = name;
        const description = typeof item.description === 'string' ? item.description : '';
        item.accessibilityInformation = {
          label: `${name}, ${statusInfo(task.status).label}, ${description}`,
        };
      }
    }
    return item;
  }

  /** The names known for a project's hosts, with its current list read in. */
  private namesOf(project: string): ReadonlyMap<string, string> {
    let names = this.names.get(project);
    if (!names) {
      names = new Map();
      this.names.set(project, names);
    }
    const tasks = this.session.slot(project)?.store.state.tasks;
    if (tasks && !this.namesRead.has(tasks)) {
      this.namesRead.add(tasks);
      for (const [id, name] of knownHostNames(tasks)) names.set(id, name);
    }
    return names;
  }

  private childrenOf(tree: TaskTreeProvider | undefined, node?: TaskNode): ViewNode[] {
    if (!tree) return [];
    return tree.getChildren(node);
  }

  private projectNode(key: string): ViewNode {
    let node = this.projectNodes.get(key);
    if (!node) {
      node = { kind: 'project', key };
      this.projectNodes.set(key, node);
    }
    return node;
  }

  /** A project: its name, where it is, and its failures or its error. */
  private projectItem(key: string): vscode.TreeItem {
    const slot = this.session.slot(key);
    const target = slot?.target;
    const label = target?.name ?? target?.label ?? key;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `project:${key}`;
    item.contextValue = 'project';
    const state = slot?.store.state;
    const parts = [target?.label];
    if (!slot?.credential && !slot?.store.previewing) {
      parts.push(vscode.l10n.t('no credentials'));
      item.iconPath = new vscode.ThemeIcon('key');
    } else if (state?.error) {
      parts.push(describeError(state.error).message);
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    } else if (state) {
      const counts = countByStatus(state.tasks);
      const failures = counts.failed + counts.timeout;
      parts.push(
        failures > 0
          ? vscode.l10n.t('{0}: {1}', statusInfo('failed').label, failures)
          : vscode.l10n.t('{0} tasks', state.tasks.length),
      );
      item.iconPath = new vscode.ThemeIcon(failures > 0 ? 'error' : 'cloud');
    }
    item.description = parts.filter(Boolean).join(' · ');
    // Where this project's credential came from, as the message line says it for a single project.
    const source = slot?.credentialSource?.source;
    item.tooltip = new vscode.MarkdownString().appendText(
      [
        label,
        target ? `${target.endpoint.host} · ${target.projectId}` : '',
        item.description,
        source ? vscode.l10n.t('Credentials: {0}', describeSource(source)) : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    return item;
  }

  /** Keeps one task tree per project; re-fires its changes in this tree's terms. */
  private sync(slots: readonly ProjectSlot[]): void {
    const keys = new Set(slots.map((slot) => slot.key));
    for (const [key, entry] of this.trees) {
      if (keys.has(key)) continue;
      for (const subscription of entry.subscriptions) subscription.dispose();
      entry.tree.dispose();
      this.trees.delete(key);
      this.projectNodes.delete(key);
    }
    for (const slot of slots) {
      if (this.trees.has(slot.key)) continue;
      const tree = this.createTree(slot);
      tree.setGroupMode(this.mode);
      this.adopt(slot.key, tree);
    }
    this.changes.fire(undefined);
  }

  private adopt(key: string, tree: TaskTreeProvider): void {
    const subscriptions = [
      tree.onDidChangeTreeData((nodes) => {
        if (!this.session.multiProject) {
          this.changes.fire(nodes);
        } else if (nodes === undefined) {
          // That project's whole subtree, with its node's description (counts, error).
          this.changes.fire(this.projectNode(key));
        } else {
          this.changes.fire(nodes);
        }
      }),
    ];
    this.trees.set(key, { tree, subscriptions });
  }
}
