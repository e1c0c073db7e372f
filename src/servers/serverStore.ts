/**
 * The protected-server store: loads the complete server list of one scope, keeps the last good
 * list when a load fails (shown as stale, with the error), and tells listeners when its state
 * changed. Mirrors the task store, without polling: protection changes slowly.
 */
import { HssError } from '../hss/errors';
import type { ProtectionServer } from '../hss/serverModel';
import { Emitter } from '../tasks/events';
import { loadAllServers, type ServerScope } from './loadServers';

export interface ServerStoreState {
  readonly scopeKey?: string;
  readonly servers: readonly ProtectionServer[];
  readonly loading: boolean;
  /** When the list shown was loaded. */
  readonly loadedAt?: number;
  readonly requestId?: string;
  /** The last load's failure. With servers present, they are from an earlier load (stale). */
  readonly error?: HssError;
  /** False when the pager stopped before the end of the list (a list that kept moving); see `problem`. */
  readonly complete: boolean;
  /** Why the list may be incomplete, when it may be. */
  readonly problem?: string;
  /** total_num of the last load. */
  readonly totalNum?: number;
}

export class ServerStore {
  private current: ServerStoreState = { servers: [], loading: false, complete: true };
  private scope?: ServerScope;
  private inFlight?: AbortController;
  private readonly stateChanges = new Emitter<ServerStoreState>();
  readonly onDidChangeState = this.stateChanges.event;

  constructor(private readonly now: () => number = Date.now) {}

  get state(): ServerStoreState {
    return this.current;
  }

  get currentScope(): ServerScope | undefined {
    return this.scope;
  }

  /** Switches to a scope (or none). A different key drops the old scope's list. */
  setScope(scope: ServerScope | undefined): void {
    const previous = this.scope?.key;
    this.scope = scope;
    if (scope?.key !== previous) {
      this.cancel();
      this.update({ scopeKey: scope?.key, servers: [], loading: false, complete: true });
    }
  }

  cancel(): void {
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  /** Loads the whole list of the current scope; a refresh cancels the one in flight. */
  async refresh(): Promise<void> {
    const scope = this.scope;
    if (!scope) return;
    this.cancel();
    const controller = new AbortController();
    this.inFlight = controller;
    this.update({ ...this.current, loading: true });
    try {
      const result = await loadAllServers(scope, controller.signal);
      if (controller.signal.aborted) return;
      this.update({
        scopeKey: scope.key,
        servers: result.items,
        loading: false,
        loadedAt: this.now(),
        requestId: result.requestIds.at(-1),
        complete: result.problem === undefined,
        problem: result.problem,
        totalNum: result.totalNum,
      });
    } catch (error) {
      if (controller.signal.aborted) return;
      const failure = error instanceof HssError ? error : new HssError('network', String(error));
      this.update({ ...this.current, loading: false, error: failure });
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
    }
  }

  dispose(): void {
    this.cancel();
    this.stateChanges.dispose();
  }

  private update(state: ServerStoreState): void {
    this.current = state;
    this.stateChanges.fire(state);
  }
}
