/** The status-bar item: failed and timeout tasks in the current scope, whatever the status filter. */
import * as vscode from 'vscode';
import { formatLocalTime } from '../../tasks/format';
import type { FailureCount } from '../../tasks/store';
import { readCoverageSettings } from '../servers/coverageSettings';
import { coverageInfo } from '../servers/coverageTable';
import type { Session } from '../session/session';
import { SECTION } from '../session/settings';
import { statusInfo } from '../shared/statusTable';

/** The servers at risk, for the tooltip (and the number, if the setting says so). */
export interface ServerRiskSource {
  readonly onDidChange: vscode.Event<unknown>;
  /** Undefined until a coverage has been built. */
  risk(): ServerRisk | undefined;
}

export interface ServerRisk {
  readonly atRisk: number;
  readonly notProtected: number;
  readonly vaultProblem: number;
  readonly stale: number;
  readonly lastFailed: number;
}

export class FailureStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly session: Session,
    private readonly servers?: ServerRiskSource,
  ) {
    this.item = vscode.window.createStatusBarItem(
      'hssBackupTasks.failures',
      vscode.StatusBarAlignment.Left,
      50,
    );
    this.item.name = vscode.l10n.t('HSS Backup Failures');
    this.item.command = 'hssBackupTasks.showFailedTasks';
    this.disposables.push(
      session.onDidChangeState(() => this.update()),
      session.onDidChange(() => this.update()),
      ...(servers ? [servers.onDidChange(() => this.update())] : []),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SECTION}.statusBar.countServersAtRisk`)) this.update();
      }),
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
    const counted = this.session.slots.flatMap((slot) => {
      const failures = slot.store.state.failures;
      return failures && slot.target ? [{ slot, failures, stale: slot.store.state.error !== undefined }] : [];
    });
    if (!settings.statusBarEnabled || !this.session.ready || counted.length === 0) {
      this.hide();
      return;
    }
    const sum = (pick: (failures: FailureCount) => number) =>
      counted.reduce((total, entry) => total + pick(entry.failures), 0);
    const failed = sum((f) => f.failed);
    const timeout = sum((f) => f.timeout);
    const risk = this.servers?.risk();
    const countRisk = readCoverageSettings().countServersAtRisk && risk !== undefined;
    const total = failed + timeout + (countRisk ? risk.atRisk : 0);
    if (total === 0 && !settings.statusBarShowZero) {
      this.hide();
      return;
    }
    this.item.text = total > 0 ? `$(error) ${total}` : '$(pass)';
    this.item.backgroundColor =
      total > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const tooltip = new vscode.MarkdownString();
    const line = (text: string) => {
      tooltip.appendText(text);
      tooltip.appendMarkdown('  \n');
    };
    if (this.session.multiProject) {
      line(vscode.l10n.t('HSS backup and restore failures in {0} projects', counted.length));
      tooltip.appendMarkdown('\n');
      for (const { slot, failures, stale } of counted) {
        const name = slot.target?.name ?? slot.target?.label ?? '';
        line(
          `${name}: ${statusInfo('failed').label} ${failures.failed}, ${statusInfo('timeout').label} ${failures.timeout}${stale ? ` (${vscode.l10n.t('out of date')})` : ''}`,
        );
      }
    } else {
      line(vscode.l10n.t('HSS backup and restore failures in {0}', this.session.current?.label ?? ''));
      tooltip.appendMarkdown('\n');
      line(`${statusInfo('failed').label}: ${failed}`);
      line(`${statusInfo('timeout').label}: ${timeout}`);
    }
    if (risk) {
      tooltip.appendMarkdown('\n');
      line(
        countRisk
          ? vscode.l10n.t('{0} servers at risk (counted in the number)', risk.atRisk)
          : vscode.l10n.t('{0} servers at risk', risk.atRisk),
      );
      for (const state of ['notProtected', 'vaultProblem', 'stale', 'lastFailed'] as const) {
        if (risk[state] > 0) line(`${coverageInfo(state).label}: ${risk[state]}`);
      }
    }
    tooltip.appendMarkdown('\n');
    const countedAt = Math.min(...counted.map((entry) => entry.failures.countedAt));
    line(vscode.l10n.t('Counted at {0}', formatLocalTime(countedAt)));
    if (counted.some((entry) => entry.stale)) {
      line(vscode.l10n.t('The last refresh failed; this count may be out of date.'));
    }
    tooltip.appendMarkdown('\n');
    tooltip.appendText(vscode.l10n.t('Click to show the failed tasks.'));
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = {
      label: vscode.l10n.t('{0} failed or timed-out HSS backup and restore tasks', total),
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
