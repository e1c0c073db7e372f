import * as assert from 'node:assert/strict';
import { SAMPLE_HOSTS, TASK_STATUSES } from '../../src/sample/catalog';
import { generateArrivals, generateTasks, type SampleTask } from '../../src/sample/data';
import { createRandom } from '../../src/sample/random';
import { applyHtmlInjection } from '../../src/sample/scenarios';
import { toOperationLogRow } from '../../src/sample/wire';

const NOW = Date.parse('2025-03-06T05:26:18Z');
const DAY = 86_400_000;

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe('sample data: generateTasks', () => {
  const tasks = generateTasks({ count: 600, seed: 1, now: NOW });

  it('is deterministic for a seed and differs between seeds', () => {
    assert.deepEqual(generateTasks({ count: 600, seed: 1, now: NOW }), tasks);
    assert.deepEqual(
      generateTasks({ count: 50, seed: 'demo', now: NOW }),
      generateTasks({ count: 50, seed: 'demo', now: NOW }),
    );
    assert.notDeepEqual(generateTasks({ count: 600, seed: 2, now: NOW }), tasks);
  });

  it('defaults to 600 tasks and honours count, including 0', () => {
    assert.equal(generateTasks({ now: NOW }).length, 600);
    assert.equal(generateTasks({ count: 0, now: NOW }).length, 0);
    assert.equal(generateTasks({ count: 37, now: NOW }).length, 37);
    assert.throws(() => generateTasks({ count: -1 }), RangeError);
  });

  it('places every task in the 30 days before now, newest first', () => {
    for (const [i, task] of tasks.entries()) {
      assert.ok(task.startedAt <= NOW && task.startedAt > NOW - 30 * DAY, `task ${i} out of range`);
      if (task.endedAt !== undefined) assert.ok(task.endedAt >= task.startedAt && task.endedAt <= NOW);
      const next = tasks[i + 1];
      if (next) assert.ok(task.startedAt >= next.startedAt, `not newest first at ${i}`);
    }
  });

  it('covers all six statuses, mostly success', () => {
    const byStatus = countBy(tasks, (task) => task.status);
    assert.deepEqual([...byStatus.keys()].sort(), [...TASK_STATUSES].sort());
    assert.ok((byStatus.get('success') ?? 0) > 0.7 * tasks.length);
    for (const status of ['failed', 'timeout', 'skipped']) {
      assert.ok((byStatus.get(status) ?? 0) >= 10, `${status}: ${byStatus.get(status)}`);
    }
    assert.ok((byStatus.get('running') ?? 0) >= 3);
    assert.ok((byStatus.get('waiting') ?? 0) >= 3);
    // Even a tiny data set shows every status.
    assert.equal(countBy(generateTasks({ count: 10, now: NOW }), (task) => task.status).size, 6);
  });

  it('gives pending tasks no end time, varied progress for running and 0 for waiting', () => {
    const running = tasks.filter((task) => task.status === 'running');
    const waiting = tasks.filter((task) => task.status === 'waiting');
    assert.ok(running.every((task) => task.endedAt === undefined && task.process > 0 && task.process < 100));
    assert.ok(new Set(running.map((task) => task.process)).size >= 2);
    assert.ok(waiting.every((task) => task.endedAt === undefined && task.process === 0));
    // Pending tasks are recent.
    assert.ok([...running, ...waiting].every((task) => NOW - task.startedAt < 2 * 3_600_000));
  });

  it('explains every failed, timed-out and skipped task with one of 8+ reasons, each used several times', () => {
    const unhappy = tasks.filter((task) => ['failed', 'timeout', 'skipped'].includes(task.status));
    assert.ok(
      unhappy.every((task) => task.errorInfo && task.errorInfo.code !== '' && task.errorInfo.message !== ''),
    );
    const byCode = countBy(unhappy, (task) => task.errorInfo?.code ?? '');
    assert.ok(byCode.size >= 8, `${byCode.size} distinct codes`);
    for (const [code, count] of byCode) assert.ok(count >= 3, `${code} used ${count} times`);
    assert.ok(byCode.has('HSS.1117') && byCode.has('BackupService.6302') && byCode.has('HSS.1048'));
  });

  it('leaves optional fields out on some rows, like the real API', () => {
    const success = tasks.filter((task) => task.status === 'success');
    assert.ok(success.every((task) => task.process === 100 && !task.errorInfo?.code));
    assert.ok(success.some((task) => task.errorInfo === undefined));
    assert.ok(success.some((task) => task.errorInfo?.code === '' && task.errorInfo.message === ''));
    assert.ok(
      success.some((task) => task.endedAt === undefined),
      'a success without ended_at, as in the example',
    );
    const withoutName = tasks.filter((task) => task.hostName === undefined).length;
    assert.ok(withoutName > 0 && withoutName < 0.1 * tasks.length);
    const epoch = tasks.filter((task) => task.timeFormat === 'epoch-ms').length;
    assert.ok(epoch > 0.05 * tasks.length && epoch < 0.3 * tasks.length);
  });

  it('uses about 12 hosts including non-ASCII names, and realistic backup names', () => {
    const names = new Set(tasks.map((task) => task.hostName).filter((name) => name !== undefined));
    assert.ok(names.size >= 10);
    for (const name of ['数据库-主节点', 'web-服务器-02', 'café-prod', 'ecs-web-01', 'db-primary']) {
      assert.ok(names.has(name), name);
    }
    assert.ok(tasks.every((task) => /^(autobk_\d{4}|manual-bk-\d{8}-\d{4})$/.test(task.backupName)));
    assert.ok(tasks.some((task) => task.backupName.startsWith('manual-bk-')));
    const hostIds = new Set(SAMPLE_HOSTS.map((host) => host.id));
    assert.ok(tasks.every((task) => hostIds.has(task.hostId)));
    assert.ok(new Set(tasks.map((task) => task.enterpriseProjectId)).size >= 3);
  });

  it('contains true duplicates (same host, backup and start) that clients must keep', () => {
    const keys = countBy(tasks, (task) => `${task.hostId}|${task.backupName}|${task.startedAt}`);
    assert.ok([...keys.values()].filter((count) => count > 1).length >= 2);
  });

  // Its speed is measured by the bench (npm run bench), not by a wall-clock limit here.
  it('generates 10,000 tasks', () => {
    const many = generateTasks({ count: 10_000, seed: 9, now: NOW });
    assert.equal(many.length, 10_000);
  });

  it('generates arrivals newer than every existing task', () => {
    const arrivals = generateArrivals(tasks, 5, NOW - DAY, 3);
    assert.equal(arrivals.length, 5);
    const newest = Math.max(...tasks.map((task) => task.startedAt));
    assert.ok(
      arrivals.every((task) => task.startedAt > newest && ['running', 'waiting'].includes(task.status)),
    );
  });
});

