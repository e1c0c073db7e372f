/**
 * The last complete list of each scope, kept on disk so that a window opens with it at once.
 *
 * One file per scope, named by a hash of the scope key (the key holds endpoint, project and
 * filters: never a credential, and the file name does not show even those). The file says which
 * scope it is for, in what format, and when its list was loaded; a file of another scope, another
 * format or one that does not parse is ignored, never shown as this scope's data. Rows are the
 * fields of OperationLog, one array each (a third of the size of objects), the newest
 * CACHE_MAX_ROWS at most.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type AnyTaskStatus, type OperationLog, TASK_STATUSES } from '../hss/model';

/** Bumped whenever the shape of a file changes: an older file is then ignored. */
export const CACHE_FORMAT = 1;
export const CACHE_MAX_ROWS = 100_000;

export interface CachedList {
  readonly scopeKey: string;
  /** When the list was loaded completely (epoch ms). */
  readonly savedAt: number;
  readonly logs: OperationLog[];
}

type Row = [
  hostId: string | null,
  hostName: string | null,
  backupName: string | null,
  progress: number | null,
  status: AnyTaskStatus,
  rawStatus: string | null,
  startedAt: number | null,
  endedAt: number | null,
  errorCode: string | null,
  errorMessage: string | null,
];

const STATUSES = new Set<string>([...TASK_STATUSES, 'unknown']);

/** The file a scope's list is kept in, inside `dir`. */
export function cacheFileName(scopeKey: string): string {
  return `tasks-${createHash('sha256').update(scopeKey).digest('hex').slice(0, 32)}.json`;
}

export function encodeCache(scopeKey: string, savedAt: number, logs: readonly OperationLog[]): string {
  const rows: Row[] = [];
  const count = Math.min(logs.length, CACHE_MAX_ROWS);
  for (let i = 0; i < count; i++) {
    const log = logs[i] as OperationLog;
    rows.push([
      log.hostId ?? null,
      log.hostName ?? null,
      log.backupName ?? null,
      log.progress ?? null,
      log.status,
      log.rawStatus ?? null,
      log.startedAt ?? null,
      log.endedAt ?? null,
      log.error?.code ?? null,
      log.error?.message ?? null,
    ]);
  }
  return JSON.stringify({ format: CACHE_FORMAT, scopeKey, savedAt, truncated: logs.length > count, rows });
}

const str = (value: unknown): value is string | null => value === null || typeof value === 'string';
const num = (value: unknown): value is number | null =>
  value === null || (typeof value === 'number' && Number.isFinite(value));

/** The list a file holds for `scopeKey`, or undefined when it is of another scope or format, or broken. */
export function decodeCache(text: string, scopeKey: string): CachedList | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const file = data as Record<string, unknown>;
  if (file.format !== CACHE_FORMAT || file.scopeKey !== scopeKey) return undefined;
  const { savedAt, rows } = file;
  if (typeof savedAt !== 'number' || !Number.isFinite(savedAt) || !Array.isArray(rows)) return undefined;
  if (rows.length > CACHE_MAX_ROWS) return undefined;
  const logs: OperationLog[] = [];
  for (const row of rows as unknown[]) {
    const log = decodeRow(row);
    // One bad row and the file is not trusted: it was not written by this format.
    if (!log) return undefined;
    logs.push(log);
  }
  return { scopeKey, savedAt, logs };
}

function decodeRow(row: unknown): OperationLog | undefined {
  if (!Array.isArray(row) || row.length !== 10) return undefined;
  const [hostId, hostName, backupName, progress, status, rawStatus, startedAt, endedAt, code, message] =
    row as unknown[];
  if (!str(hostId) || !str(hostName) || !str(backupName) || !str(rawStatus) || !str(code) || !str(message))
    return undefined;
  if (!num(progress) || !num(startedAt) || !num(endedAt)) return undefined;
  if (typeof status !== 'string' || !STATUSES.has(status)) return undefined;
  // Every field in one order, absent ones undefined: 100,000 rows of one shape stay on V8's fast
  // paths when they are indexed and grouped right after.
  return {
    hostId: hostId ?? undefined,
    hostName: hostName ?? undefined,
    backupName: backupName ?? undefined,
    progress: progress ?? undefined,
    status: status as AnyTaskStatus,
    rawStatus: rawStatus ?? undefined,
    startedAt: startedAt ?? undefined,
    endedAt: endedAt ?? undefined,
    error:
      code === null && message === null
        ? undefined
        : code === null
          ? { message: message ?? '' }
          : message === null
            ? { code }
            : { code, message },
  };
}

