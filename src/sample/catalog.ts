// The fixed world the sample data is drawn from: hosts, enterprise projects and error reasons.
// Host ids are constants (not drawn from the seed) so that tests and screenshots can name them.

export const TASK_STATUSES = ['success', 'skipped', 'failed', 'running', 'timeout', 'waiting'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const DEFAULT_ENTERPRISE_PROJECT_ID = '0';
/** The value of `enterprise_project_id` that selects every enterprise project. */
export const ALL_ENTERPRISE_PROJECTS = 'all_granted_eps';
export const PRODUCTION_ENTERPRISE_PROJECT_ID = '5f8e2a71-3c4b-4d9e-8a6f-1b2c3d4e5f60';
export const TESTING_ENTERPRISE_PROJECT_ID = 'b7c1d2e3-f4a5-4b6c-9d7e-8f9a0b1c2d3e';

export interface SampleHost {
  readonly id: string;
  readonly name: string;
  readonly enterpriseProjectId: string;
}

// Non-ASCII names are deliberate: tree labels, filters and the webview must cope with them.
export const SAMPLE_HOSTS: readonly SampleHost[] = [
  { id: '3f6c2a10-8b1e-4c7d-9a52-0e4f1b2c3d01', name: 'ecs-web-01', enterpriseProjectId: '0' },
  { id: '7a9d4e22-1c3f-4b8a-8e61-2f5a6b7c8d02', name: 'web-服务器-02', enterpriseProjectId: '0' },
  {
    id: 'c882e0b4-c4c1-4e89-b99a-f6320a1b2c03',
    name: 'db-primary',
    enterpriseProjectId: PRODUCTION_ENTERPRISE_PROJECT_ID,
  },
  {
    id: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c04',
    name: 'db-replica-01',
    enterpriseProjectId: PRODUCTION_ENTERPRISE_PROJECT_ID,
  },
  {
    id: '9e8d7c6b-5a49-4382-a716-0f5e4d3c2b05',
    name: '数据库-主节点',
    enterpriseProjectId: PRODUCTION_ENTERPRISE_PROJECT_ID,
  },
  {
    id: '4d5e6f70-8192-4a3b-9c4d-5e6f7a8b9c06',
    name: 'café-prod',
    enterpriseProjectId: PRODUCTION_ENTERPRISE_PROJECT_ID,
  },
  { id: 'a0b1c2d3-e4f5-4607-8819-2a3b4c5d6e07', name: 'app-backend-03', enterpriseProjectId: '0' },
  { id: '5c6d7e8f-9012-4b3c-8d4e-5f6a7b8c9d08', name: 'k8s-node-1', enterpriseProjectId: '0' },
  { id: 'e1f2a3b4-c5d6-47e8-9f0a-1b2c3d4e5f09', name: 'fileserver-nas', enterpriseProjectId: '0' },
  {
    id: '2a3b4c5d-6e7f-4809-9a1b-2c3d4e5f6a10',
    name: 'jenkins-ci',
    enterpriseProjectId: TESTING_ENTERPRISE_PROJECT_ID,
  },
  { id: '6f7a8b9c-0d1e-42f3-a4b5-c6d7e8f9a011', name: 'redis-cache-01', enterpriseProjectId: '0' },
  {
    id: 'b8c9d0e1-f2a3-44b5-86c7-d8e9f0a1b212',
    name: 'staging-api',
    enterpriseProjectId: TESTING_ENTERPRISE_PROJECT_ID,
  },
];

export interface SampleErrorReason {
  readonly code: string;
  readonly message: string;
  /** Which settled statuses this reason explains. */
  readonly status: 'failed' | 'timeout' | 'skipped';
}

// Codes follow the two families seen in practice: HSS.xxxx from HSS itself and
// BackupService.xxxx passed through from CBR (the backup service HSS drives).
export const SAMPLE_ERROR_REASONS: readonly SampleErrorReason[] = [
  {
    code: 'HSS.1117',
    message: 'Backup vault capacity is insufficient. Expand the vault or delete unneeded backups.',
    status: 'failed',
  },
  {
    code: 'BackupService.6302',
    message: 'The agent on the server is offline. Check the agent status and try again.',
    status: 'failed',
  },
  {
    code: 'BackupService.6313',
    message: 'A disk of the server is being expanded or detached. Try again later.',
    status: 'failed',
  },
  {
    code: 'BackupService.6500',
    message: 'The number of backups has reached the upper limit of the vault policy.',
    status: 'failed',
  },
  { code: 'HSS.1034', message: 'The server is stopped or is being deleted.', status: 'failed' },
  { code: 'HSS.1048', message: 'Snapshot creation timed out.', status: 'timeout' },
  {
    code: 'HSS.1071',
    message: 'The task timed out while waiting for a response from the agent.',
    status: 'timeout',
  },
  {
    code: 'HSS.1125',
    message: 'A backup task for this server is already running. This run was skipped.',
    status: 'skipped',
  },
  { code: 'HSS.1120', message: 'The server is not associated with a backup vault.', status: 'skipped' },
];