describe('sample data: wire rows and scenarios', () => {
  const base: SampleTask = {
    enterpriseProjectId: '0',
    hostId: 'h1',
    hostName: 'ecs-test',
    backupName: 'autobk_9',
    process: 100,
    status: 'success',
    startedAt: Date.parse('2025-03-06T05:26:18.123Z'),
    errorInfo: { code: '', message: '' },
    timeFormat: 'iso',
  };

  it('renders the published example exactly, without ended_at', () => {
    assert.equal(
      JSON.stringify(toOperationLogRow(base)),
      '{"host_id":"h1","host_name":"ecs-test","backup_name":"autobk_9","process":100,"status":"success",' +
        '"started_at":"2025-03-06T05:26:18Z","error_info":{"code":"","message":""}}',
    );
  });

  it('renders epoch-millisecond rows as numbers', () => {
    const row = toOperationLogRow({ ...base, timeFormat: 'epoch-ms', endedAt: base.startedAt + 1000 });
    assert.equal(row.started_at, base.startedAt);
    assert.equal(row.ended_at, base.startedAt + 1000);
  });

  it('puts markup in every free-text field in the html-injection scenario', () => {
    const [task] = applyHtmlInjection([base]);
    assert.ok(task);
    assert.match(task.hostName ?? '', /<img src=x onerror=alert\(1\)>/);
    assert.match(task.errorInfo?.message ?? '', /<script>alert\('x'\)<\/script>/);
    assert.match(task.backupName, /<script>/);
    assert.match(task.hostId, /<svg/);
    assert.match(task.errorInfo?.code ?? '', /<i>/);
    assert.equal(task.status, 'success');
  });

  it('has a PRNG that is stable across runs (pinned values)', () => {
    // mulberry32(42)'s well-known first outputs: the data cannot drift between Node versions.
    const random = createRandom(42);
    assert.deepEqual(
      [random.next(), random.next(), random.int(1, 6)],
      [0.6011037519201636, 0.44829055899754167, 6],
    );
    assert.equal(createRandom('demo').next(), createRandom('demo').next());
    assert.notEqual(createRandom('demo').next(), createRandom('demo2').next());
  });
});
