/**
 * Tells the user when tasks turn failed or timed out between two loads (never on the first load
 * of a scope). Several at once become one notification. What to say is decided in settledTasks.ts.
 */
import * as vscode from 'vscode';
import type { StoreChange, TaskStore } from '../../tasks/store';
import { statusInfo } from '../shared/statusTable';
import { type NoticeWords, type NotificationLevel, newlySettled, settledNotice } from './settledTasks';
import { taskLabel } from './taskItems';

const words: NoticeWords = {
  one: (status, task) => vscode.l10n.t('HSS task {0}: {1}', status, task),
  allProblems: (count, tasks) => vscode.l10n.t('{0} HSS tasks failed or timed out: {1}', count, tasks),
  mixed: (count, problems) => vscode.l10n.t('{0} HSS tasks finished, {1} with problems.', count, problems),
  taskLabel,
  statusLabel: (status) => statusInfo(status).label,
};

export class FailureNotifier implements vscode.Disposable {
  private readonly subscription: { dispose(): void };
  private readonly shownMessages = new vscode.EventEmitter<string>();
  /** Fires with the text of each message shown. */
  readonly onDidShow = this.shownMessages.event;

  constructor(
    store: TaskStore,
    private readonly level: () => NotificationLevel,
    private readonly showDetails: (taskId: string) => void,
  ) {
    this.subscription = store.onDidChangeTasks((change) => this.onChange(change));
  }

  dispose(): void {
    this.subscription.dispose();
    this.shownMessages.dispose();
  }

  private onChange(change: StoreChange): void {
    const notice = settledNotice(newlySettled(change, this.level()), words);
    if (!notice) return;
    this.shownMessages.fire(notice.message);
    const details = vscode.l10n.t('Show Details');
    const failed = vscode.l10n.t('Show Failed Tasks');
    const { detailsOf } = notice;
    const actions = detailsOf ? [details, failed] : [failed];
    const show =
      notice.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(notice.message, ...actions).then((choice) => {
      if (choice === details && detailsOf) this.showDetails(detailsOf.id);
      else if (choice === failed) void vscode.commands.executeCommand('hssBackupTasks.showFailedTasks');
    });
  }
}
