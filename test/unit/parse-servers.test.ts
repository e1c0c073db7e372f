import * as assert from 'node:assert/strict';
import { MalformedResponseError } from '../../src/hss/errors';
import { parseProtectionServer, parseProtectionServerPage } from '../../src/hss/parseServers';

describe('parseProtectionServer', () => {
  it('reads every documented field, sizes in GB (vault_used arrives in MB)', () => {
    const server = parseProtectionServer({
      project_id: 'p1',
      enterprise_project_id: '0',
      host_id: 'h1',
      agent_id: 'a1',
      host_name: 'ecs-web-01',
      host_ip: '119.3.1.1',
      private_ip: '192.168.0.1',
      os_type: 'Linux',
      os_name: 'EulerOS 2.0',
      host_status: 'ACTIVE',
      host_source: 'ecs',
      version: 'hss.version.premium',
      agent_status: 'online',
      agent_version: '3.2.14',
      ransom_protection_status: 'protect_degraded',
      ransom_protection_fail_reason: 'decoy_deploy_partially_failed',
      failed_decoy_dir: '/opt/data',
      protect_status: 'opened',
      protect_policy_id: 'pp1',
      protect_policy_name: 'ransomware-default',
      group_id: 'g1',
      group_name: 'default',
      count_protect_event: 2,
      backup_protection_status: 'failed_to_turn_on_backup',
      backup_error: { error_code: 'HSS.1120', error_description: 'No vault.' },
      count_backuped: 14,
      backup_policy_id: 'bp1',
      backup_policy_name: 'daily-0200',
      backup_policy_enabled: true,
      resources_num: 3,
      vault_id: 'v1',
      vault_name: 'vault-a',
      vault_size: 500,
      vault_used: 481280,
      vault_allocated: 480,
      vault_charging_mode: 'post_paid',
      vault_status: 'available',
    });
    assert.deepEqual(server, {
      projectId: 'p1',
      enterpriseProjectId: '0',
      hostId: 'h1',
      agentId: 'a1',
      hostName: 'ecs-web-01',
      hostIp: '119.3.1.1',
      privateIp: '192.168.0.1',
      osType: 'Linux',
      osName: 'EulerOS 2.0',
      hostStatus: 'ACTIVE',
      hostSource: 'ecs',
      version: 'hss.version.premium',
      agentStatus: 'online',
      agentVersion: '3.2.14',
      ransomProtectionStatus: 'protect_degraded',
      ransomProtectionFailReason: 'decoy_deploy_partially_failed',
      failedDecoyDir: '/opt/data',
      protectStatus: 'opened',
      protectPolicyId: 'pp1',
      protectPolicyName: 'ransomware-default',
      groupId: 'g1',
      groupName: 'default',
      countProtectEvent: 2,
      backupProtectionStatus: 'failed_to_turn_on_backup',
      backupError: { code: 'HSS.1120', description: 'No vault.' },
      countBackuped: 14,
      backupPolicyId: 'bp1',
      backupPolicyName: 'daily-0200',
      backupPolicyEnabled: true,
      resourcesNum: 3,
      vaultId: 'v1',
      vaultName: 'vault-a',
      vaultSizeGB: 500,
      vaultUsedGB: 470,
      vaultUsedMB: 481280,
      vaultAllocatedGB: 480,
      vaultChargingMode: 'post_paid',
      vaultStatus: 'available',
      unknownValues: undefined,
    });
  });

  it('leaves every field undefined for an empty row', () => {
    const server = parseProtectionServer({});
    assert.ok(server);
    assert.deepEqual(
      Object.entries(server).filter(([, value]) => value !== undefined),
      [],
    );
  });

  it('keeps undocumented enum values as "unknown", with the value as sent', () => {
    const server = parseProtectionServer({
      vault_status: 'migrating',
      host_source: 'cce',
      backup_protection_status: 'pending',
    });
    assert.equal(server?.vaultStatus, 'unknown');
    assert.equal(server?.hostSource, 'unknown');
    assert.equal(server?.backupProtectionStatus, 'unknown');
    assert.deepEqual(server?.unknownValues, {
      vault_status: 'migrating',
      host_source: 'cce',
      backup_protection_status: 'pending',
    });
  });

  it('forgives letter case in enum values and gives the canonical spelling', () => {
    const server = parseProtectionServer({
      host_status: 'shutoff',
      os_type: 'WINDOWS',
      vault_status: 'Frozen',
    });
    assert.equal(server?.hostStatus, 'SHUTOFF');
    assert.equal(server?.osType, 'Windows');
    assert.equal(server?.vaultStatus, 'frozen');
    assert.equal(server?.unknownValues, undefined);
  });

  it('coerces numeric strings and "true"/"false", drops what has no clear meaning', () => {
    const server = parseProtectionServer({
      vault_used: '512',
      vault_size: '100',
      count_backuped: -3,
      resources_num: 'many',
      backup_policy_enabled: 'false',
      count_protect_event: 2.6,
      backup_error: { error_code: '', error_description: '' },
      host_name: '',
      host_id: 42,
    });
    assert.equal(server?.vaultUsedGB, 0.5);
    assert.equal(server?.vaultUsedMB, 512);
    assert.equal(server?.vaultSizeGB, 100);
    assert.equal(server?.countBackuped, undefined);
    assert.equal(server?.resourcesNum, undefined);
    assert.equal(server?.backupPolicyEnabled, false);
    assert.equal(server?.countProtectEvent, 3);
    assert.equal(server?.backupError, undefined);
    assert.equal(server?.hostName, undefined);
    assert.equal(server?.hostId, '42');
  });

  it('drops sizes and counts that are blank, null, true or too large, without reading them as 0 or 1', () => {
    // JSON.parse reads 1e999 as Infinity.
    const server = parseProtectionServer(
      JSON.parse(
        '{"vault_size": "", "vault_used": "  ", "vault_allocated": null, "count_backuped": true, "resources_num": 1e999, "host_id": 1e999}',
      ),
    );
    assert.equal(server?.vaultSizeGB, undefined);
    assert.equal(server?.vaultUsedMB, undefined);
    assert.equal(server?.vaultAllocatedGB, undefined);
    assert.equal(server?.countBackuped, undefined);
    assert.equal(server?.resourcesNum, undefined);
    assert.equal(server?.hostId, undefined);
  });

  it('reads "true" as true', () => {
    assert.equal(parseProtectionServer({ backup_policy_enabled: 'true' })?.backupPolicyEnabled, true);
  });

  it('keeps a backup error that has only a code or only a description, and none for null', () => {
    assert.deepEqual(parseProtectionServer({ backup_error: { error_code: 'HSS.1120' } })?.backupError, {
      code: 'HSS.1120',
      description: undefined,
    });
    assert.deepEqual(
      parseProtectionServer({ backup_error: { error_description: 'No vault.' } })?.backupError,
      {
        code: undefined,
        description: 'No vault.',
      },
    );
    assert.equal(parseProtectionServer({ backup_error: null })?.backupError, undefined);
  });

  it('reads an enum value with spaces around it', () => {
    const server = parseProtectionServer({ os_type: ' Linux ', vault_status: 'available\n' });
    assert.equal(server?.osType, 'Linux');
    assert.equal(server?.vaultStatus, 'available');
    assert.equal(server?.unknownValues, undefined);
  });

  it('rounds MB to GB at about 1 MB', () => {
    assert.equal(parseProtectionServer({ vault_used: 1 })?.vaultUsedGB, 0.001);
    assert.equal(parseProtectionServer({ vault_used: 0 })?.vaultUsedGB, 0);
    assert.equal(parseProtectionServer({ vault_used: 1536 })?.vaultUsedGB, 1.5);
  });
});

