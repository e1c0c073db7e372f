/** The pure modules of src/tasks: filters, identity, grouping, progress rates, events, export. */
import * as assert from 'node:assert/strict';
import type { OperationLog } from '../../src/hss/model';
import { Emitter } from '../../src/tasks/events';
import { exportRow, formatTasks, toCsv, toJson } from '../../src/tasks/export';
import { effectiveLastDays, normaliseFilters, validLastDays } from '../../src/tasks/filters';
import {
  countByStatus,
  GROUP_ORDER,
  groupByServer,
  groupByStatus,
  serverKey,
} from '../../src/tasks/grouping';
import { assignIds, byIdOf, identityKey, indexTasks, sameTask, type Task } from '../../src/tasks/identity';
import { ProgressRates } from '../../src/tasks/progressRate';

function task(id: string, fields: Partial<Task> = {}): Task {
  return {
    id,
    hostId: undefined,
    hostName: undefined,
    backupName: undefined,
    progress: undefined,
    status: 'running',
    rawStatus: undefined,
    startedAt: undefined,
    endedAt: undefined,
    error: undefined,
    ...fields,
  };
}

describe('filters', () => {
  it('keeps well-formed values, trimmed, without duplicate statuses', () => {
    assert.deepEqual(
      normaliseFilters({
        statuses: ['failed', 'nope', 3, 'failed', 'timeout'],
        serverName: '  web-01 ',
        lastDays: 14,
        enterpriseProjectId: ' ep ',
      }),
      { statuses: ['failed', 'timeout'], serverName: 'web-01', lastDays: 14, enterpriseProjectId: 'ep' },
    );
  });

  it('drops what is empty or of the wrong type', () => {
    assert.deepEqual(
      normaliseFilters({ statuses: 'failed', serverName: '   ', lastDays: '7', enterpriseProjectId: 5 }),
      {},
    );
    assert.deepEqual(
      normaliseFilters({ statuses: ['unknown'], serverName: 7, enterpriseProjectId: '  ' }),
      {},
    );
    assert.deepEqual(normaliseFilters(null), {});
    assert.deepEqual(normaliseFilters('statuses'), {});
  });

  it('keeps 0 days (everything the API keeps)', () => {
    assert.deepEqual(normaliseFilters({ lastDays: 0 }), { lastDays: 0 });
  });

  it('accepts whole days from 0 to 30 only', () => {
    assert.equal(validLastDays(0), 0);
    assert.equal(validLastDays(30), 30);
    assert.equal(validLastDays(1), 1);
    assert.equal(validLastDays(31), undefined);
    assert.equal(validLastDays(-1), undefined);
    assert.equal(validLastDays(2.5), undefined);
    assert.equal(validLastDays('7'), undefined);
  });

  it('takes the filter over the setting, and 0 as no limit', () => {
    assert.equal(effectiveLastDays(3, 7), 3);
    assert.equal(effectiveLastDays(undefined, 7), 7);
    assert.equal(effectiveLastDays(0, 7), undefined);
    assert.equal(effectiveLastDays(undefined, 0), undefined);
    assert.equal(effectiveLastDays(undefined, undefined), undefined);
  });
});

