import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { HssError } from '../../src/hss/errors';
import type { OperationLog } from '../../src/hss/model';
import { Emitter } from '../../src/tasks/events';
import { type LoadScope, TaskStore } from '../../src/tasks/store';
import { TaskCacheFiles } from '../../src/tasks/taskCache';
import type { ProjectSlot } from '../../src/ui/session/projectSlots';
import type { ScopeToCome, Session } from '../../src/ui/session/session';
import type { ExtensionLog } from '../../src/ui/shared/log';
import { TaskCacheSync } from '../../src/ui/tasks/taskCacheSync';

const KEY = '["cloud","https://hss.example.test/","p1",{},[],200]';
const KEPT: OperationLog[] = [
  { hostId: 'h1', hostName: 'web-01', backupName: 'daily', status: 'failed', startedAt: 1_700_000_000_000 },
  { hostId: 'h2', hostName: 'db-01', backupName: 'daily', status: 'success', progress: 100 },
];
const SAVED_AT = 1_700_000_500_000;

/** What TaskCacheSync reads of the session: its slots and two events, driven by hand. */
function sessionOf(slot: ProjectSlot) {
  const state = new Emitter<ProjectSlot>();
  const placed = new Emitter<readonly ScopeToCome[]>();
  const applied = new Emitter<void>();
  const session = {
    slots: [slot],
    onDidChangeState: state.event,
    onWillSetScopes: placed.event,
    onDidChange: applied.event,
  } as unknown as Session;
  slot.store.onDidChangeState(() => state.fire(slot));
  return {
    session,
    /** The session placed the project (a window opening, or a later reload). */
    announce: (scopeKey: string, opening = true) =>
      placed.fire([{ slot, scopeKey, target: slot.target ?? CLOUD, opening }]),
    applied: () => applied.fire(),
  };
}

/** A scope whose requests never answer: what is shown can only come from the kept file. */
function scope(key: string): LoadScope {
  return {
    key,
    source: { listOperationLogs: () => new Promise(() => {}) },
    query: {},
    pageSize: 200,
    concurrency: 1,
  };
}

/** The files, with every read recorded (the scope keys, in order). */
function countingReads(files: TaskCacheFiles): { counted: TaskCacheFiles; reads: string[] } {
  const reads: string[] = [];
  const counted = Object.assign(Object.create(files) as TaskCacheFiles, {
    read: (scopeKey: string) => {
      reads.push(scopeKey);
      return files.read(scopeKey);
    },
  });
  return { counted, reads };
}

const CLOUD = { kind: 'cloud' } as NonNullable<ProjectSlot['target']>;

/** The primary project's slot with a cloud target and a store of its own. */
function cloudSlot(): ProjectSlot {
  return { key: '', store: new TaskStore(), target: CLOUD };
}

const quietLog = { info: () => {}, warn: () => {} } as unknown as ExtensionLog;

const OTHER = KEY.replace('p1', 'p2');

/** A temporary folder for each test of the file. */
let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hss-cache-sync-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/**
 * The lists given kept on disk (KEPT for KEY by default), and a TaskCacheSync over a fresh cloud
 * slot with the session driven by hand; every read of the files is recorded.
 */
