/**
 * The fault matrix: every fault the sample server can inject, against the client's pager
 * (fetchAllPages) and the TaskStore, with a token and with AK/SK signing. Each run must end in
 * one of two outcomes, and the table says which one is expected:
 *   - complete: exactly the server's own list (rendered through the wire format), in order,
 *     nothing lost, nothing duplicated;
 *   - error: fetchAllPages rejects with the expected kind and message, and the store keeps the
 *     previous list (the same array) marked stale with that error.
 * Across the whole suite: no unhandled rejection, and no credential in any log line, error
 * (message, stack, JSON, inspection), result or store state.
 *
 * `FAULT_TABLE=1 npx mocha --grep 'fault matrix'` also writes bench/fault-table.md (the
 * README's "Reliability" table) from the outcomes observed in the run.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { HssClient } from '../../src/hss/client';
import { AccessKeyCredential, type Credential, TokenCredential } from '../../src/hss/credentials';
import { resolveEndpoint } from '../../src/hss/endpoint';
import { HssError, type HssErrorKind } from '../../src/hss/errors';
import type { OperationLog } from '../../src/hss/model';
import { type AllPages, fetchAllPages } from '../../src/hss/pager';
import type { Authenticator } from '../../src/sample/auth';
import { generateTasks, type SampleTask } from '../../src/sample/data';
import type { Faults } from '../../src/sample/faults';
import { selectTasks } from '../../src/sample/query';
import type { SampleServer, SampleServerOptions } from '../../src/sample/server';
import { assignIds } from '../../src/tasks/identity';
import { type LoadScope, TaskStore } from '../../src/tasks/store';
import { MemoryLogger, NOW, withServer } from './helpers';

// Distinctive secrets: any appearance of these in an output is a leak.
const TOKEN = 'MIIfaultMatrixToken-9c41e7b2d05a4f68-DO-NOT-LOG';
const ACCESS_KEY = 'FMATRIXAK7Q2W9E4R6T1';
const SECRET_KEY = 'FaultMatrixSecretKey-9f8e7d6c5b4a3210zyxw';
const SECRETS = [TOKEN, SECRET_KEY];

const ALL_PROJECTS = 'all_granted_eps';
/** Three full pages and a short one: enough for every paging path, small enough to stay fast. */
const TASKS = 650;
const PAGE_SIZE = 200;
const CONCURRENCY = 4;
const MiB = 1024 * 1024;

type CredentialKind = 'token' | 'AK/SK';
type Subject = 'fetchAllPages' | 'TaskStore';

type Outcome =
  | { readonly complete: true }
  /** The rows that could be read, in order, with `problem` saying why the list may be incomplete. */
  | { readonly complete?: false; readonly partial: RegExp }
  | {
      readonly complete?: false;
      readonly partial?: undefined;
      readonly kind: HssErrorKind;
      readonly message: RegExp;
    };

const COMPLETE: Outcome = { complete: true };

interface RunContext {
  readonly server: SampleServer;
  readonly credential: CredentialKind;
  readonly sleeps: readonly number[];
  readonly logger: MemoryLogger;
  readonly items: readonly OperationLog[];
  readonly error?: HssError;
}

interface FaultCase {
  readonly fault: string;
  /** How the fault is injected, for the table. */
  readonly injected: string;
  readonly expect: Outcome;
  /** When the store's outcome differs from the pager's. */
  readonly expectStore?: Outcome;
  readonly server?: SampleServerOptions;
  /** Switches the fault on (after the store's first, clean load). Default: `faults`. */
  readonly faults?: Faults;
  readonly arm?: (server: SampleServer, credential: CredentialKind) => void;
  readonly timeoutMs?: number;
  readonly resourceName?: string;
  /** The rows as served differ from the stored tasks (the fault rewrites them): compare identities only. */
  readonly identitiesOnly?: boolean;
  readonly check?: (context: RunContext) => void;
}

/** Non-ASCII in every string field: CJK, Cyrillic, accents (composed), RTL, emoji. */
function nonAsciiTasks(): SampleTask[] {
  return generateTasks({ count: 1200, seed: 5, now: NOW }).map((task, index) => ({
    ...task,
    hostId: `主机-${task.hostId}`,
    hostName: `${index % 3 === 0 ? 'café' : 'Сервер'}-数据库-${index % 7}-שרת`,
    backupName: `备份_${task.backupName}_🙂_${index}`,
    errorInfo: { code: 'ОШИБКА.1117', message: `失败: l’agent est hors ligne — ✗ 🙂 ${index}` },
  }));
}

