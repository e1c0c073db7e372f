/**
 * Coverage: is each server protected, and does it have a recent good backup? Joins the protected
 * servers (ListProtectionServer) with the loaded task list and gives each server one state, the
 * worst that applies, with every reason found. One table of states, worst first.
 *
 * The task list holds backup and restore tasks alike and says nothing to tell them apart, so every
 * task of a server counts as one of its backup runs.
 */
import type { OperationLog } from '../hss/model';
import type { ProtectionServer } from '../hss/serverModel';
import { isActiveStatus, isProblemStatus } from './statusCategories';

export const COVERAGE_STATES = ['notProtected', 'vaultProblem', 'stale', 'lastFailed', 'covered'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

const STATE_RANK: Record<CoverageState, number> = {
  notProtected: 0,
  vaultProblem: 1,
  stale: 2,
  lastFailed: 3,
  covered: 4,
};

/** States 1-4: the server is at risk. */
export function isAtRisk(state: CoverageState): boolean {
  return state !== 'covered';
}

/** A vault this full (used / size) is a problem: the next backups may not fit. */
export const VAULT_NEARLY_FULL_RATIO = 0.9;
export const DEFAULT_MAX_BACKUP_AGE_DAYS = 2;
export const STRIP_DAYS = 14;
const DAY_MS = 86_400_000;

export type CoverageReason =
  /** Backup protection is not `opened`; `status` is the wire value, or undefined if absent. */
  | { readonly kind: 'backupNotOpened'; readonly status?: string }
  | { readonly kind: 'noPolicy' }
  | { readonly kind: 'policyDisabled' }
  /** The vault's status is not `available`; `status` is the wire value. */
  | { readonly kind: 'vaultUnavailable'; readonly status: string }
  | { readonly kind: 'vaultNearlyFull'; readonly ratio: number }
  | { readonly kind: 'neverBackedUp' }
  | { readonly kind: 'backupTooOld'; readonly ageMs: number }
  | { readonly kind: 'lastFailed'; readonly status: 'failed' | 'timeout' };

const STATE_OF_REASON: Record<CoverageReason['kind'], CoverageState> = {
  backupNotOpened: 'notProtected',
  noPolicy: 'notProtected',
  policyDisabled: 'notProtected',
  vaultUnavailable: 'vaultProblem',
  vaultNearlyFull: 'vaultProblem',
  neverBackedUp: 'stale',
  backupTooOld: 'stale',
  lastFailed: 'lastFailed',
};

/**
 * One day of the strip: the best thing that happened that day, or 'unloaded' for a day wholly
 * before the loaded range (nothing is known of it, which is not the same as nothing happened).
 */
export type DayResult = 'success' | 'failed' | 'running' | 'skipped' | 'none' | 'unloaded';

export interface ServerCoverage<T extends OperationLog = OperationLog> {
  /** Stable: the host id; without one, the host name; true duplicates numbered. */
  readonly id: string;
  readonly server: ProtectionServer;
  readonly state: CoverageState;
  /** Every problem found, worst first; empty when covered. */
  readonly reasons: readonly CoverageReason[];
  /** Epoch ms the last successful task ended (or started, when it has no end). */
  readonly lastSuccessAt?: number;
  /** The newest task that ended success, failed or timeout. */
  readonly lastResult?: T;
  /** The server's tasks, in list order (newest first). */
  readonly tasks: readonly T[];
  /** STRIP_DAYS results, oldest first; the last is today. */
  readonly strip: readonly DayResult[];
  /** vault used / vault size, when both are known. */
  readonly vaultUsedRatio?: number;
}

export interface CoverageOptions {
  readonly now: number;
  /** Longest time without a successful backup before a server counts as stale. */
  readonly maxBackupAgeDays: number;
  /** Minutes east of UTC where days begin for the strip. Default: this machine's zone at `now`. */
  readonly utcOffsetMinutes?: number;
  /** Epoch ms the loaded tasks begin (the list's last_days); absent: every task is loaded. */
  readonly loadedFrom?: number;
}

export interface Coverage<T extends OperationLog = OperationLog> {
  /** Worst first, then by name. */
  readonly servers: readonly ServerCoverage<T>[];
  readonly counts: Readonly<Record<CoverageState, number>>;
  /** Servers in states 1-4. */
  readonly atRisk: number;
}

/**
 * What the rules need of one host's tasks, gathered task by task: the last success, the newest
 * result, the best rank of each strip day. Order matters only for ties, as in a newest-first walk:
 * the first task met with the newest start is the last result.
 */
interface Tally<T> {
  count: number;
  lastSuccessAt: number | undefined;
  lastResult: T | undefined;
  lastResultAt: number;
  /** Where this host's STRIP_DAYS ranks start in the shared rank array. */
  readonly ranksAt: number;
}

/** The strip's days and the ranks of every host, in one array (no small array per server). */
class Tallies<T extends OperationLog> {
  readonly list: Tally<T>[] = [];
  ranks = new Uint8Array(STRIP_DAYS * 256);

  constructor(private readonly firstDay: number) {}

  create(): Tally<T> {
    const ranksAt = this.list.length * STRIP_DAYS;
    if (ranksAt + STRIP_DAYS > this.ranks.length) {
      const grown = new Uint8Array(this.ranks.length * 2);
      grown.set(this.ranks);
      this.ranks = grown;
    }
    const tally: Tally<T> = {
      count: 0,
      lastSuccessAt: undefined,
      lastResult: undefined,
      lastResultAt: Number.NEGATIVE_INFINITY,
      ranksAt,
    };
    this.list.push(tally);
    return tally;
  }

  add(tally: Tally<T>, task: T): void {
    tally.count++;
    const status = task.status;
    const started = task.startedAt;
    let rank = 0;
    if (status === 'success') {
      rank = 4;
      const at = task.endedAt ?? started;
      if (at !== undefined && (tally.lastSuccessAt === undefined || at > tally.lastSuccessAt)) {
        tally.lastSuccessAt = at;
      }
    } else if (isProblemStatus(status)) {
      rank = 3;
    } else if (isActiveStatus(status)) {
      rank = 2;
    } else if (status === 'skipped') {
      rank = 1;
    }
    if (rank >= 3 && (started ?? 0) > tally.lastResultAt) {
      tally.lastResult = task;
      tally.lastResultAt = started ?? 0;
    }
    if (started !== undefined && started >= this.firstDay) {
      const day = Math.floor((started - this.firstDay) / DAY_MS);
      const at = tally.ranksAt + day;
      if (day < STRIP_DAYS && rank > (this.ranks[at] ?? 0)) this.ranks[at] = rank;
    }
  }
}

/**
 * The tasks of each host, found in one pass over the list in its order (the task objects are read
 * once each, one after the other, rather than host by host), with each host's tally. A host's own
 * list is only made when asked for (the server page asks for one): 5,000 lists of 100,000 tasks
 * were most of the garbage of a build.
 */
class HostIndex<T extends OperationLog> {
  /** Tasks with a host id by id; tasks without one by host name. */
  readonly byId = new Map<string, number>();
  readonly byName = new Map<string, number>();
  readonly tallies: Tallies<T>;
  private readonly slotOf: Int32Array;
  private order?: { readonly starts: Int32Array; readonly tasks: Int32Array };

  constructor(
    private readonly tasks: readonly T[],
    firstDay: number,
  ) {
    this.tallies = new Tallies<T>(firstDay);
    this.slotOf = new Int32Array(tasks.length).fill(-1);
    const tallies = this.tallies;
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i] as T;
      const key = task.hostId ?? task.hostName;
      if (key === undefined) continue;
      const map = task.hostId !== undefined ? this.byId : this.byName;
      let slot = map.get(key);
      if (slot === undefined) {
        slot = tallies.list.length;
        tallies.create();
        map.set(key, slot);
      }
      this.slotOf[i] = slot;
      tallies.add(tallies.list[slot] as Tally<T>, task);
    }
  }

  /** The tasks of one host, in list order. */
  tasksOf(slot: number): T[] {
    this.order ??= this.sortBySlot();
    const { starts, tasks } = this.order;
    const own: T[] = [];
    for (let k = starts[slot] ?? 0; k < (starts[slot + 1] ?? 0); k++)
      own.push(this.tasks[tasks[k] ?? 0] as T);
    return own;
  }

  /** Every task's index grouped by host, list order kept within a host (a counting sort). */
  private sortBySlot(): { starts: Int32Array; tasks: Int32Array } {
    const slots = this.tallies.list.length;
    const starts = new Int32Array(slots + 1);
    for (let slot = 0; slot < slots; slot++) {
      starts[slot + 1] = (starts[slot] ?? 0) + (this.tallies.list[slot]?.count ?? 0);
    }
    const next = starts.slice(0, slots);
    const tasks = new Int32Array(starts[slots] ?? 0);
    for (let i = 0; i < this.slotOf.length; i++) {
      const slot = this.slotOf[i] ?? -1;
      if (slot < 0) continue;
      tasks[next[slot] ?? 0] = i;
      next[slot] = (next[slot] ?? 0) + 1;
    }
    return { starts, tasks };
  }
}

