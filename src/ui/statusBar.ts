/** The status-bar item: failed and timeout tasks in the current scope, whatever the status filter. */
import * as vscode from 'vscode';
import { formatLocalTime } from '../tasks/format';
import type { TaskStore } from '../tasks/store';
import type { Session } from './session';
import { statusInfo } from './statusTable';

export class FailureStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: TaskStore,
    private readonly session: Session,
  ) {
    this.item = vscode.window.createStatusBarItem(
      'hssBackupTasks.failures',
      vscode.StatusBarAlignment.Left,
      50,
    );
    this.item.name = vscode.l10n.t('HSS Backup Failures');
    this.item.command = 'hssBackupTasks.showFailedTasks';
    const onState = store.onDidChangeState(() => this.update());
    this.disposables.push(
      { dispose: () => onState.dispose() },
      session.onDidChange(() => this.update()),
      this.item,
    );
    this.update();
  }

  /** Whether the item is on screen (it counts as a reason to keep polling). */
  get visible(): boolean {
    return this.shown;
  }

  private shown = false;

  update(): void {
    const settings = this.session.settings;
    const failures = this.store.state.failures;
    if (!settings.statusBarEnabled || !this.session.ready || !failures) {
      this.hide();
      return;
    }
    const total = failures.failed + failures.timeout;
    if (total === 0 && !settings.statusBarShowZero) {
      this.hide();
      return;
    }
    const stale = this.store.state.error !== undefined;
    this.item.text = total > 0 ? `$(error) ${total}` : '$(pass)';
    this.item.backgroundColor =
      total > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const target = this.session.current;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(vscode.l10n.t('HSS backup and restore failures in {0}', target?.label ?? ''));
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(`${statusInfo('failed').label}: ${failures.failed}`);
    tooltip.appendMarkdown('  \n');
    tooltip.appendText(`${statusInfo('timeout').label}: ${failures.timeout}`);
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(vscode.l10n.t('Counted at {0}', formatLocalTime(failures.countedAt)));
    if (stale) {
      tooltip.appendMarkdown('  \n');
      tooltip.appendText(vscode.l10n.t('The last refresh failed; this count may be out of date.'));
    }
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(vscode.l10n.t('Click to show the failed tasks.'));
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = {
      label: vscode.l10n.t('{0} failed HSS backup or restore tasks', total),
    };
    this.item.show();
    this.shown = true;
  }

  private hide(): void {
    this.item.hide();
    this.shown = false;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
