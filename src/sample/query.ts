// The query parameters of the operation-logs API: validation with the real API's limits, then
// filtering, newest-first ordering and paging.
import {
  ALL_ENTERPRISE_PROJECTS,
  DEFAULT_ENTERPRISE_PROJECT_ID,
  TASK_STATUSES,
  type TaskStatus,
} from './catalog';
import type { SampleTask } from './data';

export interface ListQuery {
  offset: number;
  limit: number;
  status?: TaskStatus;
  lastDays?: number;
  enterpriseProjectId: string;
  resourceName?: string;
}

export type ParsedQuery = { ok: true; query: ListQuery } | { ok: false; message: string };

export const LIMIT_MIN = 10;
export const LIMIT_MAX = 200;
const DAY = 86_400_000;

export function parseListQuery(params: URLSearchParams): ParsedQuery {
  const offset = integerParam(params, 'offset', { required: true, min: 0 });
  if (typeof offset === 'object') return offset;
  const limit = integerParam(params, 'limit', { required: true, min: LIMIT_MIN, max: LIMIT_MAX });
  if (typeof limit === 'object') return limit;
  const lastDays = integerParam(params, 'last_days', { required: false, min: 1, max: 30 });
  if (typeof lastDays === 'object') return lastDays;

  const status = params.get('status');
  if (status !== null && !isStatus(status)) {
    return {
      ok: false,
      message: `Invalid parameter: status must be one of ${TASK_STATUSES.join(', ')}, got "${clip(status)}"`,
    };
  }
  const enterpriseProjectId = params.get('enterprise_project_id') ?? DEFAULT_ENTERPRISE_PROJECT_ID;
  if (enterpriseProjectId.length < 1 || enterpriseProjectId.length > 256) {
    return { ok: false, message: 'Invalid parameter: enterprise_project_id must be 1 to 256 characters' };
  }
  // An empty resource_name means "no filter", as an empty search box does.
  const resourceName = params.get('resource_name') || undefined;
  return {
    ok: true,
    query: { offset, limit, status: status ?? undefined, lastDays, enterpriseProjectId, resourceName },
  };
}

/**
 * The rows the query selects, newest first, before paging. One pass with the query's values held
 * in locals: this runs for every page over every task, and its cost is the server's part of
 * every timing the benchmark takes.
 */
export function selectTasks(tasks: readonly SampleTask[], query: ListQuery, now: number): SampleTask[] {
  const since = query.lastDays === undefined ? Number.NEGATIVE_INFINITY : now - query.lastDays * DAY;
  const needle = query.resourceName === undefined ? undefined : foldName(query.resourceName);
  const project =
    query.enterpriseProjectId === ALL_ENTERPRISE_PROJECTS ? undefined : query.enterpriseProjectId;
  const status = query.status;
  if (
    project === undefined &&
    status === undefined &&
    needle === undefined &&
    since === Number.NEGATIVE_INFINITY
  ) {
    // No filter: the list as it is when it is in order (a check, not a copy of 100,000 rows a page).
    let ordered = true;
    for (let i = 1; i < tasks.length && ordered; i++) {
      ordered = (tasks[i] as SampleTask).startedAt <= (tasks[i - 1] as SampleTask).startedAt;
    }
    if (ordered) return tasks as SampleTask[];
  }
  const selected: SampleTask[] = [];
  let newestFirst = true;
  let previous = Number.POSITIVE_INFINITY;
  for (const task of tasks) {
    if (project !== undefined && task.enterpriseProjectId !== project) continue;
    if (status !== undefined && task.status !== status) continue;
    if (task.startedAt < since) continue;
    // Resource name: case-insensitive substring of the server name (the console's search box
    // behaves this way); rows without a host_name never match a name filter.
    if (needle !== undefined && (task.hostName === undefined || !foldName(task.hostName).includes(needle)))
      continue;
    if (task.startedAt > previous) newestFirst = false;
    previous = task.startedAt;
    selected.push(task);
  }
  // The store is kept newest first; sort only when a test has pushed rows out of order.
  return newestFirst ? selected : selected.sort((a, b) => b.startedAt - a.startedAt);
}

/** NFC first, so a decomposed "café" typed on macOS finds the composed one, then lower case. */
function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

function isStatus(value: string): value is TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(value);
}

type Invalid = { ok: false; message: string };
interface IntegerRule {
  min: number;
  max?: number;
}

function integerParam(
  params: URLSearchParams,
  name: string,
  rule: IntegerRule & { required: true },
): number | Invalid;
function integerParam(
  params: URLSearchParams,
  name: string,
  rule: IntegerRule & { required: false },
): number | undefined | Invalid;
function integerParam(
  params: URLSearchParams,
  name: string,
  rule: IntegerRule & { required: boolean },
): number | undefined | Invalid {
  const raw = params.get(name);
  const range = rule.max === undefined ? `>= ${rule.min}` : `between ${rule.min} and ${rule.max}`;
  const invalid = (message: string): Invalid => ({
    ok: false,
    message: `Invalid parameter: ${name} ${message}`,
  });
  if (raw === null || raw === '') {
    return rule.required ? invalid(`is required (an integer ${range})`) : undefined;
  }
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    return invalid(`must be an integer ${range}, got "${clip(raw)}"`);
  }
  if (value < rule.min || (rule.max !== undefined && value > rule.max)) {
    return invalid(`must be an integer ${range}, got ${value}`);
  }
  return value;
}

// Echoed input is clipped so a hostile query cannot make the error body large.
function clip(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}
