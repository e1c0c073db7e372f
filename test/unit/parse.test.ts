import * as assert from 'node:assert/strict';
import { resolveEndpoint, serviceEndpoint } from '../../src/hss/endpoint';
import { errorFromResponse, HssError } from '../../src/hss/errors';
import { parseOperationLogPage, parseTime } from '../../src/hss/parse';
import { formatDuration, formatRelative, progressBar } from '../../src/tasks/format';
import { assignIds } from '../../src/tasks/identity';

describe('parsing the operation-log body', () => {
  it('reads the published example, which has no ended_at', () => {
    const page = parseOperationLogPage({
      total_num: 1,
      data_list: [
        {
          host_id: 'c882e0-c4c1-4e89-b99a-f632',
          host_name: 'ecs-test',
          backup_name: 'autobk_9',
          process: 100,
          status: 'success',
          started_at: '2025-03-06T05:26:18Z',
          error_info: { code: '', message: '' },
        },
      ],
    });
    assert.equal(page.totalNum, 1);
    assert.deepEqual(page.items[0], {
      hostId: 'c882e0-c4c1-4e89-b99a-f632',
      hostName: 'ecs-test',
      backupName: 'autobk_9',
      progress: 100,
      status: 'success',
      rawStatus: undefined,
      startedAt: Date.UTC(2025, 2, 6, 5, 26, 18),
      endedAt: undefined,
      error: undefined,
    });
  });

  it('accepts ISO strings and epoch numbers (ms or s) for times', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5);
    assert.equal(parseTime('2026-01-02T03:04:05Z'), ms);
    assert.equal(parseTime(ms), ms);
    assert.equal(parseTime(ms / 1000), ms);
    // A zoneless date and time only as the whole text: with something before it, no time at all.
    assert.equal(parseTime('x2026-01-02T03:04'), undefined);
    assert.equal(parseTime(String(ms)), ms);
    assert.equal(parseTime('not a time'), undefined);
    // No zone: UTC, whatever the machine's time zone (written out by hand; run at UTC+8).
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      assert.equal(new Date(2026, 0, 2).getTimezoneOffset(), -480, 'the zone took effect');
      assert.equal(parseTime('2026-01-02T03:04:05'), Date.UTC(2026, 0, 2, 3, 4, 5));
      assert.equal(parseTime('2026-01-02 03:04:05'), Date.UTC(2026, 0, 2, 3, 4, 5));
      assert.equal(parseTime('2026-01-02T03:04'), Date.UTC(2026, 0, 2, 3, 4));
      assert.equal(parseTime('2026-01-02T03:04:05.250'), Date.UTC(2026, 0, 2, 3, 4, 5, 250));
      // An explicit offset is kept.
      assert.equal(parseTime('2026-01-02T11:04:05+08:00'), Date.UTC(2026, 0, 2, 3, 4, 5));
      assert.equal(parseTime(' 1767323045 '), Date.UTC(2026, 0, 2, 3, 4, 5));
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    assert.equal(parseTime(null), undefined);
  });

  it('keeps an unknown status as unknown, with its raw value, and tolerates "timeout:"', () => {
    const page = parseOperationLogPage({ data_list: [{ status: 'paused' }, { status: 'timeout:' }, {}] });
    assert.deepEqual(
      page.items.map((i) => [i.status, i.rawStatus]),
      [
        ['unknown', 'paused'],
        ['timeout', undefined],
        ['unknown', undefined],
      ],
    );
    assert.equal(page.totalNum, 3, 'a missing total falls back to the rows');
  });

  it('drops a number too large for a double, which JSON reads as Infinity', () => {
    // 1e999 is valid JSON; JSON.parse makes it Infinity, which names no host and counts nothing.
    const page = parseOperationLogPage(JSON.parse('{"data_list": [{"host_id": 1e999, "process": 1e999}]}'));
    assert.equal(page.items[0]?.hostId, undefined);
    assert.equal(page.items[0]?.progress, undefined);
  });

  it('says what was wrong with a malformed body', () => {
    const cases: [unknown, RegExp][] = [
      [[], /expected a JSON object, got a list/],
      [{ data_list: 'x' }, /"data_list" should be a list, got a string/],
      [{ data_list: [1] }, /"data_list\[0\]" should be an object, got a number/],
      [{ data_list: [], total_num: 'many' }, /"total_num" should be a number/],
    ];
    for (const [body, message] of cases) {
      assert.throws(
        () => parseOperationLogPage(body),
        (error: unknown) =>
          error instanceof HssError && error.kind === 'malformed' && message.test(error.message),
      );
    }
  });
});