export function buildCoverage<T extends OperationLog>(
  servers: readonly ProtectionServer[],
  tasks: readonly T[],
  options: CoverageOptions,
): Coverage<T> {
  const offset = (options.utcOffsetMinutes ?? -new Date(options.now).getTimezoneOffset()) * 60_000;
  const today = Math.floor((options.now + offset) / DAY_MS);
  const firstDay = (today - (STRIP_DAYS - 1)) * DAY_MS - offset;
  const index = new HostIndex(tasks, firstDay);
  const tallies = index.tallies;
  // A server without an id is joined by name with every task of that name, whatever its host id.
  let allByName: Map<string, T[]> | undefined;
  const context: JudgeContext = {
    now: options.now,
    maxAgeMs: options.maxBackupAgeDays * DAY_MS,
    firstDay,
    loadedFrom: options.loadedFrom,
  };
  const seen = new Map<string, number>();
  const counts: Record<CoverageState, number> = {
    notProtected: 0,
    vaultProblem: 0,
    stale: 0,
    lastFailed: 0,
    covered: 0,
  };
  const result: ServerCoverage<T>[] = [];
  for (const server of servers) {
    let tally: Tally<T> | undefined;
    // The server's strip ranks: STRIP_DAYS of `ranks` from `ranksAt`.
    let ranks: Uint8Array = NO_RANKS;
    let ranksAt = 0;
    let own: () => readonly T[];
    if (server.hostId !== undefined) {
      const ofId = index.byId.get(server.hostId);
      const ofName = server.hostName !== undefined ? index.byName.get(server.hostName) : undefined;
      const idTally = ofId === undefined ? undefined : tallies.list[ofId];
      const nameTally = ofName === undefined ? undefined : tallies.list[ofName];
      if (idTally && nameTally) {
        tally = merged(idTally, nameTally);
        ranks = mergedRanks(tallies.ranks, idTally.ranksAt, nameTally.ranksAt);
        own = () => mergeNewestFirst(index.tasksOf(ofId ?? 0), index.tasksOf(ofName ?? 0));
      } else {
        tally = idTally ?? nameTally;
        const slot = ofId ?? ofName;
        if (tally) {
          ranks = tallies.ranks;
          ranksAt = tally.ranksAt;
        }
        own = slot === undefined ? () => [] : () => index.tasksOf(slot);
      }
    } else if (server.hostName !== undefined) {
      allByName ??= indexAllByName(tasks);
      const list = allByName.get(server.hostName) ?? [];
      // Rare (a server without an id): its own tally over its own list.
      const one = new Tallies<T>(firstDay);
      tally = one.create();
      for (const task of list) one.add(tally, task);
      ranks = one.ranks;
      own = () => list;
    } else {
      own = () => [];
    }
    const base = server.hostId ?? `name:${server.hostName ?? ''}`;
    const repeat = seen.get(base) ?? 0;
    seen.set(base, repeat + 1);
    const id = repeat === 0 ? base : `${base}#${repeat + 1}`;
    const coverage = judge(id, server, tally, ranks, ranksAt, own, context);
    counts[coverage.state] += 1;
    result.push(coverage);
  }
  result.sort(
    (a, b) =>
      STATE_RANK[a.state] - STATE_RANK[b.state] ||
      compareText(a.server.hostName ?? '', b.server.hostName ?? '') ||
      compareText(a.id, b.id),
  );
  return { servers: result, counts, atRisk: result.length - counts.covered };
}