describe('identity', () => {
  const log: OperationLog = {
    hostId: 'h1',
    hostName: 'web',
    backupName: 'b1',
    startedAt: 1000,
    status: 'running',
  };

  it('composes the key from host, backup and start', () => {
    assert.equal(identityKey(log), 'h1|b1|1000');
    assert.equal(identityKey({ hostName: 'web', status: 'failed' }), 'name:web||');
    assert.equal(identityKey({ status: 'failed' }), 'name:||');
  });

  it('numbers true duplicates in list order, the first keeping the plain key', () => {
    const { tasks, byId } = indexTasks([
      log,
      { ...log },
      { ...log, status: 'failed' },
      { ...log, backupName: 'b2' },
    ]);
    assert.deepEqual(
      tasks.map((t) => t.id),
      ['h1|b1|1000', 'h1|b1|1000#1', 'h1|b1|1000#2', 'h1|b2|1000'],
    );
    assert.equal(byId.size, 4);
    assert.equal(byId.get('h1|b1|1000#2'), tasks[2]);
  });

  it('writes every field of the row onto the task', () => {
    const full: OperationLog = {
      hostId: 'h',
      hostName: 'n',
      backupName: 'b',
      progress: 40,
      status: 'unknown',
      rawStatus: 'paused',
      startedAt: 1,
      endedAt: 2,
      error: { code: 'c', message: 'm' },
    };
    assert.deepEqual(assignIds([full])[0], { id: 'h|b|1', ...full });
  });

  it('indexes tasks by id', () => {
    const tasks = [task('a'), task('b')];
    const byId = byIdOf(tasks);
    assert.deepEqual([...byId.keys()], ['a', 'b']);
    assert.equal(byId.get('b'), tasks[1]);
  });

  it('tells whether anything shown changed', () => {
    const base: OperationLog = { ...log, progress: 10, endedAt: 5, error: { code: 'c', message: 'm' } };
    assert.equal(sameTask(base, { ...base }), true);
    assert.equal(sameTask(base, { ...base, backupName: 'other' }), true, 'identity fields are not compared');
    for (const change of [
      { status: 'failed' },
      { rawStatus: 'x' },
      { progress: 11 },
      { endedAt: 6 },
      { hostName: 'other' },
      { error: { code: 'd', message: 'm' } },
      { error: { code: 'c', message: 'n' } },
      { error: undefined },
    ] as Partial<OperationLog>[]) {
      assert.equal(sameTask(base, { ...base, ...change }), false, JSON.stringify(change));
    }
  });
});

describe('grouping by status', () => {
  it('orders the groups running, waiting, failed, timeout, skipped, success, then unknown', () => {
    assert.deepEqual(GROUP_ORDER, [
      'running',
      'waiting',
      'failed',
      'timeout',
      'skipped',
      'success',
      'unknown',
    ]);
    const tasks = [
      task('1', { status: 'unknown' }),
      task('2', { status: 'success' }),
      task('3', { status: 'failed' }),
      task('4', { status: 'running' }),
      task('5', { status: 'failed' }),
    ];
    assert.deepEqual(
      groupByStatus(tasks).map((g) => [g.status, g.tasks.map((t) => t.id)]),
      [
        ['running', ['4']],
        ['failed', ['3', '5']],
        ['success', ['2']],
        ['unknown', ['1']],
      ],
    );
  });

  it('groups other items by the status they report', () => {
    const items = [
      { name: 'x', s: 'timeout' as const },
      { name: 'y', s: 'waiting' as const },
    ];
    assert.deepEqual(
      groupByStatus(items, (item) => item.s).map((g) => [g.status, g.tasks.map((i) => i.name)]),
      [
        ['waiting', ['y']],
        ['timeout', ['x']],
      ],
    );
  });

  it('counts every status, zeros included', () => {
    assert.deepEqual(
      countByStatus([
        task('1', { status: 'failed' }),
        task('2', { status: 'failed' }),
        task('3', { status: 'unknown' }),
      ]),
      { running: 0, waiting: 0, failed: 2, timeout: 0, skipped: 0, success: 0, unknown: 1 },
    );
  });
});

