/** Which cloud project a credential command is for, when several are shown. */
import * as vscode from 'vscode';
import type { Session } from '../session/session';
import type { SessionTarget } from '../session/targets';

/**
 * The cloud project named by `project` (a command argument), or picked by the user among the ones
 * shown. Undefined when none matches or the pick was dismissed.
 */
export async function pickCloudProject(
  session: Session,
  project: unknown,
): Promise<SessionTarget | undefined> {
  const targets = session.slots.flatMap((slot) => (slot.target?.kind === 'cloud' ? [slot.target] : []));
  if (targets.length <= 1) return targets[0];
  if (typeof project === 'string') return targets.find((target) => target.name === project);
  const picked = await vscode.window.showQuickPick(
    targets.map((target) => ({
      label: target.name ?? target.label,
      description: `${target.label} · ${target.projectId}`,
      target,
    })),
    { title: vscode.l10n.t('Which Project?'), ignoreFocusOut: true },
  );
  return picked?.target;
}
