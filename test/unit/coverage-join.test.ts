/**
 * buildCoverage against the implementation it replaced (kept here as the reference: one list per
 * server, walked server by server), over a fleet with every way of joining tasks to servers: by host
 * id, by name for tasks without an id, by name for servers without one, duplicates, ties of start
 * times, tasks without a start. The rules themselves are tested with hand-written values in
 * coverage.test.ts.
 */
import * as assert from 'node:assert/strict';
import type { OperationLog, TaskStatus } from '../../src/hss/model';
import type { ProtectionServer } from '../../src/hss/serverModel';
import { createRandom } from '../../src/sample/random';
import {
  buildCoverage,
  type Coverage,
  type CoverageOptions,
  type CoverageReason,
  type CoverageState,
  type DayResult,
  type ServerCoverage,
  STRIP_DAYS,
  VAULT_NEARLY_FULL_RATIO,
} from '../../src/tasks/coverage';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const DAY_MS = 86_400_000;
const STATE_RANK: Record<CoverageState, number> = {
  notProtected: 0,
  vaultProblem: 1,
  stale: 2,
  lastFailed: 3,
  covered: 4,
};
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
const DAY_RESULTS: readonly DayResult[] = ['none', 'skipped', 'running', 'failed', 'success'];

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

function referenceCoverage<T extends OperationLog>(
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
    } else if (status === 'failed' || status === 'timeout') {
      rank = 3;
    } else if (status === 'running' || status === 'waiting') {
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

interface Fleet {
  readonly servers: ProtectionServer[];
  readonly tasks: (OperationLog & { readonly id: string })[];
}

function fleet(seed: number): Fleet {
  const random = createRandom(seed);
  const servers: ProtectionServer[] = Array.from({ length: 300 }, (_, index) => ({
    // Every 25th server has no host id (joined by name), every 40th repeats the id before it.
    hostId: index % 25 === 7 ? undefined : `host-${index % 40 === 39 ? index - 1 : index}`,
    hostName: index % 50 === 13 ? undefined : `ecs-${index % 120}`,
    backupProtectionStatus: random.chance(0.05) ? 'closed' : 'opened',
    backupPolicyId: random.chance(0.03) ? undefined : 'p1',
    backupPolicyEnabled: !random.chance(0.03),
    vaultStatus: random.chance(0.03) ? 'frozen' : 'available',
    vaultSizeGB: 100,
    vaultUsedGB: random.int(10, 99),
  }));
  const statuses: TaskStatus[] = [
    'success',
    'success',
    'success',
    'failed',
    'timeout',
    'skipped',
    'running',
    'waiting',
  ];
  const tasks = Array.from({ length: 6_000 }, (_, index) => {
    const server = servers[random.int(0, servers.length + 20)];
    // Starts fall on 21 instants over 15 days, so tasks of one server often tie; a few have none.
    const startedAt = random.chance(0.02) ? undefined : NOW - random.int(0, 20) * 18 * 3_600_000;
    const noId = random.chance(0.1);
    return {
      id: `t${index}`,
      hostId: server && !noId ? server.hostId : random.chance(0.5) ? undefined : `stray-${index % 7}`,
      hostName: server ? server.hostName : random.chance(0.5) ? undefined : `ecs-${index % 130}`,
      status: random.pick(statuses),
      startedAt,
      endedAt: startedAt === undefined || random.chance(0.1) ? undefined : startedAt + 600_000,
    };
  });
  return { servers, tasks };
}

/** What a reader sees of each server, tasks by id. */
function view(coverage: Coverage<OperationLog & { readonly id: string }>) {
  return {
    counts: coverage.counts,
    atRisk: coverage.atRisk,
    servers: coverage.servers.map((entry: ServerCoverage<OperationLog & { readonly id: string }>) => ({
      id: entry.id,
      host: entry.server.hostId,
      state: entry.state,
      reasons: entry.reasons,
      lastSuccessAt: entry.lastSuccessAt,
      lastResult: entry.lastResult?.id,
      tasks: entry.tasks.map((task) => task.id),
      strip: entry.strip,
      vaultUsedRatio: entry.vaultUsedRatio,
    })),
  };
}

describe('coverage: the join of 6,000 tasks to 300 servers', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives what one list per server gives (seed ${seed})`, () => {
      const { servers, tasks } = fleet(seed);
      const options: CoverageOptions = {
        now: NOW,
        maxBackupAgeDays: 2,
        utcOffsetMinutes: 480,
        loadedFrom: NOW - 10 * DAY_MS,
      };
      const actual = view(buildCoverage(servers, tasks, options));
      const expected = view(referenceCoverage(servers, tasks, options));
      assert.deepEqual(actual, expected);
      // The fleet has what the test is about.
      assert.ok(expected.servers.some((entry) => entry.host === undefined && entry.tasks.length > 0));
      assert.ok(
        expected.servers.some((entry) => entry.lastResult !== undefined && entry.state === 'lastFailed'),
      );
      assert.ok(expected.servers.some((entry) => entry.strip.includes('unloaded')));
    });
  }
});
