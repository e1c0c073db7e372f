/**
 * The task store: loads the list for one scope, keeps the last good list when a load fails,
 * and tells listeners exactly which tasks changed so the tree can refresh only those.
 */
import type { OperationLogQuery, PageRequest, PageResult } from '../hss/client';
import { HssError } from '../hss/errors';
import type { OperationLog, TaskStatus } from '../hss/model';
import { type AllPages, fetchAllPages, type LoadProgress } from '../hss/pager';
import { Emitter } from './events';
import { assignIds, byIdOf, indexTasks, sameTask, type Task, TaskIndexer } from './identity';
import { ProgressRates } from './progressRate';
import { ACTIVE_STATUSES, isActiveStatus, PROBLEM_STATUSES } from './statusCategories';

const PROGRESS_INTERVAL_MS = 300;
const isActive = (task: Task): boolean => isActiveStatus(task.status);

/** The part of the HSS client the store needs. */
export interface TaskListSource {
  listOperationLogs(request: PageRequest, signal?: AbortSignal): Promise<PageResult>;
}

export interface LoadScope {
  /** Identifies the project and filters; data of another scope is never shown as this one's. */
  readonly key: string;
  readonly source: TaskListSource;
  readonly query: OperationLogQuery;
  /** Status filter: read server-side, one status per request series. Absent: all statuses. */
  readonly statuses?: readonly TaskStatus[];
  readonly pageSize: number;
  readonly concurrency: number;
}

export interface FailureCount {
  readonly failed: number;
  readonly timeout: number;
  readonly countedAt: number;
}

export interface StoreState {
  readonly scopeKey?: string;
  readonly tasks: readonly Task[];
  readonly loading: boolean;
  /** Set while a first load is under way and part of the list is shown. */
  readonly progress?: { readonly loaded: number; readonly total: number };
  /** When the list shown was loaded completely. */
  readonly loadedAt?: number;
  /**
   * Set while the list shown is the one kept from an earlier session (see showCached): when that
   * list was loaded. Not loaded now: loadedAt stays unset until a load of this session completes.
   */
  readonly cachedAt?: number;
  readonly requestId?: string;
  /** The last load's failure. With tasks present, they are from an earlier load (stale). */
  readonly error?: HssError;
  /**
   * Why the list shown may be incomplete: it kept moving while it was read, or a first load failed
   * part-way with rows in hand. Such a list is read again by itself (see `recoversByItself`).
   */
  readonly incomplete?: string;
  /** The error is a poll's: the poller's own backoff tries again, not a reload. */
  readonly pollFailed?: boolean;
  /** Failed and timeout tasks in the scope, whatever the status filter. */
  readonly failures?: FailureCount;
}

export interface StoreChange {
  /** The scope changed or the list was replaced wholesale. */
  readonly reset: boolean;
  /**
   * What produced the change: the first load of a scope ('initial'), a later full load
   * ('refresh') or a poll of the active tasks ('poll'). Only the last two mean "it changed since
   * the user last saw it".
   */
  readonly source: 'initial' | 'refresh' | 'poll';
  /**
   * Set when the change only appended `added` at the end of the list (a first load showing rows as
   * they arrive): a listener extends what it has rather than going over the whole list again.
   */
  readonly appended?: boolean;
  readonly added: readonly Task[];
  readonly removed: readonly Task[];
  /** New readings of tasks whose id stayed but whose shown fields changed. */
  readonly changed: readonly { readonly before: Task; readonly after: Task }[];
}

/** What one poll of the active tasks did. */
export type PollOutcome = 'idle' | 'updated' | 'reloaded' | 'failed' | 'skipped';

export class TaskStore {
  private current: StoreState = { tasks: [], loading: false };
  /** The tasks of the last change by id, with the list they index. */
  private index: { tasks: readonly Task[]; byId: ReadonlyMap<string, Task> } = { tasks: [], byId: new Map() };
  private readonly rates = new ProgressRates();
  private inFlight?: AbortController;
  private scope?: LoadScope;
  private readonly changes = new Emitter<StoreChange>();
  private readonly stateChanges = new Emitter<StoreState>();