/** Fails every request with a 1 MB message (as a gateway in front of HSS might). */
const hugeRejection: Authenticator = () => ({ result: 'fail', detail: 'x'.repeat(MiB) });

const CASES: readonly FaultCase[] = [
  {
    fault: 'latency beyond the timeout',
    injected: 'latency 800 ms on every request, client timeout 500 ms',
    faults: { latency: { ms: 800 } },
    timeoutMs: 500,
    expect: { kind: 'timeout', message: /^No answer within 500 ms\./ },
  },
  {
    // A timed-out read is asked once more: one slow answer does not fail the load.
    fault: 'latency beyond the timeout, once',
    injected: 'latency 800 ms on one request, client timeout 500 ms',
    faults: { latency: { ms: 800, times: 1 } },
    timeoutMs: 500,
    expect: COMPLETE,
    check: ({ sleeps }) => assert.equal(sleeps.length, 1, 'one retry'),
  },
  {
    fault: 'burst of 429 (Retry-After)',
    injected: 'throttle ×3, Retry-After: 2',
    faults: { throttle: { times: 3, retryAfterSeconds: 2 } },
    expect: COMPLETE,
    check: ({ sleeps }) => assert.deepEqual(sleeps, [2000, 2000, 2000], 'Retry-After honoured'),
  },
  {
    fault: 'burst of 429 (no Retry-After)',
    injected: 'throttle ×3, no Retry-After',
    faults: { throttle: { times: 3, omitRetryAfter: true } },
    expect: COMPLETE,
    check: ({ sleeps }) =>
      assert.ok(
        sleeps.every((ms) => ms >= 2000 && ms <= 5000),
        `waits ${sleeps}`,
      ),
  },
  {
    fault: '429 that does not stop',
    injected: 'throttle on every request',
    faults: { throttle: { retryAfterSeconds: 1 } },
    expect: { kind: 'throttled', message: /^The server is throttling requests \(APIGW\.0308\)/ },
  },
  ...([500, 502, 503, 504] as const).map(
    (status): FaultCase => ({
      fault: `run of ${status}`,
      injected: `serverError ${status} ×2`,
      faults: { serverError: { times: 2, status } },
      expect: COMPLETE,
    }),
  ),
  {
    fault: '5xx that does not stop',
    injected: 'serverError 503 on every request',
    faults: { serverError: { status: 503 } },
    expect: { kind: 'server', message: /^The server failed \(APIGW\.0204\)/ },
  },
  {
    fault: 'connection dropped',
    injected: 'dropConnection ×2',
    faults: { dropConnection: { times: 2 } },
    expect: COMPLETE,
  },
  {
    fault: 'connection dropped on every request',
    injected: 'dropConnection on every request',
    faults: { dropConnection: {} },
    expect: { kind: 'network', message: /^The connection failed: / },
  },
  {
    fault: 'connection dropped mid-body',
    injected: 'truncateBody ×2 (headers, half the body, then the socket closes)',
    faults: { truncateBody: { times: 2 } },
    expect: COMPLETE,
  },
  {
    fault: 'connection dropped mid-body on every request',
    injected: 'truncateBody on every request',
    faults: { truncateBody: {} },
    expect: { kind: 'network', message: /^The connection failed: / },
  },
  {
    fault: 'malformed JSON',
    injected: 'malformedJson ×1 (a complete 200 whose JSON is cut in half)',
    faults: { malformedJson: { times: 1 } },
    expect: COMPLETE,
  },
  {
    fault: 'malformed JSON on every request',
    injected: 'malformedJson on every request',
    faults: { malformedJson: {} },
    expect: {
      kind: 'malformed',
      message: /^The server's answer could not be read: the body is not valid JSON/,
    },
  },
  {
    fault: 'fields of the wrong type',
    injected: 'wrongTypes: process as a string, host_name as a number, error_info as a string',
    faults: { wrongTypes: {} },
    identitiesOnly: true,
    expect: COMPLETE,
    check: ({ server, items }) => {
      const expected = serverRows(server);
      items.forEach((item, index) => {
        assert.equal(item.progress, expected[index]?.progress, 'process "50" is read as 50');
        assert.equal(typeof item.hostName, 'string');
      });
    },
  },
  {
    fault: 'total_num too high',
    injected: 'lieAboutTotal +500',
    faults: { lieAboutTotal: { delta: 500 } },
    expect: COMPLETE,
  },
  {
    fault: 'total_num too low',
    injected: 'lieAboutTotal −300',
    faults: { lieAboutTotal: { delta: -300 } },
    expect: COMPLETE,
  },
  {
    fault: 'total_num 0 while rows exist',
    injected: 'lieAboutTotal −10,000 (floored at 0)',
    faults: { lieAboutTotal: { delta: -10_000 } },
    expect: COMPLETE,
  },
  {
    fault: 'empty page in the middle, once',
    injected: 'emptyPage holding row 200, ×1',
    faults: { emptyPage: { atRow: 200, times: 1 } },
    expect: COMPLETE,
  },
  {
    fault: 'empty page in the middle, every read',
    injected: 'emptyPage holding row 200 on every request',
    faults: { emptyPage: { atRow: 200 } },
    expect: { partial: /^a page came back empty although total_num was 650; \d+ rows could not be read$/ },
  },
  {
    fault: 'empty first page, once',
    injected: 'emptyPage holding row 0, ×1 (total_num true)',
    faults: { emptyPage: { atRow: 0, times: 1 } },
    expect: COMPLETE,
  },
  {
    fault: 'every page empty',
    injected: 'emptyPage on every request (total_num true)',
    faults: { emptyPage: {} },
    expect: { partial: /^a page came back empty although total_num was 650; 650 rows could not be read$/ },
    // Nothing read is no list: the store keeps the previous one, stale.
    expectStore: { kind: 'paging', message: /^No task could be read: a page came back empty/ },
  },
  {
    fault: '10,000 tasks',
    injected: 'taskCount 10,000 (50 pages)',
    server: { taskCount: 10_000 },
    expect: COMPLETE,
    check: ({ items }) => assert.equal(items.length, 10_000),
  },
  {
    fault: '1 MB error message in a row',
    injected: 'hugeErrorMessage: error_info.message of 1 MiB in each page’s first row',
    faults: { hugeErrorMessage: {} },
    identitiesOnly: true,
    expect: COMPLETE,
    check: ({ items, logger }) => {
      assert.equal(items[0]?.error?.message?.length, MiB, 'kept whole in the model');
      assert.ok(
        logger.lines.every((line) => line.length < 1000),
        'never copied into the log',
      );
    },
  },
  {
    fault: '1 MB error message in an error answer',
    injected: 'every request answered 401 with a 1 MiB error_msg',
    arm: (server) => {
      server.authenticators.unshift(hugeRejection);
    },
    expect: { kind: 'credentials', message: /^The credentials were rejected \(APIGW\.0301\)/ },
    check: ({ error, logger }) => {
      assert.ok(error && error.message.length < 1000, `message of ${error?.message.length} chars`);
      assert.ok((error?.serverMessage?.length ?? 0) <= 501);
      assert.ok(logger.lines.every((line) => line.length < 1000));
    },
  },
  {
    fault: 'HTML/script in every string field',
    injected: "scenario 'html-injection'",
    server: { scenario: 'html-injection' },
    expect: COMPLETE,
    check: ({ items }) => assert.match(items[0]?.hostName ?? '', /<img src=x onerror=alert\(1\)>/),
  },
  {
    fault: 'non-ASCII everywhere',
    injected: 'CJK, Cyrillic, accents, RTL and emoji in every string field; resource_name "café" filter',
    server: { tasks: nonAsciiTasks() },
    resourceName: 'café',
    expect: COMPLETE,
    check: ({ items }) => {
      assert.equal(items.length, 400, 'two pages, each signed over the encoded non-ASCII query');
      assert.ok(items.every((item) => item.hostName?.startsWith('café-数据库-')));
    },
  },
  {
    fault: 'credential expires mid-paging',
    injected: 'token: tokenExpiresAfter 2; AK/SK: the key is revoked after 2 requests',
    arm: (server, credential) => {
      if (credential === 'token') {
        server.setFaults({ tokenExpiresAfter: 2 });
        return;
      }
      let served = 0;
      server.onRequest = (request, live) => {
        if (request.route === 'operation-logs' && ++served > 2) live.accessKeys.length = 0;
      };
    },
    expect: { kind: 'credentials', message: /^The credentials were rejected \(APIGW\.0301\)/ },
    check: ({ server }) => {
      const rejected = server.requests.filter((request) => request.status === 401).length;
      assert.ok(rejected >= 1 && rejected <= CONCURRENCY, `a 401 is never retried (${rejected} seen)`);
    },
  },
  {
    fault: 'a page cap below limit',
    injected: 'pageCap 100 (limit asks 200)',
    server: { pageCap: 100 },
    expect: COMPLETE,
    check: ({ server }) =>
      assert.ok(server.requests.every((request) => request.status !== 200 || request.query.limit === '200')),
  },
  {
    fault: 'a page cap of 37',
    injected: 'pageCap 37 (limit asks 200)',
    server: { pageCap: 37 },
    expect: COMPLETE,
  },
  {
    fault: 'a backup wave while paging',
    injected: 'arrivalsPerSecond 20, 30 ms a request under a clock 10× fast (300 ms at 20/s)',
    server: { arrivalsPerSecond: 20, clock: scaledClock(10) },
    faults: { latency: { ms: 30 } },
    expect: COMPLETE,
  },
  {
    fault: 'tasks arrive mid-paging',
    injected: 'tasksArrive: 7 new tasks after the first page',
    faults: { tasksArrive: { afterPages: 1, count: 7 } },
    expect: COMPLETE,
    check: ({ items }) => assert.equal(items.length, TASKS + 7),
  },
];

