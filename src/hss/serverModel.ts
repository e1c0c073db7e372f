/**
 * The protected-server model (ListProtectionServer): one row once it has crossed the edge.
 * Every wire field is optional (API-NOTES). An enum value the API did not document becomes
 * 'unknown' here, and the value as sent is kept in `unknownValues` under the wire field's name,
 * so the UI can show it rather than hide it.
 */

export const OS_TYPES = ['Linux', 'Windows'] as const;
export const HOST_STATUSES = ['ACTIVE', 'SHUTOFF'] as const;
export const HOST_SOURCES = ['ecs', 'outside', 'workspace'] as const;
export const HSS_VERSIONS = [
  'hss.version.null',
  'hss.version.basic',
  'hss.version.advanced',
  'hss.version.enterprise',
  'hss.version.premium',
  'hss.version.wtp',
  'hss.version.container.enterprise',
] as const;
export const RANSOM_PROTECTION_STATUSES = [
  'closed',
  'opened',
  'opening',
  'closing',
  'protect_failed',
  'protect_degraded',
] as const;
export const RANSOM_FAIL_REASONS = [
  'driver_load_failed',
  'protect_interrupted',
  'decoy_deploy_totally_failed',
  'decoy_deploy_partially_failed',
] as const;
export const PROTECT_STATUSES = ['closed', 'opened'] as const;
export const BACKUP_PROTECTION_STATUSES = ['opened', 'closed', 'failed_to_turn_on_backup'] as const;
export const VAULT_CHARGING_MODES = ['post_paid', 'pre_paid'] as const;
export const VAULT_STATUSES = ['available', 'lock', 'frozen', 'deleting', 'error'] as const;

type Of<T extends readonly string[]> = T[number] | 'unknown';
export type OsType = Of<typeof OS_TYPES>;
export type HostStatus = Of<typeof HOST_STATUSES>;
export type HostSource = Of<typeof HOST_SOURCES>;
export type HssVersion = Of<typeof HSS_VERSIONS>;
export type RansomProtectionStatus = Of<typeof RANSOM_PROTECTION_STATUSES>;
export type RansomFailReason = Of<typeof RANSOM_FAIL_REASONS>;
export type ProtectStatus = Of<typeof PROTECT_STATUSES>;
export type BackupProtectionStatus = Of<typeof BACKUP_PROTECTION_STATUSES>;
export type VaultChargingMode = Of<typeof VAULT_CHARGING_MODES>;
export type VaultStatus = Of<typeof VAULT_STATUSES>;

export interface BackupError {
  readonly code?: string;
  readonly description?: string;
}

/** MB in a GB, as HSS and the backup service count vault capacity. */
export const MB_PER_GB = 1024;

export interface ProtectionServer {
  // Identity
  readonly projectId?: string;
  readonly enterpriseProjectId?: string;
  readonly hostId?: string;
  readonly agentId?: string;
  readonly hostName?: string;
  /** The elastic (public) IP. */
  readonly hostIp?: string;
  readonly privateIp?: string;
  readonly osType?: OsType;
  readonly osName?: string;
  readonly hostStatus?: HostStatus;
  readonly hostSource?: HostSource;
  readonly version?: HssVersion;
  /** Not an enum the API documents: kept as sent. */
  readonly agentStatus?: string;
  readonly agentVersion?: string;
  // Ransomware protection
  readonly ransomProtectionStatus?: RansomProtectionStatus;
  readonly ransomProtectionFailReason?: RansomFailReason;
  readonly failedDecoyDir?: string;
  readonly protectStatus?: ProtectStatus;
  readonly protectPolicyId?: string;
  readonly protectPolicyName?: string;
  readonly groupId?: string;
  readonly groupName?: string;
  readonly countProtectEvent?: number;
  // Backup
  readonly backupProtectionStatus?: BackupProtectionStatus;
  readonly backupError?: BackupError;
  /** Backups the vault holds for this server. */
  readonly countBackuped?: number;
  /** Absent: no backup policy is bound. */
  readonly backupPolicyId?: string;
  readonly backupPolicyName?: string;
  readonly backupPolicyEnabled?: boolean;
  /** Servers bound to the vault. */
  readonly resourcesNum?: number;
  // Vault. The wire sends vault_size and vault_allocated in GB but vault_used in MB: every size
  // here is in GB, named so, with the MB figure kept as sent.
  readonly vaultId?: string;
  readonly vaultName?: string;
  readonly vaultSizeGB?: number;
  readonly vaultUsedGB?: number;
  readonly vaultUsedMB?: number;
  readonly vaultAllocatedGB?: number;
  readonly vaultChargingMode?: VaultChargingMode;
  readonly vaultStatus?: VaultStatus;
  /** Undocumented enum values as sent, by wire field name (e.g. `{ vault_status: "melting" }`). */
  readonly unknownValues?: Readonly<Record<string, string>>;
}

export interface ProtectionServerPage {
  readonly totalNum: number;
  readonly items: readonly ProtectionServer[];
}
