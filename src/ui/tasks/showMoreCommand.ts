/** "Show 500 more…" at the end of a large group: the group's own tree shows the next page. */
import * as vscode from 'vscode';
import { type MoreNode, TaskTreeProvider } from './taskTree';

export const SHOW_MORE_COMMAND = 'hssBackupTasks.showMoreTasks';

function isMoreNode(arg: unknown): arg is MoreNode {
  return (
    typeof arg === 'object' &&
    arg !== null &&
    'kind' in arg &&
    arg.kind === 'more' &&
    'tree' in arg &&
    arg.tree instanceof TaskTreeProvider
  );
}

export function registerShowMore(): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_MORE_COMMAND, (arg?: unknown) => {
    if (isMoreNode(arg)) arg.tree.showMore(arg);
  });
}