describe('parseProtectionServerPage', () => {
  it('reads total_num and the rows', () => {
    const page = parseProtectionServerPage({ total_num: 7, data_list: [{ host_id: 'a' }, { host_id: 'b' }] });
    assert.equal(page.totalNum, 7);
    assert.deepEqual(
      page.items.map((server) => server.hostId),
      ['a', 'b'],
    );
  });

  it('takes a missing list as empty and a missing total as the row count', () => {
    assert.deepEqual(parseProtectionServerPage({}), { totalNum: 0, items: [] });
    assert.equal(parseProtectionServerPage({ data_list: [{}, {}] }).totalNum, 2);
  });

  it('rejects what is not the documented shape, naming the field', () => {
    assert.throws(() => parseProtectionServerPage([]), /expected a JSON object, got a list/);
    assert.throws(() => parseProtectionServerPage({ data_list: 'x' }), /"data_list" should be a list/);
    assert.throws(
      () => parseProtectionServerPage({ data_list: [{}, 3] }),
      (error: unknown) => error instanceof MalformedResponseError && /data_list\[1\]/.test(error.message),
    );
    assert.throws(() => parseProtectionServerPage({ total_num: 'lots' }), /"total_num" should be a number/);
    assert.throws(
      () => parseProtectionServerPage({ data_list: [null] }),
      (error: unknown) =>
        error instanceof MalformedResponseError &&
        /data_list\[0\]" should be an object, got null/.test(error.message),
    );
  });
});
