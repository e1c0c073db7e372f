/**
 * The one table for coverage states (label, codicon, theme colour) and the words for each
 * reason and field of a server. Nothing else spells a coverage colour or icon.
 */

import * as vscode from 'vscode';
import type { ProtectionServer } from '../../hss/serverModel';
import type { CoverageReason, CoverageState, ServerCoverage } from '../../tasks/coverage';
import { formatRelative } from '../../tasks/format';
import { enumWord } from './enumWords';

export interface CoverageInfo {
  readonly label: string;
  readonly codicon: string;
  readonly colorId: string;
  /** A CSS variable of the same colour, for the details page. */
  readonly cssColor: string;
}

export function coverageInfo(state: CoverageState): CoverageInfo {
  switch (state) {
    case 'notProtected':
      return {
        label: vscode.l10n.t('Not protected'),
        codicon: 'shield',
        colorId: 'testing.iconFailed',
        cssColor: 'var(--vscode-testing-iconFailed)',
      };
    case 'vaultProblem':
      return {
        label: vscode.l10n.t('Vault problem'),
        codicon: 'database',
        colorId: 'testing.iconFailed',
        cssColor: 'var(--vscode-testing-iconFailed)',
      };
    case 'stale':
      return {
        label: vscode.l10n.t('No recent good backup'),
        codicon: 'history',
        colorId: 'problemsWarningIcon.foreground',
        cssColor: 'var(--vscode-problemsWarningIcon-foreground)',
      };
    case 'lastFailed':
      return {
        label: vscode.l10n.t('Last backup failed'),
        codicon: 'error',
        colorId: 'problemsWarningIcon.foreground',
        cssColor: 'var(--vscode-problemsWarningIcon-foreground)',
      };
    case 'covered':
      return {
        label: vscode.l10n.t('Covered'),
        codicon: 'pass',
        colorId: 'testing.iconPassed',
        cssColor: 'var(--vscode-testing-iconPassed)',
      };
  }
}

export function coverageIcon(state: CoverageState): vscode.ThemeIcon {
  const info = coverageInfo(state);
  return new vscode.ThemeIcon(info.codicon, new vscode.ThemeColor(info.colorId));
}

/** A wire value the API did not document, shown as such. */
export function unknownValue(server: ProtectionServer, field: string): string {
  return vscode.l10n.t('unknown value "{0}"', server.unknownValues?.[field] ?? '');
}

/** An enum field as text: the documented value in words, or the undocumented one marked as such. */
export function enumText(
  server: ProtectionServer,
  field: string,
  value: string | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  return value === 'unknown' ? unknownValue(server, field) : enumWord(field, value);
}

export function reasonText(reason: CoverageReason, server: ProtectionServer, maxAgeDays: number): string {
  switch (reason.kind) {
    case 'backupNotOpened':
      if (reason.status === undefined) return vscode.l10n.t('Backup protection status not reported');
      if (reason.status === 'closed') return vscode.l10n.t('Backup protection is off');
      if (reason.status === 'failed_to_turn_on_backup') {
        const error = [server.backupError?.code, server.backupError?.description].filter(Boolean).join(': ');
        return error
          ? vscode.l10n.t('Backup protection failed to turn on: {0}', error)
          : vscode.l10n.t('Backup protection failed to turn on');
      }
      return vscode.l10n.t('Backup protection is {0}', reason.status);
    case 'noPolicy':
      return vscode.l10n.t('No backup policy is bound');
    case 'policyDisabled':
      return vscode.l10n.t('The backup policy is disabled');
    case 'vaultUnavailable':
      return vscode.l10n.t('The vault is {0}', reason.status);
    case 'vaultNearlyFull':
      return vscode.l10n.t('The vault is {0}% full', Math.floor(reason.ratio * 100));
    case 'neverBackedUp':
      return vscode.l10n.t('No successful backup in the loaded tasks');
    case 'backupTooOld':
      return vscode.l10n.t(
        'No successful backup for {0} days (limit {1})',
        Math.floor(reason.ageMs / 86_400_000),
        maxAgeDays,
      );
    case 'lastFailed':
      return reason.status === 'timeout'
        ? vscode.l10n.t('The last backup timed out')
        : vscode.l10n.t('The last backup failed');
  }
}

/** "last good backup 3 days ago", or "no good backup". */
export function lastGoodText(entry: ServerCoverage, now: number): string {
  return entry.lastSuccessAt === undefined
    ? vscode.l10n.t('no good backup')
    : vscode.l10n.t('last good backup {0}', formatRelative(entry.lastSuccessAt, now, vscode.env.language));
}

