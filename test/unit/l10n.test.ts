/**
 * Keeps the translations complete: the English bundle matches the strings in src/, every string of
 * the bundle and of package.nls.json has a Simplified Chinese translation, and translations keep
 * their placeholders, command links, code spans and codicons.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getL10nJson, type l10nJsonFormat } from '@vscode/l10n-dev';

const root = path.resolve(__dirname, '../..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

/** A bundle as plain strings (l10n-dev writes `{ message, comment }` for strings with comments). */
function messages(bundle: l10nJsonFormat): Record<string, string> {
  return Object.fromEntries(
    Object.entries(bundle).map(([key, value]) => [key, typeof value === 'string' ? value : value.message]),
  );
}

function stringTable(file: string): Record<string, string> {
  const json = readJson(file);
  assert.ok(json && typeof json === 'object' && !Array.isArray(json), `${file} is not a JSON object`);
  for (const [key, value] of Object.entries(json)) {
    assert.equal(typeof value, 'string', `${file}: "${key}" is not a string`);
  }
  return json as Record<string, string>;
}

/** What must survive translation unchanged, each kind as a sorted list. */
function invariants(text: string): Record<string, string[]> {
  const all = (pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[0]).sort();
  return {
    placeholders: [...new Set(all(/\{\d+\}/g))],
    commandLinks: all(/\]\(command:[^)\s]*\)/g).map((link) => link.slice(1)),
    codeSpans: all(/`[^`]+`/g),
    codicons: all(/\$\([a-z0-9~-]+\)/g),
  };
}

function checkTranslations(sourceFile: string, translationFile: string): void {
  const source = stringTable(sourceFile);
  const translation = stringTable(translationFile);
  const missing = Object.keys(source).filter((key) => !(key in translation));
  const extra = Object.keys(translation).filter((key) => !(key in source));
  assert.deepEqual(missing, [], `${translationFile} lacks translations for these keys of ${sourceFile}`);
  assert.deepEqual(extra, [], `${translationFile} has keys that ${sourceFile} no longer has`);
  for (const [key, english] of Object.entries(source)) {
    const chinese = translation[key] ?? '';
    assert.ok(chinese.trim().length > 0, `${translationFile}: "${key}" is empty`);
    assert.deepEqual(
      invariants(chinese),
      invariants(english),
      `${translationFile}: "${key}" must keep the placeholders, command links, code spans and codicons of the English`,
    );
  }
}

/** The source files `l10n-dev export ./src` reads. */
function sourceFiles(): { extension: string; contents: string }[] {
  const dir = path.join(root, 'src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|tsx|js|jsx)$/.test(file))
    .sort()
    .map((file) => ({ extension: path.extname(file), contents: readFileSync(path.join(dir, file), 'utf8') }));
}

describe('l10n', () => {
  it('l10n/bundle.l10n.json holds exactly the vscode.l10n.t strings of src/', async function () {
    this.timeout(60_000); // tree-sitter compiles its queries once per source file: ~0.2 s each
    const expected = messages(await getL10nJson(sourceFiles()));
    const actual = messages(readJson('l10n/bundle.l10n.json') as l10nJsonFormat);
    const added = Object.keys(expected).filter((key) => !(key in actual));
    const removed = Object.keys(actual).filter((key) => !(key in expected));
    const hint = 'run `npm run l10n` and translate the new strings in l10n/bundle.l10n.zh-cn.json';
    assert.deepEqual(added, [], `strings in src/ missing from l10n/bundle.l10n.json: ${hint}`);
    assert.deepEqual(removed, [], `strings in l10n/bundle.l10n.json no longer in src/: ${hint}`);
    assert.deepEqual(actual, expected, `l10n/bundle.l10n.json is out of date: ${hint}`);
  });

  it('translates every string of l10n/bundle.l10n.json to Simplified Chinese', () => {
    checkTranslations('l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json');
  });

  it('translates every string of package.nls.json to Simplified Chinese', () => {
    checkTranslations('package.nls.json', 'package.nls.zh-cn.json');
  });

  it('package.json uses only %keys% that package.nls.json defines, and points VS Code at l10n/', () => {
    const manifest = readJson('package.json') as { l10n?: string };
    const nls = stringTable('package.nls.json');
    const used = new Set<string>();
    const walk = (value: unknown): void => {
      if (typeof value === 'string') {
        const match = /^%(.+)%$/.exec(value);
        if (match?.[1]) used.add(match[1]);
      } else if (Array.isArray(value)) {
        value.forEach(walk);
      } else if (value && typeof value === 'object') {
        Object.values(value).forEach(walk);
      }
    };
    walk(manifest);
    assert.ok(used.size > 0, 'package.json uses no %keys%');
    assert.deepEqual(
      [...used].filter((key) => !(key in nls)),
      [],
      'package.json uses %keys% missing from package.nls.json',
    );
    assert.equal(manifest.l10n, './l10n');
  });

  it('the checks catch a lost placeholder or a changed command link', () => {
    assert.notDeepEqual(invariants('已完成%'), invariants('{0}% done'));
    assert.notDeepEqual(
      invariants('[登录](command:hssBackupTasks.signin)'),
      invariants('[Sign In](command:hssBackupTasks.signIn)'),
    );
    assert.deepEqual(invariants('{1}：{0}'), invariants('{0}: {1}'));
  });
});