/**
 * A clock that runs `speed` times as fast as real time from its first reading (close enough to real
 * time for AK/SK signatures, which the server checks against its clock).
 */
function scaledClock(speed: number): () => number {
  let started: number | undefined;
  const origin = Date.now();
  return () => {
    started ??= performance.now();
    return origin + (performance.now() - started) * speed;
  };
}

/**
 * The server's own list for the query, as a correct client must read it: written from the sample
 * model by the API's rules (an empty string is a missing field, ISO times are to the second), not
 * through the wire format and our own parser, which would make the parser its own oracle.
 */
function serverRows(server: SampleServer, resourceName?: string): OperationLog[] {
  const selected = selectTasks(
    server.tasks,
    { offset: 0, limit: PAGE_SIZE, enterpriseProjectId: ALL_PROJECTS, resourceName },
    NOW,
  );
  return selected.map(expectedLog);
}

function expectedLog(task: SampleTask): OperationLog {
  const text = (value: string | undefined) => (value === '' ? undefined : value);
  const time = (ms: number | undefined) =>
    ms === undefined || task.timeFormat === 'epoch-ms' ? ms : Math.floor(ms / 1000) * 1000;
  const code = text(task.errorInfo?.code);
  const message = text(task.errorInfo?.message);
  return {
    hostId: text(task.hostId),
    hostName: text(task.hostName),
    backupName: text(task.backupName),
    progress: task.process,
    status: task.status,
    rawStatus: undefined,
    startedAt: time(task.startedAt),
    endedAt: time(task.endedAt),
    error: code === undefined && message === undefined ? undefined : { code, message },
  };
}

