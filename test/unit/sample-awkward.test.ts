/** The sample server playing the awkward server: a page cap below `limit`, tasks arriving while it serves. */
import * as assert from 'node:assert/strict';
import { type SampleServer, startSampleServer } from '../../src/sample/server';

const NOW = Date.parse('2026-11-27T12:00:00Z');

interface Page {
  total_num: number;
  data_list: { backup_name?: string; status?: string; started_at?: unknown }[];
}

async function listPage(server: SampleServer, offset: number, limit: number): Promise<Page> {
  const url = `${server.url}/v5/${server.projectId}/ransomware/backup/operation-logs?offset=${offset}&limit=${limit}&enterprise_project_id=all_granted_eps`;
  const res = await fetch(url, { headers: { 'X-Auth-Token': server.token } });
  assert.equal(res.status, 200);
  return (await res.json()) as Page;
}

describe('sample server: awkward servers', () => {
  let server: SampleServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('pageCap serves at most N rows whatever limit asks, with the true total', async () => {
    server = await startSampleServer({
      token: 'tok',
      taskCount: 250,
      now: NOW,
      clock: () => NOW,
      pageCap: 37,
    });
    const first = await listPage(server, 0, 200);
    assert.equal(first.data_list.length, 37);
    assert.equal(first.total_num, 250);
    const small = await listPage(server, 0, 10);
    assert.equal(small.data_list.length, 10, 'a smaller limit is honoured');
    const last = await listPage(server, 222, 200);
    assert.equal(last.data_list.length, 28, 'the end of the list: 250 - 222');
  });

  it('rejects a page cap that is not a positive integer', async () => {
    await assert.rejects(startSampleServer({ pageCap: 0 }), /pageCap must be a positive integer, got 0/);
  });

  it('arrivalsPerSecond puts new waiting tasks at the top as its clock moves, none before', async () => {
    let now = NOW;
    server = await startSampleServer({
      token: 'tok',
      taskCount: 50,
      now: NOW,
      clock: () => now,
      arrivalsPerSecond: 5,
    });
    const before = await listPage(server, 0, 10);
    assert.equal(before.total_num, 50, 'nothing has arrived at the start');
    now += 1000;
    const after = await listPage(server, 0, 10);
    assert.equal(after.total_num, 55, '5 a second');
    assert.deepEqual(
      after.data_list.slice(0, 5).map((row) => row.status),
      ['waiting', 'waiting', 'waiting', 'waiting', 'waiting'],
    );
    // Queued at the instants they were due: 200 ms apart, the newest first.
    assert.deepEqual(
      after.data_list.slice(0, 5).map((row) => row.started_at),
      [NOW + 1000, NOW + 800, NOW + 600, NOW + 400, NOW + 200],
    );
    // The old first row moved down by five.
    assert.deepEqual(after.data_list[5], before.data_list[0]);
    now += 400;
    assert.equal((await listPage(server, 0, 10)).total_num, 57);
    assert.equal((await listPage(server, 0, 10)).total_num, 57, 'the same instant adds nothing');
  });

  it('arrivals depend only on the seed and the clock', async () => {
    const rows = async () => {
      let now = NOW;
      const s = await startSampleServer({
        token: 'tok',
        taskCount: 5,
        now: NOW,
        clock: () => now,
        seed: 3,
        arrivalsPerSecond: 2,
      });
      now += 1500;
      await listPage(s, 0, 10);
      now += 1500;
      const page = await listPage(s, 0, 10);
      await s.close();
      return page.data_list;
    };
    const [a, b] = [await rows(), await rows()];
    assert.deepEqual(a, b);
    server = await startSampleServer({ taskCount: 1 });
  });
});
