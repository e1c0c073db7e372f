/**
 * readAllPages against an in-memory list (no HTTP): each case states the list, how the "server"
 * misbehaves, and, by hand, the requests a correct reader makes. The expected rows are the list's
 * own array, which the reader never sees.
 */
import * as assert from 'node:assert/strict';
import { HssError } from '../../src/hss/errors';
import { type ListProgress, readAllPages } from '../../src/hss/pager';
import { key, listServer, offsets, reader } from './memoryList';

describe('readAllPages on an in-memory list', () => {
  it('reads a still list in pages that overlap by one row', async () => {
    const server = listServer(25);
    const result = await readAllPages(reader(server), { key, pageSize: 10, concurrency: 1 });
    assert.deepEqual(result.items, server.rows);
    // 10 rows, then 9 apart: 0, 9, 18 (the last page is short: the end).
    assert.deepEqual(offsets(server), [0, 9, 18]);
    assert.deepEqual(
      server.seen.map((w) => w.limit),
      [10, 10, 10],
    );
    assert.deepEqual(
      { ...result, items: undefined },
      {
        items: undefined,
        totalNum: 25,
        requestIds: ['q1', 'q2', 'q3'],
        pages: 3,
        pageSize: 10,
        attempts: 1,
        problem: undefined,
      },
    );
  });

  it('reads one page when the list fits in it', async () => {
    const server = listServer(7);
    const result = await readAllPages(reader(server), { key, pageSize: 10 });
    assert.deepEqual(result.items, server.rows);
    assert.deepEqual(offsets(server), [0]);
  });

  it('reads an empty list with one request', async () => {
    const server = listServer(0);
    const result = await readAllPages(reader(server), { key, pageSize: 10 });
    assert.deepEqual(result.items, []);
    assert.equal(result.pages, 1);
    assert.equal(result.pageSize, 10, 'the limit, as no row showed the page size');
    assert.equal(result.problem, undefined);
  });

  it('asks one more page when a full page ends exactly at total_num', async () => {
    const server = listServer(10);
    const result = await readAllPages(reader(server), { key, pageSize: 10, concurrency: 1 });
    assert.deepEqual(result.items, server.rows);
    // The next page starts on the last row (the overlap) and comes back short: the end.
    assert.deepEqual(offsets(server), [0, 9]);
  });

  it('bounds the limit to 1..200 and whole numbers', async () => {
    for (const [pageSize, limit] of [
      [500, 200],
      [0, 1],
      [12.9, 12],
      [undefined, 200],
    ] as const) {
      const server = listServer(3);
      await readAllPages(reader(server), { key, pageSize });
      assert.equal(server.seen[0]?.limit, limit, String(pageSize));
    }
  });

  it('takes the first page as the page size in effect when the server caps it', async () => {
    const server = listServer(30, { cap: 12 });
    const result = await readAllPages(reader(server), { key, pageSize: 50, concurrency: 1 });
    assert.deepEqual(result.items, server.rows);
    assert.equal(result.pageSize, 12);
    // 12 rows, 11 apart: 0, 11, 22 (22 brings 8 of 12: the end).
    assert.deepEqual(offsets(server), [0, 11, 22]);
    assert.ok(
      server.seen.every((w) => w.limit === 50),
      'the limit stays as asked',
    );
  });

  it('does not overlap pages under 10 rows', async () => {
    const server = listServer(20, { cap: 5 });
    const result = await readAllPages(reader(server), { key, pageSize: 50, concurrency: 1 });
    assert.deepEqual(result.items, server.rows);
    // 15 brings 5 rows, short of the limit, and reaches total_num: the end.
    assert.deepEqual(offsets(server), [0, 5, 10, 15]);
  });

  it('places rows that arrive at the top while it reads, without reading again', async () => {
    // Two new rows arrive before the second request.
    const server = listServer(25, {
      before: (n, s) => {
        if (n === 2) s.rows.unshift('new1', 'new0');
      },
    });
    const result = await readAllPages(reader(server), { key, pageSize: 10, concurrency: 1 });
    assert.deepEqual(result.items, server.rows);
    assert.equal(result.items.length, 27);
    assert.equal(result.attempts, 1);
    assert.equal(result.totalNum, 27);
  });

  it('reads the list again when a row leaves below the top, and comes back whole', async () => {
    // r12 leaves before the second page (offsets 9-18): its first row, r15, comes one place higher
    // than the first page put it.
    const server = listServer(25, {
      before: (n, s) => {
        if (n === 2) s.rows.splice(12, 1);
      },
    });
    const result = await readAllPages(reader(server), { key, pageSize: 10, concurrency: 1 });
    assert.deepEqual(result.items, server.rows);
    assert.equal(result.items.length, 24);
    assert.equal(result.attempts, 2);
    assert.equal(result.problem, undefined);
  });

  it('gives the rows in hand and says why when the list keeps moving below its top', async () => {
    const server = listServer(40, {
      before: (n, s) => {
        if (n > 1) s.rows.splice(12, 1);
      },
    });
    const result = await readAllPages(reader(server), { key, pageSize: 10, concurrency: 1 });
    assert.equal(result.attempts, 2);
    assert.match(
      result.problem ?? '',
      /^the list changed while it was read \(\d+ rows moved other than at the top\)$/,
    );
    assert.ok(result.pages <= 2 * (1 + Math.ceil(30 / 9)) + 3, `${result.pages} requests`);
  });

  it('follows a total_num that is too low until a short page', async () => {
    const server = listServer(25, { skew: -10 });
    const result = await readAllPages(reader(server), { key, pageSize: 10, concurrency: 1 });
    assert.deepEqual(result.items, server.rows);
    assert.equal(result.problem, undefined);
  });

  it('ends at the empty page behind a total_num that is too high', async () => {
    const server = listServer(25, { skew: 10 });
    const result = await readAllPages(reader(server), { key, pageSize: 10, concurrency: 1 });
    assert.deepEqual(result.items, server.rows);
    assert.equal(result.problem, undefined);
  });

  it('recovers from one empty page in the middle', async () => {
    const server = listServer(30, { emptyAt: [2] });
    const result = await readAllPages(reader(server), { key, pageSize: 10, concurrency: 1 });
    assert.deepEqual(result.items, server.rows);
    assert.equal(result.problem, undefined);
  });

  it('says which rows are missing when a page stays empty below total_num', async () => {
    const server = listServer(30, { emptyAt: Array.from({ length: 50 }, (_, i) => i + 2) });
    const result = await readAllPages(reader(server), { key, pageSize: 10, concurrency: 1 });
    assert.deepEqual(result.items, server.rows.slice(0, 10));
    assert.equal(
      result.problem,
      'a page came back empty although total_num was 30; 20 rows could not be read',
    );
    // Twice the 4 requests a still list needs, and 3 for its end.
    assert.equal(result.pages, 11);
  });

  it('keeps to the request budget', async () => {
    const server = listServer(30, { emptyAt: Array.from({ length: 50 }, (_, i) => i + 2) });
    const result = await readAllPages(reader(server), {
      key,
      pageSize: 10,
      concurrency: 1,
      requestBudget: 1,
    });
    assert.equal(result.pages, 7, '4 × 1 + 3');
    assert.match(result.problem ?? '', /20 rows could not be read/);
  });

  it('keeps at most `concurrency` pages in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const server = listServer(100);
    const read = reader(server);
    await readAllPages(
      async (window, signal) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return read(window, signal);
      },
      { key, pageSize: 10, concurrency: 3 },
    );
    assert.equal(most, 3);
    assert.equal(server.seen.length, 12, '1 + ceil(90 / 9) + 1 for the end');
  });

  it('reports progress as pages arrive, the rows in list order', async () => {
    const server = listServer(25);
    const seen: { loaded: number; total: number; items: readonly string[] }[] = [];
    await readAllPages(reader(server), {
      key,
      pageSize: 10,
      concurrency: 1,
      onProgress: (progress: ListProgress<string>) =>
        seen.push({ loaded: progress.loaded, total: progress.total, items: progress.items }),
    });
    assert.deepEqual(
      seen.map((p) => [p.loaded, p.total]),
      [
        [10, 25],
        [19, 25],
        [25, 25],
      ],
    );
    assert.deepEqual(seen[0]?.items, server.rows.slice(0, 10));
  });

  it('stops the other pages at the first failure and rejects with it', async () => {
    const server = listServer(100);
    const read = reader(server);
    const failure = new HssError('credentials', 'rejected');
    await assert.rejects(
      readAllPages(
        async (window, signal) => {
          if (window.offset === 18) throw failure;
          return read(window, signal);
        },
        { key, pageSize: 10, concurrency: 1 },
      ),
      (error: unknown) => error === failure,
    );
    assert.deepEqual(offsets(server), [0, 9]);
  });

  it('rejects as cancelled when the caller aborts, before or during the read', async () => {
    const before = new AbortController();
    before.abort();
    const server = listServer(30);
    await assert.rejects(
      readAllPages(reader(server), { key, pageSize: 10, signal: before.signal }),
      (error: unknown) => error instanceof HssError && error.kind === 'cancelled',
    );
    assert.equal(server.seen.length, 0);

    const during = new AbortController();
    const moving = listServer(30, {
      before: (n) => {
        if (n === 2) during.abort();
      },
    });
    await assert.rejects(
      readAllPages(reader(moving), { key, pageSize: 10, concurrency: 1, signal: during.signal }),
      (error: unknown) => error instanceof HssError && error.kind === 'cancelled',
    );
    assert.equal(moving.seen.length, 2);
  });

  it('reads again when a row leaves the list above the pages still to read', async () => {
    // The 4th row leaves before the second request: rows read before it sit one place off.
    const server = listServer(25, { before: (n, s) => (n === 2 ? void s.rows.splice(3, 1) : undefined) });
    const result = await readAllPages(reader(server), { key, pageSize: 10, concurrency: 1 });
    assert.equal(result.problem, undefined);
    assert.equal(result.attempts, 2);
    assert.deepEqual(result.items, server.rows);
    assert.equal(result.items.length, 24);
    // 0, 9, 18 read the 24 rows and end short; then the list is read again: 0, 9, 18.
    assert.deepEqual(offsets(server), [0, 9, 18, 0, 9, 18]);
  });

  it('says so when the list keeps shrinking, after reading it twice', async () => {
    // The 4th row leaves before every request but the first. 0 (total 25), then 9 and 18 (total 24
    // and 23: the list is shorter): read again, 0 (22), 9 and 18 (21, 20). Shorter again, but a
    // list is read twice at most: the rows of the second read, and why they may be wrong.
    const server = listServer(25, { before: (n, s) => (n > 1 ? void s.rows.splice(3, 1) : undefined) });
    const result = await readAllPages(reader(server), { key, pageSize: 10, concurrency: 1 });
    assert.deepEqual(offsets(server), [0, 9, 18, 0, 9, 18]);
    assert.equal(result.attempts, 2);
    assert.equal(result.problem, 'the list changed while it was read (it went from 22 to 20 rows)');
  });
});
