import * as assert from 'node:assert/strict';
import {
  type MigrationStep,
  migrationReport,
  planSettingsMigration,
  RENAMED_SETTINGS,
  type ScopedValues,
  type SettingsScope,
  unknownOldKeys,
} from '../../src/ui/session/renamedSettings';

/** `inspect()` as a table: key → its values per scope. */
function reader(table: Record<string, ScopedValues>): (key: string) => ScopedValues {
  return (key) => table[key] ?? {};
}

const folderA = 'file:///work/a';
const folderB = 'file:///work/b';

describe('renamed settings', () => {
  it('maps every old key to its new key', () => {
    assert.equal(RENAMED_SETTINGS.size, 18);
    assert.equal(RENAMED_SETTINGS.get('hssBackupTasks.region'), 'HSS.region');
    assert.equal(RENAMED_SETTINGS.get('hssBackupTasks.iamEndpoint'), 'HSS.signInEndpoint');
    assert.equal(RENAMED_SETTINGS.get('hssBackupTasks.credentials.ecsAgency'), 'HSS.credentials.useAgency');
    assert.equal(
      RENAMED_SETTINGS.get('hssBackupTasks.statusBar.countServersAtRisk'),
      'HSS.statusBar.countServersAtRisk',
    );
    assert.equal(new Set(RENAMED_SETTINGS.values()).size, 18, 'no two old keys share a new one');
  });

  it('moves a value to the new key in the scope where it was set, and only there', () => {
    const steps = planSettingsMigration(
      reader({
        'hssBackupTasks.region': { user: 'cn-east-3' },
        'hssBackupTasks.lastDays': { workspace: 0 },
        'hssBackupTasks.iamEndpoint': { user: 'https://iam.example', workspace: 'http://127.0.0.1:9000' },
      }),
    );
    assert.deepEqual(steps, [
      {
        kind: 'move',
        from: 'hssBackupTasks.region',
        to: 'HSS.region',
        scope: { kind: 'user' },
        value: 'cn-east-3',
      },
      {
        kind: 'move',
        from: 'hssBackupTasks.iamEndpoint',
        to: 'HSS.signInEndpoint',
        scope: { kind: 'user' },
        value: 'https://iam.example',
      },
      {
        kind: 'move',
        from: 'hssBackupTasks.iamEndpoint',
        to: 'HSS.signInEndpoint',
        scope: { kind: 'workspace' },
        value: 'http://127.0.0.1:9000',
      },
      {
        kind: 'move',
        from: 'hssBackupTasks.lastDays',
        to: 'HSS.lastDays',
        scope: { kind: 'workspace' },
        value: 0,
      },
    ]);
  });

  it('keeps a new key already set in that scope, and still removes the old one there', () => {
    const steps = planSettingsMigration(
      reader({
        'hssBackupTasks.pageSize': { user: 50, workspace: 100 },
        'HSS.pageSize': { user: 200 },
      }),
    );
    assert.deepEqual(steps, [
      { kind: 'drop', from: 'hssBackupTasks.pageSize', to: 'HSS.pageSize', scope: { kind: 'user' } },
      {
        kind: 'move',
        from: 'hssBackupTasks.pageSize',
        to: 'HSS.pageSize',
        scope: { kind: 'workspace' },
        value: 100,
      },
    ]);
  });

  it('moves falsy values as they are: false, 0, "" and null are set values', () => {
    const steps = planSettingsMigration(
      reader({
        'hssBackupTasks.statusBar.enabled': { user: false },
        'hssBackupTasks.autoRefreshSeconds': { user: 0 },
        'hssBackupTasks.endpoint': { user: '' },
        'hssBackupTasks.projects': { user: null },
      }),
    );
    assert.deepEqual(
      steps.map((step) => (step.kind === 'move' ? [step.to, step.value] : [step.to, 'drop'])),
      [
        ['HSS.endpoint', ''],
        ['HSS.statusBar.enabled', false],
        ['HSS.autoRefreshSeconds', 0],
        ['HSS.projects', null],
      ],
    );
  });

  it('moves an object value whole', () => {
    const projects = [{ name: 'prod', projectId: 'p1', region: 'cn-north-4' }];
    const [step] = planSettingsMigration(reader({ 'hssBackupTasks.projects': { workspace: projects } }));
    assert.deepEqual(step, {
      kind: 'move',
      from: 'hssBackupTasks.projects',
      to: 'HSS.projects',
      scope: { kind: 'workspace' },
      value: [{ name: 'prod', projectId: 'p1', region: 'cn-north-4' }],
    });
  });

  it('treats each folder of a multi-root workspace as its own scope', () => {
    const steps = planSettingsMigration(
      reader({
        'hssBackupTasks.coverage.maxBackupAgeDays': {
          folders: new Map([
            [folderA, 3],
            [folderB, 7],
          ]),
        },
        'HSS.coverage.maxBackupAgeDays': { folders: new Map([[folderB, 5]]), workspace: 9 },
      }),
    );
    assert.deepEqual(steps, [
      {
        kind: 'move',
        from: 'hssBackupTasks.coverage.maxBackupAgeDays',
        to: 'HSS.coverage.maxBackupAgeDays',
        scope: { kind: 'workspaceFolder', folder: folderA },
        value: 3,
      },
      {
        kind: 'drop',
        from: 'hssBackupTasks.coverage.maxBackupAgeDays',
        to: 'HSS.coverage.maxBackupAgeDays',
        scope: { kind: 'workspaceFolder', folder: folderB },
      },
    ]);
  });

  it('moves a folder value when the new key is set in no folder', () => {
    const steps = planSettingsMigration(
      reader({
        'hssBackupTasks.region': { folders: new Map([[folderA, 'cn-east-3']]) },
        'HSS.region': { user: 'cn-south-1' },
      }),
    );
    assert.deepEqual(steps, [
      {
        kind: 'move',
        from: 'hssBackupTasks.region',
        to: 'HSS.region',
        scope: { kind: 'workspaceFolder', folder: folderA },
        value: 'cn-east-3',
      },
    ]);
  });

  it('does nothing when no old key is set, whatever the new keys hold', () => {
    assert.deepEqual(planSettingsMigration(reader({ 'HSS.region': { user: 'cn-south-1' } })), []);
    assert.deepEqual(planSettingsMigration(reader({})), []);
  });

  it('reads a new key only where its old key is set somewhere (one read a key at activation)', () => {
    const asked: string[] = [];
    const table: Record<string, ScopedValues> = {
      'hssBackupTasks.lastDays': { workspace: 14 },
      'hssBackupTasks.region': { folders: new Map() },
    };
    planSettingsMigration((key) => {
      asked.push(key);
      return table[key] ?? {};
    });
    assert.equal(asked.length, RENAMED_SETTINGS.size + 1);
    assert.deepEqual(
      asked.filter((key) => key.startsWith('HSS.')),
      ['HSS.lastDays'],
    );
  });

  it('reports key names and scopes in one line, never a value', () => {
    const report = migrationReport(
      [
        {
          kind: 'move',
          from: 'hssBackupTasks.region',
          to: 'HSS.region',
          scope: { kind: 'user' },
          value: 'cn-east-3',
        },
        { kind: 'drop', from: 'hssBackupTasks.pageSize', to: 'HSS.pageSize', scope: { kind: 'workspace' } },
      ],
      [
        {
          step: {
            kind: 'move',
            from: 'hssBackupTasks.lastDays',
            to: 'HSS.lastDays',
            scope: { kind: 'workspaceFolder', folder: folderA },
            value: 12345,
          },
          reason: 'not a folder setting',
        },
      ],
      ['hssBackupTasks.secretish'],
    );
    assert.equal(
      report,
      'Settings renamed to HSS.*: moved hssBackupTasks.region → HSS.region (user settings); ' +
        'removed hssBackupTasks.pageSize (workspace settings: HSS.pageSize is set there and wins); ' +
        'left hssBackupTasks.lastDays in its place (folder settings of file:///work/a: not a folder setting); ' +
        'left alone hssBackupTasks.secretish (not a setting of this extension).',
    );
    assert.equal(migrationReport([], []), undefined);
  });

  it('lists several keys of each kind in the report, comma-separated', () => {
    const move = (key: string, scope: SettingsScope): MigrationStep => ({
      kind: 'move',
      from: `hssBackupTasks.${key}`,
      to: `HSS.${key}`,
      scope,
      value: 1,
    });
    const drop = (key: string, scope: SettingsScope): MigrationStep => ({
      kind: 'drop',
      from: `hssBackupTasks.${key}`,
      to: `HSS.${key}`,
      scope,
    });
    const report = migrationReport(
      [
        move('region', { kind: 'user' }),
        drop('pageSize', { kind: 'user' }),
        move('lastDays', { kind: 'workspace' }),
        drop('concurrency', { kind: 'workspace' }),
      ],
      [
        { step: move('endpoint', { kind: 'user' }), reason: 'read-only' },
        { step: move('projectId', { kind: 'workspace' }), reason: 'no workspace' },
      ],
      ['hssBackupTasks.a', 'hssBackupTasks.b'],
    );
    assert.equal(
      report,
      'Settings renamed to HSS.*: ' +
        'moved hssBackupTasks.region → HSS.region (user settings), ' +
        'hssBackupTasks.lastDays → HSS.lastDays (workspace settings); ' +
        'removed hssBackupTasks.pageSize (user settings: HSS.pageSize is set there and wins), ' +
        'hssBackupTasks.concurrency (workspace settings: HSS.concurrency is set there and wins); ' +
        'left hssBackupTasks.endpoint in its place (user settings: read-only), ' +
        'hssBackupTasks.projectId in its place (workspace settings: no workspace); ' +
        'left alone hssBackupTasks.a, hssBackupTasks.b (not a setting of this extension).',
    );
  });

  it('finds the keys under the old section that are not settings of the extension, by name', () => {
    assert.deepEqual(
      unknownOldKeys({
        region: 'cn-north-4',
        statusBar: { enabled: false, colour: 'red' },
        token: 'do-not-log',
        coverage: { maxBackupAgeDays: 3 },
        credentials: { ecsAgency: true, profile: { name: 'x' } },
        projects: [{ name: 'a' }],
        gone: undefined,
      }),
      ['hssBackupTasks.statusBar.colour', 'hssBackupTasks.token', 'hssBackupTasks.credentials.profile'],
    );
    assert.deepEqual(unknownOldKeys(undefined), []);
    assert.deepEqual(unknownOldKeys({ statusBar: 'on' }), ['hssBackupTasks.statusBar']);
    // null, as settings.json may hold it, is a value too, and no group of settings.
    assert.deepEqual(unknownOldKeys({ statusBar: null }), ['hssBackupTasks.statusBar']);
    assert.deepEqual(unknownOldKeys(null), []);
  });
});
