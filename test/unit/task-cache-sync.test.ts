import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
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
    announce: (scopeKey: string, opening = true) => placed.fire([{ slot, scopeKey, target: CLOUD, opening }]),
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

describe('kept lists at start-up (TaskCacheSync)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hss-cache-sync-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads the kept list as soon as the scope is announced, before credentials set it, and once', async () => {
    const files = new TaskCacheFiles(dir);
    await files.write(KEY, SAVED_AT, KEPT);
    const { counted, reads } = countingReads(files);
    const slot = cloudSlot();
    const { session, announce } = sessionOf(slot);
    const sync = new TaskCacheSync({ session, files: counted, log: quietLog });
    announce(KEY);
    // Reading while the credentials are looked up.
    assert.deepEqual(reads, [KEY]);
    slot.store.setScope(scope(KEY));
    await waitUntil(() => slot.store.state.cachedAt !== undefined);
    assert.equal(slot.store.state.cachedAt, SAVED_AT);
    assert.deepEqual(
      slot.store.state.tasks.map((task) => [task.hostName, task.status]),
      [
        ['web-01', 'failed'],
        ['db-01', 'success'],
      ],
    );
    assert.deepEqual(reads, [KEY], 'the read ahead was used, not a second one');
    sync.dispose();
    slot.store.dispose();
  });

  it('reads at the scope when nothing was announced, and never shows a list read for another scope', async () => {
    const files = new TaskCacheFiles(dir);
    const other = KEY.replace('p1', 'p2');
    await files.write(KEY, SAVED_AT, KEPT);
    await files.write(other, SAVED_AT + 1, KEPT.slice(0, 1));
    const slot = cloudSlot();
    const { session, announce } = sessionOf(slot);
    const sync = new TaskCacheSync({ session, files, log: quietLog });
    // Announced p2, but the scope set is p1 (the settings changed in between): p1's own file.
    announce(other);
    slot.store.setScope(scope(KEY));
    await waitUntil(() => slot.store.state.cachedAt !== undefined);
    assert.equal(slot.store.state.cachedAt, SAVED_AT);
    assert.equal(slot.store.state.tasks.length, 2);
    sync.dispose();
    slot.store.dispose();
  });
});

describe('kept lists shown before the credentials are found (a window opening)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hss-cache-sync-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('shows the kept list once read, keeps it when the scope is set, and reads it once', async () => {
    const files = new TaskCacheFiles(dir);
    await files.write(KEY, SAVED_AT, KEPT);
    const { counted, reads } = countingReads(files);
    const slot = cloudSlot();
    const { session, announce, applied } = sessionOf(slot);
    const sync = new TaskCacheSync({ session, files: counted, log: quietLog });
    const resets: boolean[] = [];
    slot.store.onDidChangeTasks((change) => resets.push(change.reset));
    announce(KEY);
    // No scope yet: the credentials are still being looked up.
    await waitUntil(() => slot.store.state.tasks.length > 0);
    assert.equal(slot.store.previewing, true);
    assert.equal(slot.store.state.cachedAt, SAVED_AT);
    assert.deepEqual(
      slot.store.state.tasks.map((task) => task.hostName),
      ['web-01', 'db-01'],
    );
    slot.store.setScope(scope(KEY));
    applied();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(slot.store.state.tasks.length, 2);
    assert.deepEqual(resets, [false], 'shown once, not dropped and shown again');
    assert.deepEqual(reads, [KEY], 'not read again when the scope is set');
    sync.dispose();
    slot.store.dispose();
  });

  it('shows nothing when the session found no credential before the read ended', async () => {
    const files = new TaskCacheFiles(dir);
    await files.write(KEY, SAVED_AT, KEPT);
    const slot = cloudSlot();
    const { session, announce, applied } = sessionOf(slot);
    const sync = new TaskCacheSync({ session, files, log: quietLog });
    // No credential: the scopes are set (to none) before the file is read.
    announce(KEY);
    applied();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(slot.store.state.tasks.length, 0);
    assert.equal(slot.store.previewing, false);
    sync.dispose();
    slot.store.dispose();
  });

  it('shows nothing before the credential is found once the window has opened (a reload without one)', async () => {
    const files = new TaskCacheFiles(dir);
    await files.write(KEY, SAVED_AT, KEPT);
    const slot = cloudSlot();
    const { session, announce } = sessionOf(slot);
    const sync = new TaskCacheSync({ session, files, log: quietLog });
    announce(KEY, false);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(
      slot.store.state.tasks.length,
      0,
      'no flash of a list for a project that may have no credential',
    );
    slot.store.setScope(scope(KEY));
    await waitUntil(() => slot.store.state.cachedAt === SAVED_AT);
    sync.dispose();
    slot.store.dispose();
  });

  it('gives way to the scope the credentials decide when it is another (the project id they name changed)', async () => {
    const files = new TaskCacheFiles(dir);
    const other = KEY.replace('p1', 'p2');
    await files.write(KEY, SAVED_AT, KEPT);
    await files.write(other, SAVED_AT + 1, KEPT.slice(0, 1));
    const slot = cloudSlot();
    const { session, announce } = sessionOf(slot);
    const sync = new TaskCacheSync({ session, files, log: quietLog });
    // The project named last time (p2) is previewed; the sources name p1 now.
    announce(other);
    await waitUntil(() => slot.store.state.tasks.length > 0);
    assert.equal(slot.store.state.scopeKey, other);
    announce(KEY);
    slot.store.setScope(scope(KEY));
    await waitUntil(() => slot.store.state.cachedAt === SAVED_AT);
    assert.equal(slot.store.state.scopeKey, KEY);
    assert.deepEqual(
      slot.store.state.tasks.map((task) => task.hostName),
      ['web-01', 'db-01'],
      "p1's own list, none of p2's",
    );
    sync.dispose();
    slot.store.dispose();
  });

  it('never replaces a list on screen with one read ahead for a scope to come (a filter changed)', async () => {
    const files = new TaskCacheFiles(dir);
    const other = KEY.replace('p1', 'p2');
    await files.write(other, SAVED_AT, KEPT);
    const slot = cloudSlot();
    const { session, announce } = sessionOf(slot);
    const sync = new TaskCacheSync({ session, files, log: quietLog });
    slot.store.setScope(scope(KEY));
    announce(other);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(slot.store.state.scopeKey, KEY, 'still the scope set, until the session sets another');
    assert.equal(slot.store.state.tasks.length, 0);
    sync.dispose();
    slot.store.dispose();
  });
});

describe('kept lists read ahead and not taken', () => {
  it('are let go once the session has set its scopes, and read afresh for a later scope', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hss-cache-sync-'));
    try {
      const files = new TaskCacheFiles(dir);
      await files.write(KEY, SAVED_AT, KEPT);
      const { counted, reads } = countingReads(files);
      const slot = cloudSlot();
      const { session, announce, applied } = sessionOf(slot);
      const sync = new TaskCacheSync({ session, files: counted, log: quietLog });
      // No credential was found: the scope is never set, and the session says it is done.
      announce(KEY);
      applied();
      // A credential arrives later: the scope is set, and its list is read again, not kept from before.
      slot.store.setScope(scope(KEY));
      await waitUntil(() => slot.store.state.cachedAt !== undefined);
      assert.deepEqual(reads, [KEY, KEY]);
      sync.dispose();
      slot.store.dispose();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), 'in time');
}
