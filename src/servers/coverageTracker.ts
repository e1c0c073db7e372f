/**
 * Keeps one project's coverage up to date: joins the server store with the task store whenever
 * either settles, and says which servers went from covered to at risk since the last reading of
 * the same scope (never on a scope's first reading, nor when only a setting changed).
 */
import type { OperationLog } from '../hss/model';
import { buildCoverage, type Coverage, type ServerCoverage } from '../tasks/coverage';
import { Emitter } from '../tasks/events';
import { newlyAtRisk } from './riskChanges';
import type { ServerStoreState } from './serverStore';

/** What the tracker reads of the task store. */
export interface TaskListState<T extends OperationLog = OperationLog> {
  readonly scopeKey?: string;
  readonly tasks: readonly T[];
  readonly loading: boolean;
  readonly loadedAt?: number;
}

interface Observable<T> {
  readonly state: T;
  onDidChangeState(listener: (state: T) => void): { dispose(): void };
}

export interface CoverageChange<T extends OperationLog = OperationLog> {
  readonly coverage: Coverage<T> | undefined;
  /** Servers that were covered at the last reading and are at risk now. */
  readonly newlyAtRisk: readonly ServerCoverage<T>[];
}

export interface CoverageTrackerOptions<T extends OperationLog = OperationLog> {
  readonly servers: Observable<ServerStoreState>;
  readonly tasks: Observable<TaskListState<T>>;
  readonly maxBackupAgeDays: () => number;
  readonly now?: () => number;
  readonly utcOffsetMinutes?: number;
  /** The task list's last_days (absent: every task the API keeps), for the days the strip knows. */
  readonly lastDays?: () => number | undefined;
}

export class CoverageTracker<T extends OperationLog = OperationLog> {
  private current?: Coverage<T>;
  private inputs?: {
    servers: ServerStoreState['servers'];
    tasks: readonly T[];
    scope: string;
    maxAge: number;
  };
  private readonly subscriptions: { dispose(): void }[];
  private readonly changes = new Emitter<CoverageChange<T>>();
  readonly onDidChange = this.changes.event;
  private readonly now: () => number;

  constructor(private readonly options: CoverageTrackerOptions<T>) {
    this.now = options.now ?? Date.now;
    this.subscriptions = [
      options.servers.onDidChangeState(() => this.update('load')),
      options.tasks.onDidChangeState(() => this.update('load')),
    ];
    this.update('load');
  }

  get coverage(): Coverage<T> | undefined {
    return this.current;
  }

  /** Builds again with the current settings (the maximum backup age changed, or a day went by). */
  recompute(): void {
    this.update('settings');
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changes.dispose();
  }

  private update(reason: 'load' | 'settings'): void {
    const servers = this.options.servers.state;
    const tasks = this.options.tasks.state;
    const scope = `${servers.scopeKey ?? ''}\u0000${tasks.scopeKey ?? ''}`;
    if (this.inputs && this.inputs.scope !== scope) {
      // Another project or filter: what was known is no baseline for what comes.
      this.inputs = undefined;
      this.current = undefined;
      this.changes.fire({ coverage: undefined, newlyAtRisk: [] });
    }
    const ready =
      servers.loadedAt !== undefined && !servers.loading && tasks.loadedAt !== undefined && !tasks.loading;
    if (!ready) return;
    const maxAge = this.options.maxBackupAgeDays();
    if (
      reason === 'load' &&
      this.inputs?.servers === servers.servers &&
      this.inputs.tasks === tasks.tasks &&
      this.inputs.maxAge === maxAge
    ) {
      return;
    }
    const previous = this.current;
    this.inputs = { servers: servers.servers, tasks: tasks.tasks, scope, maxAge };
    const now = this.now();
    const lastDays = this.options.lastDays?.();
    this.current = buildCoverage(servers.servers, tasks.tasks, {
      now,
      loadedFrom: lastDays === undefined ? undefined : now - lastDays * 86_400_000,
      maxBackupAgeDays: maxAge,
      utcOffsetMinutes: this.options.utcOffsetMinutes,
    });
    this.changes.fire({
      coverage: this.current,
      newlyAtRisk: reason === 'load' ? newlyAtRisk(previous, this.current) : [],
    });
  }
}