const identity = (log: OperationLog) => `${log.hostId}|${log.backupName}|${log.startedAt}`;

/** Same rows in the same order; on a mismatch, says where rather than printing 10,000 rows. */
function assertComplete(items: readonly OperationLog[], server: SampleServer, testCase: FaultCase): void {
  const expected = serverRows(server, testCase.resourceName);
  assert.ok(expected.length > 0, 'the server holds rows for the query');
  const shown = (log: OperationLog | undefined) => {
    if (log === undefined) return undefined;
    if (testCase.identitiesOnly) return identity(log);
    // The store's tasks carry their id; the rest must equal the server's row.
    const { id: _id, ...row } = log as OperationLog & { id?: string };
    return JSON.stringify(row);
  };
  const count = Math.max(items.length, expected.length);
  for (let index = 0; index < count; index++) {
    const [got, want] = [shown(items[index]), shown(expected[index])];
    if (got !== want) {
      assert.fail(
        `row ${index} of ${expected.length} (got ${items.length} rows):\n  got  ${got?.slice(0, 300)}\n  want ${want?.slice(0, 300)}`,
      );
    }
  }
  const ids = assignIds(items).map((task) => task.id);
  assert.equal(new Set(ids).size, items.length, 'every row keeps its own id: nothing merged or doubled');
}

