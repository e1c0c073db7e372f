/**
 * buildCoverage: the day strip (which task a day shows, loaded range, local days), the joins by id
 * and by name, the order of servers with equal states, and fields a server may lack. Days begin at
 * UTC midnight unless a test sets another offset; every expectation is a literal.
 */
import * as assert from 'node:assert/strict';
import type { OperationLog } from '../../src/hss/model';
import type { ProtectionServer } from '../../src/hss/serverModel';
import { buildCoverage, type CoverageOptions } from '../../src/tasks/coverage';

// 2026-11-27 12:00 UTC. The strip's 14 days run from 2026-11-14 (index 0) to 2026-11-27 (index 13).
const NOW = Date.UTC(2026, 10, 27, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FIRST_DAY = Date.UTC(2026, 10, 14);

function server(patch: Partial<ProtectionServer> = {}): ProtectionServer {
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

const options: CoverageOptions = { now: NOW, maxBackupAgeDays: 2, utcOffsetMinutes: 0 };

function one(s: ProtectionServer, tasks: OperationLog[], opts: CoverageOptions = options) {
  const [entry] = buildCoverage([s], tasks, opts).servers;
  assert.ok(entry);
  return entry;
}

describe('coverage strip and joins', () => {
  it('shows the best task of a day, whatever the order of the list', () => {
    const entry = one(server(), [
      task('success', NOW - 2 * HOUR),
      task('waiting', FIRST_DAY + 12 * DAY + 9 * HOUR),
      task('skipped', FIRST_DAY + 12 * DAY + 8 * HOUR),
      task('skipped', FIRST_DAY + 11 * DAY + 8 * HOUR),
    ]);
    assert.deepEqual(entry.strip.slice(11), ['skipped', 'running', 'success']);
    assert.deepEqual(entry.strip.slice(0, 11), Array(11).fill('none'));
  });

  it('marks the days wholly before the loaded range as not loaded, to the millisecond', () => {
    const entry = one(server(), [task('success', NOW - 2 * HOUR)], {
      ...options,
      loadedFrom: FIRST_DAY + 6 * DAY,
    });
    assert.deepEqual(entry.strip.slice(0, 7), [
      'unloaded',
      'unloaded',
      'unloaded',
      'unloaded',
      'unloaded',
      'unloaded',
      'none',
    ]);
  });

  it('counts days in the local time of the offset', () => {
    // 20:00 UTC is 04:00 the next day at UTC+8: today there is 2026-11-28, and a task at
    // 01:00 local (17:00 UTC on the 27th) is on the strip's last day.
    const at = Date.UTC(2026, 10, 27, 20);
    const entry = one(server(), [task('success', Date.UTC(2026, 10, 27, 17))], {
      now: at,
      maxBackupAgeDays: 2,
      utcOffsetMinutes: 480,
    });
    assert.equal(entry.strip[13], 'success');
    assert.equal(entry.strip[12], 'none');
  });

  it('takes the latest end of the successes, and the first listed of results that started together', () => {
    const entry = one(server(), [
      task('success', NOW - 3 * HOUR, { endedAt: NOW - 2 * HOUR }),
      // Started earlier, ended later.
      task('success', NOW - 5 * HOUR, { endedAt: NOW - HOUR }),
    ]);
    assert.equal(entry.lastSuccessAt, NOW - HOUR);
    const tie = one(server(), [task('success', NOW - 3 * HOUR), task('failed', NOW - 3 * HOUR)]);
    assert.equal(tie.state, 'covered');
    assert.equal(tie.lastResult?.status, 'success');
  });

  it('joins the tasks of a server by id and, without a host id, by name, newest first', () => {
    const byId = task('failed', NOW - 3 * HOUR);
    const byName = task('success', NOW - HOUR, { hostId: undefined });
    const entry = one(server(), [byId, byName]);
    assert.deepEqual(entry.tasks, [byName, byId]);
  });

  it('gives a server without tasks, without an id, or without both, no task', () => {
    const result = buildCoverage(
      [
        server({ hostId: 'h9' }),
        server({ hostId: undefined, hostName: 'lonely' }),
        server({ hostId: undefined, hostName: undefined }),
      ],
      [task('success', NOW - HOUR)],
      options,
    );
    assert.deepEqual(
      result.servers.map((s) => s.tasks),
      [[], [], []],
    );
  });

  it('orders servers of one state by name, a nameless one first, then by id', () => {
    const result = buildCoverage(
      [
        server({ hostId: 'h1', hostName: 'web-b' }),
        server({ hostId: 'h2', hostName: 'web-a' }),
        server({ hostId: 'h4', hostName: 'Alpha' }),
        server({ hostId: 'h3', hostName: undefined }),
      ],
      [],
      options,
    );
    assert.deepEqual(
      result.servers.map((s) => s.id),
      ['h3', 'h4', 'h2', 'h1'],
    );
    const twins = buildCoverage([server({ hostId: 'h2' }), server({ hostId: 'h1' })], [], options);
    assert.deepEqual(
      twins.servers.map((s) => s.id),
      ['h1', 'h2'],
    );
  });

  it('marks no day for a task of an unknown status', () => {
    const entry = one(server(), [task('success', NOW - 2 * DAY), task('unknown', NOW - HOUR)]);
    assert.deepEqual(entry.strip.slice(11), ['success', 'none', 'none']);
  });

  it('marks no other server’s day for a task after today or before the strip', () => {
    const tasks = [
      task('success', NOW + DAY),
      task('success', FIRST_DAY - 12 * HOUR, { hostId: 'h2', hostName: 'web-02' }),
      task('success', NOW + DAY, { hostId: 'h2', hostName: 'web-02' }),
      task('success', FIRST_DAY - 12 * HOUR, { hostId: 'h3', hostName: 'web-03' }),
    ];
    const coverage = buildCoverage(
      [server(), server({ hostId: 'h2', hostName: 'web-02' }), server({ hostId: 'h3', hostName: 'web-03' })],
      tasks,
      options,
    );
    for (const entry of coverage.servers) assert.deepEqual(entry.strip, Array(14).fill('none'), entry.id);
  });

  it('counts days in the time zone of the machine when no offset is given', () => {
    // 20:00 UTC is 04:00 the next day in Shanghai (UTC+8): a task at 10:00 UTC (18:00 there) is on
    // the day before the strip's last (in UTC, or at UTC-8, it would be on the last).
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const entry = one(server(), [task('success', Date.UTC(2026, 10, 27, 10))], {
        now: Date.UTC(2026, 10, 27, 20),
        maxBackupAgeDays: 2,
      });
      assert.deepEqual(entry.strip.slice(12), ['success', 'none']);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('reads a server that lacks a used size, unknown values, or has its policy disabled', () => {
    assert.equal(one(server({ vaultUsedGB: undefined }), []).vaultUsedRatio, undefined);
    const unknown = one(server({ backupProtectionStatus: 'unknown', vaultStatus: 'unknown' }), []);
    assert.deepEqual(unknown.reasons.slice(0, 2), [
      { kind: 'backupNotOpened', status: undefined },
      { kind: 'vaultUnavailable', status: 'unknown' },
    ]);
    assert.equal(one(server({ backupPolicyEnabled: false }), []).state, 'notProtected');
  });
});
