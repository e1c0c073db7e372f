import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OperationLog } from '../../src/hss/model';
import { fetchAllPages } from '../../src/hss/pager';
import type { SampleServer } from '../../src/sample/server';
import { type LoadScope, TaskStore } from '../../src/tasks/store';
import {
  CACHE_FORMAT,
  CACHE_MAX_ROWS,
  cacheFileName,
  decodeCache,
  encodeCache,
  TaskCacheFiles,
} from '../../src/tasks/taskCache';
import { clientFor, NOW, withServer } from './helpers';

const ALL = { enterpriseProjectId: 'all_granted_eps' } as const;
const KEY = '["cloud","https://hss.example.test/","p1",{"lastDays":7},[],200]';

const LOGS: OperationLog[] = [
  {
    hostId: 'h1',
    hostName: 'web-01',
    backupName: 'daily',
    progress: 40,
    status: 'running',
    startedAt: 1_700_000_000_000,
  },
  {
    hostId: 'h2',
    backupName: 'weekly',
    status: 'failed',
    rawStatus: 'failed',
    startedAt: 1_699_000_000_000,
    endedAt: 1_699_000_100_000,
    error: { code: 'HSS.1234', message: 'vault full' },
  },
  { status: 'unknown', rawStatus: 'paused', error: { code: 'X' } },
];

describe('task cache files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hss-cache-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('gives back the rows it kept, field for field, with the time they were loaded', async () => {
    const files = new TaskCacheFiles(dir);
    await files.write(KEY, 1_700_000_500_000, LOGS);
    const cached = await files.read(KEY);
    // Every row comes back with every field, in one order (absent ones undefined): one shape.
    const fields = 'hostId hostName backupName progress status rawStatus startedAt endedAt error'.split(' ');
    const full = LOGS.map((log) =>
      Object.fromEntries(fields.map((field) => [field, log[field as keyof OperationLog]])),
    );
    assert.deepEqual(cached, { scopeKey: KEY, savedAt: 1_700_000_500_000, logs: full });
    for (const log of cached?.logs ?? []) assert.deepEqual(Object.keys(log), fields);
    // One file, named by a hash: the scope's endpoint and project are not in the name.
    const names = await fs.readdir(dir);
    assert.deepEqual(names, [cacheFileName(KEY)]);
    assert.match(names[0] ?? '', /^tasks-[0-9a-f]{32}\.json$/);
  });

  it('ignores a file of another scope, even under this scope’s name', async () => {
    const files = new TaskCacheFiles(dir);
    await files.write('other-scope', 1, LOGS);
    assert.equal(await files.read(KEY), undefined);
    await fs.copyFile(path.join(dir, cacheFileName('other-scope')), path.join(dir, cacheFileName(KEY)));
    assert.equal(await files.read(KEY), undefined);
  });

  it('ignores an older format, a broken file and a file with one bad row', async () => {
    const files = new TaskCacheFiles(dir);
    const file = path.join(dir, cacheFileName(KEY));
    const good = JSON.parse(encodeCache(KEY, 5, LOGS));
    await fs.writeFile(file, JSON.stringify({ ...good, format: CACHE_FORMAT - 1 }));
    assert.equal(await files.read(KEY), undefined, 'older format');
    await fs.writeFile(file, encodeCache(KEY, 5, LOGS).slice(0, 100));
    assert.equal(await files.read(KEY), undefined, 'cut short');
    await fs.writeFile(file, JSON.stringify({ ...good, rows: [...good.rows, 0, null, null, 'x'] }));
    assert.equal(await files.read(KEY), undefined, 'bad row');
    // The first row's status (its fifth number) pointed at a string that is no status.
    const rows = [...good.rows];
    rows[4] = good.strings.length;
    await fs.writeFile(file, JSON.stringify({ ...good, strings: [...good.strings, 'done'], rows }));
    assert.equal(await files.read(KEY), undefined, 'unknown status');
    await fs.writeFile(file, JSON.stringify({ ...good, savedAt: 'yesterday' }));
    assert.equal(await files.read(KEY), undefined, 'no time');
    await fs.writeFile(file, 'null');
    assert.equal(await files.read(KEY), undefined, 'not an object');
    assert.equal(await new TaskCacheFiles(path.join(dir, 'missing')).read(KEY), undefined, 'no folder');
  });

  it('keeps the newest 100,000 rows of a longer list', () => {
    const logs: OperationLog[] = Array.from({ length: CACHE_MAX_ROWS + 5 }, (_, i) => ({
      hostId: `h${i}`,
      status: 'success',
      startedAt: 2_000_000_000_000 - i,
    }));
    const decoded = decodeCache(encodeCache(KEY, 9, logs), KEY);
    assert.equal(decoded?.logs.length, 100_000);
    assert.equal(decoded?.logs[0]?.hostId, 'h0');
    assert.equal(decoded?.logs.at(-1)?.hostId, 'h99999');
  });
});

