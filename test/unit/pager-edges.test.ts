/** readAllPages edge cases over in-memory readers: page size found late, newer readings, endless lists. */
import * as assert from 'node:assert/strict';
import { HssError } from '../../src/hss/errors';
import { type Page, type PageWindow, readAllPages } from '../../src/hss/pager';

interface Row {
  readonly id: string;
  readonly v: number;
}

const key = (row: Row) => row.id;

function rowsOf(count: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({ id: `r${count - 1 - i}`, v: 0 }));
}

describe('readAllPages edges', () => {
  it('learns the page size from the first page that brings rows', async () => {
    const rows = rowsOf(30);
    const seen: number[] = [];
    const result = await readAllPages<Row>(
      async (window: PageWindow): Promise<Page<Row>> => {
        seen.push(window.offset);
        // The first answer is an empty glitch; then a server capped at 7 rows a page.
        const items =
          seen.length === 1 ? [] : rows.slice(window.offset, window.offset + Math.min(7, window.limit));
        return { totalNum: rows.length, items };
      },
      { key, pageSize: 10, concurrency: 1 },
    );
    assert.deepEqual(result.items, rows);
    assert.equal(result.pageSize, 7);
    assert.deepEqual(result.requestIds, [], 'no request id, none listed');
  });

  it('keeps the newest reading of a row read twice (the overlap)', async () => {
    const rows = rowsOf(25);
    let requests = 0;
    const result = await readAllPages<Row>(
      async (window) => {
        requests++;
        // r15 (the overlap row, index 9) changes before the second page reads it again.
        if (requests === 2) rows[9] = { id: 'r15', v: 1 };
        return { totalNum: rows.length, items: rows.slice(window.offset, window.offset + window.limit) };
      },
      { key, pageSize: 10, concurrency: 1 },
    );
    assert.deepEqual(
      result.items.find((row) => row.id === 'r15'),
      { id: 'r15', v: 1 },
    );
    assert.equal(result.items.length, 25);
  });

  it('sends the next request before it hands a page on', async () => {
    const rows = rowsOf(25);
    const events: string[] = [];
    const result = await readAllPages<Row>(
      async (window) => {
        events.push(`get ${window.offset}`);
        return { totalNum: rows.length, items: rows.slice(window.offset, window.offset + window.limit) };
      },
      {
        key,
        pageSize: 10,
        concurrency: 1,
        onProgress: (progress) => events.push(`shown ${progress.loaded}`),
      },
    );
    // Pages 0, 9 and 18 (one row of overlap); one request at a time, the next one out first.
    assert.deepEqual(events, ['get 0', 'shown 10', 'get 9', 'get 18', 'shown 19', 'shown 25']);
    assert.deepEqual(result.items, rows);
  });

  it('gives up on a list whose pages never end, and says so', async () => {
    const result = await readAllPages<Row>(
      // total_num says 10, yet every page is full: the end is never shown.
      async (window) => ({
        totalNum: 10,
        items: Array.from({ length: window.limit }, (_, j) => ({ id: `x${window.offset + j}`, v: 0 })),
      }),
      { key, pageSize: 10, concurrency: 1 },
    );
    assert.equal(result.problem, 'no page showed where the list ends');
    // 2 × 1 request, and 3 for the end.
    assert.equal(result.pages, 5);
  });

  it('says no page showed the end when the one empty page left no row unread', async () => {
    // As above, but the second page (offset 9, below total_num 10) comes back empty once. Places
    // 9..0 are known from the first page, so nothing is missing; the end is what is not known.
    const seen: number[] = [];
    const result = await readAllPages<Row>(
      async (window) => {
        seen.push(window.offset);
        const items = Array.from({ length: window.limit }, (_, j) => ({ id: `x${window.offset + j}`, v: 0 }));
        return { totalNum: 10, items: seen.length === 2 ? [] : items };
      },
      { key, pageSize: 10, concurrency: 1 },
    );
    assert.deepEqual(seen, [0, 9, 9, 18, 27]);
    assert.equal(result.problem, 'no page showed where the list ends');
  });

  it('says the request was cancelled when the caller aborts between pages', async () => {
    const controller = new AbortController();
    const rows = rowsOf(40);
    let requests = 0;
    await assert.rejects(
      readAllPages<Row>(
        async (window) => {
          requests++;
          if (requests === 2) controller.abort();
          return { totalNum: rows.length, items: rows.slice(window.offset, window.offset + window.limit) };
        },
        { key, pageSize: 10, concurrency: 1, signal: controller.signal },
      ),
      (error: unknown) =>
        error instanceof HssError &&
        error.kind === 'cancelled' &&
        error.message === 'The request was cancelled.',
    );
    assert.equal(requests, 2);
  });
});
