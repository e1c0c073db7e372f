/**
 * The documented values of the server list's enum fields in words a user reads (the API's own
 * spellings, `post_paid` or `hss.version.premium`, mean little on a page). A value this table does
 * not know is shown as the API wrote it; parseServers has already marked undocumented ones.
 */
import * as vscode from 'vscode';

/** `field` is the API's field name; `value` a documented value of it. */
export function enumWord(field: string, value: string): string {
  switch (`${field}:${value}`) {
    case 'host_status:ACTIVE':
      return vscode.l10n.t('Running');
    case 'host_status:SHUTOFF':
      return vscode.l10n.t('Stopped');
    case 'host_source:ecs':
      return vscode.l10n.t('ECS');
    case 'host_source:outside':
      return vscode.l10n.t('Off-cloud server');
    case 'host_source:workspace':
      return vscode.l10n.t('Workspace desktop');
    case 'agent_status:online':
      return vscode.l10n.t('Online');
    case 'agent_status:offline':
      return vscode.l10n.t('Offline');
    case 'agent_status:installed':
      return vscode.l10n.t('Installed');
    case 'agent_status:not_installed':
      return vscode.l10n.t('Not installed');
    case 'agent_status:installing':
      return vscode.l10n.t('Installing');
    case 'agent_status:install_failed':
      return vscode.l10n.t('Installation failed');
    case 'version:hss.version.null':
      return vscode.l10n.t('None');
    case 'version:hss.version.basic':
      return vscode.l10n.t('Basic');
    case 'version:hss.version.advanced':
      return vscode.l10n.t('Professional');
    case 'version:hss.version.enterprise':
      return vscode.l10n.t('Enterprise');
    case 'version:hss.version.premium':
      return vscode.l10n.t('Premium');
    case 'version:hss.version.wtp':
      return vscode.l10n.t('Web Tamper Protection');
    case 'version:hss.version.container.enterprise':
      return vscode.l10n.t('Container');
    case 'backup_protection_status:opened':
    case 'protect_status:opened':
    case 'ransom_protection_status:opened':
      return vscode.l10n.t('On');
    case 'backup_protection_status:closed':
    case 'protect_status:closed':
    case 'ransom_protection_status:closed':
      return vscode.l10n.t('Off');
    case 'backup_protection_status:failed_to_turn_on_backup':
      return vscode.l10n.t('Failed to turn on');
    case 'ransom_protection_status:opening':
      return vscode.l10n.t('Turning on');
    case 'ransom_protection_status:closing':
      return vscode.l10n.t('Turning off');
    case 'ransom_protection_status:protect_failed':
      return vscode.l10n.t('Failed');
    case 'ransom_protection_status:protect_degraded':
      return vscode.l10n.t('Degraded');
    case 'ransom_protection_fail_reason:driver_load_failed':
      return vscode.l10n.t('The protection driver did not load');
    case 'ransom_protection_fail_reason:protect_interrupted':
      return vscode.l10n.t('Protection was interrupted');
    case 'ransom_protection_fail_reason:decoy_deploy_totally_failed':
      return vscode.l10n.t('No decoy file could be deployed');
    case 'ransom_protection_fail_reason:decoy_deploy_partially_failed':
      return vscode.l10n.t('Some decoy files could not be deployed');
    case 'vault_charging_mode:post_paid':
      return vscode.l10n.t('Pay-per-use');
    case 'vault_charging_mode:pre_paid':
      return vscode.l10n.t('Yearly/Monthly');
    case 'vault_status:available':
      return vscode.l10n.t('Available');
    case 'vault_status:lock':
      return vscode.l10n.t('Locked');
    case 'vault_status:frozen':
      return vscode.l10n.t('Frozen');
    case 'vault_status:deleting':
      return vscode.l10n.t('Deleting');
    case 'vault_status:error':
      return vscode.l10n.t('Error');
    default:
      return value;
  }
}
