/**
 * The last complete list of each scope, kept on disk so that a window opens with it at once.
 *
 * One file per scope, named by a hash of the scope key (the key holds endpoint, project and
 * filters: never a credential, and the file name does not show even those). The file says which
 * scope it is for, in what format, and when its list was loaded; a file of another scope, another
 * format or one that does not parse is ignored, never shown as this scope's data. Rows are the
 * fields of OperationLog, ten numbers each in one flat array, each distinct string once in a table
 * (10,000 rows of the sample data: 0.7 MB, half the bytes of one array a row), the newest
 * CACHE_MAX_ROWS at most.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type AnyTaskStatus, type OperationLog, TASK_STATUSES } from '../hss/model';

/** Bumped whenever the shape of a file changes: an older file is then ignored. */
export const CACHE_FORMAT = 2;
export const CACHE_MAX_ROWS = 100_000;

export interface CachedList {
  readonly scopeKey: string;
  /** When the list was loaded completely (epoch ms). */
  readonly savedAt: number;
  readonly logs: OperationLog[];
}

/**
 * Each row is FIELDS numbers of one flat array (hostId, hostName, backupName, progress, status,
 * rawStatus, startedAt, endedAt, error code, error message): the string fields as indexes into the file's
 * `strings` (each distinct string once), the number fields as they are; null for an absent field.
 */
const FIELDS = 10;

const STATUSES = new Set<string>([...TASK_STATUSES, 'unknown']);

/** The file a scope's list is kept in, inside `dir`. */
export function cacheFileName(scopeKey: string): string {
  return `tasks-${createHash('sha256').update(scopeKey).digest('hex').slice(0, 32)}.json`;
}

export function encodeCache(scopeKey: string, savedAt: number, logs: readonly OperationLog[]): string {
  const strings: string[] = [];
  const indexes = new Map<string, number>();
  const text = (value: string | undefined): number | null => {
    if (value === undefined) return null;
    let index = indexes.get(value);
    if (index === undefined) {
      index = strings.length;
      strings.push(value);
      indexes.set(value, index);
    }
    return index;
  };
  const rows: (number | null)[] = [];
  const count = Math.min(logs.length, CACHE_MAX_ROWS);
  for (let i = 0; i < count; i++) {
    const log = logs[i] as OperationLog;
    rows.push(
      text(log.hostId),
      text(log.hostName),
      text(log.backupName),
      log.progress ?? null,
      text(log.status),
      text(log.rawStatus),
      log.startedAt ?? null,
      log.endedAt ?? null,
      text(log.error?.code),
      text(log.error?.message),
    );
  }
  return JSON.stringify({
    format: CACHE_FORMAT,
    scopeKey,
    savedAt,
    truncated: logs.length > count,
    strings,
    rows,
  });
}

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
  const { savedAt, rows, strings } = file;
  // Number.isFinite takes nothing but a finite number: no string, no null.
  if (!Number.isFinite(savedAt)) return undefined;
  if (!Array.isArray(rows) || !Array.isArray(strings) || !strings.every((s) => typeof s === 'string')) {
    return undefined;
  }
  // A last row cut short is refused by validRows: its missing fields are neither indexes nor null.
  if (rows.length / FIELDS > CACHE_MAX_ROWS) return undefined;
  if (!validRows(rows, strings.length)) return undefined;
  const at = (index: unknown): string | undefined => (index === null ? undefined : strings[index as number]);
  const logs: OperationLog[] = [];
  for (let i = 0; i < rows.length; i += FIELDS) {
    const status = strings[rows[i + 4] as number] as string;
    // One bad row and the file is not trusted: it was not written by this format.
    if (!STATUSES.has(status)) return undefined;
    const code = at(rows[i + 8]);
    const message = at(rows[i + 9]);
    // Every field in one order, absent ones undefined: 100,000 rows of one shape stay on V8's fast
    // paths when they are indexed and grouped right after.
    logs.push({
      hostId: at(rows[i]),
      hostName: at(rows[i + 1]),
      backupName: at(rows[i + 2]),
      progress: (rows[i + 3] as number | null) ?? undefined,
      status: status as AnyTaskStatus,
      rawStatus: at(rows[i + 5]),
      startedAt: (rows[i + 6] as number | null) ?? undefined,
      endedAt: (rows[i + 7] as number | null) ?? undefined,
      error:
        code === undefined && message === undefined
          ? undefined
          : code === undefined
            ? { message: message ?? '' }
            : message === undefined
              ? { code }
              : { code, message },
    });
  }
  return { scopeKey, savedAt: savedAt as number, logs };
}

/** Every string field an index into the strings (or null), every number field finite (or null). */
function validRows(rows: readonly unknown[], stringCount: number): boolean {
  const index = (value: unknown) =>
    value === null || (Number.isInteger(value) && (value as number) >= 0 && (value as number) < stringCount);
  const number = (value: unknown) => value === null || Number.isFinite(value);
  for (let i = 0; i < rows.length; i += FIELDS) {
    // A null status is no status: it is refused with the strings that are none, in decodeCache.
    if (
      !index(rows[i]) ||
      !index(rows[i + 1]) ||
      !index(rows[i + 2]) ||
      !number(rows[i + 3]) ||
      !index(rows[i + 4]) ||
      !index(rows[i + 5]) ||
      !number(rows[i + 6]) ||
      !number(rows[i + 7]) ||
      !index(rows[i + 8]) ||
      !index(rows[i + 9])
    ) {
      return false;
    }
  }
  return true;
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
