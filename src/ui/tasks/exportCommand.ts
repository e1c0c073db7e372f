/** "Export Tasks": the current (filtered) list to CSV or JSON, through a save dialog or a given path. */
import * as vscode from 'vscode';
import { type ExportFormat, formatTasks } from '../../tasks/export';
import type { Task } from '../../tasks/identity';
import type { ExtensionLog } from '../shared/log';

function parseArgs(args: readonly unknown[]): { path?: string; format?: ExportFormat } {
  const [first, second] = args;
  const asFormat = (value: unknown) => (value === 'csv' || value === 'json' ? value : undefined);
  if (typeof first === 'object' && first !== null) {
    const record = first as Record<string, unknown>;
    return {
      path: typeof record.path === 'string' ? record.path : undefined,
      format: asFormat(record.format),
    };
  }
  return { path: typeof first === 'string' ? first : undefined, format: asFormat(second) };
}

export async function exportTasks(
  tasks: readonly Task[],
  log: ExtensionLog,
  args: readonly unknown[],
  /** What was asked for (time range, filters), said with the result. */
  scope: string,
): Promise<void> {
  if (tasks.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no tasks to export.'));
    return;
  }
  const given = parseArgs(args);
  let format =
    given.format ?? (given.path?.toLowerCase().endsWith('.csv') ? 'csv' : given.path ? 'json' : undefined);
  let target = given.path ? vscode.Uri.file(given.path) : undefined;
  if (!target) {
    if (!format) {
      const picked = await vscode.window.showQuickPick(
        [
          { label: 'CSV', description: vscode.l10n.t('for spreadsheets'), format: 'csv' as const },
          { label: 'JSON', description: vscode.l10n.t('for scripts'), format: 'json' as const },
        ],
        { title: vscode.l10n.t('Export {0} Tasks', tasks.length) },
      );
      if (!picked) return;
      format = picked.format;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `hss-backup-tasks-${new Date().toISOString().slice(0, 10)}.${format}`;
    target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      title: vscode.l10n.t('Export Tasks'),
    });
    if (!target) return;
  }
  const chosen: ExportFormat = format ?? 'json';
  try {
    await vscode.workspace.fs.writeFile(target, Buffer.from(formatTasks(tasks, chosen), 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not write {0}: {1}', target.fsPath, reason));
    return;
  }
  log.info(`Exported ${tasks.length} tasks (${scope}) as ${chosen.toUpperCase()} to ${target.fsPath}`);
  if (!given.path) {
    const open = vscode.l10n.t('Open');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Exported {0} tasks ({1}) to {2}.', tasks.length, scope, target.fsPath),
      open,
    );
    if (choice === open) await vscode.window.showTextDocument(target);
  }
}
