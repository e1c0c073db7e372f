/**
 * One server store and one coverage tracker per project the view shows. Each follows its
 * project's task store: the same client (credential, retries, logging), the same enterprise
 * project and server-name filters, and a full load of the servers after each full load of the
 * tasks that succeeded.
 */
import * as vscode from 'vscode';
import { HssClient, type ProtectionServerQuery } from '../../hss/client';
import { CoverageTracker } from '../../servers/coverageTracker';
import { ServerStore } from '../../servers/serverStore';
import type { Task } from '../../tasks/identity';
import type { ProjectSlot } from '../session/projectSlots';
import type { Session } from '../session/session';
import { SECTION } from '../session/settings';
import { readCoverageSettings } from './coverageSettings';

export interface ServerSlot {
  readonly key: string;
  readonly project: ProjectSlot;
  readonly store: ServerStore;
  readonly tracker: CoverageTracker<Task>;
}

export class ServerSlots implements vscode.Disposable {
  private readonly slots = new Map<string, ServerSlot & { subscriptions: { dispose(): void }[] }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changes = new vscode.EventEmitter<ServerSlot>();
  /** Fires when a project's servers or coverage changed. */
  readonly onDidChange = this.changes.event;
  private readonly slotChanges = new vscode.EventEmitter<void>();
  /** Fires when projects were added or removed. */
  readonly onDidChangeSlots = this.slotChanges.event;

  constructor(
    private readonly session: Session,
    private readonly now: () => number = Date.now,
  ) {
    this.disposables.push(
      session.onDidChangeSlots((slots) => this.sync(slots)),
      // Scope changes (filters, settings, credentials) arrive before the tasks reload.
      session.onDidChange(() => {
        for (const slot of this.slots.values()) this.follow(slot);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SECTION}.coverage`)) {
          for (const slot of this.slots.values()) slot.tracker.recompute();
        }
      }),
      this.changes,
      this.slotChanges,
    );
    this.sync(session.slots);
  }

  /** Every project's servers, the primary one first. */
  get all(): readonly ServerSlot[] {
    return this.session.slots.flatMap((project) => {
      const slot = this.slots.get(project.key);
      return slot ? [slot] : [];
    });
  }

  slot(key: string | undefined): ServerSlot | undefined {
    return this.slots.get(key ?? '');
  }

  /** Loads every project's servers again. */
  async refresh(): Promise<void> {
    await Promise.all([...this.slots.values()].map((slot) => slot.store.refresh()));
  }

  dispose(): void {
    for (const slot of this.slots.values()) this.drop(slot);
    this.slots.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private sync(projects: readonly ProjectSlot[]): void {
    const keys = new Set(projects.map((project) => project.key));
    for (const [key, slot] of this.slots) {
      if (keys.has(key) && slot.project === this.session.slot(key)) continue;
      this.drop(slot);
      this.slots.delete(key);
    }
    for (const project of projects) {
      if (this.slots.has(project.key)) continue;
      const store = new ServerStore(this.now);
      const tracker = new CoverageTracker<Task>({
        servers: store,
        tasks: project.store,
        maxBackupAgeDays: () => readCoverageSettings().maxBackupAgeDays,
        now: this.now,
        lastDays: () => project.store.currentScope?.query.lastDays,
      });
      const slot: ServerSlot & { subscriptions: { dispose(): void }[] } = {
        key: project.key,
        project,
        store,
        tracker,
        subscriptions: [],
      };
      let tasksLoading = project.store.state.loading;
      slot.subscriptions.push(
        store.onDidChangeState(() => this.changes.fire(slot)),
        tracker.onDidChange(() => this.changes.fire(slot)),
        project.store.onDidChangeState((state) => {
          // Each full load of the tasks that succeeded loads the servers after it. Not beside it:
          // a rejected credential is then sent once per load, not twice (API-NOTES: more than five
          // AK/SK failures in a row lock the key for five minutes).
          if (tasksLoading && !state.loading && !state.error) {
            this.follow(slot);
            void store.refresh();
          }
          tasksLoading = state.loading;
        }),
      );
      this.slots.set(project.key, slot);
      this.follow(slot);
      const tasks = project.store.state;
      if (!tasks.loading && tasks.loadedAt !== undefined && !tasks.error) void store.refresh();
    }
    this.slotChanges.fire();
  }

  /** Points the server store at its project's current scope. */
  private follow(slot: ServerSlot): void {
    const taskScope = slot.project.store.currentScope;
    const source = taskScope?.source;
    if (!taskScope || !(source instanceof HssClient)) {
      slot.store.setScope(undefined);
      return;
    }
    const query: ProtectionServerQuery = {
      enterpriseProjectId: taskScope.query.enterpriseProjectId,
      hostName: taskScope.query.resourceName,
      // The API's counts then cover the same days as the task list.
      lastDays: taskScope.query.lastDays,
    };
    slot.store.setScope({
      // The task scope's key names the project, credential kind and filters; the query adds ours.
      key: JSON.stringify([taskScope.key, query]),
      source,
      query,
      pageSize: taskScope.pageSize,
      concurrency: taskScope.concurrency,
    });
  }

  private drop(slot: ServerSlot & { subscriptions: { dispose(): void }[] }): void {
    for (const subscription of slot.subscriptions) subscription.dispose();
    slot.tracker.dispose();
    slot.store.dispose();
  }
}