/** Rows of the server's list, in its order, none doubled (some may be missing). */
function assertInOrder(items: readonly OperationLog[], server: SampleServer, testCase: FaultCase): void {
  const expected = serverRows(server, testCase.resourceName).map(identity);
  let at = 0;
  for (const item of items) {
    const found = expected.indexOf(identity(item), at);
    assert.ok(found >= 0, `row ${identity(item)} out of order or not in the server's list`);
    at = found + 1;
  }
}

/** Every answered request was authenticated with the credential under test (not the other). */
function assertAuthenticatedAs(server: SampleServer, kind: CredentialKind): void {
  const answered = server.requests.filter((request) => request.status === 200);
  const wanted = kind === 'token' ? 'token' : 'aksk';
  assert.ok(
    answered.every((request) => request.auth === wanted),
    `requests authenticated as ${[...new Set(answered.map((request) => request.auth))]}`,
  );
}

function credentialFor(kind: CredentialKind): Credential {
  return kind === 'token' ? new TokenCredential(TOKEN) : new AccessKeyCredential(ACCESS_KEY, SECRET_KEY);
}

/** Everything a user, a log or a bug report could ever see of a run. */
function outputs(context: {
  logger: MemoryLogger;
  error?: unknown;
  result?: unknown;
  store?: TaskStore;
  server: SampleServer;
}): string[] {
  const texts = [...context.logger.lines, JSON.stringify(context.server.requests)];
  const describe = (value: unknown) => {
    if (value instanceof Error) texts.push(value.message, value.stack ?? '');
    texts.push(JSON.stringify(value) ?? '', inspect(value, { depth: 6, showHidden: true }));
  };
  if (context.error !== undefined) describe(context.error);
  if (context.result !== undefined) texts.push(JSON.stringify(context.result));
  if (context.store) {
    texts.push(JSON.stringify(context.store.state));
    if (context.store.state.error) describe(context.store.state.error);
  }
  return texts;
}

function assertNoSecret(texts: readonly string[]): void {
  for (const secret of SECRETS) {
    const leak = texts.find((text) => text.includes(secret));
    assert.equal(leak, undefined, `a credential appears in: ${leak?.slice(0, 300)}`);
  }
}

function describeOutcome(outcome: Outcome, subject: Subject): string {
  if (outcome.complete) return 'complete, correct list';
  if (outcome.partial) return 'rows in hand, marked incomplete';
  return subject === 'TaskStore' ? `previous list kept, stale (${outcome.kind})` : `error: ${outcome.kind}`;
}

/** What each run did, for bench/fault-table.md. */
const observed = new Map<string, string>();
const record = (testCase: FaultCase, subject: Subject, credential: CredentialKind, text: string) =>
  observed.set(`${testCase.fault}|${subject}|${credential}`, text);

