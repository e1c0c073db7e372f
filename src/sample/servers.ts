// The protected servers of the sample world (ListProtectionServer rows), consistent with the task
// list: every host of SAMPLE_HOSTS with its id, name and enterprise project, plus servers that have
// no backup task at all. The protection set-up is chosen so that, joined with the tasks of the
// sample seed, every coverage state shows in each enterprise project's view: backup protection
// closed or failed to turn on, no policy, a disabled policy, a nearly full vault, a frozen vault,
// servers that were never backed up, servers shut off, and an undocumented value or two.
import {
  DEFAULT_ENTERPRISE_PROJECT_ID,
  PRODUCTION_ENTERPRISE_PROJECT_ID,
  SAMPLE_HOSTS,
  TESTING_ENTERPRISE_PROJECT_ID,
} from './catalog';

/** One server as the sample stores it: the wire row itself (snake_case, every field optional). */
export interface SampleProtectionServer {
  project_id?: string;
  enterprise_project_id?: string;
  host_id?: string;
  agent_id?: string;
  host_name?: string;
  host_ip?: string;
  private_ip?: string;
  os_type?: string;
  os_name?: string;
  host_status?: string;
  host_source?: string;
  version?: string;
  agent_status?: string;
  agent_version?: string;
  ransom_protection_status?: string;
  ransom_protection_fail_reason?: string;
  failed_decoy_dir?: string;
  protect_status?: string;
  protect_policy_id?: string;
  protect_policy_name?: string;
  group_id?: string;
  group_name?: string;
  count_protect_event?: number;
  backup_protection_status?: string;
  backup_error?: { error_code?: string; error_description?: string };
  count_backuped?: number;
  backup_policy_id?: string;
  backup_policy_name?: string;
  backup_policy_enabled?: boolean;
  resources_num?: number;
  vault_id?: string;
  vault_name?: string;
  /** GB. */
  vault_size?: number;
  /** MB (sic: the API's unit for this one field). */
  vault_used?: number;
  /** GB. */
  vault_allocated?: number;
  vault_charging_mode?: string;
  vault_status?: string;
}

interface Vault {
  vault_id: string;
  vault_name: string;
  vault_size: number;
  vault_used: number;
  vault_allocated: number;
  vault_charging_mode: string;
  vault_status: string;
}

const GB = 1024;

/** Roomy: 1 TB, 31% used. */
const VAULT_DEFAULT: Vault = {
  vault_id: 'a1f0c2e4-6b7d-4e8f-9a0b-1c2d3e4f5a01',
  vault_name: 'vault-hss-default',
  vault_size: 1024,
  vault_used: 317 * GB + 512,
  vault_allocated: 900,
  vault_charging_mode: 'pre_paid',
  vault_status: 'available',
};
/** Nearly full: 500 GB, 94% used. */
const VAULT_NEARLY_FULL: Vault = {
  vault_id: 'b2e1d3f5-7c8e-4f90-ab1c-2d3e4f5a6b02',
  vault_name: 'vault-prod-db',
  vault_size: 500,
  vault_used: 470 * GB,
  vault_allocated: 480,
  vault_charging_mode: 'post_paid',
  vault_status: 'available',
};
/** Frozen (an unpaid bill): backups cannot be written. */
const VAULT_FROZEN: Vault = {
  vault_id: 'c3d2e4a6-8d9f-4a01-bc2d-3e4f5a6b7c03',
  vault_name: 'vault-archive',
  vault_size: 2048,
  vault_used: 1200 * GB,
  vault_allocated: 2000,
  vault_charging_mode: 'post_paid',
  vault_status: 'frozen',
};
/** A vault status the API does not document. */
const VAULT_ODD: Vault = {
  vault_id: 'd4c3f5b7-9e0a-4b12-8d3e-4f5a6b7c8d04',
  vault_name: 'vault-migrating',
  vault_size: 200,
  vault_used: 10 * GB,
  vault_allocated: 100,
  vault_charging_mode: 'pre_paid',
  vault_status: 'migrating',
};

