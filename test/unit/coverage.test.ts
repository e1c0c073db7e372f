import * as assert from 'node:assert/strict';
import type { OperationLog } from '../../src/hss/model';
import type { ProtectionServer } from '../../src/hss/serverModel';
import { buildCoverage, type CoverageOptions, isAtRisk, stripText } from '../../src/tasks/coverage';

// 2026-11-27 12:00:00 UTC; days begin at UTC midnight (utcOffsetMinutes 0) unless a test says otherwise.
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A server that is protected in every way; tests change what they test. */
function protectedServer(patch: Partial<ProtectionServer> = {}): ProtectionServer {
  return {
    hostId: 'h1',
    hostName: 'web-01',
    backupProtectionStatus: 'opened',
    backupPolicyId: 'p1',
    backupPolicyEnabled: true,
    vaultStatus: 'available',
    vaultSizeGB: 100,
    vaultUsedGB: 10,
    ...patch,
  };
}

function task(
  status: OperationLog['status'],
  startedAt: number,
  patch: Partial<OperationLog> = {},
): OperationLog {
  return { hostId: 'h1', hostName: 'web-01', status, startedAt, endedAt: startedAt + HOUR, ...patch };
}

const options = { now: NOW, maxBackupAgeDays: 2, utcOffsetMinutes: 0 };

function one(server: ProtectionServer, tasks: OperationLog[], opts: CoverageOptions = options) {
  const coverage = buildCoverage([server], tasks, opts);
  const [entry] = coverage.servers;
  assert.ok(entry);
  return entry;
}

