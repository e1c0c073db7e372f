import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CACHE_LIMITS, cacheFileName, filesToPrune, TaskCacheFiles } from '../../src/tasks/taskCache';

const DAY = 24 * 3600_000;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const name = (n: number) => `tasks-${n.toString(16).padStart(32, '0')}.json`;

describe('kept lists: pruning the cache folder', () => {
  it('keeps the newest lists up to the limit, the one just written always', () => {
    const entries = [1, 2, 3, 4, 5].map((n) => ({ name: name(n), mtimeMs: NOW - n * 60_000 }));
    // Room for 3: the one written (5, the oldest by mtime here) and the two newest others (1, 2).
    assert.deepEqual(filesToPrune(entries, name(5), NOW, { maxFiles: 3, maxAgeMs: 30 * DAY }), [
      name(3),
      name(4),
    ]);
    assert.deepEqual(filesToPrune(entries, name(1), NOW, { maxFiles: 5, maxAgeMs: 30 * DAY }), []);
  });

  it('drops a scope not loaded within the age limit, and temporary files left for an hour', () => {
    const entries = [
      { name: name(1), mtimeMs: NOW - 31 * DAY },
      { name: name(2), mtimeMs: NOW - 29 * DAY },
      { name: `${name(3)}.4242.1700000000000.tmp`, mtimeMs: NOW - 2 * 3600_000 },
      { name: `${name(4)}.4242.1700000000000.tmp`, mtimeMs: NOW - 60_000 },
      // Not ours: never touched.
      { name: 'notes.txt', mtimeMs: NOW - 400 * DAY },
      { name: 'tasks-short.json', mtimeMs: NOW - 400 * DAY },
    ];
    assert.deepEqual(filesToPrune(entries, name(9), NOW, { maxFiles: 20, maxAgeMs: 30 * DAY }), [
      name(1),
      `${name(3)}.4242.1700000000000.tmp`,
    ]);
  });

  it('keeps by default the newest 20 lists, none older than 30 days', () => {
    assert.deepEqual(CACHE_LIMITS, { maxFiles: 20, maxAgeMs: 30 * DAY });
    const aged = [
      { name: name(1), mtimeMs: NOW - 29 * DAY },
      { name: name(2), mtimeMs: NOW - 31 * DAY },
    ];
    assert.deepEqual(filesToPrune(aged, name(9), NOW), [name(2)]);
    // 21 others, listed oldest first: the oldest two make room for the one written.
    const many = Array.from({ length: 21 }, (_, i) => ({
      name: name(100 + i),
      mtimeMs: NOW - (21 - i) * 60_000,
    }));
    assert.deepEqual(filesToPrune(many, name(9), NOW), [name(101), name(100)]);
  });

  it('keeps a list exactly at the age limit and a temporary file exactly an hour old', () => {
    const entries = [
      { name: name(1), mtimeMs: NOW - 30 * DAY },
      { name: `${name(2)}.4242.1700000000000.tmp`, mtimeMs: NOW - 3600_000 },
    ];
    assert.deepEqual(filesToPrune(entries, name(9), NOW, { maxFiles: 20, maxAgeMs: 30 * DAY }), []);
  });

  it('touches no file whose name only contains a list’s or a temporary file’s name', () => {
    const old = NOW - 400 * DAY;
    const entries = [
      { name: `x${name(1)}`, mtimeMs: old },
      { name: `${name(2)}.bak`, mtimeMs: old },
      { name: `x${name(3)}.4242.1700000000000.tmp`, mtimeMs: old },
      { name: `${name(4)}.4242.1700000000000.tmp.bak`, mtimeMs: old },
    ];
    assert.deepEqual(filesToPrune(entries, name(9), NOW, { maxFiles: 1, maxAgeMs: 30 * DAY }), []);
  });

  it('prunes the folder after each write', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hss-cache-prune-'));
    try {
      const files = new TaskCacheFiles(dir, () => NOW, { maxFiles: 2, maxAgeMs: 30 * DAY });
      const stale = path.join(dir, cacheFileName('old scope'));
      fs.writeFileSync(stale, '{}');
      fs.utimesSync(stale, new Date(NOW - 40 * DAY), new Date(NOW - 40 * DAY));
      fs.writeFileSync(path.join(dir, 'other.txt'), 'not ours');
      await files.write('a', NOW, []);
      await files.write('b', NOW, []);
      await files.write('c', NOW, []);
      const left = fs.readdirSync(dir).sort();
      assert.ok(!left.includes(path.basename(stale)), 'the 40-day-old list is gone');
      assert.ok(left.includes(cacheFileName('c')), 'the one just written stays');
      assert.ok(left.includes('other.txt'));
      assert.equal(left.filter((file) => file.startsWith('tasks-')).length, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
