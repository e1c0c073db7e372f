import * as assert from 'node:assert/strict';
import { toCsv, toJson } from '../../src/tasks/export';
import { groupByServer } from '../../src/tasks/grouping';
import { assignIds } from '../../src/tasks/identity';

const tasks = assignIds([
  {
    hostId: 'h1',
    hostName: 'web, "prod"',
    backupName: '=cmd|calc',
    status: 'failed',
    progress: 40,
    startedAt: Date.UTC(2026, 0, 1, 8),
    endedAt: Date.UTC(2026, 0, 1, 9),
    error: { code: 'HSS.1117', message: 'line one\nline two' },
  },
  { hostId: 'h2', hostName: '数据库', status: 'running', progress: 10 },
  { hostId: 'h1', hostName: 'web, "prod"', status: 'success', progress: 100 },
  { hostName: 'no-id', status: 'timeout' },
]);
const undocumented = assignIds([
  { hostId: 'h3', status: 'unknown', rawStatus: 'paused' },
  { hostId: 'h4', status: 'unknown' },
]);

describe('export', () => {
  it('writes CSV with quoting, ISO-8601 times, and spreadsheet formulas defused', () => {
    const csv = toCsv(tasks);
    assert.equal(csv.charCodeAt(0), 0xfeff, 'a UTF-8 byte order mark first, for Excel');
    assert.deepEqual([...Buffer.from(csv, 'utf8').subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = csv.slice(1).split('\r\n');
    assert.equal(
      lines[0],
      'host_id,host_name,backup_name,status,raw_status,progress,started_at,ended_at,error_code,error_message',
    );
    assert.equal(
      lines[1],
      'h1,"web, ""prod""",\'=cmd|calc,failed,failed,40,2026-01-01T08:00:00.000Z,2026-01-01T09:00:00.000Z,HSS.1117,"line one\nline two"',
    );
    assert.equal(lines[2], 'h2,数据库,,running,running,10,,,,');
    const other = toCsv(undocumented).split('\r\n');
    assert.equal(other[1], 'h3,,,unknown,paused,,,,,', 'an undocumented status keeps its raw value');
    assert.equal(other[2], 'h4,,,unknown,,,,,,', 'no status at all: nothing to show');
    assert.equal(lines.at(-1), '', 'ends with a line break');
  });

  it('writes JSON with every field, missing ones absent', () => {
    const rows = JSON.parse(toJson(tasks)) as Record<string, unknown>[];
    assert.equal(rows.length, 4);
    assert.equal(rows[0]?.error_message, 'line one\nline two');
    assert.equal(rows[0]?.started_at, '2026-01-01T08:00:00.000Z');
    assert.equal('ended_at' in (rows[1] ?? {}), false);
  });
});

describe('groupByServer', () => {
  it('puts servers with the worst status first, each with its tasks and counts', () => {
    const groups = groupByServer(tasks);
    assert.deepEqual(
      groups.map((g) => [g.key, g.worst, g.tasks.length]),
      [
        ['h1', 'failed', 2],
        ['name:no-id', 'timeout', 1],
        ['h2', 'running', 1],
      ],
    );
    assert.equal(groups[0]?.counts.success, 1);
  });
});
