/**
 * How each task status looks: label, codicon and theme colour, with the flags of its category
 * (src/tasks/statusCategories.ts) that feed contextValue. Nothing else spells a status colour or icon.
 */
import * as vscode from 'vscode';
import type { AnyTaskStatus } from '../../hss/model';
import { STATUS_CATEGORIES, type StatusCategory } from '../../tasks/statusCategories';

export interface StatusInfo extends StatusCategory {
  readonly label: string;
  readonly codicon: string;
  /** A theme colour id, so light, dark and high-contrast themes each pick their own shade. */
  readonly colorId?: string;
}

/** Built once per status: the words do not change while VS Code runs, and trees ask per item. */
const infos = new Map<AnyTaskStatus, StatusInfo>();
const icons = new Map<AnyTaskStatus, vscode.ThemeIcon>();

export function statusInfo(status: AnyTaskStatus): StatusInfo {
  let info = infos.get(status);
  if (!info) {
    info = { ...STATUS_CATEGORIES[status], ...describeStatus(status) };
    infos.set(status, info);
  }
  return info;
}

/** How a status looks; what it means comes from the table in src/tasks/statusCategories.ts. */
function describeStatus(status: AnyTaskStatus): Omit<StatusInfo, keyof StatusCategory> {
  switch (status) {
    case 'running':
      return {
        label: vscode.l10n.t('Running'),
        codicon: 'loading~spin',
        colorId: 'charts.blue',
      };
    case 'waiting':
      return {
        label: vscode.l10n.t('Waiting'),
        codicon: 'clock',
        colorId: 'descriptionForeground',
      };
    case 'failed':
      return {
        label: vscode.l10n.t('Failed'),
        codicon: 'error',
        colorId: 'testing.iconFailed',
      };
    case 'timeout':
      return {
        label: vscode.l10n.t('Timeout'),
        codicon: 'watch',
        colorId: 'problemsWarningIcon.foreground',
      };
    case 'skipped':
      return {
        label: vscode.l10n.t('Skipped'),
        codicon: 'debug-step-over',
        colorId: 'testing.iconSkipped',
      };
    case 'success':
      return {
        label: vscode.l10n.t('Success'),
        codicon: 'pass',
        colorId: 'testing.iconPassed',
      };
    case 'unknown':
      return {
        label: vscode.l10n.t('Unknown status'),
        codicon: 'question',
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
