/**
 * What to do about an error code: the HSS and API-gateway codes of the API notes and the common
 * backup failures. Gateway codes match by number, since both APIG. and APIGW. prefixes occur.
 */
import * as vscode from 'vscode';

function hints(): Record<string, string> {
  return {
    'HSS.0001': vscode.l10n.t(
      'A parameter was invalid. Check the filters (time range 1-30 days, server name).',
    ),
    'HSS.0002': vscode.l10n.t(
      'The service could not parse the request. Update the extension or report the request id.',
    ),
    'HSS.0010': vscode.l10n.t(
      'Access was denied. Ask an administrator for the HSS ReadOnlyAccess policy in this project.',
    ),
    'HSS.0011': vscode.l10n.t(
      'The resource was not found. It may have been deleted, or belongs to another project.',
    ),
    'HSS.0013': vscode.l10n.t(
      'Insufficient permissions. Ask an administrator for HSS permissions in this project.',
    ),
    'APIGW.0101': vscode.l10n.t(
      'The API was not found. Check the region, endpoint and project id in the settings.',
    ),
    'APIGW.0301': vscode.l10n.t(
      'The credentials were rejected. Set a new IAM token (tokens last 24 hours) or access key.',
    ),
    'APIGW.0308': vscode.l10n.t(
      'Requests are being throttled. Wait a minute, or lower the concurrency setting.',
    ),
    'HSS.1117': vscode.l10n.t(
      'The backup vault is full. Expand the vault in CBR, or delete backups you no longer need.',
    ),
    'HSS.1034': vscode.l10n.t(
      'The server is stopped or being deleted. Start it, or remove it from the backup policy.',
    ),
    'HSS.1048': vscode.l10n.t(
      'Creating the snapshot took too long. Retry outside peak I/O hours; check the disks are healthy.',
    ),
    'HSS.1071': vscode.l10n.t(
      'The agent did not answer in time. Check that the HSS agent is online and not overloaded.',
    ),
    'HSS.1120': vscode.l10n.t(
      'The server has no backup vault. Bind a vault to it under ransomware prevention.',
    ),
    'HSS.1125': vscode.l10n.t(
      'Another backup of this server was running, so this one was skipped. No action needed unless it repeats.',
    ),
    'BackupService.6302': vscode.l10n.t(
      'Check that the HSS agent on the server is running and can reach Huawei Cloud (its process, the network, the security group), then run the backup again.',
    ),
    'BackupService.6313': vscode.l10n.t(
      'A disk was being expanded or detached. Retry once the disk operation has finished.',
    ),
    'BackupService.6500': vscode.l10n.t(
      'The vault policy holds the maximum number of backups. Raise the retention limit or delete old backups.',
    ),
  };
}

/** The hint for a code, or undefined when the code is not one we know. */
export function errorHint(code: string | undefined): string | undefined {
  if (!code) return undefined;
  const table = hints();
  const gateway = /^APIGW?\.(\d+)$/i.exec(code);
  return table[gateway ? `APIGW.${gateway[1]}` : code];
}