describe('grouping by server', () => {
  it('keys a server by its id, or its name when the id is missing', () => {
    assert.equal(serverKey(task('1', { hostId: 'h', hostName: 'n' })), 'h');
    assert.equal(serverKey(task('1', { hostName: 'n' })), 'name:n');
    assert.equal(serverKey(task('1')), 'name:');
  });

  it('sorts by worst status (failed, timeout, skipped, unknown, waiting, running, success), then name', () => {
    const statuses = ['success', 'running', 'waiting', 'unknown', 'skipped', 'timeout', 'failed'] as const;
    const tasks = statuses.map((status, i) => task(String(i), { hostId: `h${i}`, hostName: status, status }));
    assert.deepEqual(
      groupByServer(tasks).map((g) => g.worst),
      ['failed', 'timeout', 'skipped', 'unknown', 'waiting', 'running', 'success'],
    );
  });

  it('breaks ties by name, then id, and names a group after any task that has a name', () => {
    const groups = groupByServer([
      task('1', { hostId: 'h-b', hostName: 'beta', status: 'success' }),
      task('2', { hostId: 'h-z', status: 'success' }),
      task('3', { hostId: 'h-a', status: 'success' }),
      task('4', { hostId: 'h-a', hostName: 'alpha', status: 'success' }),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.key, g.hostName, g.hostId, g.tasks.map((t) => t.id)]),
      [
        ['h-a', 'alpha', 'h-a', ['3', '4']],
        ['h-b', 'beta', 'h-b', ['1']],
        ['h-z', undefined, 'h-z', ['2']],
      ],
    );
  });

  it('takes the worst status over the count, with the counts of each status', () => {
    const [group] = groupByServer([
      task('1', { hostId: 'h', status: 'success' }),
      task('2', { hostId: 'h', status: 'success' }),
      task('3', { hostId: 'h', status: 'skipped' }),
    ]);
    assert.equal(group?.worst, 'skipped');
    assert.equal(group?.counts.success, 2);
    assert.equal(group?.counts.skipped, 1);
  });

  it('sorts a server without a name or id first among equals', () => {
    const groups = groupByServer([
      task('1', { hostName: 'm', status: 'failed' }),
      task('2', { status: 'failed' }),
    ]);
    assert.deepEqual(
      groups.map((g) => g.key),
      ['name:', 'name:m'],
    );
  });
});

describe('progress rates', () => {
  const running = (progress: number | undefined, id = 't') => task(id, { status: 'running', progress });

  it('estimates the time left from the first and the latest reading', () => {
    const rates = new ProgressRates();
    rates.record([running(10)], 1000);
    assert.equal(rates.remainingMs('t'), undefined, 'one reading gives no estimate');
    rates.record([running(20)], 11_000);
    // 10 points in 10 s: 80 points left take 80 s.
    assert.equal(rates.remainingMs('t'), 80_000);
    rates.record([running(40)], 31_000);
    // 30 points in 30 s from the first reading: 60 left take 60 s.
    assert.equal(rates.remainingMs('t'), 60_000);
  });

  it('moves the latest reading on when only the time passes', () => {
    const rates = new ProgressRates();
    rates.record([running(10)], 0);
    rates.record([running(20)], 10_000);
    rates.record([running(20)], 20_000);
    // 10 points in 20 s: 80 left take 160 s.
    assert.equal(rates.remainingMs('t'), 160_000);
  });

  it('keeps the latest reading when the same reading comes again', () => {
    const rates = new ProgressRates();
    rates.record([running(10)], 0);
    rates.record([running(20)], 10_000);
    rates.record([running(20)], 10_000);
    assert.equal(rates.remainingMs('t'), 80_000);
  });

  it('starts over when the progress goes back', () => {
    const rates = new ProgressRates();
    rates.record([running(50)], 0);
    rates.record([running(60)], 10_000);
    rates.record([running(5)], 20_000);
    assert.equal(rates.remainingMs('t'), undefined);
    rates.record([running(15)], 30_000);
    assert.equal(rates.remainingMs('t'), 85_000);
  });

  it('gives no estimate without progress gained', () => {
    const rates = new ProgressRates();
    rates.record([running(30)], 0);
    rates.record([running(30)], 60_000);
    assert.equal(rates.remainingMs('t'), undefined);
  });

  it('forgets tasks that stopped running or lost their progress, and ignores others', () => {
    const rates = new ProgressRates();
    rates.record([running(10, 'a'), running(10, 'b'), running(10, 'c')], 0);
    rates.record([running(20, 'a'), running(20, 'b'), running(20, 'c')], 10_000);
    rates.record(
      [task('a', { status: 'success', progress: 100 }), running(undefined, 'b'), running(30, 'c')],
      20_000,
    );
    assert.equal(rates.remainingMs('a'), undefined);
    assert.equal(rates.remainingMs('b'), undefined);
    assert.equal(rates.remainingMs('c'), 70_000);
    rates.record([running(30, 'a')], 30_000);
    rates.record([running(40, 'a')], 40_000);
    assert.equal(rates.remainingMs('a'), 60_000, 'a task running again starts from its new reading');
    assert.equal(rates.remainingMs('nobody'), undefined);
  });
});

