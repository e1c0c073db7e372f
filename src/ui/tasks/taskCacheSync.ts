/**
 * Keeps each project's last complete list in the extension's global storage and shows it when a
 * scope starts with nothing on screen (a window opening, a filter set back): the view has tasks at
 * once, marked as from that time and refreshing, until the fresh load replaces them. What to keep
 * and what to trust is decided in src/tasks/taskCache.ts; this only wires it to the session.
 */
import type * as vscode from 'vscode';
import type { CachedList, TaskCacheFiles } from '../../tasks/taskCache';
import type { ProjectSlot } from '../session/projectSlots';
import type { ScopeToCome, Session } from '../session/session';
import type { ExtensionLog } from '../shared/log';

export interface TaskCacheSyncOptions {
  readonly session: Session;
  /** Undefined where the storage is not a local folder: nothing is kept then. */
  readonly files: TaskCacheFiles | undefined;
  readonly log: ExtensionLog;
}

export class TaskCacheSync implements vscode.Disposable {
  /** The scope key each slot was last seen with, and the load it last kept. */
  private readonly seen = new WeakMap<ProjectSlot, { scopeKey?: string; savedAt?: number }>();
  /** One write at a time per slot: a slower older write must not land after a newer one. */
  private readonly writing = new WeakMap<ProjectSlot, Promise<void>>();
  /** Lists read ahead, by scope key, for the scopes the session is about to set. */
  private readAhead = new Map<string, Promise<CachedList | undefined>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly options: TaskCacheSyncOptions) {
    this.subscriptions = [
      options.session.onDidChangeState((slot) => this.onState(slot)),
      options.session.onWillSetScopes((scopes) => this.readAheadFor(scopes)),
      // The scopes are set by then, and each kept list shown took its read: one nobody took (no
      // credential was found) is not held on to.
      options.session.onDidChange(() => this.readAhead.clear()),
    ];
    for (const slot of options.session.slots) this.onState(slot);
  }

  /** Where the lists are kept (undefined: nowhere). */
  get files(): TaskCacheFiles | undefined {
    return this.options.files;
  }

  /** Settles when the writes started so far are done (tests, shutdown). */
  async flushed(): Promise<void> {
    await Promise.all(this.options.session.slots.map((slot) => this.writing.get(slot)));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.readAhead.clear();
  }

  /**
   * Starts reading the kept list of each scope about to start (a window opening, a filter set
   * back) while the session looks up credentials. In a window opening, the list is shown as soon
   * as it is read, before the scope is set; otherwise it is in hand when the scope is.
   */
  private readAheadFor(scopes: readonly ScopeToCome[]): void {
    const files = this.options.files;
    const next = new Map<string, Promise<CachedList | undefined>>();
    for (const { slot, scopeKey, target, opening } of scopes) {
      if (!files || target.kind === 'sample' || slot.store.state.scopeKey === scopeKey) continue;
      let read = this.readAhead.get(scopeKey);
      if (!read) {
        const reading = files.read(scopeKey);
        read = reading;
        void reading.then((cached) => {
          // Still the scope to come: not set meanwhile (show took the read), nor given up.
          if (opening && cached && this.readAhead.get(scopeKey) === reading)
            this.preview(slot, scopeKey, cached);
        });
      }
      next.set(scopeKey, read);
    }
    this.readAhead = next;
  }

  private preview(slot: ProjectSlot, scopeKey: string, cached: CachedList): void {
    if (slot.store.preview(scopeKey, cached.logs, cached.savedAt)) {
      this.options.log.info(
        `Showing ${cached.logs.length} tasks kept from ${new Date(cached.savedAt).toISOString()} while the credentials are looked up`,
      );
    }
  }

  private onState(slot: ProjectSlot): void {
    const files = this.options.files;
    // The sample data is made up afresh each time: nothing to keep.
    if (!files || slot.target?.kind === 'sample') return;
    const state = slot.store.state;
    const scopeKey = state.scopeKey;
    const seen = this.seen.get(slot) ?? {};
    if (scopeKey !== seen.scopeKey) {
      this.seen.set(slot, { scopeKey });
      if (scopeKey !== undefined && state.loadedAt === undefined) void this.show(slot, files, scopeKey);
      return;
    }
    const complete = state.loadedAt !== undefined && !state.error && state.incomplete === undefined;
    if (!complete || scopeKey === undefined || state.loadedAt === seen.savedAt) return;
    seen.savedAt = state.loadedAt;
    const savedAt = state.loadedAt;
    const tasks = state.tasks;
    const previous = this.writing.get(slot) ?? Promise.resolve();
    this.writing.set(
      slot,
      previous.then(() =>
        files.write(scopeKey, savedAt, tasks).catch((error: unknown) => {
          this.options.log.warn(`Could not keep the task list for the next start: ${String(error)}`);
        }),
      ),
    );
  }

  private async show(slot: ProjectSlot, files: TaskCacheFiles, scopeKey: string): Promise<void> {
    const ahead = this.readAhead.get(scopeKey);
    this.readAhead.delete(scopeKey);
    const cached = await (ahead ?? files.read(scopeKey));
    if (!cached) return;
    if (slot.store.showCached(scopeKey, cached.logs, cached.savedAt)) {
      this.options.log.info(
        `Showing ${cached.logs.length} tasks kept from ${new Date(cached.savedAt).toISOString()} until the load completes`,
      );
    }
  }
}
