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

const read = (server: ListServer) => readAllPages(reader(server), { key, pageSize: 10, concurrency: 1 });

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
    const result = await read(server);
    assert.deepEqual(offsets(server), [0, 9, 18, 27, 9]);
    assert.equal(result.problem, undefined);
    assert.deepEqual(result.items, server.rows);
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
    const result = await readAllPages(reader(server), { key, pageSize: 50, concurrency: 1 });
    assert.deepEqual(offsets(server), [0, 5, 10, 15, 0, 5, 10, 15]);
    assert.equal(result.attempts, 2);
    assert.equal(result.problem, undefined);
    assert.equal(result.totalNum, 19);
    assert.deepEqual(
      result.items,
      ['r19', 'r18', 'r17', 'r16', 'r15', 'r14', 'r13', 'r12', 'r11', 'r10'].concat([
        'r9',
        'r8',
        'r6',
        'r5',
        'r4',
        'r3',
        'r2',
        'r1',
        'r0',
      ]),
    );
  });

  it('takes its abort listener off the caller signal when the read ends', async () => {
    const controller = new AbortController();
    const server = listServer(25);
    await readAllPages(reader(server), { key, pageSize: 10, signal: controller.signal });
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});
