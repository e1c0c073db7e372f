/** The coverage settings, checked: a bad value falls back to the default rather than reaching a rule. */
import * as vscode from 'vscode';
import { DEFAULT_MAX_BACKUP_AGE_DAYS } from '../../tasks/coverage';
import { SECTION } from '../session/settings';

export interface CoverageSettings {
  /** `HSS.coverage.maxBackupAgeDays`: 1..365, default 2. */
  readonly maxBackupAgeDays: number;
  /** `HSS.statusBar.countServersAtRisk`: default false. */
  readonly countServersAtRisk: boolean;
}

export function validMaxBackupAgeDays(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 365
    ? value
    : DEFAULT_MAX_BACKUP_AGE_DAYS;
}

export function readCoverageSettings(): CoverageSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    maxBackupAgeDays: validMaxBackupAgeDays(config.get<unknown>('coverage.maxBackupAgeDays')),
    countServersAtRisk: config.get<unknown>('statusBar.countServersAtRisk') === true,
  };
}
