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

/** Tasks by host id, and tasks without a host id by host name: one pass over the list. */
function indexByHost<T extends OperationLog>(tasks: readonly T[]) {
  const byId = new Map<string, T[]>();
  const byName = new Map<string, T[]>();
  for (const task of tasks) {
    const key = task.hostId ?? task.hostName;
    if (key === undefined) continue;
    const map = task.hostId !== undefined ? byId : byName;
    let list = map.get(key);
    if (!list) {
      list = [];
      map.set(key, list);
    }
    list.push(task);
  }
  return { byId, byName };
}

export function buildCoverage<T extends OperationLog>(
  servers: readonly ProtectionServer[],
  tasks: readonly T[],
  options: CoverageOptions,
): Coverage<T> {
  const { byId, byName } = indexByHost(tasks);
  // A server without an id is joined by name with every task of that name, whatever its host id.
  let allByName: Map<string, T[]> | undefined;
  const offset = (options.utcOffsetMinutes ?? -new Date(options.now).getTimezoneOffset()) * 60_000;
  const today = Math.floor((options.now + offset) / DAY_MS);
  const maxAgeMs = options.maxBackupAgeDays * DAY_MS;
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
    let own: readonly T[];
    if (server.hostId !== undefined) {
      const ofId = byId.get(server.hostId) ?? [];
      const ofName = server.hostName !== undefined ? byName.get(server.hostName) : undefined;
      own = ofName ? mergeNewestFirst(ofId, ofName) : ofId;
    } else if (server.hostName !== undefined) {
      if (!allByName) allByName = indexAllByName(tasks);
      own = allByName.get(server.hostName) ?? [];
    } else {
      own = [];
    }
    const base = server.hostId ?? `name:${server.hostName ?? ''}`;
    const repeat = seen.get(base) ?? 0;
    seen.set(base, repeat + 1);
    const id = repeat === 0 ? base : `${base}#${repeat + 1}`;
    const coverage = judge(id, server, own, options.now, maxAgeMs, today, offset, options.loadedFrom);
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

function judge<T extends OperationLog>(
  id: string,
  server: ProtectionServer,
  tasks: readonly T[],
  now: number,
  maxAgeMs: number,
  today: number,
  offset: number,
  loadedFrom: number | undefined,
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

  let lastSuccessAt: number | undefined;
  let lastResult: T | undefined;
  let lastResultAt = Number.NEGATIVE_INFINITY;
  // Day ranks as small integers (see DAY_RESULTS); the strip's first day starts at `firstDay`.
  const ranks = new Uint8Array(STRIP_DAYS);
  const firstDay = (today - (STRIP_DAYS - 1)) * DAY_MS - offset;
  for (const task of tasks) {
    const status = task.status;
    const started = task.startedAt;
    let rank = 0;
    if (status === 'success') {
      rank = 4;
      const at = task.endedAt ?? started;
      if (at !== undefined && (lastSuccessAt === undefined || at > lastSuccessAt)) lastSuccessAt = at;
    } else if (isProblemStatus(status)) {
      rank = 3;
    } else if (isActiveStatus(status)) {
      rank = 2;
    } else if (status === 'skipped') {
      rank = 1;
    }
    if (rank >= 3 && (started ?? 0) > lastResultAt) {
      lastResult = task;
      lastResultAt = started ?? 0;
    }
    if (started !== undefined && started >= firstDay) {
      const day = Math.floor((started - firstDay) / DAY_MS);
      if (day < STRIP_DAYS && rank > (ranks[day] ?? 0)) ranks[day] = rank;
    }
  }
  const strip: DayResult[] = Array.from(ranks, (rank, day) =>
    rank === 0 && loadedFrom !== undefined && firstDay + (day + 1) * DAY_MS <= loadedFrom
      ? 'unloaded'
      : (DAY_RESULTS[rank] ?? 'none'),
  );
  if (lastSuccessAt === undefined) reasons.push({ kind: 'neverBackedUp' });
  else if (now - lastSuccessAt > maxAgeMs) reasons.push({ kind: 'backupTooOld', ageMs: now - lastSuccessAt });
  if (lastResult && (lastResult.status === 'failed' || lastResult.status === 'timeout')) {
    reasons.push({ kind: 'lastFailed', status: lastResult.status });
  }
  const state = reasons.length > 0 ? STATE_OF_REASON[reasons[0]?.kind ?? 'lastFailed'] : 'covered';
  return { id, server, state, reasons, lastSuccessAt, lastResult, tasks, strip, vaultUsedRatio: ratio };
}

/** By rank: what a day shows when its best task had this rank. */
const DAY_RESULTS: readonly DayResult[] = ['none', 'skipped', 'running', 'failed', 'success'];

/**
 * The strip as characters, oldest day first: ● success, ✕ failed or timed out, ◐ running,
 * ○ skipped, · no task, – not loaded.
 */
export function stripText(strip: readonly DayResult[]): string {
  return strip.map((day) => STRIP_CHARS[day]).join('');
}

export const STRIP_CHARS: Record<DayResult, string> = {
  success: '●',
  failed: '✕',
  running: '◐',
  skipped: '○',
  none: '·',
  unloaded: '–',
};
