/**
 * The one table for task statuses: label, codicon, theme colour and the flags that feed
 * contextValue. Nothing else in the extension spells a status colour or icon.
 */
import * as vscode from 'vscode';
import type { AnyTaskStatus } from '../hss/model';

export interface StatusInfo {
  readonly label: string;
  readonly codicon: string;
  /** A theme colour id, so light, dark and high-contrast themes each pick their own shade. */
  readonly colorId?: string;
  /** Finished with a problem: counted by the status bar, error details shown. */
  readonly problem: boolean;
  /** Still going: progress shown, polled. */
  readonly active: boolean;
  /** Whether its group starts expanded. */
  readonly expanded: boolean;
}

/** Built once per status: the words do not change while VS Code runs, and trees ask per item. */
const infos = new Map<AnyTaskStatus, StatusInfo>();
const icons = new Map<AnyTaskStatus, vscode.ThemeIcon>();

export function statusInfo(status: AnyTaskStatus): StatusInfo {
  let info = infos.get(status);
  if (!info) {
    info = describeStatus(status);
    infos.set(status, info);
  }
  return info;
}

function describeStatus(status: AnyTaskStatus): StatusInfo {
  switch (status) {
    case 'running':
      return {
        label: vscode.l10n.t('Running'),
        codicon: 'loading~spin',
        colorId: 'charts.blue',
        problem: false,
        active: true,
        expanded: true,
      };
    case 'waiting':
      return {
        label: vscode.l10n.t('Waiting'),
        codicon: 'clock',
        colorId: 'descriptionForeground',
        problem: false,
        active: true,
        expanded: true,
      };
    case 'failed':
      return {
        label: vscode.l10n.t('Failed'),
        codicon: 'error',
        colorId: 'testing.iconFailed',
        problem: true,
        active: false,
        expanded: true,
      };
    case 'timeout':
      return {
        label: vscode.l10n.t('Timeout'),
        codicon: 'watch',
        colorId: 'problemsWarningIcon.foreground',
        problem: true,
        active: false,
        expanded: true,
      };
    case 'skipped':
      return {
        label: vscode.l10n.t('Skipped'),
        codicon: 'debug-step-over',
        colorId: 'testing.iconSkipped',
        problem: false,
        active: false,
        expanded: false,
      };
    case 'success':
      return {
        label: vscode.l10n.t('Success'),
        codicon: 'pass',
        colorId: 'testing.iconPassed',
        problem: false,
        active: false,
        expanded: false,
      };
    case 'unknown':
      return {
        label: vscode.l10n.t('Unknown status'),
        codicon: 'question',
        problem: false,
        active: false,
        expanded: false,
      };
  }
}

export function statusIcon(status: AnyTaskStatus): vscode.ThemeIcon {
  let icon = icons.get(status);
  if (!icon) {
    const info = statusInfo(status);
    icon = new vscode.ThemeIcon(info.codicon, info.colorId ? new vscode.ThemeColor(info.colorId) : undefined);
    icons.set(status, icon);
  }
  return icon;
}

export function statusColor(status: AnyTaskStatus): vscode.ThemeColor | undefined {
  const colorId = statusInfo(status).colorId;
  return colorId ? new vscode.ThemeColor(colorId) : undefined;
}