async function started(lists: readonly [string, number, OperationLog[]][] = [[KEY, SAVED_AT, KEPT]]) {
  const files = new TaskCacheFiles(dir);
  for (const [key, savedAt, logs] of lists) await files.write(key, savedAt, logs);
  const { counted, reads } = countingReads(files);
  const slot = cloudSlot();
  const driven = sessionOf(slot);
  const sync = new TaskCacheSync({ session: driven.session, files: counted, log: quietLog });
  const resets: boolean[] = [];
  slot.store.onDidChangeTasks((change) => resets.push(change.reset));
  const hosts = () => slot.store.state.tasks.map((task) => task.hostName);
  const stop = () => {
    sync.dispose();
    slot.store.dispose();
  };
  return { ...driven, slot, store: slot.store, reads, resets, hosts, stop };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('kept lists at start-up (TaskCacheSync)', () => {
  it('reads the kept list as soon as the scope is announced, before credentials set it, and once', async () => {
    const { announce, store, reads, stop } = await started();
    announce(KEY, false);
    // Reading while the credentials are looked up.
    assert.deepEqual(reads, [KEY]);
    store.setScope(scope(KEY));
    await waitUntil(() => store.state.cachedAt !== undefined);
    assert.equal(store.state.cachedAt, SAVED_AT);
    assert.deepEqual(
      store.state.tasks.map((task) => [task.hostName, task.status]),
      [
        ['web-01', 'failed'],
        ['db-01', 'success'],
      ],
    );
    assert.deepEqual(reads, [KEY], 'the read ahead was used, not a second one');
    stop();
  });

  it('reads at the scope when nothing was announced, and never shows a list read for another scope', async () => {
    const { announce, store, stop } = await started([
      [KEY, SAVED_AT, KEPT],
      [OTHER, SAVED_AT + 1, KEPT.slice(0, 1)],
    ]);
    // Announced p2, but the scope set is p1 (the settings changed in between): p1's own file.
    announce(OTHER, false);
    store.setScope(scope(KEY));
    await waitUntil(() => store.state.cachedAt !== undefined);
    assert.equal(store.state.cachedAt, SAVED_AT);
    assert.equal(store.state.tasks.length, 2);
    stop();
  });
});

describe('kept lists shown before the credentials are found (a window opening)', () => {
  it('shows the kept list once read, keeps it when the scope is set, and reads it once', async () => {
    const { announce, applied, store, reads, resets, hosts, stop } = await started();
    announce(KEY);
    // No scope yet: the credentials are still being looked up.
    await waitUntil(() => store.state.tasks.length > 0);
    assert.equal(store.previewing, true);
    assert.equal(store.state.cachedAt, SAVED_AT);
    assert.deepEqual(hosts(), ['web-01', 'db-01']);
    store.setScope(scope(KEY));
    applied();
    await pause(20);
    assert.equal(store.state.tasks.length, 2);
    assert.deepEqual(resets, [false], 'shown once, not dropped and shown again');
    assert.deepEqual(reads, [KEY], 'not read again when the scope is set');
    stop();
  });

  it('shows nothing when the session found no credential before the read ended', async () => {
    const { announce, applied, store, stop } = await started();
    // No credential: the scopes are set (to none) before the file is read.
    announce(KEY);
    applied();
    await pause(30);
    assert.equal(store.state.tasks.length, 0);
    assert.equal(store.previewing, false);
    stop();
  });

  it('shows nothing before the credential is found once the window has opened (a reload without one)', async () => {
    const { announce, store, stop } = await started();
    announce(KEY, false);
    await pause(30);
    assert.equal(store.state.tasks.length, 0, 'no flash of a list for a project that may have no credential');
    store.setScope(scope(KEY));
    await waitUntil(() => store.state.cachedAt === SAVED_AT);
    stop();
  });

  it('gives way to the scope the credentials decide when it is another (the project id they name changed)', async () => {
    const { announce, store, hosts, stop } = await started([
      [KEY, SAVED_AT, KEPT],
      [OTHER, SAVED_AT + 1, KEPT.slice(0, 1)],
    ]);
    // The project named last time (p2) is previewed; the sources name p1 now.
    announce(OTHER);
    await waitUntil(() => store.state.tasks.length > 0);
    assert.equal(store.state.scopeKey, OTHER);
    announce(KEY);
    store.setScope(scope(KEY));
    await waitUntil(() => store.state.cachedAt === SAVED_AT);
    assert.equal(store.state.scopeKey, KEY);
    assert.deepEqual(hosts(), ['web-01', 'db-01'], "p1's own list, none of p2's");
    stop();
  });

  it('never replaces a list on screen with one read ahead for a scope to come (a filter changed)', async () => {
    const { announce, store, stop } = await started([[OTHER, SAVED_AT, KEPT]]);
    store.setScope(scope(KEY));
    announce(OTHER);
    await pause(30);
    assert.equal(store.state.scopeKey, KEY, 'still the scope set, until the session sets another');
    assert.equal(store.state.tasks.length, 0);
    stop();
  });
});

describe('kept lists read ahead and not taken', () => {
  it('are let go once the session has set its scopes, and read afresh for a later scope', async () => {
    const { announce, applied, store, reads, stop } = await started();
    // No credential was found: the scope is never set, and the session says it is done.
    announce(KEY, false);
    applied();
    // A credential arrives later: the scope is set, and its list is read again, not kept from before.
    store.setScope(scope(KEY));
    await waitUntil(() => store.state.cachedAt !== undefined);
    assert.deepEqual(reads, [KEY, KEY]);
    stop();
  });
});

/** A scope whose list is `logs`, answered at once (a status filter applied as the API does). */
function answering(key: string, logs: readonly OperationLog[], fail?: () => HssError | undefined): LoadScope {
  return {
    ...scope(key),
    source: {
      listOperationLogs: async (request) => {
        const problem = fail?.();
        if (problem) throw problem;
        const items = logs.filter((log) => !request.status || log.status === request.status);
        return { totalNum: items.length, items: items.slice(request.offset, request.offset + request.limit) };
      },
    },
  };
}

describe('kept lists written after each complete load', () => {
  it('keeps a complete load, once, and not a failed one; the next read gives it back', async () => {
    const { store, slot, stop } = await started([]);
    const sync = new TaskCacheSync({
      session: sessionOf(slot).session,
      files: new TaskCacheFiles(dir),
      log: quietLog,
    });
    assert.ok(sync.files, 'a folder to keep them in');
    let failing = false;
    store.setScope(
      answering(KEY, KEPT, () => (failing ? new HssError('server', 'down', { status: 503 }) : undefined)),
    );
    await store.refresh();
    await sync.flushed();
    const files = new TaskCacheFiles(dir);
    const first = await files.read(KEY);
    assert.equal(first?.savedAt, store.state.loadedAt);
    assert.deepEqual(
      first?.logs.map((log) => [log.hostName, log.status]),
      [
        ['web-01', 'failed'],
        ['db-01', 'success'],
      ],
    );
    // A failed refresh keeps the old list on screen (stale): the file stays as it was.
    failing = true;
    await store.refresh();
    await sync.flushed();
    assert.ok(store.state.error);
    assert.equal((await files.read(KEY))?.savedAt, first?.savedAt);
    stop();
    sync.dispose();
  });

  it('says so in the log when a list cannot be kept', async () => {
    const lines: string[] = [];
    const log = { info: () => {}, warn: (line: string) => lines.push(line) } as unknown as ExtensionLog;
    const files = new TaskCacheFiles(dir);
    const failing = Object.assign(Object.create(files) as TaskCacheFiles, {
      write: async () => {
        throw new Error('disk full');
      },
    });
    const other = cloudSlot();
    const sync2 = new TaskCacheSync({ session: sessionOf(other).session, files: failing, log });
    other.store.setScope(answering(KEY, KEPT));
    await other.store.refresh();
    await sync2.flushed();
    assert.deepEqual(lines, ['Could not keep the task list for the next start: Error: disk full']);
    sync2.dispose();
    other.store.dispose();
  });

  it('shows nothing for a scope with no kept list', async () => {
    const { store, stop } = await started([]);
    store.setScope(scope(KEY));
    await pause(30);
    assert.deepEqual([store.state.tasks.length, store.state.cachedAt], [0, undefined]);
    stop();
  });

  it('keeps nothing and reads nothing for the sample data, nor without a folder', async () => {
    // KEPT for KEY on disk, from a cloud project of the same scope key.
    const { stop } = await started();
    const sample = { key: '', store: new TaskStore(), target: { kind: 'sample' } as ProjectSlot['target'] };
    const driven = sessionOf(sample);
    const { counted, reads: sampleReads } = countingReads(new TaskCacheFiles(dir));
    const sync = new TaskCacheSync({ session: driven.session, files: counted, log: quietLog });
    driven.announce(KEY);
    sample.store.setScope(answering(KEY, KEPT.slice(0, 1)));
    await sample.store.refresh();
    await sync.flushed();
    assert.deepEqual(sampleReads, [], 'the sample data is made up afresh: no kept list read');
    assert.equal((await new TaskCacheFiles(dir).read(KEY))?.logs.length, 2, 'nor written over the kept one');
    sync.dispose();
    sample.store.dispose();

    const none = sessionOf(cloudSlot());
    const nowhere = new TaskCacheSync({ session: none.session, files: undefined, log: quietLog });
    none.announce(KEY);
    assert.equal(nowhere.files, undefined);
    await nowhere.flushed();
    nowhere.dispose();
    stop();
  });

  it('reads nothing for a scope already on screen, once for one announced twice, nothing once disposed', async () => {
    const { announce, store, reads, stop } = await started();
    announce(KEY, false);
    announce(KEY, false);
    assert.deepEqual(reads, [KEY], 'announced twice, read once');
    store.setScope(answering(KEY, KEPT));
    await store.refresh();
    announce(KEY, false);
    assert.deepEqual(reads, [KEY], 'the scope is on screen already');
    stop();
    announce(OTHER);
    assert.deepEqual(reads, [KEY], 'disposed: no more reads');
  });

  it('says in the log what it showed, and from when', async () => {
    const lines: string[] = [];
    const log = {
      info: (line: string) => lines.push(line),
      warn: (line: string) => lines.push(line),
    } as unknown as ExtensionLog;
    const files = new TaskCacheFiles(dir);
    await files.write(KEY, SAVED_AT, KEPT);
    const slot = cloudSlot();
    const driven = sessionOf(slot);
    const sync = new TaskCacheSync({ session: driven.session, files, log });
    driven.announce(KEY);
    await waitUntil(() => slot.store.previewing);
    const other = cloudSlot();
    const later = sessionOf(other);
    const sync2 = new TaskCacheSync({ session: later.session, files, log });
    other.store.setScope(scope(KEY));
    await waitUntil(() => other.store.state.cachedAt !== undefined);
    assert.deepEqual(lines, [
      `Showing 2 tasks kept from ${new Date(SAVED_AT).toISOString()} while the credentials are looked up`,
      `Showing 2 tasks kept from ${new Date(SAVED_AT).toISOString()} until the load completes`,
    ]);
    sync.dispose();
    sync2.dispose();
    slot.store.dispose();
    other.store.dispose();
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), 'in time');
}
