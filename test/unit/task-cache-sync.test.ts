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
    announce: (scopeKey: string) => placed.fire([{ slot, scopeKey }]),
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

/** The primary project's slot with a cloud target and a store of its own. */
function cloudSlot(): ProjectSlot {
  return { key: '', store: new TaskStore(), target: { kind: 'cloud' } as ProjectSlot['target'] };
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