/** Every field of a server as label and text, in the order the details page and tooltip show them. */
export function serverFields(
  server: ProtectionServer,
): { title: string; rows: [string, string | undefined][] }[] {
  const number = (value: number | undefined) => (value === undefined ? undefined : String(value));
  const gb = (value: number | undefined) => (value === undefined ? undefined : `${value} GB`);
  const flag = (value: boolean | undefined) =>
    value === undefined ? undefined : value ? vscode.l10n.t('yes') : vscode.l10n.t('no');
  return [
    {
      title: vscode.l10n.t('Server'),
      rows: [
        [vscode.l10n.t('Name'), server.hostName],
        [vscode.l10n.t('Server ID'), server.hostId],
        [vscode.l10n.t('Status'), enumText(server, 'host_status', server.hostStatus)],
        [vscode.l10n.t('Elastic IP'), server.hostIp],
        [vscode.l10n.t('Private IP'), server.privateIp],
        [
          vscode.l10n.t('OS'),
          [enumText(server, 'os_type', server.osType), server.osName].filter(Boolean).join(' · ') ||
            undefined,
        ],
        [vscode.l10n.t('Source'), enumText(server, 'host_source', server.hostSource)],
        [vscode.l10n.t('Edition'), enumText(server, 'version', server.version)],
        [vscode.l10n.t('Enterprise project'), server.enterpriseProjectId],
        [vscode.l10n.t('Project ID'), server.projectId],
      ],
    },
    {
      title: vscode.l10n.t('Agent'),
      rows: [
        [vscode.l10n.t('Agent ID'), server.agentId],
        [vscode.l10n.t('Agent status'), server.agentStatus && enumWord('agent_status', server.agentStatus)],
        [vscode.l10n.t('Agent version'), server.agentVersion],
      ],
    },
    {
      title: vscode.l10n.t('Backup protection'),
      rows: [
        [
          vscode.l10n.t('Backup protection'),
          enumText(server, 'backup_protection_status', server.backupProtectionStatus),
        ],
        [vscode.l10n.t('Backup error code'), server.backupError?.code],
        [vscode.l10n.t('Backup error'), server.backupError?.description],
        [
          vscode.l10n.t('Backup policy'),
          server.backupPolicyName ?? (server.backupPolicyId ? undefined : vscode.l10n.t('none')),
        ],
        [vscode.l10n.t('Backup policy ID'), server.backupPolicyId],
        [vscode.l10n.t('Policy enabled'), flag(server.backupPolicyEnabled)],
        [vscode.l10n.t('Backups held'), number(server.countBackuped)],
      ],
    },
    {
      title: vscode.l10n.t('Vault'),
      rows: [
        [vscode.l10n.t('Vault'), server.vaultName],
        [vscode.l10n.t('Vault ID'), server.vaultId],
        [vscode.l10n.t('Vault status'), enumText(server, 'vault_status', server.vaultStatus)],
        [vscode.l10n.t('Size'), gb(server.vaultSizeGB)],
        [vscode.l10n.t('Used'), gb(server.vaultUsedGB)],
        [vscode.l10n.t('Allocated'), gb(server.vaultAllocatedGB)],
        [vscode.l10n.t('Billing'), enumText(server, 'vault_charging_mode', server.vaultChargingMode)],
        [vscode.l10n.t('Servers on the vault'), number(server.resourcesNum)],
      ],
    },
    {
      title: vscode.l10n.t('Ransomware protection'),
      rows: [
        [
          vscode.l10n.t('Ransomware protection'),
          enumText(server, 'ransom_protection_status', server.ransomProtectionStatus),
        ],
        [
          vscode.l10n.t('Failure reason'),
          enumText(server, 'ransom_protection_fail_reason', server.ransomProtectionFailReason),
        ],
        [vscode.l10n.t('Failed decoy folder'), server.failedDecoyDir],
        [vscode.l10n.t('Protection'), enumText(server, 'protect_status', server.protectStatus)],
        [vscode.l10n.t('Protection policy'), server.protectPolicyName],
        [vscode.l10n.t('Protection policy ID'), server.protectPolicyId],
        [vscode.l10n.t('Server group'), server.groupName],
        [vscode.l10n.t('Protection events'), number(server.countProtectEvent)],
      ],
    },
  ];
}