  /** Fires with the task-level difference whenever the list changes. */
  readonly onDidChangeTasks = this.changes.event;
  /** Fires on every state change (loading, progress, errors, counts). */
  readonly onDidChangeState = this.stateChanges.event;

  constructor(private readonly now: () => number = Date.now) {}

  get state(): StoreState {
    return this.current;
  }

  get currentScope(): LoadScope | undefined {
    return this.scope;
  }

  /**
   * Switches to a scope (or none). A different key drops the list of the old one; the same key as
   * a kept list previewed for it (see preview) keeps that list on screen.
   */
  setScope(scope: LoadScope | undefined): void {
    // The scope's key, or the key of the list previewed while it was being set.
    const previousKey = this.current.scopeKey;
    this.scope = scope;
    if (scope?.key !== previousKey) {
      this.cancel();
      this.replaceTasks([], 'initial', true);
      this.update({ scopeKey: scope?.key, tasks: [], loading: false });
    }
  }

  /**
   * Shows the list kept from an earlier session for the current scope, until a load completes.
   * Only a scope with nothing shown yet takes it: rows of this session's load are never replaced by
   * older ones. Returns whether it was shown.
   */
  showCached(scopeKey: string, logs: readonly OperationLog[], savedAt: number): boolean {
    const state = this.current;
    if (this.scope?.key !== scopeKey || state.loadedAt !== undefined || state.tasks.length > 0) return false;
    this.replaceTasks(logs, 'initial');
    this.update({ ...this.current, cachedAt: savedAt });
    return true;
  }

  /**
   * Shows the list kept from an earlier session for a scope about to be set, before it is (while
   * its credential is looked up): a window opening has its tasks at once. Only a store with no
   * scope and nothing shown takes it; setScope with the same key keeps it, any other drops it.
   * Returns whether it was shown.
   */
  preview(scopeKey: string, logs: readonly OperationLog[], savedAt: number): boolean {
    // A scope set, or a list previewed, has its key in the state; with no key, no task is shown.
    if (this.current.scopeKey !== undefined) return false;
    this.replaceTasks(logs, 'initial');
    this.update({ scopeKey, tasks: this.current.tasks, loading: false, cachedAt: savedAt });
    return true;
  }

  /** Whether the list shown is a kept one previewed for a scope not set yet (see preview). */
  get previewing(): boolean {
    return this.scope === undefined && this.current.scopeKey !== undefined;
  }