/**
 * One host's tasks with a host id and the tasks of its name without one: the tally a walk over
 * both lists merged newest first would give (on a tie of start times the host id's task first).
 */
function merged<T>(byId: Tally<T>, byName: Tally<T>): Tally<T> {
  const success = [byId.lastSuccessAt, byName.lastSuccessAt].filter((at) => at !== undefined);
  const nameNewer = byName.lastResultAt > byId.lastResultAt;
  return {
    count: byId.count + byName.count,
    lastSuccessAt: success.length > 0 ? Math.max(...success) : undefined,
    lastResult: nameNewer ? byName.lastResult : byId.lastResult,
    lastResultAt: nameNewer ? byName.lastResultAt : byId.lastResultAt,
    ranksAt: -1,
  };
}

/** The ranks of a server without tasks. */
const NO_RANKS = new Uint8Array(STRIP_DAYS);

function mergedRanks(ranks: Uint8Array, a: number, b: number): Uint8Array {
  const days = new Uint8Array(STRIP_DAYS);
  for (let day = 0; day < STRIP_DAYS; day++) days[day] = Math.max(ranks[a + day] ?? 0, ranks[b + day] ?? 0);
  return days;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function indexAllByName<T extends OperationLog>(tasks: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const task of tasks) {
    if (task.hostName === undefined) continue;
    let list = map.get(task.hostName);
    if (!list) {
      list = [];
      map.set(task.hostName, list);
    }
    list.push(task);
  }
  return map;
}

