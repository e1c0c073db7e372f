/**
 * decodeCache trusts a file only when every field of every row has its type: each case spoils one
 * field of a good file, written by hand. And fingerprints and the JSON of credentials, which name
 * no secret, and which errors a list recovers from by itself. (Files the format writes itself are
 * tested in task-cache.test.ts.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { AccessKeyCredential, fingerprintOf, TokenCredential } from '../../src/hss/credentials';
import { HssError } from '../../src/hss/errors';
import {
  CACHE_FORMAT,
  CACHE_MAX_ROWS,
  decodeCache,
  encodeCache,
  TaskCacheFiles,
} from '../../src/tasks/taskCache';

/** A row as its ten fields' values; `file` puts its strings into the file's table. */
const GOOD_ROW: unknown[] = ['h1', 'web-01', 'b1', 100, 'success', 'success', 1000, 2000, null, null];
/** Where the strings are: hostId, hostName, backupName, status, rawStatus, error code and message. */
const STRING_AT = new Set([0, 1, 2, 4, 5, 8, 9]);

/** A value written into the file as it is, not through the string table. */
class Raw {
  constructor(readonly value: unknown) {}
}

/** A file of the current format, written by hand: one string table, the rows in one flat array. */
function file(rows: unknown[][], patch: Record<string, unknown> = {}): string {
  const strings: string[] = [];
  const flat: unknown[] = [];
  for (const row of rows) {
    row.forEach((value, index) => {
      if (value instanceof Raw) {
        flat.push(value.value);
      } else if (STRING_AT.has(index) && typeof value === 'string') {
        if (!strings.includes(value)) strings.push(value);
        flat.push(strings.indexOf(value));
      } else {
        flat.push(value);
      }
    });
  }
  return JSON.stringify({
    format: CACHE_FORMAT,
    scopeKey: 'k',
    savedAt: 5000,
    truncated: false,
    strings,
    rows: flat,
    ...patch,
  });
}

function withField(index: number, value: unknown): unknown[] {
  const row = [...GOOD_ROW];
  row[index] = value;
  return row;
}

