// GET /v5/{project_id}/ransomware/server (ListProtectionServer), after authentication: project
// check, query validation with the limits of the SDK model, filtering and paging.
import { ALL_ENTERPRISE_PROJECTS, DEFAULT_ENTERPRISE_PROJECT_ID } from './catalog';
import type { SampleTask } from './data';
import { LIMIT_MAX, LIMIT_MIN } from './query';
import { accessDenied, invalidParameter, type Reply } from './reply';
import type { SampleProtectionServer } from './servers';

export interface ServerQuery {
  offset: number;
  limit: number;
  enterpriseProjectId: string;
  hostName?: string;
  osType?: 'Linux' | 'Windows';
  hostIp?: string;
  hostStatus?: 'ACTIVE' | 'SHUTOFF';
  lastDays?: number;
}

export type ParsedServerQuery = { ok: true; query: ServerQuery } | { ok: false; message: string };

export const OFFSET_MAX = 2_000_000;

type Invalid = { ok: false; message: string };

function integer(
  params: URLSearchParams,
  name: string,
  min: number,
  max: number,
  fallback?: number,
): number | undefined | Invalid {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    return {
      ok: false,
      message: `Invalid parameter: ${name} must be an integer between ${min} and ${max}, got "${clip(raw)}"`,
    };
  }
  return value;
}

function oneOf<T extends string>(
  params: URLSearchParams,
  name: string,
  values: readonly T[],
): T | undefined | Invalid {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  return {
    ok: false,
    message: `Invalid parameter: ${name} must be one of ${values.join(', ')}, got "${clip(raw)}"`,
  };
}

const isInvalid = (value: unknown): value is Invalid => typeof value === 'object' && value !== null;

export function parseServerQuery(params: URLSearchParams): ParsedServerQuery {
  // The SDK model gives defaults for offset (0) and limit (10): unlike operation-logs, both optional.
  const offset = integer(params, 'offset', 0, OFFSET_MAX, 0);
  if (isInvalid(offset)) return offset;
  const limit = integer(params, 'limit', LIMIT_MIN, LIMIT_MAX, LIMIT_MIN);
  if (isInvalid(limit)) return limit;
  const lastDays = integer(params, 'last_days', 1, 30);
  if (isInvalid(lastDays)) return lastDays;
  const osType = oneOf(params, 'os_type', ['Linux', 'Windows'] as const);
  if (isInvalid(osType)) return osType;
  const hostStatus = oneOf(params, 'host_status', ['ACTIVE', 'SHUTOFF'] as const);
  if (isInvalid(hostStatus)) return hostStatus;
  const hostName = params.get('host_name');
  if (hostName !== null && (hostName.length < 1 || hostName.length > 256)) {
    return { ok: false, message: 'Invalid parameter: host_name must be 1 to 256 characters' };
  }
  const enterpriseProjectId = params.get('enterprise_project_id') ?? DEFAULT_ENTERPRISE_PROJECT_ID;
  if (enterpriseProjectId.length < 1 || enterpriseProjectId.length > 256) {
    return { ok: false, message: 'Invalid parameter: enterprise_project_id must be 1 to 256 characters' };
  }
  return {
    ok: true,
    query: {
      offset: offset ?? 0,
      limit: limit ?? LIMIT_MIN,
      enterpriseProjectId,
      hostName: hostName ?? undefined,
      osType,
      hostIp: params.get('host_ip') || undefined,
      hostStatus,
      lastDays,
    },
  };
}

/** The servers a query selects, before paging, in stored order. */
export function selectServers(
  servers: readonly SampleProtectionServer[],
  query: ServerQuery,
): SampleProtectionServer[] {
  const project =
    query.enterpriseProjectId === ALL_ENTERPRISE_PROJECTS ? undefined : query.enterpriseProjectId;
  const needle = query.hostName?.normalize('NFC').toLowerCase();
  return servers.filter(
    (server) =>
      (project === undefined || server.enterprise_project_id === project) &&
      // The console's search: a case-insensitive part of the name.
      (needle === undefined || (server.host_name ?? '').normalize('NFC').toLowerCase().includes(needle)) &&
      (query.osType === undefined || server.os_type === query.osType) &&
      // An IP matches the elastic or the private address, in part (as the console's search does).
      (query.hostIp === undefined ||
        (server.host_ip ?? '').includes(query.hostIp) ||
        (server.private_ip ?? '').includes(query.hostIp)) &&
      (query.hostStatus === undefined || server.host_status === query.hostStatus),
  );
}

export interface ProtectionServersRequest {
  projectId: string;
  params: URLSearchParams;
}

export interface ProtectionServersContext {
  projectId: string;
  servers: readonly SampleProtectionServer[];
  /** count_backuped and resources_num follow the task list and the vaults of these servers. */
  tasks: readonly SampleTask[];
  /** At most this many rows a page, whatever `limit` asks (as for operation-logs). */
  pageCap?: number;
}

export function listProtectionServers(
  request: ProtectionServersRequest,
  context: ProtectionServersContext,
): Reply {
  if (request.projectId.length > 256) {
    return invalidParameter('Invalid parameter: project_id must be 1 to 256 characters');
  }
  if (request.projectId !== context.projectId) {
    return accessDenied(
      `Access denied: project ${request.projectId} is not accessible with these credentials`,
    );
  }
  const parsed = parseServerQuery(request.params);
  if (!parsed.ok) return invalidParameter(parsed.message);
  const { offset } = parsed.query;
  const limit = Math.min(parsed.query.limit, context.pageCap ?? Number.POSITIVE_INFINITY);
  const selected = selectServers(context.servers, parsed.query);
  const backups = new Map<string, number>();
  for (const task of context.tasks) {
    if (task.status === 'success') backups.set(task.hostId, (backups.get(task.hostId) ?? 0) + 1);
  }
  const perVault = new Map<string, number>();
  for (const server of context.servers) {
    if (server.vault_id) perVault.set(server.vault_id, (perVault.get(server.vault_id) ?? 0) + 1);
  }
  const rows = selected.slice(offset, offset + limit).map((server) => ({
    ...server,
    count_backuped: server.count_backuped ?? (server.host_id ? (backups.get(server.host_id) ?? 0) : 0),
    resources_num: server.resources_num ?? (server.vault_id ? perVault.get(server.vault_id) : undefined),
  }));
  return { status: 200, body: { total_num: selected.length, data_list: rows } };
}

function clip(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}
