import * as assert from 'node:assert/strict';
import type { Faults } from '../../src/sample/faults';
import { type SampleServer, startSampleServer } from '../../src/sample/server';

const NOW = Date.parse('2025-03-06T05:26:18Z');

interface Page {
  total_num: unknown;
  data_list: Record<string, unknown>[];
}
interface ErrorBody {
  error_code: string;
  error_msg: string;
  request_id: string;
}

function logsUrl(server: SampleServer, offset = 0, limit = 10): string {
  return `${server.url}/v5/${server.projectId}/ransomware/backup/operation-logs?offset=${offset}&limit=${limit}&enterprise_project_id=all_granted_eps`;
}

function list(server: SampleServer, offset = 0, limit = 10): Promise<Response> {
  return fetch(logsUrl(server, offset, limit), { headers: { 'X-Auth-Token': server.token } });
}

async function listPage(server: SampleServer, offset = 0, limit = 10): Promise<Page> {
  const res = await list(server, offset, limit);
  assert.equal(res.status, 200);
  return (await res.json()) as Page;
}

describe('sample server: faults', () => {
  let server: SampleServer;

  async function start(faults: Faults = {}, taskCount = 100): Promise<SampleServer> {
    server = await startSampleServer({
      token: 'tok',
      taskCount,
      seed: 1,
      now: NOW,
      clock: () => NOW,
      faults,
    });
    return server;
  }
  afterEach(() => server.close());

  it('latency delays matching responses, `times` limits it', async () => {
    await start({ latency: { ms: 150, times: 1 } });
    const started = performance.now();
    assert.equal((await list(server)).status, 200);
    // A lower bound only (a timer never fires early); which request was delayed is in the log, so
    // no upper wall-clock limit is needed for the second.
    assert.ok(performance.now() - started >= 140, 'first request delayed');
    await list(server);
    assert.deepEqual(
      server.requests.map((r) => r.faults),
      [['latency'], []],
    );
  });

  it('latency runs from arrival: the reply is worked out then and sent when the latency is over', async () => {
    await start({ latency: { ms: 200 } });
    const before = server.tasks.length;
    const reply = listPage(server);
    // A change made while the request waits is not in its reply: the work happened on arrival,
    // as a backend that answers concurrent requests side by side would have done it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.tasks.splice(0, 10);
    const page = await reply;
    assert.equal(page.total_num, before);
    const [logged] = server.requests;
    assert.ok(logged && logged.durationMs >= 195, `sent after the latency (${logged?.durationMs} ms)`);
    assert.equal((await listPage(server)).total_num, before - 10);
  });

  it('throttle answers 429 APIGW.0308 with Retry-After, then recovers after `times`', async () => {
    await start({ throttle: { retryAfterSeconds: 3, times: 2 } });
    for (let i = 0; i < 2; i++) {
      const res = await list(server);
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '3');
      const body = (await res.json()) as ErrorBody;
      assert.equal(body.error_code, 'APIGW.0308');
      assert.equal(body.request_id, res.headers.get('x-request-id'));
    }
    assert.equal((await list(server)).status, 200);
  });

  it('throttle can omit Retry-After; it defaults to 2 seconds', async () => {
    await start({ throttle: { omitRetryAfter: true, times: 1 } });
    const bare = await list(server);
    assert.equal(bare.status, 429);
    assert.equal(bare.headers.get('retry-after'), null);
    server.setFaults({ throttle: { times: 1 } });
    assert.equal((await list(server)).headers.get('retry-after'), '2');
  });

  it('serverError answers 500, 502, 503 and 504 with gateway-style bodies', async () => {
    await start();
    for (const status of [500, 502, 503, 504] as const) {
      server.setFaults({ serverError: { status, times: 1 } });
      const res = await list(server);
      assert.equal(res.status, status);
      const body = (await res.json()) as ErrorBody;
      assert.match(body.error_code, /^(APIGW|HSS)\.\d{4}$/);
      assert.ok(body.error_msg.length > 0);
      assert.equal((await list(server)).status, 200, 'times: 1 is used up');
    }
    server.setFaults({ serverError: {} });
    assert.equal((await list(server)).status, 503);
  });

  it('dropConnection destroys the socket without a response', async () => {
    await start({ dropConnection: { times: 1 } });
    await assert.rejects(list(server), TypeError);
    assert.equal(server.requests[0]?.status, 0);
    assert.deepEqual(server.requests[0]?.faults, ['dropConnection']);
    assert.equal((await list(server)).status, 200);
  });

  it('truncateBody sends the headers and part of the body, then hangs up', async () => {
    await start({ truncateBody: { times: 1 } });
    const res = await list(server);
    assert.equal(res.status, 200);
    assert.ok(res.headers.get('x-request-id'));
    await assert.rejects(res.text());
    assert.equal((await list(server)).status, 200);
  });

  it('malformedJson sends a complete response whose JSON does not parse', async () => {
    await start({ malformedJson: {} });
    const res = await list(server);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /json/);
    const text = await res.text();
    assert.ok(text.startsWith('{"total_num":'));
    assert.throws(() => JSON.parse(text), SyntaxError);
  });

  it('wrongTypes sends process as a string, host_name as a number and error_info as a string', async () => {
    await start({ wrongTypes: {} });
    const page = await listPage(server);
    assert.ok(page.data_list.length > 0);
    for (const row of page.data_list) {
      assert.equal(typeof row.process, 'string');
      assert.equal(typeof row.host_name, 'number');
    }
    assert.equal(typeof page.data_list[0]?.error_info, 'string');
    assert.equal(typeof page.total_num, 'number');
  });

  it('lieAboutTotal inflates or deflates total_num, never below 0, rows unchanged', async () => {
    await start({ lieAboutTotal: { delta: 50 } });
    const inflated = await listPage(server);
    assert.equal(inflated.total_num, 150);
    assert.equal(inflated.data_list.length, 10);
    server.setFaults({ lieAboutTotal: { delta: -30 } });
    assert.equal((await listPage(server)).total_num, 70);
    server.setFaults({ lieAboutTotal: { delta: -1000 } });
    assert.equal((await listPage(server)).total_num, 0);
  });

  it('emptyPage returns an empty data_list (true total) for the page holding the given row only', async () => {
    await start({ emptyPage: { atRow: 10 } });
    assert.equal((await listPage(server, 0)).data_list.length, 10);
    const empty = await listPage(server, 10);
    assert.deepEqual(empty, { total_num: 100, data_list: [] });
    assert.equal((await listPage(server, 20)).data_list.length, 10);
  });

  it('tokenExpiresAfter lets the current token through N times, then 401; a new token works', async () => {
    await start({ tokenExpiresAfter: 2 });
    assert.equal((await list(server)).status, 200);
    assert.equal((await list(server)).status, 200);
    const expired = await list(server);
    assert.equal(expired.status, 401);
    const body = (await expired.json()) as ErrorBody;
    assert.equal(body.error_code, 'APIGW.0301');
    assert.match(body.error_msg, /expired/);
    assert.equal((await list(server)).status, 401, 'stays expired');
    server.setToken('fresh');
    assert.equal((await list(server)).status, 200);
  });

  it('hugeErrorMessage puts a 1 MiB message in the first row', async () => {
    await start({ hugeErrorMessage: { times: 1 } });
    const res = await list(server);
    const text = await res.text();
    assert.ok(text.length > 1024 * 1024);
    const page = JSON.parse(text) as Page;
    const info = page.data_list[0]?.error_info as { message: string };
    assert.equal(info.message.length, 1024 * 1024);
    assert.ok(res.headers.get('content-length') === String(Buffer.byteLength(text)));
    const next = await listPage(server);
    assert.ok(JSON.stringify(next).length < 10_000);
  });

  it('tasksArrive prepends tasks after the first page, shifting later pages', async () => {
    await start({ tasksArrive: { count: 5 } });
    const first = await listPage(server, 0);
    assert.equal(server.tasks.length, 105);
    const second = await listPage(server, 10);
    assert.equal(second.total_num, 105);
    // The last five rows of page one reappear at the top of page two.
    assert.deepEqual(second.data_list.slice(0, 5), first.data_list.slice(5));
    assert.deepEqual(server.requests[0]?.faults, ['tasksArrive']);
    await listPage(server, 0);
    assert.equal(server.tasks.length, 105, 'arrives once');
  });

  it('html-injection scenario puts markup in every string field', async () => {
    server = await startSampleServer({ token: 'tok', taskCount: 20, scenario: 'html-injection' });
    const page = await listPage(server);
    for (const row of page.data_list) {
      assert.equal(row.host_name, '<img src=x onerror=alert(1)>');
      assert.match(String(row.backup_name), /<script>/);
      assert.match((row.error_info as { message: string }).message, /<script>alert\('x'\)<\/script>/);
    }
  });

  it('match narrows a fault to chosen requests; by default only operation-logs requests are hit', async () => {
    await start({ serverError: { status: 502, match: (request) => request.query.offset === '20' } });
    assert.equal((await list(server, 0)).status, 200);
    assert.equal((await list(server, 20)).status, 502);
    server.setFaults({ throttle: {} });
    const unknown = await fetch(`${server.url}/elsewhere`);
    assert.equal(unknown.status, 404, 'not throttled: not an operation-logs request');
    server.setFaults({ throttle: { match: () => true } });
    assert.equal((await fetch(`${server.url}/elsewhere`)).status, 429);
  });

  it('gateway faults come before authentication, data faults only on successful pages', async () => {
    await start({ throttle: { times: 1 }, wrongTypes: { times: 1 } });
    const anonymous = await fetch(logsUrl(server));
    assert.equal(anonymous.status, 429);
    const unauthorized = await fetch(logsUrl(server));
    assert.equal(unauthorized.status, 401);
    const page = await listPage(server);
    assert.equal(typeof page.data_list[0]?.process, 'string', 'wrongTypes was not used up by the 401');
  });

  it('setFaults replaces all faults and restarts counters; close() ends pending delays', async () => {
    await start({ serverError: { times: 1 } });
    server.setFaults({});
    assert.equal((await list(server)).status, 200);
    server.setFaults({ latency: { ms: 60_000 } });
    const pending = list(server).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A close that waited for the 60 s delay would run past the test's timeout.
    await server.close();
    assert.ok((await pending) instanceof Error);
  });
});
