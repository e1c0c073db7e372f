/** The user's filters, and the checks that keep a bad value from ever reaching a request. */
import { isTaskStatus, type TaskStatus } from '../hss/model';

export interface TaskFilters {
  /** Empty or absent: every status. */
  readonly statuses?: readonly TaskStatus[];
  /** Server name (the API's resource_name). */
  readonly serverName?: string;
  /** 1..30 days, or 0 for everything the API keeps; absent: the lastDays setting. */
  readonly lastDays?: number;
  /** "0" is the default project; "all_granted_eps" every project the user may see. */
  readonly enterpriseProjectId?: string;
}

export const TIME_RANGES = [1, 3, 7, 14, 30] as const;
export const ALL_ENTERPRISE_PROJECTS = 'all_granted_eps';

/** Keeps only well-formed values (filters come back from workspace state and command arguments). */
export function normaliseFilters(value: unknown): TaskFilters {
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const statuses = Array.isArray(record.statuses)
    ? [...new Set(record.statuses.filter((s): s is TaskStatus => typeof s === 'string' && isTaskStatus(s)))]
    : [];
  const serverName = typeof record.serverName === 'string' ? record.serverName.trim() : '';
  const lastDays = validLastDays(record.lastDays);
  const enterpriseProjectId =
    typeof record.enterpriseProjectId === 'string' ? record.enterpriseProjectId.trim() : '';
  return {
    ...(statuses.length > 0 ? { statuses } : {}),
    ...(serverName ? { serverName } : {}),
    ...(lastDays !== undefined ? { lastDays } : {}),
    ...(enterpriseProjectId ? { enterpriseProjectId } : {}),
  };
}

export function validLastDays(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 30
    ? value
    : undefined;
}

/** The API's last_days for a filter value over the setting's default (0 = no limit). */
export function effectiveLastDays(
  filter: number | undefined,
  setting: number | undefined,
): number | undefined {
  const days = filter ?? setting;
  return days === undefined || days === 0 ? undefined : days;
}
