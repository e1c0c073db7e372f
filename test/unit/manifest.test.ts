import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveEndpoint } from '../../src/hss/endpoint';
import { RENAMED_SETTINGS } from '../../src/ui/session/renamedSettings';
import { SETTINGS_QUERY } from '../../src/ui/session/settingsValues';

interface SettingSchema {
  type?: string;
  default?: unknown;
  format?: string;
  order?: number;
  markdownDescription?: string;
  deprecationMessage?: string;
  items?: { properties?: Record<string, SettingSchema> };
}

interface ConfigurationSection {
  id?: string;
  title?: string;
  order?: number;
  properties: Record<string, SettingSchema>;
}

const root = path.join(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
  contributes: { configuration: ConfigurationSection[] };
};
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<
  string,
  string
>;
const sections = manifest.contributes.configuration;
const declared: Record<string, SettingSchema> = Object.assign(
  {},
  ...sections.map((section) => section.properties),
);
/** The settings in use: every declared key but the deprecated old ones. */
const settings = Object.fromEntries(Object.entries(declared).filter(([key]) => !RENAMED_SETTINGS.has(key)));

describe('manifest: settings', () => {
  it('has no JSON-schema "format" on a setting that may be empty: a fresh Settings page would show a red "URI expected"', () => {
    const formatted: string[] = [];
    for (const [key, schema] of Object.entries(settings)) {
      if (schema.format && (schema.default === '' || schema.default === undefined)) formatted.push(key);
      // Array items have no default: each may be left empty while it is being written.
      for (const [name, item] of Object.entries(schema.items?.properties ?? {})) {
        if (item.format) formatted.push(`${key}[].${name}`);
      }
    }
    assert.deepEqual(formatted, []);
    // The endpoints are empty until set, and validated in code instead (next test).
    assert.equal(settings['HSS.endpoint']?.default, '');
    assert.equal(settings['HSS.signInEndpoint']?.default, '');
  });

  it('validates the endpoints in code, with a message that names the value and what is expected', () => {
    assert.equal(
      resolveEndpoint({ region: 'cn-north-4', endpoint: '' }).href,
      'https://hss.cn-north-4.myhuaweicloud.com/',
    );
    assert.equal(
      resolveEndpoint({ region: 'cn-north-4', endpoint: '  ' }, 'iam').href,
      'https://iam.cn-north-4.myhuaweicloud.com/',
    );
    assert.throws(
      () => resolveEndpoint({ region: 'cn-north-4', endpoint: 'hss example' }),
      /The endpoint "hss example" is not a URL \(expected for example https:\/\/hss\.example\.com\)/,
    );
    assert.throws(() => resolveEndpoint({ endpoint: 'http://10.0.0.5:8080' }), /plain http; only https/);
    assert.equal(resolveEndpoint({ endpoint: 'http://127.0.0.1:9000/' }).href, 'http://127.0.0.1:9000/');
  });

  it('gives every setting an order and a description, in a titled section of its own id', () => {
    assert.deepEqual(
      sections.map((section) => [section.id, section.title, section.order]),
      [
        ['HSS.connection', '%config.section.connection%', 1],
        ['HSS.tasks', '%config.section.tasks%', 2],
        ['HSS.statusBarAndNotifications', '%config.section.statusBarAndNotifications%', 3],
        ['HSS.coverage', '%config.section.coverage%', 4],
        ['HSS.credentials', '%config.section.credentials%', 5],
      ],
    );
    assert.deepEqual(
      sections.map((section) => nls[section.title?.slice(1, -1) ?? '']),
      ['Connection', 'Tasks', 'Status Bar & Notifications', 'Coverage', 'Credentials'],
    );
    for (const [key, schema] of Object.entries(settings)) {
      assert.ok(key.startsWith('HSS.'), `${key} is under HSS.`);
      assert.equal(typeof schema.order, 'number', `${key} has an order`);
      assert.ok(schema.markdownDescription?.startsWith('%'), `${key} has a localised description`);
      assert.ok(
        nls[schema.markdownDescription?.slice(1, -1) ?? ''],
        `${key}: its description is in package.nls.json`,
      );
    }
  });

  it('keeps every old key declared, deprecated, naming its new key, which is declared with the same type', () => {
    const oldKeys = Object.keys(declared).filter((key) => key.startsWith('hssBackupTasks.'));
    assert.deepEqual(oldKeys.sort(), [...RENAMED_SETTINGS.keys()].sort());
    assert.deepEqual(Object.keys(settings).sort(), [...RENAMED_SETTINGS.values()].sort());
    for (const [from, to] of RENAMED_SETTINGS) {
      const old = declared[from];
      assert.ok(old, `${from} is declared`);
      assert.equal(old.type, declared[to]?.type, `${from} has the type of ${to}`);
      assert.equal(old.default, undefined, `${from} has no default of its own`);
      const message = nls[old.deprecationMessage?.slice(1, -1) ?? ''] ?? '';
      assert.ok(message.includes(to), `${from}: "${message}" names ${to}`);
    }
    assert.equal(
      nls['config.renamed.iamEndpoint'],
      'Renamed to HSS.signInEndpoint: the extension moves a value set here to it.',
    );
  });

  it("opens the Settings editor on this extension's settings by its id, publisher.name", () => {
    assert.equal(SETTINGS_QUERY, `@ext:${manifest.publisher}.${manifest.name}`);
  });

  it('links to settings by their new keys only', () => {
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      for (const [, key] of text.matchAll(/#([A-Za-z.]+)#/g)) {
        assert.ok(key && key in settings, `${file} links to ${key}, a setting in use`);
      }
      assert.doesNotMatch(
        text,
        /hssBackupTasks\.(region|projectId|endpoint|iamEndpoint|credentials|coverage|statusBar)/,
      );
    }
  });
});