describe('coverage rules', () => {
  it('a protected server with a recent good backup is covered', () => {
    const entry = one(protectedServer(), [task('success', NOW - 5 * HOUR)]);
    assert.equal(entry.state, 'covered');
    assert.deepEqual(entry.reasons, []);
    assert.equal(entry.lastSuccessAt, NOW - 4 * HOUR);
    assert.equal(isAtRisk(entry.state), false);
  });

  describe('1 not protected', () => {
    it('backup protection closed', () => {
      const entry = one(protectedServer({ backupProtectionStatus: 'closed' }), [
        task('success', NOW - HOUR * 5),
      ]);
      assert.equal(entry.state, 'notProtected');
      assert.deepEqual(entry.reasons, [{ kind: 'backupNotOpened', status: 'closed' }]);
    });

    it('backup protection failed to turn on (the error stays on the server)', () => {
      const server = protectedServer({
        backupProtectionStatus: 'failed_to_turn_on_backup',
        backupError: { code: 'HSS.1120', description: 'No vault.' },
      });
      const entry = one(server, []);
      assert.equal(entry.state, 'notProtected');
      assert.deepEqual(entry.reasons, [
        { kind: 'backupNotOpened', status: 'failed_to_turn_on_backup' },
        { kind: 'neverBackedUp' },
      ]);
      assert.deepEqual(entry.server.backupError, { code: 'HSS.1120', description: 'No vault.' });
    });

    it('an undocumented protection status, named as sent', () => {
      const server = protectedServer({
        backupProtectionStatus: 'unknown',
        unknownValues: { backup_protection_status: 'pausing' },
      });
      assert.deepEqual(one(server, [task('success', NOW - HOUR)]).reasons, [
        { kind: 'backupNotOpened', status: 'pausing' },
      ]);
    });

    it('no backup protection status at all is not taken as protected', () => {
      const entry = one(protectedServer({ backupProtectionStatus: undefined }), [
        task('success', NOW - HOUR),
      ]);
      assert.equal(entry.state, 'notProtected');
      assert.deepEqual(entry.reasons, [{ kind: 'backupNotOpened', status: undefined }]);
    });

    it('no policy bound', () => {
      const entry = one(protectedServer({ backupPolicyId: undefined, backupPolicyEnabled: undefined }), [
        task('success', NOW - HOUR),
      ]);
      assert.equal(entry.state, 'notProtected');
      assert.deepEqual(entry.reasons, [{ kind: 'noPolicy' }]);
    });

    it('a disabled policy; a policy with no enabled flag counts as enabled', () => {
      assert.deepEqual(
        one(protectedServer({ backupPolicyEnabled: false }), [task('success', NOW - HOUR)]).reasons,
        [{ kind: 'policyDisabled' }],
      );
      assert.equal(
        one(protectedServer({ backupPolicyEnabled: undefined }), [task('success', NOW - HOUR)]).state,
        'covered',
      );
    });
  });

  describe('2 vault problem', () => {
    for (const status of ['lock', 'frozen', 'deleting', 'error'] as const) {
      it(`vault ${status}`, () => {
        const entry = one(protectedServer({ vaultStatus: status }), [task('success', NOW - HOUR)]);
        assert.equal(entry.state, 'vaultProblem');
        assert.deepEqual(entry.reasons, [{ kind: 'vaultUnavailable', status }]);
      });
    }

    it('an undocumented vault status, named as sent', () => {
      const server = protectedServer({
        vaultStatus: 'unknown',
        unknownValues: { vault_status: 'migrating' },
      });
      assert.deepEqual(one(server, [task('success', NOW - HOUR)]).reasons, [
        { kind: 'vaultUnavailable', status: 'migrating' },
      ]);
    });

    it('nearly full from 90% used, not at 89.9%', () => {
      const at90 = one(protectedServer({ vaultSizeGB: 500, vaultUsedGB: 450 }), [
        task('success', NOW - HOUR),
      ]);
      assert.equal(at90.state, 'vaultProblem');
      assert.deepEqual(at90.reasons, [{ kind: 'vaultNearlyFull', ratio: 0.9 }]);
      const below = one(protectedServer({ vaultSizeGB: 1000, vaultUsedGB: 899 }), [
        task('success', NOW - HOUR),
      ]);
      assert.equal(below.state, 'covered');
      assert.equal(below.vaultUsedRatio, 0.899);
    });

    it('no judgement without both sizes, or with a size of 0', () => {
      for (const patch of [
        { vaultSizeGB: undefined },
        { vaultUsedGB: undefined },
        { vaultSizeGB: 0 },
        { vaultStatus: undefined },
      ]) {
        assert.equal(
          one(protectedServer(patch), [task('success', NOW - HOUR)]).state,
          'covered',
          JSON.stringify(patch),
        );
      }
    });
  });

  describe('3 no successful backup for longer than the limit', () => {
    it('never: no task at all, or none that succeeded', () => {
      assert.deepEqual(one(protectedServer(), []).reasons, [{ kind: 'neverBackedUp' }]);
      const entry = one(protectedServer(), [task('skipped', NOW - HOUR), task('running', NOW - 2 * HOUR)]);
      assert.equal(entry.state, 'stale');
      assert.deepEqual(entry.reasons, [{ kind: 'neverBackedUp' }]);
    });

    it('exactly at the limit is still covered; one millisecond more is stale', () => {
      const atLimit = one(protectedServer(), [task('success', NOW - 2 * DAY - HOUR)]);
      assert.equal(atLimit.lastSuccessAt, NOW - 2 * DAY);
      assert.equal(atLimit.state, 'covered');
      const past = one(protectedServer(), [task('success', NOW - 2 * DAY - HOUR - 1)]);
      assert.equal(past.state, 'stale');
      assert.deepEqual(past.reasons, [{ kind: 'backupTooOld', ageMs: 2 * DAY + 1 }]);
    });

    it('follows the setting', () => {
      const tasks = [task('success', NOW - 3 * DAY)];
      assert.equal(one(protectedServer(), tasks).state, 'stale');
      assert.equal(one(protectedServer(), tasks, { ...options, maxBackupAgeDays: 3 }).state, 'covered');
    });

    it('counts from the end of the backup, or its start when it has no end', () => {
      const entry = one(protectedServer(), [task('success', NOW - 10 * HOUR, { endedAt: undefined })]);
      assert.equal(entry.lastSuccessAt, NOW - 10 * HOUR);
      assert.equal(
        one(protectedServer(), [
          task('success', undefined as unknown as number, { startedAt: undefined, endedAt: undefined }),
        ]).state,
        'stale',
      );
    });

    it('a newer failure after an old success: stale, with the failure as a further reason', () => {
      const entry = one(protectedServer(), [task('failed', NOW - DAY), task('success', NOW - 5 * DAY)]);
      assert.equal(entry.state, 'stale');
      assert.deepEqual(entry.reasons, [
        { kind: 'backupTooOld', ageMs: 5 * DAY - HOUR },
        { kind: 'lastFailed', status: 'failed' },
      ]);
    });
  });

  describe('4 last backup failed or timed out', () => {
    it('failed, and timeout, after a recent success', () => {
      for (const status of ['failed', 'timeout'] as const) {
        const entry = one(protectedServer(), [task(status, NOW - HOUR * 2), task('success', NOW - DAY)]);
        assert.equal(entry.state, 'lastFailed');
        assert.deepEqual(entry.reasons, [{ kind: 'lastFailed', status }]);
        assert.equal(entry.lastResult?.status, status);
      }
    });

    it('running, waiting and skipped tasks are no result: the one before them counts', () => {
      const entry = one(protectedServer(), [
        task('running', NOW - HOUR),
        task('skipped', NOW - 2 * HOUR),
        task('waiting', NOW - 3 * HOUR),
        task('success', NOW - 4 * HOUR),
        task('failed', NOW - 5 * HOUR),
      ]);
      assert.equal(entry.state, 'covered');
      assert.equal(entry.lastResult?.startedAt, NOW - 4 * HOUR);
    });

    it('reads the newest by start time even when the list is out of order', () => {
      const entry = one(protectedServer(), [
        task('success', NOW - 6 * HOUR),
        task('timeout', NOW - 2 * HOUR),
      ]);
      assert.equal(entry.state, 'lastFailed');
    });
  });

  it('gives the worst state when several apply, with every reason in order', () => {
    const server = protectedServer({
      backupProtectionStatus: 'closed',
      backupPolicyEnabled: false,
      vaultStatus: 'frozen',
    });
    const entry = one(server, [task('timeout', NOW - HOUR)]);
    assert.equal(entry.state, 'notProtected');
    assert.deepEqual(
      entry.reasons.map((reason) => reason.kind),
      ['backupNotOpened', 'policyDisabled', 'vaultUnavailable', 'neverBackedUp', 'lastFailed'],
    );
  });

  it('a server with every field missing is not protected, never backed up, and has an id', () => {
    const coverage = buildCoverage([{}], [task('success', NOW - HOUR)], options);
    assert.deepEqual(coverage.servers[0]?.reasons, [
      { kind: 'backupNotOpened', status: undefined },
      { kind: 'noPolicy' },
      { kind: 'neverBackedUp' },
    ]);
    assert.equal(coverage.servers[0]?.id, 'name:');
  });

  describe('joining servers with tasks', () => {
    it('by host id, and by host name for tasks without one', () => {
      const entry = one(protectedServer(), [
        task('success', NOW - 3 * DAY),
        task('success', NOW - HOUR, { hostId: undefined }),
        task('success', NOW - 2 * HOUR, { hostId: 'other', hostName: 'web-01' }),
      ]);
      assert.equal(entry.tasks.length, 2);
      assert.equal(entry.lastSuccessAt, NOW);
    });

    it('a server without a host id takes every task of its name', () => {
      const entry = one(protectedServer({ hostId: undefined }), [
        task('success', NOW - 2 * HOUR, { hostId: 'x' }),
        task('failed', NOW - HOUR, { hostId: undefined }),
        task('success', NOW - HOUR, { hostName: 'db-01' }),
      ]);
      assert.equal(entry.tasks.length, 2);
      assert.equal(entry.state, 'lastFailed');
      assert.equal(entry.id, 'name:web-01');
    });

    it('stable ids: the host id; duplicates numbered in list order', () => {
      const coverage = buildCoverage(
        [protectedServer(), protectedServer(), protectedServer({ hostId: 'h2' })],
        [],
        options,
      );
      assert.deepEqual(
        coverage.servers.map((entry) => entry.id),
        ['h1', 'h1#2', 'h2'],
      );
    });
  });

  it('orders worst first, then by name, and counts each state', () => {
    const coverage = buildCoverage(
      [
        protectedServer({ hostId: 'a', hostName: 'zeta' }),
        protectedServer({ hostId: 'b', hostName: 'alpha', backupPolicyId: undefined }),
        protectedServer({ hostId: 'c', hostName: 'beta' }),
        protectedServer({ hostId: 'd', hostName: 'gamma', vaultStatus: 'lock' }),
        protectedServer({ hostId: 'e', hostName: 'delta' }),
      ],
      [
        task('success', NOW - HOUR, { hostId: 'a' }),
        task('timeout', NOW - HOUR, { hostId: 'c' }),
        task('success', NOW - 2 * HOUR, { hostId: 'c' }),
        task('success', NOW - HOUR, { hostId: 'e' }),
      ],
      options,
    );
    assert.deepEqual(
      coverage.servers.map((entry) => `${entry.state}:${entry.server.hostName}`),
      ['notProtected:alpha', 'vaultProblem:gamma', 'lastFailed:beta', 'covered:delta', 'covered:zeta'],
    );
    assert.deepEqual(coverage.counts, {
      notProtected: 1,
      vaultProblem: 1,
      stale: 0,
      lastFailed: 1,
      covered: 2,
    });
    assert.equal(coverage.atRisk, 3);
  });

  describe('the 14-day strip', () => {
    it('one mark per day, oldest first, the best result of each day', () => {
      const today = Date.UTC(2026, 10, 27);
      const entry = one(protectedServer(), [
        task('running', NOW - HOUR), // today
        task('failed', today - DAY + HOUR), // yesterday: failed, then success the same day
        task('success', today - DAY + 5 * HOUR),
        task('timeout', today - 2 * DAY + HOUR),
        task('skipped', today - 3 * DAY + HOUR),
        task('success', today - 13 * DAY), // the first day of the strip, at its first millisecond
        task('success', today - 13 * DAY - 1), // the day before: outside
      ]);
      assert.equal(stripText(entry.strip), '●·········○✕●◐');
      assert.equal(entry.strip.length, 14);
    });

    it('days wholly before the loaded range are "not loaded", not "no task"', () => {
      const today = Date.UTC(2026, 10, 27);
      // Loaded from 7 days ago at noon: the days before that one are unknown; that day is partly known.
      const entry = one(protectedServer(), [task('success', today - 13 * DAY + HOUR)], {
        ...options,
        loadedFrom: today - 7 * DAY + 12 * HOUR,
      });
      assert.equal(stripText(entry.strip), '●–––––········');
      assert.equal(entry.strip.length, 14);
    });

    it('days begin at local midnight of the given zone', () => {
      // 2026-11-26 23:30 UTC is 2026-11-27 07:30 in UTC+8: today there.
      const late = Date.UTC(2026, 10, 26, 23, 30);
      assert.equal(stripText(one(protectedServer(), [task('success', late)]).strip).slice(-2), '●·');
      assert.equal(
        stripText(
          one(protectedServer(), [task('success', late)], { ...options, utcOffsetMinutes: 480 }).strip,
        ).slice(-2),
        '·●',
      );
    });
  });
});