const POLICY = { backup_policy_id: 'e5b4a6c8-0f1b-4c23-9e4f-5a6b7c8d9e05', backup_policy_name: 'daily-0200' };
const POLICY_DISABLED = {
  backup_policy_id: 'f6a5b7d9-1a2c-4d34-8f5a-6b7c8d9e0f06',
  backup_policy_name: 'weekly-sunday',
};

function hostOf(name: string): { id: string; name: string; enterpriseProjectId: string } {
  const host = SAMPLE_HOSTS.find((candidate) => candidate.name === name);
  if (!host) throw new Error(`no sample host named ${name}`);
  return host;
}

interface ServerSpec {
  host: { id: string; name: string; enterpriseProjectId: string };
  index: number;
  os?: 'Linux' | 'Windows';
  status?: 'ACTIVE' | 'SHUTOFF';
  source?: string;
  vault?: Vault;
  /** Fields that differ from a healthy, protected server. */
  set?: Partial<SampleProtectionServer>;
  agentStatus?: string;
}

function server(spec: ServerSpec): SampleProtectionServer {
  const os = spec.os ?? 'Linux';
  const vault = spec.vault ?? VAULT_DEFAULT;
  const n = spec.index;
  return {
    enterprise_project_id: spec.host.enterpriseProjectId,
    host_id: spec.host.id,
    agent_id: `agent-${spec.host.id.slice(0, 8)}`,
    host_name: spec.host.name,
    host_ip: `119.3.${10 + n}.${20 + n * 7}`,
    private_ip: `192.168.0.${10 + n}`,
    os_type: os,
    os_name:
      os === 'Windows'
        ? 'Windows Server 2019 Datacenter'
        : n % 2
          ? 'Ubuntu 22.04 server 64bit'
          : 'EulerOS 2.0',
    host_status: spec.status ?? 'ACTIVE',
    host_source: spec.source ?? 'ecs',
    version: n % 3 === 0 ? 'hss.version.premium' : 'hss.version.enterprise',
    agent_status: spec.agentStatus ?? (spec.status === 'SHUTOFF' ? 'offline' : 'online'),
    agent_version: '3.2.14',
    ransom_protection_status: 'opened',
    protect_status: 'opened',
    protect_policy_id: '0a1b2c3d-4e5f-4061-8273-9a0b1c2d3e07',
    protect_policy_name: 'ransomware-default',
    group_id: 'group-web',
    group_name: spec.host.enterpriseProjectId === DEFAULT_ENTERPRISE_PROJECT_ID ? 'default' : 'production',
    count_protect_event: n % 4 === 0 ? 2 : 0,
    backup_protection_status: 'opened',
    ...POLICY,
    backup_policy_enabled: true,
    ...vault,
    // How many servers share the vault is filled in by the route.
    ...spec.set,
  };
}

function extra(index: number, name: string, enterpriseProjectId: string) {
  // Ids shaped like the others, fixed so tests and screenshots can name them.
  const id = `0e${String(index).padStart(2, '0')}f1a2-b3c4-4d5e-8f6a-7b8c9d0e1f${String(index).padStart(2, '0')}`;
  return { id, name, enterpriseProjectId };
}

/** The hosts that have no backup task, by name. */
export const SERVERS_WITHOUT_TASKS = {
  legacyErp: extra(1, 'legacy-erp-01', DEFAULT_ENTERPRISE_PROJECT_ID),
  winAd: extra(2, 'win-ad-01', DEFAULT_ENTERPRISE_PROJECT_ID),
  batchWorker: extra(3, 'batch-worker-07', DEFAULT_ENTERPRISE_PROJECT_ID),
  oldTestVm: extra(4, 'test-vm-old', DEFAULT_ENTERPRISE_PROJECT_ID),
  mediaStore: extra(5, 'media-store-01', DEFAULT_ENTERPRISE_PROJECT_ID),
  bastion: extra(6, 'bastion-01', DEFAULT_ENTERPRISE_PROJECT_ID),
  reporting: extra(7, 'reporting-db', PRODUCTION_ENTERPRISE_PROJECT_ID),
  qaSandbox: extra(8, 'qa-sandbox', TESTING_ENTERPRISE_PROJECT_ID),
} as const;

