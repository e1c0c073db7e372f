/**
 * The view's tree: one project's task tree as it is, or with several projects (the
 * `hssBackupTasks.projects` setting) one node per project above each project's own tree, each
 * loaded on its own and showing its own errors.
 */
import * as vscode from 'vscode';
import { countByStatus } from '../tasks/grouping';
import { describeError } from './errorText';
import type { ProjectSlot, Session } from './session';
import { statusInfo } from './statusTable';
import type { GroupMode, TaskNode, TaskTreeProvider } from './taskTree';

export type ViewNode = TaskNode | { readonly kind: 'project'; readonly key: string };

export class ProjectsTreeProvider implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<ViewNode | ViewNode[] | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private readonly trees = new Map<string, { tree: TaskTreeProvider; subscriptions: vscode.Disposable[] }>();
  /** Which project's tree each node came from. */
  private readonly owners = new WeakMap<object, TaskTreeProvider>();
  private readonly projectNodes = new Map<string, ViewNode>();
  private readonly subscription: vscode.Disposable;
  private mode: GroupMode = 'status';

  constructor(
    private readonly session: Session,
    primary: TaskTreeProvider,
    private readonly createTree: (slot: ProjectSlot) => TaskTreeProvider,
  ) {
    this.adopt('', primary);
    this.subscription = session.onDidChangeSlots((slots) => this.sync(slots));
  }

  /** Every project's task tree, the primary one first. */
  get projectTrees(): TaskTreeProvider[] {
    return [...this.trees.values()].map((entry) => entry.tree);
  }

  get groupMode(): GroupMode {
    return this.mode;
  }

  setGroupMode(mode: GroupMode): void {
    this.mode = mode;
    for (const tree of this.projectTrees) tree.setGroupMode(mode);
  }

  /** The project a node belongs to ("" for the primary one). */
  projectOf(node: object): string {
    return this.owners.get(node)?.project ?? '';
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    if (node.kind === 'project') return this.projectItem(node.key);
    return this.ownerOf(node)?.getTreeItem(node) ?? new vscode.TreeItem('');
  }

  resolveTreeItem(item: vscode.TreeItem, node: ViewNode): vscode.TreeItem {
    if (node.kind === 'project') return item;
    return this.ownerOf(node)?.resolveTreeItem(item, node) ?? item;
  }

  getChildren(node?: ViewNode): ViewNode[] {
    if (!node) {
      if (!this.session.multiProject) return this.childrenOf(this.trees.get('')?.tree);
      return this.session.slots.map((slot) => this.projectNode(slot.key));
    }
    if (node.kind === 'project') {
      const tree = this.trees.get(node.key)?.tree;
      if (tree && !this.session.slot(node.key)?.credential) {
        // No credential for this project yet: the way to set one, in place of its tasks.
        const action: TaskNode = { kind: 'setCredentials' };
        this.owners.set(action, tree);
        return [action];
      }
      return this.childrenOf(tree);
    }
    return this.childrenOf(this.ownerOf(node), node);
  }

  getParent(node: ViewNode): ViewNode | undefined {
    if (node.kind === 'project') return undefined;
    const owner = this.ownerOf(node);
    const parent = owner?.getParent(node);
    if (parent) return parent;
    return this.session.multiProject && owner ? this.projectNode(owner.project) : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    for (const [key, entry] of this.trees) {
      for (const subscription of entry.subscriptions) subscription.dispose();
      if (key !== '') entry.tree.dispose();
    }
    this.changes.dispose();
  }

  private childrenOf(tree: TaskTreeProvider | undefined, node?: TaskNode): ViewNode[] {
    if (!tree) return [];
    const children = tree.getChildren(node);
    for (const child of children) this.owners.set(child, tree);
    return children;
  }

  private ownerOf(node: TaskNode): TaskTreeProvider | undefined {
    return this.owners.get(node);
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
    if (!slot?.credential) {
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
    item.tooltip = new vscode.MarkdownString().appendText(
      [label, target ? `${target.endpoint.host} · ${target.projectId}` : '', item.description].join('\n\n'),
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
    if (key !== '') subscriptions.push(vscode.window.registerFileDecorationProvider(tree));
    this.trees.set(key, { tree, subscriptions });
  }
}
