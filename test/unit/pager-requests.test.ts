/**
 * The requests readAllPages makes, offset by offset, on an in-memory list that misbehaves in one
 * way each. Every expected sequence was worked out by hand from the rule in pager.ts's module
 * comment (a row's place is its distance from the bottom, as its own page saw it); the comments
 * give the working.
 */
import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { readAllPages } from '../../src/hss/pager';
import { key, type ListServer, listServer, offsets, reader } from './memoryList';

/** One request at a time; `pageSize` is the limit asked for. */
const read = (server: ListServer, pageSize = 10) =>
  readAllPages(reader(server), { key, pageSize, concurrency: 1 });

/** Reads the list and checks that it came back whole, without a problem, after these requests. */
async function readsWhole(server: ListServer, pageSize: number, requests: number[]): Promise<void> {
  const result = await read(server, pageSize);
  assert.deepEqual(offsets(server), requests);
  assert.equal(result.problem, undefined);
  assert.deepEqual(result.items, server.rows);
}

describe('readAllPages, request by request', () => {
  it('reads again, once, when a row is inserted below the rows read', async () => {
    // Page 1 (total 25) puts r24..r15 at places 24..15. Then x is inserted under r5: 26 rows, and
    // page 2 (offset 9, total 26) puts r15 at 16 and r14 at 15, where page 1 had r16 and r15: two
    // conflicts, a third at page 3's first row. The list is read again: 0, 9, 18 over 26 rows.
    const server = listServer(25, {
      before: (n, s) => (n === 2 ? void s.rows.splice(20, 0, 'x') : undefined),
    });
    const result = await read(server);
    assert.deepEqual(offsets(server), [0, 9, 18, 0, 9, 18]);
    assert.equal(result.attempts, 2);
    assert.equal(result.problem, undefined);
    assert.deepEqual(result.items, server.rows);
  });

  it('follows a total_num that is too low past the places it names, to a short page', async () => {
    // total_num 15 for 25 rows: page 1 fills places 14..5, page 2 (offset 9) places 5..-4. No hole
    // is left and no page was short, so one more page under the last row: offset 18, 7 rows, short.
    const server = listServer(25, { skew: -10 });
    const result = await read(server);
    assert.deepEqual(offsets(server), [0, 9, 18]);
    assert.equal(result.totalNum, 15);
    assert.deepEqual(result.items, server.rows);
  });

  it('plans the pages down to place 0 of a total_num that is too high, and ends at the short page', async () => {
    // total_num 35 for 25 rows: after page 1 (places 34..25) the hole is 24..0: pages 9, 18, 27.
    // Page 18 brings 7 rows (short: the end at place 10); page 27 is empty. Nothing is missing.
    const server = listServer(25, { skew: 10 });
    const result = await read(server);
    assert.deepEqual(offsets(server), [0, 9, 18, 27]);
    assert.equal(result.pages, 4);
    assert.equal(result.problem, undefined);
    assert.deepEqual(result.items, server.rows);
  });

  it('reads again only the hole an empty page in the middle left', async () => {
    // 30 rows; page 2 (offset 9) comes back empty. Pages 18 and 27 fill places 11..0 and end. The
    // hole is places 19..12: one page at offset 9 covers 20..11.
    const server = listServer(30, { emptyAt: [2] });
    await readsWhole(server, 10, [0, 9, 18, 27, 9]);
  });

  it('reads again, once, a list of short pages that a row left below the rows read', async () => {
    // 20 rows, 5 a page (no overlap). Page 1 (total 20) puts r19..r15 at places 19..15. r7 leaves:
    // 19 rows. Pages 5, 10 and 15 (total 19) put r14..r10 at 13..9, r9, r8, r6..r4 at 8..4 and
    // r3..r0 at 3..0 (4 rows: the end). Place 14 stays empty, and no page can fill it: the list
    // is shorter than it began, so it is read again over 19 rows: 0, 5, 10, 15 (the last 4).
    const server = listServer(20, {
      cap: 5,
      before: (n, s) => (n === 2 ? void s.rows.splice(12, 1) : undefined),
    });
    const result = await read(server, 50);
    assert.deepEqual(offsets(server), [0, 5, 10, 15, 0, 5, 10, 15]);
    assert.equal(result.attempts, 2);
    assert.equal(result.problem, undefined);
    assert.equal(result.totalNum, 19);
    assert.deepEqual(
      result.items,
      'r19 r18 r17 r16 r15 r14 r13 r12 r11 r10 r9 r8 r6 r5 r4 r3 r2 r1 r0'.split(' '),
    );
  });

  it('ends a list of pages as long as the limit at the highest end its short pages show', async () => {
    // 6 rows, total_num 10, limit 5 (pages of 5: no overlap). Page 0 puts r5..r1 at places 9..5.
    // The hole 4..0: page 5 ends right at place 0, but a page as long as the limit there proves
    // nothing (total_num may be too low), so page 10 goes in the same round. Page 5 brings r0 alone
    // (short: the end at place 4); page 10 is empty past its total (an end at place 0). The
    // highest end under the rows read, 4, is the bottom: nothing is missing.
    const server = listServer(6, { skew: 4 });
    const result = await read(server, 5);
    assert.deepEqual(offsets(server), [0, 5, 10]);
    assert.equal(result.problem, undefined);
    assert.deepEqual(result.items, ['r5', 'r4', 'r3', 'r2', 'r1', 'r0']);
  });

  it('ends where an empty page follows the last row twice, though total_num says more', async () => {
    // 5 rows, total_num 15, limit 5. Page 0 puts r4..r0 at places 14..10; the hole 9..0 is read by
    // pages 5, 10 and, as a page of the limit's length could end at the total, 15. Pages 5 and 10
    // come back empty below the total, page 15 empty at it: the end at 0, under a hole of 9..0 that
    // takes 5 and 10 again. Both empty again: page 5 begins right under a known row, place 10, and
    // has now said twice that nothing lies there. The list ends at 10; the end at 0 lies lower.
    const server = listServer(5, { skew: 10 });
    const result = await read(server, 5);
    assert.deepEqual(offsets(server), [0, 5, 10, 15, 5, 10]);
    assert.equal(result.problem, undefined);
    assert.deepEqual(result.items, ['r4', 'r3', 'r2', 'r1', 'r0']);
  });

  it('takes an empty page right under the last row, twice, as the end, when the server serves fewer rows than asked', async () => {
    // 4 rows, total_num 8, limit 12: the server serves 4, short of the limit, so the page of 4 at
    // offset 4 would reach the total and end the list. It comes back empty below its total, under
    // a known row (place 4): once, it may be a glitch; read again and empty again, it is the end.
    const server = listServer(4, { skew: 4 });
    const result = await read(server, 12);
    assert.deepEqual(offsets(server), [0, 4, 4]);
    assert.equal(result.problem, undefined);
    assert.deepEqual(result.items, ['r3', 'r2', 'r1', 'r0']);
  });

  it('reads again, once the end is known, the short page that came back empty', async () => {
    // 20 rows, limit 5. Page 0 puts r19..r15 at 19..15; the hole 14..0 takes 5, 10, 15 and, as a
    // page of the limit's length could end at the total, 20. Page 5 comes back empty; 20 is empty
    // past the total (the end at 0). The hole 14..10 is one page, 5: it ends right at the hole's
    // low place, and with the end known that is enough.
    const server = listServer(20, { emptyAt: [2] });
    await readsWhole(server, 5, [0, 5, 10, 15, 20, 5]);
  });

  it('reads a middle hole of a list whose end is not yet known in one page that ends at the hole', async () => {
    // 20 rows, total_num 15 (too low), limit 5. Page 0 puts r19..r15 at 14..10; the hole 9..0 takes
    // 5, 10 and 15 (a page of the limit's length ending at the total proves nothing). Page 5 comes
    // back empty; 10 puts r9..r5 at 4..0, 15 puts r4..r0 at -1..-5, full: no end yet. The hole
    // 9..5 is not the bottom one: page 5 alone covers it. Then one page under the last row, 20:
    // empty past the total, the end at -5.
    const server = listServer(20, { skew: -5, emptyAt: [2] });
    await readsWhole(server, 5, [0, 5, 10, 15, 5, 20]);
  });

  it('looks for the end under the last row only once the holes above it are filled', async () => {
    // 30 rows, total_num 20 (too low). Page 0 puts r29..r20 at 19..10; then 9 and 18. Page 9 comes
    // back empty; 18 puts r11..r2 at 1..-8, full: no end. The hole 9..2 first, alone: page 9, after
    // n0 arrived (total 21), fills 11..2. Now the top, 20, alone: page 0. Only then the page under
    // the last row, -8, at the total of now: 21 - 1 + 8 = 28, which brings r2..r0 (short: the end).
    const server = listServer(30, {
      skew: -10,
      emptyAt: [2],
      before: (n, s) => (n === 4 ? void s.rows.unshift('n0') : undefined),
    });
    await readsWhole(server, 10, [0, 9, 18, 9, 0, 28]);
  });

  it('reads a list that total_num says has 10 rows, and every page empty, to its budget', async () => {
    // No row ever: the page size stays the limit, 5. Page 0 is empty below its total. The hole
    // 9..0 is the top: pages 0, 5 and 10 (the last empty past the total: the end at 0). With the
    // end known, the hole takes pages 0 and 5 only; the budget (2 × 2 + 3 = 7) leaves room for 0.
    const server = listServer(0, { skew: 10 });
    const result = await read(server, 5);
    assert.deepEqual(offsets(server), [0, 0, 5, 10, 0, 5, 0]);
    assert.equal(
      result.problem,
      'a page came back empty although total_num was 10; 10 rows could not be read',
    );
    assert.deepEqual(result.items, []);
  });

  it('reads again a short page that came back empty under the last row it had, before ending there', async () => {
    // 20 rows, limit 5 (no overlap). Page 0, then 5, 10, 15 and 20 (a page of the limit's length
    // could end at the total). Page 15 comes back empty, right under a known row (place 5), and
    // nothing is known below it: the end of a list whose total_num is too high, or a glitch. Page
    // 20, empty past the total, ends the list at 0 either way. Read once more, page 15 brings
    // r4..r0: all 20 rows.
    const server = listServer(20, { emptyAt: [4] });
    await readsWhole(server, 5, [0, 5, 10, 15, 20, 15]);
  });

  it('keeps true duplicates that meet at the boundary of two short pages', async () => {
    // 20 rows, 5 a page: no overlap. Rows 4 and 5 are the same task (a true duplicate): page 5's
    // first row has the key page 0 put one place above it. Without an overlap that says nothing
    // of a move: 0, 5, 10, 15 and both rows kept.
    const server = listServer(20, { cap: 5 });
    server.rows[5] = 'r15';
    const result = await read(server, 50);
    assert.deepEqual(offsets(server), [0, 5, 10, 15]);
    assert.equal(result.attempts, 1);
    assert.equal(result.problem, undefined);
    assert.deepEqual(result.items, server.rows);
  });

  it('reads the rows that arrived at the top last, after the holes below them', async () => {
    // 6 rows, 3 a page. Page 0 puts r5, r4, r3 at 5..3. n0 arrives: page 3 (total 7) puts r3..r1
    // at 3..1. Holes: 6 (the top) and 0. The lower one first, page 6 (r0 at 0, short: the end);
    // then the top alone, page 0 (n0 at 6), so the list comes back as that last page saw it.
    const server = listServer(6, {
      cap: 3,
      before: (n, s) => (n === 2 ? void s.rows.unshift('n0') : undefined),
    });
    const result = await read(server, 5);
    assert.deepEqual(offsets(server), [0, 3, 6, 0]);
    assert.deepEqual(result.items, ['n0', 'r5', 'r4', 'r3', 'r2', 'r1', 'r0']);
  });

  it('keeps the rows below place 0 of a total_num too low when the top is read last', async () => {
    // 5 rows, total_num 2, limit 5: page 0 puts r4..r0 at places 1..-3, no end shown. n0 arrives
    // (total 3): page 5, under the last row, brings r0 again at -3 (short: the end). The top, place
    // 2, is read last: page 0 puts n0..r1 at 2..-2. The rows are the places 2 down to -3: all 6.
    const server = listServer(5, {
      skew: -3,
      before: (n, s) => (n === 2 ? void s.rows.unshift('n0') : undefined),
    });
    const result = await read(server, 5);
    assert.deepEqual(offsets(server), [0, 5, 0]);
    assert.equal(result.problem, undefined);
    assert.deepEqual(result.items, ['n0', 'r4', 'r3', 'r2', 'r1', 'r0']);
  });

  it('says rows moved when the second read does not fit together either, though it ended', async () => {
    // As the first test, and y is inserted under r5 again before the second read's second page.
    // Read 2: page 0 (total 26) puts r24..r15 at 25..16; page 9 (total 27) puts r15, r14 at 17, 16
    // (2 conflicts) and r15..r6 down to 8; page 18 puts r6..r0 (with y, x) at 8..0: the end. Place
    // 26 is the top, read last: page 0 (total 27) puts r24..r16 at 26..18, where r24..r17 sat at
    // 25..18 (8 conflicts). Nothing is missing, yet 10 readings disagreed: say so.
    const server = listServer(25, {
      before: (n, s) => (n === 2 || n === 5 ? void s.rows.splice(20, 0, n === 2 ? 'x' : 'y') : undefined),
    });
    const result = await read(server);
    assert.deepEqual(offsets(server), [0, 9, 18, 0, 9, 18, 0]);
    assert.equal(result.attempts, 2);
    assert.equal(result.problem, 'the list changed while it was read (10 rows moved other than at the top)');
    assert.deepEqual(result.items, server.rows);
  });

  it('names the rows it could not place when a list of short pages keeps moving', async () => {
    // As the test of short pages above, and r6 leaves too, before the second read's second page:
    // place 13 of that read (total 19) stays empty, and page 5 (total 18) cannot fill it. After
    // twice 4 pages, the budget of 4 × 2 + 3 requests goes on page 5, and the one empty place is
    // named; the 18 rows in hand are in fact the list.
    const server = listServer(20, {
      cap: 5,
      before: (n, s) => (n === 2 || n === 6 ? void s.rows.splice(12, 1) : undefined),
    });
    const result = await read(server, 50);
    assert.deepEqual(offsets(server), [0, 5, 10, 15, 0, 5, 10, 15, 5, 5, 5]);
    assert.equal(result.problem, '1 rows could not be read while the list kept moving');
    assert.deepEqual(
      result.items,
      'r19 r18 r17 r16 r15 r14 r13 r12 r11 r10 r9 r8 r5 r4 r3 r2 r1 r0'.split(' '),
    );
  });

  it('reads a list again only when the request budget leaves room for a whole read', async () => {
    // 25 rows; the 4th leaves before the second request. A still list takes 3 requests (0, 9, 18),
    // so a budget of 1 × 3 + 3 = 6 leaves room, after the first read's 3, for a second: 0, 9, 18.
    const leaving = () =>
      listServer(25, { before: (n, s) => (n === 2 ? void s.rows.splice(3, 1) : undefined) });
    const room = leaving();
    const again = await readAllPages(reader(room), { key, pageSize: 10, concurrency: 1, requestBudget: 1 });
    assert.deepEqual(offsets(room), [0, 9, 18, 0, 9, 18]);
    assert.equal(again.attempts, 2);
    assert.equal(again.problem, undefined);
    // A budget of ⌈0.5 × 3⌉ + 3 = 5 does not: the first read is all there is, and why it may be off.
    const tight = leaving();
    const once = await readAllPages(reader(tight), { key, pageSize: 10, concurrency: 1, requestBudget: 0.5 });
    assert.deepEqual(offsets(tight), [0, 9, 18]);
    assert.equal(once.attempts, 1);
    assert.equal(once.problem, 'the list changed while it was read (it went from 25 to 24 rows)');
  });

  it('takes its abort listener off the caller signal when the read ends', async () => {
    const controller = new AbortController();
    const server = listServer(25);
    await readAllPages(reader(server), { key, pageSize: 10, signal: controller.signal });
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});
