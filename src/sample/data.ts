// Deterministic, realistic backup/restoration tasks. Everything is drawn from one seeded PRNG and
// placed relative to `now`, so the same options always give the same tasks.
import { SAMPLE_ERROR_REASONS, SAMPLE_HOSTS, type SampleErrorReason, type TaskStatus } from './catalog';
import { createRandom, type Random } from './random';

/**
 * One task as the server stores it. Times are epoch milliseconds; `timeFormat` says how the row is
 * rendered on the wire, because the real API returns ISO strings on some rows and numbers on others.
 * Optional fields are absent on the wire when undefined. ISO rows are rendered to the second, so
 * tasks added by hand should use whole seconds when they compare wire rows with stored times.
 */
export interface SampleTask {
  enterpriseProjectId: string;
  hostId: string;
  hostName?: string;
  backupName: string;
  process: number;
  status: TaskStatus;
  startedAt: number;
  endedAt?: number;
  errorInfo?: { code: string; message: string };
  timeFormat: 'iso' | 'epoch-ms';
}

export interface GenerateTasksOptions {
  /** Default 600. */
  count?: number;
  /** Default 1. */
  seed?: number | string;
  /** Epoch ms the data is placed relative to. Default Date.now(). */
  now?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const SAMPLE_DAYS = 30;

// Settled tasks: mostly success, as in a healthy fleet.
const SETTLED_WEIGHTS = { success: 80, failed: 9, skipped: 6, timeout: 5 } as const;
type SettledStatus = keyof typeof SETTLED_WEIGHTS;
// The first settled tasks cover every settled status, so even small data sets show all six.
const FIRST_SETTLED: readonly SettledStatus[] = ['success', 'failed', 'timeout', 'skipped'];

/** Tasks sorted newest first (ties keep generation order). */
export function generateTasks(options: GenerateTasksOptions = {}): SampleTask[] {
  const count = options.count ?? 600;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  const now = options.now ?? Date.now();
  const random = createRandom(options.seed ?? 1);

  // A few pending tasks, capped: a real fleet has a handful in flight however long its history.
  const running = count >= 20 ? Math.min(12, Math.max(3, Math.round(count * 0.006))) : count >= 2 ? 1 : 0;
  const waiting = count >= 20 ? Math.min(8, Math.max(3, Math.round(count * 0.005))) : count >= 3 ? 1 : 0;

  const tasks: SampleTask[] = [];
  for (let i = 0; i < count; i++) {
    if (i < running) {
      tasks.push(pendingTask(random, 'running', now - random.int(2 * MINUTE, 100 * MINUTE)));
    } else if (i < running + waiting) {
      tasks.push(pendingTask(random, 'waiting', now - random.int(0, 10 * MINUTE)));
    } else {
      const status = FIRST_SETTLED[i - running - waiting] ?? random.weighted(SETTLED_WEIGHTS);
      // Settled tasks start at least 2 h ago, so each has ended before `now`.
      const startedAt = now - 2 * HOUR - random.int(0, SAMPLE_DAYS * DAY - 2 * HOUR - MINUTE);
      tasks.push(settledTask(random, status, startedAt));
    }
  }
  addDuplicates(tasks, running + waiting + 4);
  return sortNewestFirst(tasks);
}

/**
 * `count` new tasks started after every task in `existing` (the "tasks arrive while paging" fault),
 * so they land at the top of the newest-first order and shift every later row down.
 */
export function generateArrivals(
  existing: readonly SampleTask[],
  count: number,
  now: number,
  seed: number,
): SampleTask[] {
  const random = createRandom(seed);
  const newest = existing.reduce((max, task) => Math.max(max, task.startedAt), 0);
  const start = Math.max(now, newest + 1000);
  return Array.from({ length: count }, (_, i) =>
    pendingTask(random, random.chance(0.5) ? 'running' : 'waiting', start + (count - i) * 1000),
  );
}

export function sortNewestFirst(tasks: SampleTask[]): SampleTask[] {
  return tasks.sort((a, b) => b.startedAt - a.startedAt);
}

function pendingTask(random: Random, status: 'running' | 'waiting', startedAt: number): SampleTask {
  // Progress at various points, so progress bars show a spread; waiting tasks have not begun.
  const process = status === 'running' ? random.pick([3, 17, 42, 50, 68, 85, 99]) : 0;
  const errorInfo = random.chance(0.5) ? { code: '', message: '' } : undefined;
  return makeTask(random, status, process, startedAt, undefined, errorInfo);
}

function settledTask(random: Random, status: SettledStatus, startedAt: number): SampleTask {
  switch (status) {
    case 'success': {
      // Like the published example, a few successful rows carry no ended_at and many an empty error_info.
      const endedAt = random.chance(0.04) ? undefined : startedAt + random.int(40_000, 45 * MINUTE);
      const errorInfo = random.chance(0.4) ? { code: '', message: '' } : undefined;
      return makeTask(random, status, 100, startedAt, endedAt, errorInfo);
    }
    case 'failed': {
      const endedAt = startedAt + random.int(5_000, 20 * MINUTE);
      return makeTask(random, status, random.int(0, 95), startedAt, endedAt, reasonFor(random, status));
    }
    case 'timeout': {
      // Timeouts fire at the one-hour task limit, give or take the scheduler's delay.
      const endedAt = startedAt + HOUR + random.int(0, 2 * MINUTE);
      return makeTask(random, status, random.int(10, 99), startedAt, endedAt, reasonFor(random, status));
    }
    case 'skipped': {
      const endedAt = startedAt + random.int(1_000, 5_000);
      return makeTask(random, status, 0, startedAt, endedAt, reasonFor(random, status));
    }
  }
}

function makeTask(
  random: Random,
  status: TaskStatus,
  process: number,
  startedAt: number,
  endedAt: number | undefined,
  errorInfo: SampleTask['errorInfo'],
): SampleTask {
  const host = random.pick(SAMPLE_HOSTS);
  const manual = random.chance(0.15);
  const timeFormat = random.chance(0.15) ? 'epoch-ms' : 'iso';
  // ISO rows go out with whole seconds (as the real API sends them), so their stored times are whole
  // seconds too: what a client parses then equals what the server holds.
  const precise = (ms: number) => (timeFormat === 'iso' ? ms - (ms % 1000) : ms);
  // One literal with every key, so all tasks share a shape (this loop runs 10,000 times in tests).
  return {
    enterpriseProjectId: host.enterpriseProjectId,
    hostId: host.id,
    hostName: random.chance(0.03) ? undefined : host.name,
    backupName: manual ? `manual-bk-${compactDate(startedAt)}` : `autobk_${random.int(1000, 9999)}`,
    process,
    status,
    startedAt: precise(startedAt),
    endedAt: endedAt === undefined ? undefined : precise(endedAt),
    errorInfo,
    timeFormat,
  };
}

const REASONS_BY_STATUS = {
  failed: SAMPLE_ERROR_REASONS.filter((reason) => reason.status === 'failed'),
  timeout: SAMPLE_ERROR_REASONS.filter((reason) => reason.status === 'timeout'),
  skipped: SAMPLE_ERROR_REASONS.filter((reason) => reason.status === 'skipped'),
};

function reasonFor(random: Random, status: SampleErrorReason['status']): { code: string; message: string } {
  const reason = random.pick(REASONS_BY_STATUS[status]);
  return { code: reason.code, message: reason.message };
}

/** `20250306-0526`: how people name manual backups. */
function compactDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
}

// Real lists contain true duplicates (same host, backup and start time), which clients must keep
// distinct; two settled tasks are copied over later slots so the count stays exact.
function addDuplicates(tasks: SampleTask[], firstSettled: number): void {
  if (tasks.length < 100) {
    return;
  }
  for (const [source, target] of [
    [firstSettled + 10, tasks.length - 1],
    [firstSettled + 20, tasks.length - 2],
  ] as const) {
    const original = tasks[source];
    if (original) {
      tasks[target] = { ...original, errorInfo: original.errorInfo && { ...original.errorInfo } };
    }
  }
}