function clientFor(server: SampleServer, kind: CredentialKind, testCase: FaultCase) {
  const logger = new MemoryLogger();
  const sleeps: number[] = [];
  const client = new HssClient({
    endpoint: resolveEndpoint({ endpoint: server.url }),
    projectId: server.projectId,
    credential: credentialFor(kind),
    timeoutMs: testCase.timeoutMs ?? 5000,
    logger,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  return { client, logger, sleeps };
}

function arm(server: SampleServer, testCase: FaultCase, credential: CredentialKind): void {
  if (testCase.faults) server.setFaults(testCase.faults);
  testCase.arm?.(server, credential);
}

async function startServer(testCase: FaultCase): Promise<SampleServer> {
  return withServer({
    taskCount: TASKS,
    token: TOKEN,
    accessKeys: [{ accessKey: ACCESS_KEY, secretKey: SECRET_KEY }],
    ...testCase.server,
  });
}

const query = (testCase: FaultCase) => ({
  enterpriseProjectId: ALL_PROJECTS,
  ...(testCase.resourceName ? { resourceName: testCase.resourceName } : {}),
});

async function runPager(testCase: FaultCase, credential: CredentialKind): Promise<void> {
  const server = await startServer(testCase);
  try {
    const { client, logger, sleeps } = clientFor(server, credential, testCase);
    arm(server, testCase, credential);
    let result: AllPages | undefined;
    let error: unknown;
    try {
      result = await fetchAllPages(client, query(testCase), {
        pageSize: PAGE_SIZE,
        concurrency: CONCURRENCY,
      });
    } catch (caught) {
      error = caught;
    }
    assertNoSecret(outputs({ logger, error, result, server }));
    assertAuthenticatedAs(server, credential);
    const expected = testCase.expect;
    if (expected.complete) {
      assert.equal(error, undefined, `expected the complete list, got ${String(error)}`);
      assert.ok(result);
      assertComplete(result.items, server, testCase);
      record(
        testCase,
        'fetchAllPages',
        credential,
        `complete (${result.items.length} rows, ${requestsOf(server)})`,
      );
    } else if (expected.partial) {
      assert.equal(error, undefined, `expected the rows in hand, got ${String(error)}`);
      assert.ok(result);
      assert.match(result.problem ?? '', expected.partial);
      assertInOrder(result.items, server, testCase);
      record(
        testCase,
        'fetchAllPages',
        credential,
        `rows in hand (${result.items.length}), marked incomplete: “${clip(result.problem ?? '')}” (${requestsOf(server)})`,
      );
    } else {
      assert.ok(error instanceof HssError, `expected an HssError, got ${String(error ?? 'the list')}`);
      assert.equal(error.kind, expected.kind, error.message);
      assert.match(error.message, expected.message);
      record(
        testCase,
        'fetchAllPages',
        credential,
        `error ${error.kind}: “${clip(error.message)}” (${requestsOf(server)})`,
      );
    }
    testCase.check?.({
      server,
      credential,
      sleeps,
      logger,
      items: result?.items ?? [],
      error: error instanceof HssError ? error : undefined,
    });
  } finally {
    await server.close();
  }
}

async function runStore(testCase: FaultCase, credential: CredentialKind): Promise<void> {
  const server = await startServer(testCase);
  const store = new TaskStore(() => NOW);
  try {
    const { client, logger, sleeps } = clientFor(server, credential, testCase);
    const scope: LoadScope = {
      key: 'fault-matrix',
      source: client,
      query: query(testCase),
      pageSize: PAGE_SIZE,
      concurrency: CONCURRENCY,
    };
    store.setScope(scope);
    await store.refresh();
    assert.equal(store.state.error, undefined, 'the first, clean load succeeds');
    const before = store.state.tasks;
    const loadedBefore = store.state.loadedAt;
    arm(server, testCase, credential);
    sleeps.length = 0;
    await store.refresh();
    const state = store.state;
    assertNoSecret(outputs({ logger, store, server }));
    assert.equal(state.loading, false);
    const expected = testCase.expectStore ?? testCase.expect;
    if (expected.complete) {
      assert.equal(state.error, undefined, `expected the complete list, got ${state.error?.message}`);
      assertComplete(state.tasks, server, testCase);
      record(testCase, 'TaskStore', credential, `complete (${state.tasks.length} rows)`);
    } else if (expected.partial) {
      assert.equal(state.error, undefined, `expected the rows in hand, got ${state.error?.message}`);
      assert.match(state.incomplete ?? '', expected.partial);
      assertInOrder(state.tasks, server, testCase);
      record(testCase, 'TaskStore', credential, `rows in hand (${state.tasks.length}), marked incomplete`);
    } else {
      assert.ok(state.error, `expected a stale list with an error, got ${state.tasks.length} fresh rows`);
      assert.equal(state.tasks, before, 'the previous list is kept: the same array');
      assert.equal(state.loadedAt, loadedBefore, 'and still dated from the previous load');
      assert.equal(state.error.kind, expected.kind, state.error.message);
      assert.match(state.error.message, expected.message);
      record(testCase, 'TaskStore', credential, `previous list kept, stale: “${clip(state.error.message)}”`);
    }
    testCase.check?.({
      server,
      credential,
      sleeps,
      logger,
      items: state.tasks,
      error: state.error,
    });
  } finally {
    store.dispose();
    await server.close();
  }
}

/** The requests the server saw, retries included. */
function requestsOf(server: SampleServer): string {
  const count = server.requests.filter((request) => request.path.endsWith('/operation-logs')).length;
  return count === 1 ? '1 request' : `${count} requests`;
}

function clip(text: string, max = 90): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

describe('fault matrix: every sample-server fault against fetchAllPages and the TaskStore', () => {
  const unhandled: unknown[] = [];
  const collect = (reason: unknown) => unhandled.push(reason);
  before(() => process.on('unhandledRejection', collect));
  after(() => {
    process.off('unhandledRejection', collect);
    if (process.env.FAULT_TABLE) writeFaultTable();
  });

  for (const testCase of CASES) {
    describe(`${testCase.fault} (${testCase.injected})`, () => {
      for (const credential of ['token', 'AK/SK'] as const) {
        it(`fetchAllPages, ${credential}: ${describeOutcome(testCase.expect, 'fetchAllPages')}`, () =>
          runPager(testCase, credential));
        it(`TaskStore, ${credential}: ${describeOutcome(testCase.expectStore ?? testCase.expect, 'TaskStore')}`, () =>
          runStore(testCase, credential));
      }
    });
  }

  describe('endpoints', () => {
    it('refuses plain http to anything but this machine', () => {
      for (const endpoint of [
        'http://hss.example.com',
        'http://10.0.0.8:8080',
        'http://192.168.1.20',
        'http://0.0.0.0:8080',
        'http://127.0.0.1.example.com',
        'http://localhost.example.com',
        'http://[::ffff:7f00:1]:8080',
      ]) {
        assert.throws(
          () => resolveEndpoint({ endpoint }),
          (error: unknown) =>
            error instanceof HssError && error.kind === 'config' && /plain http/.test(error.message),
          endpoint,
        );
      }
    });

    it('accepts https anywhere and http on loopback only', () => {
      for (const endpoint of [
        'https://hss.example.com',
        'http://127.0.0.1:8080',
        'http://127.1.2.3',
        'http://localhost:3000',
        'http://[::1]:8080',
      ]) {
        assert.equal(
          resolveEndpoint({ endpoint }).href.startsWith(endpoint.replace(/\/$/, '')),
          true,
          endpoint,
        );
      }
    });

    it('refuses credentials in the endpoint URL without echoing them', () => {
      assert.throws(
        () => resolveEndpoint({ endpoint: `https://user:${SECRET_KEY}@hss.example.com` }),
        (error: unknown) => error instanceof HssError && !error.message.includes(SECRET_KEY),
      );
    });
  });

  it('had no unhandled rejection during the suite', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(unhandled.map(String), []);
  });
});

/** bench/fault-table.md: one row per fault, the outcome observed for each subject. */
function writeFaultTable(): void {
  const cell = (testCase: FaultCase, subject: Subject) => {
    const token = observed.get(`${testCase.fault}|${subject}|token`) ?? 'not run / failed';
    const aksk = observed.get(`${testCase.fault}|${subject}|AK/SK`) ?? 'not run / failed';
    const same = token.replace(/\d+ requests?/, '') === aksk.replace(/\d+ requests?/, '');
    return (same ? token : `token: ${token}; AK/SK: ${aksk}`).replace(/\|/g, '\\|');
  };
  const lines = [
    '# Reliability: the fault matrix',
    '',
    "Generated by `FAULT_TABLE=1 npx mocha --grep 'fault matrix'` from the outcomes observed",
    'in that run (test/unit/fault-matrix.test.ts). Each fault is injected by the sample HSS server on',
    '127.0.0.1 and run against the client’s pager (`fetchAllPages`) and the `TaskStore`, once with an',
    'IAM token and once with AK/SK signing. Retries wait instantly (injected sleep). "Complete" means',
    'exactly the server’s own list, in order, nothing lost or doubled; "rows in hand" means the rows',
    'that could be read, in the server’s order and none doubled, shown with the reason the list may',
    'be incomplete (read again by itself); "stale" means the store kept',
    'the previous list (the same array) and shows the error. No run leaked the token or the secret',
    'key into a log line, an error or the store state, and none left an unhandled rejection.',
    '',
    '| Fault | Injected as | fetchAllPages | TaskStore refresh |',
    '| --- | --- | --- | --- |',
    ...CASES.map(
      (testCase) =>
        `| ${testCase.fault} | ${testCase.injected.replace(/\|/g, '\\|')} | ${cell(testCase, 'fetchAllPages')} | ${cell(testCase, 'TaskStore')} |`,
    ),
    '| plain http to a remote host | `resolveEndpoint({ endpoint: "http://hss.example.com" })` | refused (config error): only https, or http on 127.0.0.1 / localhost / [::1] | — |',
    '',
  ];
  fs.writeFileSync(path.join(__dirname, '..', '..', 'bench', 'fault-table.md'), lines.join('\n'));
}
