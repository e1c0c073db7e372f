/**
 * Tells the user when tasks turn failed or timed out between two loads (never on the first load
 * of a scope). Several at once become one notification.
 */
import * as vscode from 'vscode';
import type { Task } from '../tasks/identity';
import type { StoreChange, TaskStore } from '../tasks/store';
import { statusInfo } from './statusTable';
import { taskLabel } from './taskItems';

export type NotificationLevel = 'failures' | 'all' | 'off';

/** Tasks that reached a status worth telling about in this change. */
export function newlySettled(change: StoreChange, level: NotificationLevel): Task[] {
  if (level === 'off' || change.source === 'initial' || change.reset) return [];
  const wanted = (task: Task) =>
    statusInfo(task.status).problem || (level === 'all' && task.status === 'success');
  return [
    ...change.changed
      .filter(({ before, after }) => before.status !== after.status && wanted(after))
      .map((c) => c.after),
    ...change.added.filter(wanted),
  ];
}

export class FailureNotifier implements vscode.Disposable {
  private readonly subscription: { dispose(): void };
  /** Notifications shown, newest last (read by tests). */
  readonly shown: string[] = [];

  constructor(
    store: TaskStore,
    private readonly level: () => NotificationLevel,
    private readonly showDetails: (taskId: string) => void,
  ) {
    this.subscription = store.onDidChangeTasks((change) => this.onChange(change));
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private onChange(change: StoreChange): void {
    const tasks = newlySettled(change, this.level());
    if (tasks.length === 0) return;
    const problems = tasks.filter((task) => statusInfo(task.status).problem);
    const describe = (task: Task) =>
      task.backupName ? `${taskLabel(task)} (${task.backupName})` : taskLabel(task);
    let message: string;
    const [first] = tasks;
    if (tasks.length === 1 && first) {
      message = vscode.l10n.t(
        'HSS task {0}: {1}',
        statusInfo(first.status).label.toLowerCase(),
        describe(first),
      );
    } else if (problems.length === tasks.length) {
      message = vscode.l10n.t(
        '{0} HSS tasks failed or timed out: {1}',
        tasks.length,
        tasks.slice(0, 3).map(describe).join(', '),
      );
    } else {
      message = vscode.l10n.t('{0} HSS tasks finished, {1} with problems.', tasks.length, problems.length);
    }
    this.shown.push(message);
    const details = vscode.l10n.t('Show Details');
    const failed = vscode.l10n.t('Show Failed Tasks');
    const actions = tasks.length === 1 ? [details, failed] : [failed];
    const show =
      problems.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(message, ...actions).then((choice) => {
      if (choice === details && first) this.showDetails(first.id);
      else if (choice === failed) void vscode.commands.executeCommand('hssBackupTasks.showFailedTasks');
    });
  }
}
