/**
 * The settings' old keys and what to do with a value still set under one. Until 0.x the keys were
 * `hssBackupTasks.*`, which VS Code titled "Hss Backup Tasks: …" (it derives a title from the key);
 * they are `HSS.*` now. No `vscode` here: migrateSettings.ts reads `inspect()` and applies the steps.
 */

export const OLD_SECTION = 'hssBackupTasks';
export const NEW_SECTION = 'HSS';

/** Old key → new key, full names. Two were renamed beyond the prefix so that their titles read well. */
export const RENAMED_SETTINGS: ReadonlyMap<string, string> = new Map(
  (
    [
      ['region', 'region'],
      ['projectId', 'projectId'],
      ['endpoint', 'endpoint'],
      // "Iam Endpoint": VS Code upper-cases only a few acronyms, and IAM is not one of them.
      ['iamEndpoint', 'signInEndpoint'],
      ['enterpriseProjectId', 'enterpriseProjectId'],
      ['lastDays', 'lastDays'],
      ['pageSize', 'pageSize'],
      ['concurrency', 'concurrency'],
      ['requestTimeoutSeconds', 'requestTimeoutSeconds'],
      ['statusBar.enabled', 'statusBar.enabled'],
      ['statusBar.showWhenZero', 'statusBar.showWhenZero'],
      ['statusBar.countServersAtRisk', 'statusBar.countServersAtRisk'],
      ['autoRefreshSeconds', 'autoRefreshSeconds'],
      ['notifications', 'notifications'],
      ['projects', 'projects'],
      // "Ecs Agency", for the same reason.
      ['credentials.ecsAgency', 'credentials.useAgency'],
      ['credentials.metadataEndpoint', 'credentials.metadataEndpoint'],
      ['coverage.maxBackupAgeDays', 'coverage.maxBackupAgeDays'],
    ] as const
  ).map(([from, to]) => [`${OLD_SECTION}.${from}`, `${NEW_SECTION}.${to}`]),
);

/** A settings scope, as `inspect()` reports it. A folder is named by its URI (as text). */
export type SettingsScope =
  | { readonly kind: 'user' }
  | { readonly kind: 'workspace' }
  | { readonly kind: 'workspaceFolder'; readonly folder: string };

/** The values one key has in each scope where it is set (`undefined`: not set there). */
export interface ScopedValues {
  readonly user?: unknown;
  readonly workspace?: unknown;
  /** Folder URI → value, for the folders of a multi-root workspace. */
  readonly folders?: ReadonlyMap<string, unknown>;
}

export type MigrationStep =
  /** Write `value` to `to` in `scope`, then remove `from` there. */
  | {
      readonly kind: 'move';
      readonly from: string;
      readonly to: string;
      readonly scope: SettingsScope;
      readonly value: unknown;
    }
  /** `to` is already set in `scope` and wins: only remove `from` there. */
  | { readonly kind: 'drop'; readonly from: string; readonly to: string; readonly scope: SettingsScope };

/**
 * What to do, scope by scope: a value set under an old key moves to the new key in the same scope,
 * unless the new key is already set there (then the old one is only removed). A scope where the old
 * key is not set is left alone, whatever the new key holds.
 */
export function planSettingsMigration(
  read: (key: string) => ScopedValues,
  renames: ReadonlyMap<string, string> = RENAMED_SETTINGS,
): MigrationStep[] {
  const steps: MigrationStep[] = [];
  for (const [from, to] of renames) {
    const old = read(from);
    // Nothing under the old key (nearly always): the new key need not be read (activation reads
    // every key, and each read goes through all of VS Code's configuration layers).
    if (old.user === undefined && old.workspace === undefined && !old.folders?.size) continue;
    const current = read(to);
    const consider = (scope: SettingsScope, oldValue: unknown, newValue: unknown) => {
      if (oldValue === undefined) return;
      steps.push(
        newValue === undefined
          ? { kind: 'move', from, to, scope, value: oldValue }
          : { kind: 'drop', from, to, scope },
      );
    };
    consider({ kind: 'user' }, old.user, current.user);
    consider({ kind: 'workspace' }, old.workspace, current.workspace);
    for (const [folder, value] of old.folders ?? []) {
      consider({ kind: 'workspaceFolder', folder }, value, current.folders?.get(folder));
    }
  }
  return steps;
}

export function scopeName(scope: SettingsScope): string {
  switch (scope.kind) {
    case 'user':
      return 'user settings';
    case 'workspace':
      return 'workspace settings';
    case 'workspaceFolder':
      return `folder settings of ${scope.folder}`;
  }
}

/**
 * The log's one line about a migration: key names and scopes, never a value (a setting holds no
 * secret, but a key the extension does not know may hold anything).
 */
export function migrationReport(
  done: readonly MigrationStep[],
  failed: readonly { readonly step: MigrationStep; readonly reason: string }[],
  unknownOldKeys: readonly string[] = [],
): string | undefined {
  const parts: string[] = [];
  const moved = done.filter((step) => step.kind === 'move');
  const dropped = done.filter((step) => step.kind === 'drop');
  if (moved.length > 0) {
    parts.push(
      `moved ${moved.map((step) => `${step.from} → ${step.to} (${scopeName(step.scope)})`).join(', ')}`,
    );
  }
  if (dropped.length > 0) {
    parts.push(
      `removed ${dropped.map((step) => `${step.from} (${scopeName(step.scope)}: ${step.to} is set there and wins)`).join(', ')}`,
    );
  }
  if (failed.length > 0) {
    parts.push(
      `left ${failed.map(({ step, reason }) => `${step.from} in its place (${scopeName(step.scope)}: ${reason})`).join(', ')}`,
    );
  }
  if (unknownOldKeys.length > 0) {
    parts.push(`left alone ${unknownOldKeys.join(', ')} (not a setting of this extension)`);
  }
  return parts.length > 0 ? `Settings renamed to ${NEW_SECTION}.*: ${parts.join('; ')}.` : undefined;
}

/**
 * The keys set under the old section that the table does not know, from the section's value as
 * VS Code nests it (`{statusBar: {enabled: false}}`). A known key stops the walk, whatever its value.
 */
export function unknownOldKeys(
  section: unknown,
  renames: ReadonlyMap<string, string> = RENAMED_SETTINGS,
): string[] {
  const unknown: string[] = [];
  const walk = (value: unknown, prefix: string) => {
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      const key = `${prefix}.${name}`;
      if (child === undefined || renames.has(key)) continue;
      const knownBelow = [...renames.keys()].some((known) => known.startsWith(`${key}.`));
      if (knownBelow && typeof child === 'object' && child !== null && !Array.isArray(child))
        walk(child, key);
      else unknown.push(key);
    }
  };
  if (typeof section === 'object' && section !== null && !Array.isArray(section)) walk(section, OLD_SECTION);
  return unknown;
}
