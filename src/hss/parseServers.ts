/**
 * Validation at the edge for ListProtectionServer: an untrusted body becomes ProtectionServer rows.
 * As for the task list, a body that is not an object or a list that is not a list is an error; a
 * single odd field is coerced when its meaning is unambiguous and dropped otherwise.
 */
import { parseListPage } from './parse';
import {
  BACKUP_PROTECTION_STATUSES,
  type BackupError,
  HOST_SOURCES,
  HOST_STATUSES,
  HSS_VERSIONS,
  MB_PER_GB,
  OS_TYPES,
  PROTECT_STATUSES,
  type ProtectionServer,
  type ProtectionServerPage,
  RANSOM_FAIL_REASONS,
  RANSOM_PROTECTION_STATUSES,
  VAULT_CHARGING_MODES,
  VAULT_STATUSES,
} from './serverModel';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A finite number, from a number or a numeric string; negative sizes and counts are dropped. */
function amount(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined;
}

function count(value: unknown): number | undefined {
  const number = amount(value);
  return number === undefined ? undefined : Math.round(number);
}

function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function parseBackupError(value: unknown): BackupError | undefined {
  if (!isObject(value)) return undefined;
  const code = text(value.error_code);
  const description = text(value.error_description);
  return code === undefined && description === undefined ? undefined : { code, description };
}

/** Round to 1/1000 GB (about 1 MB), so 512 MB reads 0.5 rather than 0.5000000001. */
function mbToGb(mb: number): number {
  return Math.round((mb / MB_PER_GB) * 1000) / 1000;
}

/**
 * Every field is set, undefined when the row lacks it, always in this order, so 5,000 rows share
 * one shape.
 */
export function parseProtectionServer(value: unknown): ProtectionServer | undefined {
  if (!isObject(value)) return undefined;
  const unknown: Record<string, string> = {};
  /** A documented value in its canonical spelling; letter case is forgiven, anything else kept. */
  const oneOf = <T extends string>(field: string, values: readonly T[]): T | 'unknown' | undefined => {
    const raw = text(value[field]);
    if (raw === undefined) return undefined;
    const folded = raw.trim().toLowerCase();
    const match = values.find((known) => known.toLowerCase() === folded);
    if (match) return match;
    unknown[field] = raw;
    return 'unknown';
  };
  const usedMB = amount(value.vault_used);
  const server: ProtectionServer = {
    projectId: text(value.project_id),
    enterpriseProjectId: text(value.enterprise_project_id),
    hostId: text(value.host_id),
    agentId: text(value.agent_id),
    hostName: text(value.host_name),
    hostIp: text(value.host_ip),
    privateIp: text(value.private_ip),
    osType: oneOf('os_type', OS_TYPES),
    osName: text(value.os_name),
    hostStatus: oneOf('host_status', HOST_STATUSES),
    hostSource: oneOf('host_source', HOST_SOURCES),
    version: oneOf('version', HSS_VERSIONS),
    agentStatus: text(value.agent_status),
    agentVersion: text(value.agent_version),
    ransomProtectionStatus: oneOf('ransom_protection_status', RANSOM_PROTECTION_STATUSES),
    ransomProtectionFailReason: oneOf('ransom_protection_fail_reason', RANSOM_FAIL_REASONS),
    failedDecoyDir: text(value.failed_decoy_dir),
    protectStatus: oneOf('protect_status', PROTECT_STATUSES),
    protectPolicyId: text(value.protect_policy_id),
    protectPolicyName: text(value.protect_policy_name),
    groupId: text(value.group_id),
    groupName: text(value.group_name),
    countProtectEvent: count(value.count_protect_event),
    backupProtectionStatus: oneOf('backup_protection_status', BACKUP_PROTECTION_STATUSES),
    backupError: parseBackupError(value.backup_error),
    countBackuped: count(value.count_backuped),
    backupPolicyId: text(value.backup_policy_id),
    backupPolicyName: text(value.backup_policy_name),
    backupPolicyEnabled: flag(value.backup_policy_enabled),
    resourcesNum: count(value.resources_num),
    vaultId: text(value.vault_id),
    vaultName: text(value.vault_name),
    vaultSizeGB: amount(value.vault_size),
    vaultUsedGB: usedMB === undefined ? undefined : mbToGb(usedMB),
    vaultUsedMB: usedMB,
    vaultAllocatedGB: amount(value.vault_allocated),
    vaultChargingMode: oneOf('vault_charging_mode', VAULT_CHARGING_MODES),
    vaultStatus: oneOf('vault_status', VAULT_STATUSES),
    unknownValues: undefined,
  };
  return Object.keys(unknown).length > 0 ? { ...server, unknownValues: unknown } : server;
}

export function parseProtectionServerPage(body: unknown): ProtectionServerPage {
  return parseListPage(body, parseProtectionServer, count);
}
