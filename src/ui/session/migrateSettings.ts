/**
 * Moves values set under the old `hssBackupTasks.*` keys to the `HSS.*` keys, in the scope where
 * each was set (renamedSettings.ts decides what to do). Runs before the settings are first read, and
 * again when an old key appears later (Settings Sync from a machine with an older version, an edit).
 */
import * as vscode from 'vscode';
import {
  type MigrationStep,
  migrationReport,
  OLD_SECTION,
  planSettingsMigration,
  RENAMED_SETTINGS,
  type ScopedValues,
  type SettingsScope,
  unknownOldKeys,
} from './renamedSettings';

interface MigrationLog {
  info(message: string): void;
  warn(message: string): void;
}

/** Reads through one configuration object: building one per key cost most of activation. */
function read(config: vscode.WorkspaceConfiguration, key: string): ScopedValues {
  const inspected = config.inspect(key);
  // In a single-folder window the folder's settings are the workspace's: only a multi-root
  // workspace has folder settings of its own.
  const folders = new Map<string, unknown>();
  if (vscode.workspace.workspaceFile !== undefined) {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const value = vscode.workspace
        .getConfiguration(undefined, folder.uri)
        .inspect(key)?.workspaceFolderValue;
      if (value !== undefined) folders.set(folder.uri.toString(), value);
    }
  }
  return { user: inspected?.globalValue, workspace: inspected?.workspaceValue, folders };
}

function write(scope: SettingsScope, key: string, value: unknown): Thenable<void> {
  switch (scope.kind) {
    case 'user':
      return vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
    case 'workspace':
      return vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Workspace);
    case 'workspaceFolder':
      return vscode.workspace
        .getConfiguration(undefined, vscode.Uri.parse(scope.folder))
        .update(key, value, vscode.ConfigurationTarget.WorkspaceFolder);
  }
}

async function apply(step: MigrationStep): Promise<void> {
  // The new key first: if that write fails, the old value is still there.
  if (step.kind === 'move') await write(step.scope, step.to, step.value);
  await write(step.scope, step.from, undefined);
}

let running: Promise<void> = Promise.resolve();

/** Moves what is set under old keys; one log line says what moved (names only). Never throws. */
export function migrateRenamedSettings(log: MigrationLog): Promise<void> {
  running = running.then(() => migrate(log));
  return running;
}

async function migrate(log: MigrationLog): Promise<void> {
  try {
    const config = vscode.workspace.getConfiguration();
    const steps = planSettingsMigration((key) => read(config, key));
    const done: MigrationStep[] = [];
    const failed: { step: MigrationStep; reason: string }[] = [];
    for (const step of steps) {
      try {
        await apply(step);
        done.push(step);
      } catch (error) {
        // A window-scoped setting cannot be written to a folder of a multi-root workspace; there
        // the old value is not in effect either, and it moves when that folder is opened alone.
        failed.push({ step, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    const section: unknown = JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(OLD_SECTION)));
    const report = migrationReport(done, failed, steps.length > 0 ? unknownOldKeys(section) : []);
    if (report) (failed.length > 0 ? log.warn : log.info).call(log, report);
  } catch (error) {
    log.warn(`Moving the old settings failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Runs the migration again whenever an old key is set. */
export function watchRenamedSettings(log: MigrationLog): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if ([...RENAMED_SETTINGS.keys()].some((key) => event.affectsConfiguration(key))) {
      void migrateRenamedSettings(log);
    }
  });
}