/** The cache files of one folder (the extension's global storage). */
/** How many kept lists stay on disk, and for how long a scope not loaded since is kept. */
export interface CacheLimits {
  readonly maxFiles: number;
  readonly maxAgeMs: number;
}

export const CACHE_LIMITS: CacheLimits = { maxFiles: 20, maxAgeMs: 30 * 24 * 3600_000 };

/** A temporary file older than this was left by a write that never finished. */
const STALE_TEMPORARY_MS = 3600_000;

export interface CacheEntry {
  readonly name: string;
  /** When it was last written (epoch ms). */
  readonly mtimeMs: number;
}

/**
 * The files to delete from the cache folder: the lists of scopes not loaded within
 * `maxAgeMs`, those beyond the newest `maxFiles`, and temporary files a write left behind.
 * The list just written (`keep`) stays whatever its place; other files are none of ours.
 */
export function filesToPrune(
  entries: readonly CacheEntry[],
  keep: string,
  now: number,
  limits: CacheLimits = CACHE_LIMITS,
): string[] {
  const lists = entries
    .filter((entry) => /^tasks-[0-9a-f]{32}\.json$/.test(entry.name) && entry.name !== keep)
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  const room = Math.max(0, limits.maxFiles - 1);
  const old = lists.filter((entry, index) => index >= room || now - entry.mtimeMs > limits.maxAgeMs);
  const temporary = entries.filter(
    (entry) =>
      /^tasks-[0-9a-f]{32}\.json\..+\.tmp$/.test(entry.name) && now - entry.mtimeMs > STALE_TEMPORARY_MS,
  );
  return [...old, ...temporary].map((entry) => entry.name);
}

export class TaskCacheFiles {
  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
    private readonly limits: CacheLimits = CACHE_LIMITS,
  ) {}

  /** The file the scope's list is kept in. */
  pathOf(scopeKey: string): string {
    return path.join(this.dir, cacheFileName(scopeKey));
  }

  /** The scope's list, or undefined when there is none that can be trusted (never throws). */
  async read(scopeKey: string): Promise<CachedList | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.pathOf(scopeKey), 'utf8');
    } catch {
      return undefined;
    }
    return decodeCache(text, scopeKey);
  }

  /** Writes the scope's list: to a new file first, then renamed, so a reader never sees half of one. */
  async write(scopeKey: string, savedAt: number, logs: readonly OperationLog[]): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.pathOf(scopeKey);
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      await fs.writeFile(temporary, encodeCache(scopeKey, savedAt, logs), 'utf8');
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
    await this.prune(path.basename(file));
  }

  /** Deletes what `filesToPrune` names; a file that cannot be read or deleted is left for next time. */
  private async prune(keep: string): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return;
    }
    const entries: CacheEntry[] = [];
    for (const name of names) {
      try {
        entries.push({ name, mtimeMs: (await fs.stat(path.join(this.dir, name))).mtimeMs });
      } catch {
        // Gone meanwhile (another window pruned it).
      }
    }
    for (const name of filesToPrune(entries, keep, this.now(), this.limits)) {
      await fs.rm(path.join(this.dir, name), { force: true }).catch(() => undefined);
    }
  }

  /** Forgets the scope's list (it no longer loads, or the user signed out). */
  async remove(scopeKey: string): Promise<void> {
    await fs.rm(this.pathOf(scopeKey), { force: true });
  }
}