  cancel(): void {
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  /** Loads the whole list of the current scope. A refresh cancels the one in flight. */
  async refresh(): Promise<void> {
    const scope = this.scope;
    if (!scope) return;
    this.cancel();
    const controller = new AbortController();
    this.inFlight = controller;
    const firstLoad = this.current.loadedAt === undefined;
    this.update({ ...this.current, loading: true, progress: undefined, pollFailed: undefined });

    const source = firstLoad ? 'initial' : 'refresh';
    // A first load shows its rows as they arrive, by appending: each row is indexed and handed to
    // the listeners once, so a first load of 100,000 costs what one of 10,000 does, ten times over.
    // At most one update per PROGRESS_INTERVAL_MS (the first page at once); the complete result then
    // replaces the list through the normal diff.
    const growing = new GrowingList();
    let shownAt: number | undefined;
    const onProgress = (progress: LoadProgress, series: number) => {
      // A kept list stays shown until the fresh one is complete, rather than give way to a part.
      if (!firstLoad || controller.signal.aborted || this.current.cachedAt !== undefined) return;
      growing.offer(progress, series);
      const now = this.now();
      if (shownAt !== undefined && now - shownAt < PROGRESS_INTERVAL_MS) return;
      shownAt = now;
      this.appendTasks(growing, source);
      this.update({ ...this.current, progress: growing.progress() });
    };
    try {
      const result = await loadScope(scope, controller.signal, onProgress);
      if (controller.signal.aborted) return;
      if (result.problem !== undefined && result.items.length === 0 && result.totalNum > 0) {
        // Nothing read is no list: keep the one shown (stale) rather than show "no tasks".
        throw new HssError('paging', `No task could be read: ${result.problem}.`);
      }
      const failures = await this.countFailures(scope, result.items, controller.signal);
      if (controller.signal.aborted) return;
      if (!this.completesGrowing(growing, result.items, source)) this.replaceTasks(result.items, source);
      this.update({
        scopeKey: scope.key,
        tasks: this.current.tasks,
        loading: false,
        loadedAt: this.now(),
        requestId: result.requestIds.at(-1),
        failures,
        incomplete: result.problem,
      });
    } catch (error) {
      if (controller.signal.aborted) return;
      const failure = error instanceof HssError ? error : new HssError('network', String(error));
      // A first load that failed part-way keeps the rows in hand, marked incomplete: never an empty
      // view with an error while rows are known. A later refresh keeps the last good list (stale).
      const partial = firstLoad && this.current.cachedAt === undefined && this.current.tasks.length > 0;
      this.update({
        ...this.current,
        loading: false,
        progress: undefined,
        error: failure,
        incomplete: partial
          ? this.current.progress
            ? `only ${this.current.tasks.length} of ${this.current.progress.total} tasks could be read`
            : (this.current.incomplete ?? `only ${this.current.tasks.length} tasks could be read`)
          : this.current.incomplete,
      });
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
    }
  }

  /**
   * Whether the list shown should be read again by itself: it is incomplete, or the last load failed
   * for a reason that passes (throttled, 5xx, network, timeout). Never after a credential or
   * permission error: IAM locks an AK after 5 failures.
   */
  get recoversByItself(): boolean {
    return this.scope !== undefined && recoversByItself(this.current);
  }

  /** Whether any task is running or waiting (worth polling). */
  get hasActiveTasks(): boolean {
    return this.current.tasks.some(isActive);
  }

  /** Estimated milliseconds left for a running task, once two readings exist. */
  remainingMs(taskId: string): number | undefined {
    return this.rates.remainingMs(taskId);
  }

  /**
   * Polls only the running and waiting tasks (the API's status filter), updating them in place.
   * When the set of active tasks changed (one finished, one started), runs one full load instead.
   */
  async pollActive(): Promise<PollOutcome> {
    const scope = this.scope;
    if (!scope || this.current.loading || this.inFlight) return 'skipped';
    const known = this.current.tasks.filter(isActive);
    if (known.length === 0) return 'idle';
    const statuses = ACTIVE_STATUSES.filter(
      (status) => !scope.statuses?.length || scope.statuses.includes(status),
    );
    const controller = new AbortController();
    this.inFlight = controller;
    let polled: OperationLog[];
    try {
      const results = await Promise.all(
        statuses.map((status) =>
          fetchAllPages(
            scope.source,
            { ...scope.query, status },
            { pageSize: scope.pageSize, concurrency: scope.concurrency, signal: controller.signal },
          ),
        ),
      );
      polled = newestFirst(results.flatMap((result) => result.items));
    } catch (error) {
      if (controller.signal.aborted) return 'skipped';
      this.update({
        ...this.current,
        error: error instanceof HssError ? error : new HssError('network', String(error)),
        pollFailed: true,
      });
      return 'failed';
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
    }
    if (controller.signal.aborted || this.scope !== scope) return 'skipped';

    // Ids within the active subset, mapped back to the ids of the whole list.
    const knownSubset = assignIds(known);
    const fullIdOf = new Map(knownSubset.map((task, index) => [task.id, known[index]?.id ?? task.id]));
    const polledSubset = assignIds(polled);
    const sameSet =
      polledSubset.length === knownSubset.length && polledSubset.every((task) => fullIdOf.has(task.id));
    if (!sameSet) {
      await this.refresh();
      return 'reloaded';
    }
    const updates = new Map(polledSubset.map((task) => [fullIdOf.get(task.id) ?? task.id, task]));
    const next = this.current.tasks.map((task) => {
      const update = updates.get(task.id);
      return update ? { ...update, id: task.id } : task;
    });
    this.applyTasks(next, 'poll');
    this.update({ ...this.current, error: undefined, pollFailed: undefined });
    return 'updated';
  }

  dispose(): void {
    this.cancel();
    this.changes.dispose();
    this.stateChanges.dispose();
  }

  private async countFailures(
    scope: LoadScope,
    items: readonly OperationLog[],
    signal: AbortSignal,
  ): Promise<FailureCount | undefined> {
    const counted = scope.statuses?.length ? scope.statuses : undefined;
    const count = async (status: TaskStatus): Promise<number> => {
      if (!counted || counted.includes(status)) return items.filter((item) => item.status === status).length;
      // Not loaded under this status filter: ask for the total alone, one small page.
      const page = await scope.source.listOperationLogs(
        { ...scope.query, status, offset: 0, limit: 10 },
        signal,
      );
      return page.totalNum;
    };
    try {
      const [failed, timeout] = await Promise.all(PROBLEM_STATUSES.map(count));
      return { failed: failed ?? 0, timeout: timeout ?? 0, countedAt: this.now() };
    } catch {
      return this.current.failures;
    }
  }

  /** Shows the rows a growing first load has brought since the last update (see refresh). */
  private appendTasks(growing: GrowingList, source: StoreChange['source']): void {
    const logs = growing.take();
    if (!growing.started) {
      // The first update of this load: what is shown (nothing, or the rows of a failed first load)
      // is replaced once; every later update appends to the same indexer.
      growing.started = true;
      growing.indexer.append(logs);
      this.applyTasks(growing.indexer.tasks, source, false, growing.indexer.byId);
      return;
    }
    if (logs.length === 0) return;
    const added = growing.indexer.append(logs);
    // The list and its index grow in place: index.tasks is still current.tasks.
    this.index = { tasks: growing.indexer.tasks, byId: growing.indexer.byId };
    this.current = { ...this.current, tasks: growing.indexer.tasks };
    this.rates.note(added, this.now());
    this.changes.fire({ reset: false, source, appended: true, added, removed: [], changed: [] });
  }

  /**
   * Ends a first load whose rows were shown as they came: when the complete result is the rows shown
   * (the same readings in the same order), the list on screen already is what indexing and diffing
   * the result would give, so 100,000 rows are not indexed and compared a second time after the last
   * page. The rows still held back by the update interval are shown first. False when the result is
   * anything else (rows arrived at the top, the list was read again): the caller replaces the list.
   */
  private completesGrowing(
    growing: GrowingList,
    logs: readonly OperationLog[],
    source: StoreChange['source'],
  ): boolean {
    if (!growing.started || this.current.tasks !== growing.indexer.tasks) return false;
    if (growing.pending() !== logs.length - growing.shown.length) return false;
    this.appendTasks(growing, source);
    const shown = growing.shown;
    if (shown.length !== logs.length) return false;
    for (let i = 0; i < logs.length; i++) {
      const a = shown[i] as OperationLog;
      const b = logs[i] as OperationLog;
      // A row read twice (the overlap of two pages) is two objects: equal readings are one row.
      if (a !== b && !sameReading(a, b)) return false;
    }
    this.rates.record(this.current.tasks, this.now());
    return true;
  }

  private replaceTasks(logs: readonly OperationLog[], source: StoreChange['source'], reset = false): void {
    const { tasks, byId } = indexTasks(logs);
    this.applyTasks(tasks, source, reset, byId);
  }

  private applyTasks(
    after: readonly Task[],
    source: StoreChange['source'],
    reset = false,
    afterById: Map<string, Task> = byIdOf(after),
  ): void {
    const before = this.current.tasks;
    // The index of the list on screen, kept from the last change when it is still that list.
    const beforeById = this.index.tasks === before ? this.index.byId : byIdOf(before);
    const change = diffTasks(before, after, source, reset, beforeById, afterById);
    this.index = { tasks: after, byId: afterById };
    this.current = { ...this.current, tasks: after };
    this.rates.record(after, this.now());
    if (change.reset || change.added.length || change.removed.length || change.changed.length) {
      this.changes.fire(change);
    }
  }

  private update(state: StoreState): void {
    this.current = state;
    this.stateChanges.fire(state);
  }
}

/** Whether a store in this state reads its list again by itself (see `TaskStore.recoversByItself`). */
export function recoversByItself(state: StoreState): boolean {
  if (state.loading) return false;
  if (state.error) return state.error.recoverable && !state.pollFailed;
  return state.incomplete !== undefined;
}

export function diffTasks(
  before: readonly Task[],
  after: readonly Task[],
  source: StoreChange['source'] = 'refresh',
  reset = false,
  beforeById: ReadonlyMap<string, Task> = byIdOf(before),
  afterById: ReadonlyMap<string, Task> = byIdOf(after),
): StoreChange {
  const added: Task[] = [];
  const changed: { before: Task; after: Task }[] = [];
  for (const task of after) {
    const previous = beforeById.get(task.id);
    if (!previous) added.push(task);
    else if (!sameTask(previous, task)) changed.push({ before: previous, after: task });
  }
  const removed = before.filter((task) => !afterById.has(task.id));
  return { reset, source, added, removed, changed };
}

/** Two readings of one row, equal in its identity and in everything shown. */
function sameReading(a: OperationLog, b: OperationLog): boolean {
  return (
    a.hostId === b.hostId && a.backupName === b.backupName && a.startedAt === b.startedAt && sameTask(a, b)
  );
}

/** Reads the scope: all statuses at once, or one series per status of the filter, merged newest first. */
async function loadScope(
  scope: LoadScope,
  signal: AbortSignal,
  onProgress: (progress: LoadProgress, series: number) => void,
): Promise<AllPages> {
  const options = { pageSize: scope.pageSize, concurrency: scope.concurrency, signal };
  const statuses = scope.statuses?.length ? scope.statuses : undefined;
  if (!statuses) {
    return fetchAllPages(scope.source, scope.query, { ...options, onProgress: (p) => onProgress(p, 0) });
  }
  const results = await Promise.all(
    statuses.map((status, series) =>
      fetchAllPages(
        scope.source,
        { ...scope.query, status },
        { ...options, onProgress: (progress) => onProgress(progress, series) },
      ),
    ),
  );
  const items = newestFirst(results.flatMap((result) => result.items));
  return {
    items,
    totalNum: results.reduce((sum, result) => sum + result.totalNum, 0),
    requestIds: results.flatMap((result) => result.requestIds),
    pages: results.reduce((sum, result) => sum + result.pages, 0),
    pageSize: Math.min(...results.map((result) => result.pageSize)),
    attempts: Math.max(...results.map((result) => result.attempts)),
    problem: results.find((result) => result.problem !== undefined)?.problem,
  };
}

/**
 * The rows of a first load not yet shown, series by series (one per status of a filter): each
 * series' prefix is read on from where the last update left it. A series that starts its read again
 * (the list changed below its top) adds nothing more until the complete result: its new prefix may
 * repeat rows already shown.
 */
class GrowingList {
  readonly indexer = new TaskIndexer();
  started = false;
  private readonly series = new Map<number, { progress: LoadProgress; attempt: number; taken: number }>();