const X = SERVERS_WITHOUT_TASKS;

/**
 * The servers, in the console's order (by name would do as well; HSS documents none). With seed 10
 * and the default enterprise project over 7 days, the coverage states are: not protected
 * app-backend-03 (closed), k8s-node-1 (policy disabled), legacy-erp-01 (failed to turn on),
 * win-ad-01 (no policy), bastion-01 (closed); vault problem fileserver-nas (frozen),
 * media-store-01 (nearly full); no recent backup batch-worker-07, test-vm-old (never); last backup
 * failed redis-cache-01 (timeout); covered ecs-web-01, web-服务器-02.
 */
export function sampleServers(projectId: string): SampleProtectionServer[] {
  const specs: ServerSpec[] = [
    { host: hostOf('ecs-web-01'), index: 1 },
    { host: hostOf('web-服务器-02'), index: 2, os: 'Windows' },
    { host: hostOf('db-primary'), index: 3, vault: VAULT_NEARLY_FULL },
    { host: hostOf('db-replica-01'), index: 4, vault: VAULT_NEARLY_FULL },
    { host: hostOf('数据库-主节点'), index: 5 },
    { host: hostOf('café-prod'), index: 6 },
    {
      host: hostOf('app-backend-03'),
      index: 7,
      set: { backup_protection_status: 'closed' },
    },
    {
      host: hostOf('k8s-node-1'),
      index: 8,
      set: { ...POLICY_DISABLED, backup_policy_enabled: false },
    },
    { host: hostOf('fileserver-nas'), index: 9, vault: VAULT_FROZEN },
    {
      host: hostOf('jenkins-ci'),
      index: 10,
      set: { ransom_protection_status: 'closed', protect_status: 'closed' },
    },
    { host: hostOf('redis-cache-01'), index: 11 },
    {
      host: hostOf('staging-api'),
      index: 12,
      set: {
        ransom_protection_status: 'protect_degraded',
        ransom_protection_fail_reason: 'decoy_deploy_partially_failed',
        failed_decoy_dir: '/opt/app/data',
      },
    },
    {
      host: X.legacyErp,
      index: 13,
      set: {
        backup_protection_status: 'failed_to_turn_on_backup',
        backup_error: {
          error_code: 'HSS.1120',
          error_description: 'The server is not associated with a backup vault.',
        },
      },
    },
    {
      host: X.winAd,
      index: 14,
      os: 'Windows',
      set: { backup_policy_id: undefined, backup_policy_name: undefined, backup_policy_enabled: undefined },
    },
    { host: X.batchWorker, index: 15 },
    { host: X.oldTestVm, index: 16, status: 'SHUTOFF' },
    { host: X.mediaStore, index: 17, vault: VAULT_NEARLY_FULL },
    {
      host: X.bastion,
      index: 18,
      source: 'outside',
      agentStatus: 'offline',
      set: { backup_protection_status: 'closed' },
    },
    { host: X.reporting, index: 19, vault: VAULT_ODD },
    {
      host: X.qaSandbox,
      index: 20,
      status: 'SHUTOFF',
      set: {
        backup_protection_status: 'failed_to_turn_on_backup',
        backup_error: {
          error_code: 'BackupService.6302',
          error_description: 'The agent on the server is offline. Check the agent status and try again.',
        },
      },
    },
  ];
  return specs.map((spec) => {
    const row = server(spec);
    // A property set to undefined is left out of the JSON, as an absent field is on the wire.
    return { project_id: projectId, ...row };
  });
}
