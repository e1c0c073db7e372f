/** The Servers view's commands: open a server's page, show its tasks. */
import * as vscode from 'vscode';
import type { FilterState } from '../session/filterState';
import type { ServerDetailsPanels } from './serverDetailsPanel';
import type { ServerNode, ServerTreeProvider } from './serverTree';

/** Filters the tasks view to one server (the existing server-name filter) and shows it. */
export async function showServerTasks(filters: FilterState, serverName: string): Promise<void> {
  await filters.update({ serverName });
  await vscode.commands.executeCommand('hssBackupTasks.tasks.focus');
}

export function registerServerCommands(deps: {
  readonly filters: FilterState;
  readonly tree: ServerTreeProvider;
  readonly details: Pick<ServerDetailsPanels, 'show'>;
}): vscode.Disposable[] {
  const isServerNode = (value: unknown): value is Extract<ServerNode, { kind: 'server' }> =>
    typeof value === 'object' && value !== null && 'kind' in value && value.kind === 'server';
  return [
    vscode.commands.registerCommand(
      'hssBackupTasks.showServerDetails',
      (arg?: unknown, project?: unknown) => {
        // A server id (and project) from the item's command, or the node from its context menu.
        if (typeof arg === 'string') deps.details.show(arg, typeof project === 'string' ? project : '');
        else if (isServerNode(arg)) deps.details.show(arg.id, arg.project);
      },
    ),
    vscode.commands.registerCommand('hssBackupTasks.showServerTasks', async (arg?: unknown) => {
      const name =
        typeof arg === 'string'
          ? arg
          : isServerNode(arg)
            ? deps.tree.entry(arg.project, arg.id)?.server.hostName
            : undefined;
      if (name) await showServerTasks(deps.filters, name);
    }),
  ];
}
