/**
 * "Select Credential Source…": lists what each source holds for a project, marks the one in use,
 * and pins one or goes back to automatic (the first source that holds a credential).
 * Arguments for tests and keybindings: a source id ("env", "sdkFile:basic", "koocli:NAME",
 * "ecsAgency", "stored") or "auto", then the project's name when several are shown.
 */
import * as vscode from 'vscode';
import type { SourceResult } from '../../hss/credentialSources/types';
import type { Session } from '../session/session';
import type { CredentialSources } from './credentialSources';
import { pickCloudProject } from './pickProject';
import { describeReason, describeSource } from './sourceText';

const AUTO = 'auto';

interface SourceItem extends vscode.QuickPickItem {
  readonly sourceId: string;
  readonly result?: SourceResult;
}

export interface SelectSourceDeps {
  readonly session: Session;
  readonly sources: CredentialSources;
}

/** The command (hssBackupTasks.selectCredentialSource, registered in extension.ts, loading this when it runs). */
export async function selectCredentialSource(
  deps: SelectSourceDeps,
  sourceArg?: unknown,
  project?: unknown,
): Promise<void> {
  const { session, sources } = deps;
  const target = await pickCloudProject(session, project);
  if (!target) {
    void vscode.window
      .showWarningMessage(
        vscode.l10n.t('Set the region (or endpoint) and project id first.'),
        vscode.l10n.t('Configure Project'),
      )
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('hssBackupTasks.configureProject');
      });
    return;
  }
  let chosen: string | undefined;
  if (typeof sourceArg === 'string') {
    chosen = sourceArg;
  } else {
    const slot = session.slots.find((candidate) => candidate.target === target);
    const active = slot?.credentialSource?.source.id;
    const pinned = sources.pinned(target);
    const results = await sources.inspect(target);
    const first = results.find((result) => result.status === 'found');
    const items: SourceItem[] = [
      {
        label: `${pinned ? '' : '$(check) '}${vscode.l10n.t('Automatic')}`,
        description: first
          ? vscode.l10n.t('first found: {0}', describeSource(first.source))
          : vscode.l10n.t('nothing found'),
        detail: vscode.l10n.t(
          'The first that holds a credential: VS Code secret storage, HUAWEICLOUD_SDK_AK/SK, ~/.huaweicloud/credentials, KooCLI, the ECS agency.',
        ),
        sourceId: AUTO,
      },
      ...results.map(
        (result): SourceItem => ({
          label: `${pinned === result.source.id ? '$(pinned) ' : result.source.id === active ? '$(check) ' : ''}${describeSource(result.source)}`,
          description:
            result.status === 'unusable'
              ? vscode.l10n.t('not usable')
              : result.source.id === active
                ? vscode.l10n.t('in use')
                : undefined,
          detail:
            result.status === 'unusable'
              ? describeReason(result.reason)
              : result.projectId
                ? vscode.l10n.t('project id {0}', result.projectId)
                : undefined,
          sourceId: result.source.id,
          result,
        }),
      ),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Credential Source for {0}', target.name ?? target.label),
      placeHolder: vscode.l10n.t('Pin a source, or let the extension take the first that holds one'),
      ignoreFocusOut: true,
    });
    if (!picked) return;
    if (picked.result?.status === 'unusable') {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          '{0} cannot be used: {1}',
          describeSource(picked.result.source),
          describeReason(picked.result.reason),
        ),
      );
      return;
    }
    chosen = picked.sourceId;
  }
  await sources.pin(target, chosen === AUTO ? undefined : chosen);
  await session.reload();
}