/** Both lists are newest first (list order); so is the result. */
function mergeNewestFirst<T extends OperationLog>(a: readonly T[], b: readonly T[]): T[] {
  return [...a, ...b].sort((x, y) => (y.startedAt ?? 0) - (x.startedAt ?? 0));
}

interface JudgeContext {
  readonly now: number;
  readonly maxAgeMs: number;
  readonly firstDay: number;
  readonly loadedFrom: number | undefined;
}

function judge<T extends OperationLog>(
  id: string,
  server: ProtectionServer,
  tally: Tally<T> | undefined,
  ranks: Uint8Array,
  ranksAt: number,
  own: () => readonly T[],
  context: JudgeContext,
): ServerCoverage<T> {
  const reasons: CoverageReason[] = [];
  if (server.backupProtectionStatus !== 'opened') {
    const status =
      server.backupProtectionStatus === 'unknown'
        ? server.unknownValues?.backup_protection_status
        : server.backupProtectionStatus;
    reasons.push({ kind: 'backupNotOpened', status });
  }
  if (server.backupPolicyId === undefined) reasons.push({ kind: 'noPolicy' });
  else if (server.backupPolicyEnabled === false) reasons.push({ kind: 'policyDisabled' });

  if (server.vaultStatus !== undefined && server.vaultStatus !== 'available') {
    const status =
      server.vaultStatus === 'unknown'
        ? (server.unknownValues?.vault_status ?? 'unknown')
        : server.vaultStatus;
    reasons.push({ kind: 'vaultUnavailable', status });
  }
  const size = server.vaultSizeGB;
  const used = server.vaultUsedGB;
  const ratio = size !== undefined && used !== undefined && size > 0 ? used / size : undefined;
  if (ratio !== undefined && ratio >= VAULT_NEARLY_FULL_RATIO)
    reasons.push({ kind: 'vaultNearlyFull', ratio });

  const lastSuccessAt = tally?.lastSuccessAt;
  const lastResult = tally?.lastResult;
  const { firstDay, loadedFrom, now } = context;
  const strip: DayResult[] = [];
  for (let day = 0; day < STRIP_DAYS; day++) {
    const rank = ranks[ranksAt + day] ?? 0;
    strip.push(
      rank === 0 && loadedFrom !== undefined && firstDay + (day + 1) * DAY_MS <= loadedFrom
        ? 'unloaded'
        : (DAY_RESULTS[rank] ?? 'none'),
    );
  }
  if (lastSuccessAt === undefined) reasons.push({ kind: 'neverBackedUp' });
  else if (now - lastSuccessAt > context.maxAgeMs)
    reasons.push({ kind: 'backupTooOld', ageMs: now - lastSuccessAt });
  if (lastResult && (lastResult.status === 'failed' || lastResult.status === 'timeout')) {
    reasons.push({ kind: 'lastFailed', status: lastResult.status });
  }
  const state = reasons.length > 0 ? STATE_OF_REASON[reasons[0]?.kind ?? 'lastFailed'] : 'covered';
  return new ServerEntry(id, server, state, reasons, lastSuccessAt, lastResult, strip, ratio, own);
}

/** A server's coverage; its tasks are listed on first read (only the server page reads them). */
class ServerEntry<T extends OperationLog> implements ServerCoverage<T> {
  private listed?: readonly T[];

  constructor(
    readonly id: string,
    readonly server: ProtectionServer,
    readonly state: CoverageState,
    readonly reasons: readonly CoverageReason[],
    readonly lastSuccessAt: number | undefined,
    readonly lastResult: T | undefined,
    readonly strip: readonly DayResult[],
    readonly vaultUsedRatio: number | undefined,
    private readonly list: () => readonly T[],
  ) {}

  get tasks(): readonly T[] {
    this.listed ??= this.list();
    return this.listed;
  }
}

/** By rank: what a day shows when its best task had this rank. */
const DAY_RESULTS: readonly DayResult[] = ['none', 'skipped', 'running', 'failed', 'success'];

/**
 * The strip as characters, oldest day first: ● success, ✕ failed or timed out, ◐ running,
 * ○ skipped, · no task, – not loaded.
 */
export function stripText(strip: readonly DayResult[]): string {
  let text = '';
  for (const day of strip) text += STRIP_CHARS[day];
  return text;
}

export const STRIP_CHARS: Record<DayResult, string> = {
  success: '●',
  failed: '✕',
  running: '◐',
  skipped: '○',
  none: '·',
  unloaded: '–',
};
