/** What a user reads about a failure, in their language, with the next step to take. */
import * as vscode from 'vscode';
import type { HssError } from '../../hss/errors';

export interface ErrorText {
  /** One line, for the tree and the view message. */
  readonly message: string;
  /** The server's own words and codes, for tooltips and logs. */
  readonly detail: string;
}

export function describeError(error: HssError): ErrorText {
  const code = error.code ?? (error.status ? `HTTP ${error.status}` : '');
  const detail = [code, error.serverMessage].filter(Boolean).join(': ');
  switch (error.kind) {
    case 'credentials':
      return { message: vscode.l10n.t('Credentials rejected: set a new IAM token or access key.'), detail };
    case 'permission':
      return {
        message: vscode.l10n.t(
          'Permission denied: the IAM user needs HSS read access (HSS ReadOnlyAccess) in this project.',
        ),
        detail,
      };
    case 'endpoint':
      return { message: vscode.l10n.t('API not found: check the region, endpoint and project id.'), detail };
    case 'badRequest':
      return {
        message: vscode.l10n.t('The server refused the request: {0}', error.serverMessage ?? code),
        detail,
      };
    case 'throttled':
      return { message: vscode.l10n.t('The server is throttling requests; try again in a minute.'), detail };
    case 'server':
      return { message: vscode.l10n.t('The HSS service failed ({0}); try again later.', code), detail };
    case 'network':
      return { message: vscode.l10n.t('Could not reach HSS: {0}', error.message), detail };
    case 'timeout':
      return {
        message: vscode.l10n.t('HSS did not answer in time; raise HSS.requestTimeoutSeconds or try again.'),
        detail,
      };
    case 'cancelled':
      return { message: vscode.l10n.t('Cancelled.'), detail };
    case 'malformed':
      return { message: vscode.l10n.t('HSS sent an answer that could not be read.'), detail: error.message };
    case 'paging':
      return {
        message: vscode.l10n.t('The task list kept changing while it was read; refresh again.'),
        detail,
      };
    case 'config':
      return { message: error.message, detail };
  }
}
