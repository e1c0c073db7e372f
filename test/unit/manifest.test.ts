import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveEndpoint } from '../../src/hss/endpoint';

interface SettingSchema {
  type?: string;
  default?: unknown;
  format?: string;
  order?: number;
  markdownDescription?: string;
  items?: { properties?: Record<string, SettingSchema> };
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
  contributes: { configuration: { title?: string; properties: Record<string, SettingSchema> } };
};
const settings = manifest.contributes.configuration.properties;

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
    assert.equal(settings['hssBackupTasks.endpoint']?.default, '');
    assert.equal(settings['hssBackupTasks.iamEndpoint']?.default, '');
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

  it('gives every setting an order and a description, under the extension title', () => {
    assert.equal(manifest.contributes.configuration.title, '%container.title%');
    for (const [key, schema] of Object.entries(settings)) {
      assert.equal(typeof schema.order, 'number', `${key} has an order`);
      assert.ok(schema.markdownDescription?.startsWith('%'), `${key} has a localised description`);
    }
  });
});
