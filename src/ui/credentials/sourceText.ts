/** What the user reads about a credential source: its name and, when unusable, why and what to do. */
import * as vscode from 'vscode';
import type { SourceInfo, UnusableReason } from '../../hss/credentialSources/types';

export function describeSource(source: SourceInfo): string {
  switch (source.kind) {
    case 'stored':
      return vscode.l10n.t('credentials stored in VS Code');
    case 'env':
      return vscode.l10n.t('AK/SK from {0}', source.label);
    case 'sdkFile':
      return vscode.l10n.t('profile {0} of {1}', source.profile ?? '', source.path ?? '');
    case 'koocli':
      return vscode.l10n.t('KooCLI profile {0} of {1}', source.profile ?? '', source.path ?? '');
    case 'ecsAgency':
      return vscode.l10n.t('ECS agency (metadata service)');
  }
}

export function describeReason(reason: UnusableReason): string {
  switch (reason.code) {
    case 'incomplete':
      return vscode.l10n.t('{0} is missing.', reason.missing);
    case 'unreadable':
      return vscode.l10n.t('The file cannot be read ({0}).', reason.error);
    case 'missingFile':
      return vscode.l10n.t('HUAWEICLOUD_SDK_CREDENTIALS_FILE names a file that does not exist.');
    case 'malformed':
      return vscode.l10n.t('The file is not valid JSON: {0}', reason.error);
    case 'globalOnly':
      return vscode.l10n.t(
        'The file has only a [global] section; HSS is a regional service and needs a [basic] section.',
      );
    case 'noProfile':
      return vscode.l10n.t('The current profile "{0}" is not in the file.', reason.profile);
    case 'encrypted':
      return vscode.l10n.t(
        'KooCLI keeps its keys encrypted (its default), so they cannot be read. Run `hcloud configure set --cli-auth-encrypt=false` and set the keys again, or use another source.',
      );
    case 'koocliAgency':
      return vscode.l10n.t(
        'The profile uses an ECS agency: turn on HSS.credentials.useAgency to use the agency.',
      );
    case 'unsupportedMode':
      return vscode.l10n.t('The profile uses mode {0}; only AKSK profiles can be read.', reason.mode);
    case 'noAgency':
      return vscode.l10n.t('This ECS has no agency ("Please configure Cloud Service Agency first").');
    case 'metadataFailed':
      return vscode.l10n.t('The ECS metadata service did not give keys: {0}', reason.error);
  }
}