describe('TaskStore with a kept list', () => {
  let server: SampleServer;
  let store: TaskStore;
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hss-cache-'));
  });
  afterEach(async () => {
    store.dispose();
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  function scopeFor(key = 'scope-a'): LoadScope {
    return { key, source: clientFor(server).client, query: ALL, pageSize: 100, concurrency: 4 };
  }

  it('shows the kept list, not as loaded now, until the fresh load replaces it', async () => {
    server = await withServer({ taskCount: 600, faults: { latency: { ms: 5 } } });
    const files = new TaskCacheFiles(dir);
    const kept = (await fetchAllPages(clientFor(server).client, ALL, { pageSize: 200 })).items;
    await files.write('scope-a', NOW - 3_600_000, kept.slice(0, 250));
    assert.ok(!(await fs.readFile(path.join(dir, cacheFileName('scope-a')), 'utf8')).includes(server.token));

    store = new TaskStore(() => NOW);
    store.setScope(scopeFor());
    const cached = await files.read('scope-a');
    assert.ok(cached);
    assert.equal(store.showCached('scope-a', cached.logs, cached.savedAt), true);
    assert.equal(store.state.tasks.length, 250);
    assert.equal(store.state.cachedAt, NOW - 3_600_000);
    assert.equal(store.state.loadedAt, undefined);

    const shownDuringLoad: number[] = [];
    store.onDidChangeState((state) => {
      if (state.loading) shownDuringLoad.push(state.tasks.length);
    });
    await store.refresh();
    assert.deepEqual([...new Set(shownDuringLoad)], [250], 'the kept list stays until the load is complete');
    assert.equal(store.state.tasks.length, 600);
    assert.equal(store.state.cachedAt, undefined);
    assert.equal(store.state.loadedAt, NOW);
  });

  it('previews a kept list before the scope is set; setting that scope keeps it until its load completes', async () => {
    server = await withServer({ taskCount: 40 });
    store = new TaskStore(() => NOW);
    const resets: boolean[] = [];
    const sources: string[] = [];
    store.onDidChangeTasks((change) => {
      resets.push(change.reset);
      sources.push(change.source);
    });
    assert.equal(store.preview('scope-a', LOGS, NOW - 60_000), true);
    // Not news: the failure notifier announces nothing for a list shown as it was.
    assert.deepEqual(sources, ['initial']);
    assert.equal(store.previewing, true);
    assert.equal(store.currentScope, undefined, 'nothing to load with yet');
    assert.equal(store.state.scopeKey, 'scope-a');
    assert.equal(store.state.tasks.length, 3);
    assert.equal(store.state.cachedAt, NOW - 60_000);
    assert.equal(store.state.loading, false);
    assert.equal(store.preview('scope-a', LOGS.slice(0, 1), 1), false, 'a list on screen is not replaced');

    store.setScope(scopeFor('scope-a'));
    assert.equal(store.previewing, false);
    assert.equal(store.state.tasks.length, 3, 'the same scope keeps the kept list');
    assert.equal(store.state.cachedAt, NOW - 60_000);
    assert.deepEqual(resets, [false], 'shown once, never reset');
    await store.refresh();
    assert.equal(store.state.tasks.length, 40);
    assert.equal(store.state.cachedAt, undefined);
    assert.equal(store.state.loadedAt, NOW);
  });

  it('drops a previewed list when no scope or another scope is set, and never previews over a scope', async () => {
    server = await withServer({ taskCount: 5 });
    store = new TaskStore(() => NOW);
    assert.equal(store.preview('scope-a', LOGS, 1), true);
    store.setScope(undefined);
    assert.deepEqual(
      [store.state.tasks.length, store.state.scopeKey, store.state.cachedAt, store.previewing],
      [0, undefined, undefined, false],
      'no credential: nothing of it stays',
    );
    assert.equal(store.preview('scope-a', LOGS, 1), true);
    store.setScope(scopeFor('scope-b'));
    assert.deepEqual(
      [store.state.tasks.length, store.state.scopeKey, store.state.cachedAt, store.previewing],
      [0, 'scope-b', undefined, false],
      'another scope: never shown as its data',
    );
    assert.equal(store.preview('scope-b', LOGS, 1), false, 'a scope set loads its own list');
    assert.equal(store.state.tasks.length, 0);
  });

  it('never shows a kept list over another scope or over rows of this session', async () => {
    server = await withServer({ taskCount: 50 });
    store = new TaskStore(() => NOW);
    store.setScope(scopeFor('scope-b'));
    assert.equal(store.showCached('scope-a', LOGS, 1), false);
    assert.equal(store.state.tasks.length, 0);
    await store.refresh();
    assert.equal(store.showCached('scope-b', LOGS, 1), false, 'loaded already');
    assert.equal(store.state.tasks.length, 50);
  });
});
