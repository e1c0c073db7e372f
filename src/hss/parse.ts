/**
 * Validation at the edge: turns an untrusted response body into the model.
 * Structural problems (not an object, no list) are errors; a single odd field is coerced
 * when its meaning is unambiguous and dropped otherwise, so one bad row never hides the rest.
 */
import { MalformedResponseError } from './errors';
import {
  type AnyTaskStatus,
  isTaskStatus,
  type OperationLog,
  type OperationLogPage,
  type TaskError,
} from './model';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function optionalInteger(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? Math.round(number) : undefined;
}

/** Epoch seconds are below this; epoch milliseconds above (year 2001 in ms, year 5138 in s). */
const EPOCH_MS_THRESHOLD = 1e11;

/** Accepts ISO-8601 strings and epoch numbers (seconds or milliseconds), as numbers or digit strings. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    return value < EPOCH_MS_THRESHOLD ? value * 1000 : value;
  }
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return parseTime(Number(text));
  // A date and time without a zone is UTC, as the API's own example ("...Z") is: JavaScript would
  // read it as local time, which shifts every row by the user's offset.
  const zoneless = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/.exec(text);
  const parsed = Date.parse(zoneless ? `${zoneless[1]}T${zoneless[2]}Z` : text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function parseError(value: unknown): TaskError | undefined {
  if (!isObject(value)) return undefined;
  const code = optionalString(value.code);
  const message = optionalString(value.message);
  return code === undefined && message === undefined ? undefined : { code, message };
}

function parseStatus(value: unknown): AnyTaskStatus | undefined {
  const raw = optionalString(value);
  if (raw === undefined) return 'unknown';
  // The published page prints "timeout:" with a stray colon; tolerate that and letter case.
  const normalised = raw.trim().toLowerCase().replace(/:$/, '');
  return isTaskStatus(normalised) ? normalised : undefined;
}

/**
 * Every field is set, undefined when the row lacks it, always in this order: every row then has
 * the same shape, which keeps the code that reads 10,000 of them on V8's fast paths.
 */
export function parseOperationLog(value: unknown): OperationLog | undefined {
  if (!isObject(value)) return undefined;
  const progress = optionalInteger(value.process);
  const status = parseStatus(value.status);
  return {
    hostId: optionalString(value.host_id),
    hostName: optionalString(value.host_name),
    backupName: optionalString(value.backup_name),
    progress: progress === undefined ? undefined : Math.min(100, Math.max(0, progress)),
    status: status ?? 'unknown',
    rawStatus: status === undefined ? optionalString(value.status) : undefined,
    startedAt: parseTime(value.started_at),
    endedAt: parseTime(value.ended_at),
    error: parseError(value.error_info),
  };
}

export function parseOperationLogPage(body: unknown): OperationLogPage {
  return parseListPage(body, parseOperationLog);
}

/**
 * A list page's envelope (`{total_num, data_list}`), each row through `parseRow`; a row it cannot
 * read, a list that is not one, or a total that is not a number is a malformed answer.
 */
export function parseListPage<T>(
  body: unknown,
  parseRow: (row: unknown) => T | undefined,
  parseTotal: (value: unknown) => number | undefined = optionalInteger,
): { totalNum: number; items: T[] } {
  if (!isObject(body)) {
    throw new MalformedResponseError(`expected a JSON object, got ${describe(body)}`);
  }
  const list = body.data_list ?? [];
  if (!Array.isArray(list)) {
    throw new MalformedResponseError(`"data_list" should be a list, got ${describe(list)}`);
  }
  const items: T[] = [];
  list.forEach((row, index) => {
    const item = parseRow(row);
    if (item === undefined) {
      throw new MalformedResponseError(`"data_list[${index}]" should be an object, got ${describe(row)}`);
    }
    items.push(item);
  });
  const total = parseTotal(body.total_num);
  if (body.total_num !== undefined && total === undefined) {
    throw new MalformedResponseError(`"total_num" should be a number, got ${describe(body.total_num)}`);
  }
  return { totalNum: total ?? items.length, items };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