describe('Emitter', () => {
  it('calls every listener with the event, until disposed', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const first = emitter.event((n) => seen.push(`a${n}`));
    emitter.event((n) => seen.push(`b${n}`));
    emitter.fire(1);
    first.dispose();
    emitter.fire(2);
    emitter.dispose();
    emitter.fire(3);
    assert.deepEqual(seen, ['a1', 'b1', 'b2']);
  });

  it('lets a listener remove itself while the event is delivered to the others', () => {
    const emitter = new Emitter<string>();
    const seen: string[] = [];
    const self = emitter.event(() => {
      seen.push('self');
      self.dispose();
    });
    emitter.event((e) => seen.push(e));
    emitter.fire('x');
    emitter.fire('y');
    assert.deepEqual(seen, ['self', 'x', 'y']);
  });
});

describe('export', () => {
  const full = task('id-1', {
    hostId: 'h1',
    hostName: 'web',
    backupName: 'b',
    progress: 40,
    status: 'unknown',
    rawStatus: 'paused',
    startedAt: Date.UTC(2026, 0, 1, 8),
    endedAt: Date.UTC(2026, 0, 1, 9, 30),
    error: { code: 'E1', message: 'm' },
  });

  it('writes every column of a row', () => {
    assert.deepEqual(exportRow(full), {
      host_id: 'h1',
      host_name: 'web',
      backup_name: 'b',
      status: 'unknown',
      raw_status: 'paused',
      progress: 40,
      started_at: '2026-01-01T08:00:00.000Z',
      ended_at: '2026-01-01T09:30:00.000Z',
      error_code: 'E1',
      error_message: 'm',
    });
  });

  it('defuses every formula prefix and quotes quotes, commas and line breaks', () => {
    const cells = ['+1', '-1', '@x', '\tx', '\rx', 'a"b', 'a,b', 'a\nb', 'a\rb', 'plain'];
    const csv = toCsv(cells.map((hostName, i) => task(String(i), { hostName })));
    const names = csv
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split(',')[1]);
    assert.deepEqual(names.slice(0, 6), ["'+1", "'-1", "'@x", "'\tx", '"\'\rx"', '"a""b"']);
    assert.ok(csv.includes(',"a,b",'));
    assert.ok(csv.includes(',"a\nb",'));
    assert.ok(csv.includes(',"a\rb",'));
    assert.ok(csv.includes(',plain,'));
  });

  it('writes numbers as they are, a negative one included', () => {
    assert.equal(toCsv([task('x', { progress: -1 })]).split('\r\n')[1], ',,,running,,-1,,,,');
  });

  it('writes an empty list as the header alone', () => {
    assert.equal(
      toCsv([]),
      'host_id,host_name,backup_name,status,raw_status,progress,started_at,ended_at,error_code,error_message\r\n',
    );
    assert.equal(toJson([]), '[]\n');
  });

  it('writes JSON indented by two, ending with a line break', () => {
    assert.equal(
      toJson([task('x', { hostId: 'h' })]),
      '[\n  {\n    "host_id": "h",\n    "status": "running"\n  }\n]\n',
    );
  });

  it('picks the format asked for', () => {
    assert.equal(formatTasks([], 'csv').startsWith('host_id,'), true);
    assert.equal(formatTasks([], 'json'), '[]\n');
  });
});
