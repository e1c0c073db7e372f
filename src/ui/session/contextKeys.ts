/** The context keys the welcome views, menus and keybindings of package.json are gated on. */
import * as vscode from 'vscode';

export interface ContextKeys {
  /** A project (or the sample server) is set. */
  readonly configured: boolean;
  /** At least one project has a credential. */
  readonly hasCredentials: boolean;
  /** Several projects, each under its own node. */
  readonly multiProject: boolean;
  /** Ready to load: a project with a credential. */
  readonly ready: boolean;
  readonly sampleMode: boolean;
  /** A filter is in effect. */
  readonly filtered: boolean;
}

const PREFIX = 'hssBackupTasks';

/** Sets them all, and `activated`: the welcome views wait for it, so a configured user never sees "Configure Project" flash. */
export async function setContextKeys(keys: ContextKeys): Promise<void> {
  await Promise.all([
    vscode.commands.executeCommand('setContext', `${PREFIX}.activated`, true),
    ...Object.entries(keys).map(([name, value]) =>
      vscode.commands.executeCommand('setContext', `${PREFIX}.${name}`, value),
    ),
  ]);
}
