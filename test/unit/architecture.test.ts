/**
 * The shape of the source tree: no module imports itself round a cycle, and the code that decides
 * (everything outside src/ui and the entry point) runs without VS Code, so plain Node tests it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file names in an import or export (type-only ones too), as written. */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g,
  )) {
    found.push(match[1] ?? match[2] ?? '');
  }
  return found;
}

function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
}

/** The cycles through back edges of a depth-first walk: none at all when the graph has no cycle. */
function importCycles(files: readonly string[]): string[][] {
  const edges = new Map(
    files.map((file) => [
      file,
      specifiers(file)
        .map((specifier) => resolve(file, specifier))
        .filter((target): target is string => target !== undefined),
    ]),
  );
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles.map((cycle) => cycle.map((file) => path.relative(SRC, file)));
}

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it('has no import cycles in src', () => {
    assert.ok(files.length > 50, 'the walk found the sources');
    assert.deepEqual(importCycles(files), []);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'cycle-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
      fs.writeFileSync(
        path.join(dir, 'b.ts'),
        "import type { a } from './a';\nexport const b = 1 as unknown as typeof a;\n",
      );
      fs.writeFileSync(path.join(dir, 'c.ts'), "import { a } from './a';\n");
      const cycles = importCycles(['a.ts', 'b.ts', 'c.ts'].map((name) => path.join(dir, name)));
      assert.equal(cycles.length, 1);
      assert.deepEqual(
        cycles[0]?.map((file) => path.basename(file)),
        ['a.ts', 'b.ts', 'a.ts'],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps VS Code out of the modules that decide (src/hss, src/tasks, src/servers, src/sample)', () => {
    const withVscode = files
      .filter((file) => !file.startsWith(path.join(SRC, 'ui')) && path.basename(file) !== 'extension.ts')
      .filter((file) => specifiers(file).includes('vscode'))
      .map((file) => path.relative(SRC, file));
    assert.deepEqual(withVscode, []);
  });
});