describe('decodeCache, field by field', () => {
  it('reads a good row, and errors with a code, a message or both', () => {
    assert.deepEqual(decodeCache(file([GOOD_ROW]), 'k')?.logs, [
      {
        hostId: 'h1',
        hostName: 'web-01',
        backupName: 'b1',
        progress: 100,
        status: 'success',
        rawStatus: 'success',
        startedAt: 1000,
        endedAt: 2000,
        error: undefined,
      },
    ]);
    assert.deepEqual(decodeCache(file([withField(9, 'disk full')]), 'k')?.logs[0]?.error, {
      message: 'disk full',
    });
    assert.deepEqual(decodeCache(file([withField(8, 'E1')]), 'k')?.logs[0]?.error, { code: 'E1' });
  });

  it('refuses a row with a field of the wrong type', () => {
    const names = [
      'hostId',
      'hostName',
      'backupName',
      'progress',
      'status',
      'rawStatus',
      'startedAt',
      'endedAt',
      'code',
      'message',
    ];
    for (let index = 0; index < 10; index++) {
      // A string field holds an index into the strings (GOOD_ROW's file has 4); a number field a number.
      const wrongs = STRING_AT.has(index)
        ? [new Raw('text'), new Raw(1.5), new Raw(-1), new Raw(4), new Raw(true)]
        : ['text', true, [1]];
      for (const wrong of wrongs) {
        const label = `${names[index]}: ${JSON.stringify(wrong instanceof Raw ? wrong.value : wrong)}`;
        assert.equal(decodeCache(file([GOOD_ROW, withField(index, wrong)]), 'k'), undefined, label);
      }
    }
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
      // JSON cannot hold them; a file could only hold them as null, which means "unknown".
      assert.equal(decodeCache(file([withField(3, value)]), 'k')?.logs[0]?.progress, undefined);
    }
    assert.equal(decodeCache(file([withField(4, 'exploded')]), 'k'), undefined, 'not a status');
    assert.equal(decodeCache(file([withField(4, null)]), 'k'), undefined, 'no status');
    assert.ok(decodeCache(file([GOOD_ROW, withField(0, new Raw(3))]), 'k'), 'the last string is one');
  });

  it('refuses rows not of ten fields, strings that are not all strings, a bad savedAt, too many rows', () => {
    assert.equal(decodeCache(file([], { rows: [{ hostId: 'h1' }] }), 'k'), undefined);
    assert.equal(decodeCache(file([GOOD_ROW.slice(0, 9)]), 'k'), undefined);
    assert.equal(decodeCache(file([[...GOOD_ROW, null]]), 'k'), undefined);
    assert.equal(
      decodeCache(file([GOOD_ROW], { strings: ['h1', 'web-01', 'b1', 'success', 7] }), 'k'),
      undefined,
    );
    assert.equal(decodeCache(file([GOOD_ROW], { strings: undefined }), 'k'), undefined);
    assert.equal(decodeCache(file([GOOD_ROW], { rows: undefined }), 'k'), undefined);
    assert.equal(decodeCache('"text"', 'k'), undefined);
    assert.equal(decodeCache('7', 'k'), undefined);
    assert.equal(decodeCache('null', 'k'), undefined);
    assert.equal(decodeCache(file([], { savedAt: '5000' }), 'k'), undefined);
    assert.equal(decodeCache(file([], { savedAt: null }), 'k'), undefined);
    assert.equal(decodeCache(file([], { rows: { length: 0 } }), 'k'), undefined);
    assert.deepEqual(decodeCache(file([]), 'k')?.logs, [], 'an empty list is a list');
    const row = '0,0,0,1,1,1,1,1,null,null';
    const many = (count: number) =>
      `{"format":${CACHE_FORMAT},"scopeKey":"k","savedAt":1,"strings":["h","success"],"rows":[${Array(count)
        .fill(row)
        .join(',')}]}`;
    assert.equal(decodeCache(many(CACHE_MAX_ROWS + 1), 'k'), undefined);
    assert.equal(decodeCache(many(CACHE_MAX_ROWS), 'k')?.logs.length, CACHE_MAX_ROWS);
  });

  it('ignores a file of the format before (one array per row)', () => {
    const older = JSON.stringify({
      format: 1,
      scopeKey: 'k',
      savedAt: 5000,
      truncated: false,
      rows: [GOOD_ROW],
    });
    assert.equal(decodeCache(older, 'k'), undefined);
  });

  it('writes each distinct string once', () => {
    const logs = [
      {
        hostId: 'h1',
        hostName: 'web-01',
        backupName: 'daily',
        status: 'success' as const,
        rawStatus: 'success',
      },
      {
        hostId: 'h1',
        hostName: 'web-01',
        backupName: 'daily',
        status: 'failed' as const,
        error: { code: 'E1' },
      },
    ];
    const written = JSON.parse(encodeCache('k', 1, logs));
    assert.deepEqual(written.strings, ['h1', 'web-01', 'daily', 'success', 'failed', 'E1']);
    assert.deepEqual(written.rows, [
      0,
      1,
      2,
      null,
      3,
      3,
      null,
      null,
      null,
      null,
      0,
      1,
      2,
      null,
      4,
      null,
      null,
      null,
      5,
      null,
    ]);
  });

  it('says whether the list it kept was cut to the limit', () => {
    const log = { hostId: 'h', status: 'success' as const };
    assert.equal(JSON.parse(encodeCache('k', 1, [log])).truncated, false);
    assert.equal(JSON.parse(encodeCache('k', 1, Array(CACHE_MAX_ROWS).fill(log))).truncated, false);
    assert.equal(JSON.parse(encodeCache('k', 1, Array(CACHE_MAX_ROWS + 1).fill(log))).truncated, true);
  });

  it('leaves no temporary file behind when a write fails', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hss-cache-'));
    try {
      const files = new TaskCacheFiles(dir);
      // A folder where the file should go: the rename fails.
      await fs.mkdir(files.pathOf('k'));
      await fs.writeFile(path.join(files.pathOf('k'), 'inside'), 'x');
      await assert.rejects(files.write('k', 1, [{ hostId: 'h', status: 'success' }]));
      assert.deepEqual(await fs.readdir(dir), [path.basename(files.pathOf('k'))]);
      await fs.rm(files.pathOf('k'), { recursive: true });
      await files.write('k', 1, [{ hostId: 'h', status: 'success' }]);
      assert.deepEqual(await fs.readdir(dir), [path.basename(files.pathOf('k'))]);
      await files.remove('k');
      await files.remove('k');
      assert.deepEqual(await fs.readdir(dir), []);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('reports the error of a write that failed before its temporary file existed', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hss-cache-'));
    try {
      const files = new TaskCacheFiles(dir);
      const unreadable = {
        status: 'success' as const,
        get hostId(): string {
          throw new Error('unreadable row');
        },
      };
      await assert.rejects(files.write('k', 1, [unreadable]), /^Error: unreadable row$/);
      assert.deepEqual(await fs.readdir(dir), []);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('credential fingerprints and JSON', () => {
  it('are 16 URL-safe characters that tell secrets of one length, and absent from empty, apart', () => {
    const a = fingerprintOf('token', 'secret-a');
    assert.match(a, /^[A-Za-z0-9_-]{16}$/);
    assert.notEqual(a, fingerprintOf('token', 'secret-b'));
    assert.notEqual(fingerprintOf('x', undefined), fingerprintOf('x', ''));
    assert.equal(fingerprintOf('token', 'secret-a'), a);
    assert.equal(new TokenCredential(' secret-a ').fingerprint, a);
  });

  it('tell access keys apart', () => {
    assert.match(new AccessKeyCredential('AK', 'SK').fingerprint, /^[A-Za-z0-9_-]{16}$/);
    assert.notEqual(
      new AccessKeyCredential('AK', 'SK').fingerprint,
      new AccessKeyCredential('AK', 'SK2').fingerprint,
    );
  });

  it('name the kind of credential only', () => {
    assert.equal(JSON.stringify(new TokenCredential('tok')), '{"kind":"token"}');
    assert.equal(JSON.stringify(new AccessKeyCredential('AK', 'SK')), '{"kind":"accessKey"}');
  });
});

describe('HssError recoverable', () => {
  it('holds for a list that could not be read consistently, though no request is retried for it', () => {
    const paging = new HssError('paging', 'x');
    assert.equal(paging.retryable, false);
    assert.equal(paging.recoverable, true);
    assert.equal(new HssError('credentials', 'x').recoverable, false);
  });
});