describe('endpoints', () => {
  it('builds the region endpoint, with the .eu exception', () => {
    assert.equal(resolveEndpoint({ region: 'cn-north-4' }).href, 'https://hss.cn-north-4.myhuaweicloud.com/');
    assert.equal(
      resolveEndpoint({ region: 'eu-west-101' }).href,
      'https://hss.eu-west-101.myhuaweicloud.eu/',
    );
    assert.equal(serviceEndpoint('iam', 'ap-southeast-1').host, 'iam.ap-southeast-1.myhuaweicloud.com');
  });

  it('lets an explicit endpoint win, and refuses plain http unless it is loopback', () => {
    assert.equal(
      resolveEndpoint({ region: 'cn-north-4', endpoint: 'https://hss.example.test/' }).host,
      'hss.example.test',
    );
    assert.equal(resolveEndpoint({ endpoint: 'http://127.0.0.1:8080' }).port, '8080');
    assert.equal(resolveEndpoint({ endpoint: 'http://localhost:8080' }).hostname, 'localhost');
    assert.equal(resolveEndpoint({ endpoint: 'http://[::1]:8080' }).hostname, '[::1]');
    for (const endpoint of [
      'http://hss.example.test',
      'http://10.0.0.1',
      'ftp://127.0.0.1',
      'not a url',
      'https://u:p@h.test',
    ]) {
      assert.throws(
        () => resolveEndpoint({ endpoint }),
        (e: unknown) => e instanceof HssError && e.kind === 'config',
        endpoint,
      );
    }
    assert.throws(() => resolveEndpoint({ region: 'mars-1' }), /not a known HSS region/);
  });
});

describe('error mapping', () => {
  it('maps status and code to the error a user can act on, matching APIG and APIGW alike', () => {
    const kind = (status: number, code?: string) => errorFromResponse(status, { code }).kind;
    assert.equal(kind(401, 'APIGW.0301'), 'credentials');
    assert.equal(kind(400, 'APIG.0301'), 'credentials');
    assert.equal(kind(403, 'HSS.0010'), 'permission');
    assert.equal(kind(400, 'HSS.0013'), 'permission');
    assert.equal(kind(404, 'APIGW.0101'), 'endpoint');
    assert.equal(kind(429, 'APIGW.0308'), 'throttled');
    assert.equal(kind(400, 'HSS.0001'), 'badRequest');
    assert.equal(kind(502), 'server');
    assert.equal(errorFromResponse(401, {}).retryable, false);
    assert.equal(errorFromResponse(503, {}).retryable, true);
  });
});

describe('identity and display', () => {
  it('gives true duplicates distinct, stable ids', () => {
    const row = { hostId: 'h', backupName: 'b', startedAt: 1, status: 'success' as const };
    const ids = assignIds([row, { ...row }, { ...row, backupName: 'c' }]).map((t) => t.id);
    assert.deepEqual(ids, ['h|b|1', 'h|b|1#1', 'h|c|1']);
  });

  it('keeps a task id while its status and progress change', () => {
    const [before] = assignIds([
      { hostId: 'h', backupName: 'b', startedAt: 1, status: 'running', progress: 5 },
    ]);
    const [after] = assignIds([
      { hostId: 'h', backupName: 'b', startedAt: 1, status: 'success', progress: 100 },
    ]);
    assert.equal(before?.id, after?.id);
  });

  it('draws the progress bar and durations', () => {
    assert.equal(progressBar(62), '▰▰▰▱▱ 62%');
    assert.equal(progressBar(0), '▱▱▱▱▱ 0%');
    assert.equal(progressBar(100), '▰▰▰▰▰ 100%');
    assert.equal(formatDuration(45_000), '45 s');
    assert.equal(formatDuration(12 * 60_000), '12 min');
    assert.equal(formatDuration(185 * 60_000), '3 h 5 min');
    assert.equal(formatDuration(12 * 60_000, 'zh-CN'), '12分钟');
    const now = Date.UTC(2026, 10, 27, 12);
    assert.equal(formatRelative(now - 86_400_000, now, 'en'), 'yesterday');
    assert.equal(formatRelative(now - 3 * 86_400_000, now, 'en'), '3 days ago');
    assert.equal(formatRelative(now - 5 * 60_000, now, 'en'), '5 minutes ago');
    assert.equal(formatRelative(now - 10_000, now, 'en'), 'now');
    assert.equal(formatRelative(now - 3 * 86_400_000, now, 'zh-CN'), '3天前');
    assert.equal(formatRelative(now - 2 * 3_600_000, now, 'en'), '2 hours ago');
    assert.equal(formatRelative(now - 60 * 86_400_000, now, 'en'), '2 months ago');
    assert.equal(formatRelative(now + 5 * 60_000, now, 'en'), 'in 5 minutes');
    // The same value in another unit is another phrase.
    assert.equal(formatRelative(now - 2 * 86_400_000, now, 'en'), '2 days ago');
    assert.equal(formatDuration(26 * 3_600_000), '1 d 2 h');
    // Durations are kept by the value shown: values that show alike share it, others do not.
    assert.equal(formatDuration(61_000), '1 min');
    assert.equal(formatDuration(119_000), '1 min');
    assert.equal(formatDuration(120_000), '2 min');
    assert.equal(formatDuration(25 * 3_600_000 + 59 * 60_000), '1 d 1 h');
    assert.equal(formatDuration(59_000), '59 s');
    assert.equal(formatDuration(60_000 * 61, 'zh-CN'), '1小时 1分钟');
    assert.equal(formatDuration(45_000, 'zh-CN'), '45秒');
  });
});
