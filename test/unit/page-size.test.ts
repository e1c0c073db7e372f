import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_PAGE_SIZE, MIN_PAGE_SIZE, pageLimit } from '../../src/hss/client';

interface Schema {
  deprecationMessage?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

/** Every setting the manifest declares, whether `configuration` is one section or several. */
function declaredSettings(): Record<string, Schema> {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
    contributes: {
      configuration: { properties: Record<string, Schema> } | { properties: Record<string, Schema> }[];
    };
  };
  const sections = manifest.contributes.configuration;
  return Object.assign({}, ...(Array.isArray(sections) ? sections : [sections]).map((s) => s.properties));
}

describe('page-size bounds', () => {
  it('are the API limit of 10..200, and the setting declares the same bounds', () => {
    assert.equal(MIN_PAGE_SIZE, 10);
    assert.equal(MAX_PAGE_SIZE, 200);
    const declared = Object.entries(declaredSettings()).filter(
      // The renamed key stays declared, deprecated, with no schema of its own.
      ([name, schema]) => name.endsWith('.pageSize') && schema.deprecationMessage === undefined,
    );
    assert.ok(declared.length > 0, 'a pageSize setting is declared');
    for (const [key, schema] of declared) {
      assert.deepEqual([schema.minimum, schema.maximum, schema.default], [10, 200, 200], key);
    }
  });

  it('turn any asked limit into one the API takes', () => {
    assert.deepEqual(
      [0, 9, 9.9, 10, 57.8, 200, 201, 5000, -3].map(pageLimit),
      [10, 10, 10, 10, 57, 200, 200, 200, 10],
    );
  });
});