  offer(progress: LoadProgress, series: number): void {
    const known = this.series.get(series);
    if (known) known.progress = progress;
    else this.series.set(series, { progress, attempt: progress.attempt, taken: 0 });
  }

  /** Every row taken so far, in the order taken (the readings the indexer was given). */
  readonly shown: OperationLog[] = [];

  /** The rows not yet taken, in series order. */
  take(): OperationLog[] {
    const rows: OperationLog[] = [];
    for (const entry of this.series.values()) {
      const { prefix, attempt } = entry.progress;
      if (attempt !== entry.attempt) continue;
      for (let i = entry.taken; i < prefix.length; i++) rows.push(prefix[i] as OperationLog);
      entry.taken = prefix.length;
    }
    for (const row of rows) this.shown.push(row);
    return rows;
  }

  /** How many rows `take` would return now. */
  pending(): number {
    let count = 0;
    for (const entry of this.series.values()) {
      if (entry.progress.attempt === entry.attempt) count += entry.progress.prefix.length - entry.taken;
    }
    return count;
  }

  progress(): { loaded: number; total: number } {
    let loaded = 0;
    let total = 0;
    for (const { progress } of this.series.values()) {
      loaded += progress.loaded;
      total += progress.total;
    }
    return { loaded, total };
  }
}

/** Stable sort, newest start first; tasks without a start time keep their place at the end. */
function newestFirst(items: readonly OperationLog[]): OperationLog[] {
  return [...items].sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
}
