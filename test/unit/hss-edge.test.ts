/** src/hss at its edges: error mapping, endpoints, credentials and the body parser, with hand-written values. */
import * as assert from 'node:assert/strict';
import { AccessKeyCredential, type OutgoingRequest, TokenCredential } from '../../src/hss/credentials';
import { isLoopbackHost, REGIONS, resolveEndpoint, serviceEndpoint } from '../../src/hss/endpoint';
import { errorFromResponse, HssError, MalformedResponseError } from '../../src/hss/errors';
import { parseOperationLog, parseOperationLogPage, parseTime } from '../../src/hss/parse';

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof HssError, String(error));
    assert.equal(error.kind, 'config');
    return error.message;
  }
  assert.fail('no error');
}

describe('errorFromResponse', () => {
  it('writes a message that names the code and quotes the server', () => {
    const error = errorFromResponse(
      401,
      { code: 'APIGW.0301', message: 'Incorrect IAM authentication' },
      'r-1',
    );
    assert.equal(error.kind, 'credentials');
    assert.equal(
      error.message,
      'The credentials were rejected (APIGW.0301). Set a new token or access key. The server said: Incorrect IAM authentication',
    );
    assert.equal(error.status, 401);
    assert.equal(error.code, 'APIGW.0301');
    assert.equal(error.serverMessage, 'Incorrect IAM authentication');
    assert.equal(error.requestId, 'r-1');
    assert.equal(error.name, 'HssError');
    assert.equal(error.cause, undefined);
  });

  it('falls back to the status when there is no code, and says nothing of a silent server', () => {
    assert.equal(
      errorFromResponse(401, {}).message,
      'The credentials were rejected (401). Set a new token or access key.',
    );
    assert.equal(
      errorFromResponse(403, {}).message,
      'Access denied (403): the IAM user needs HSS read permission (for example "HSS ReadOnlyAccess") in this project. A user allowed in one enterprise project only must ask for that project: set its id in the enterprise project filter or setting.',
    );
    assert.equal(
      errorFromResponse(404, {}).message,
      'The API was not found at this endpoint (404). Check the region, endpoint and project id.',
    );
    assert.equal(errorFromResponse(429, {}).message, 'The server is throttling requests (429).');
    assert.equal(errorFromResponse(500, {}).message, 'The server failed (HTTP 500).');
    assert.equal(errorFromResponse(500, { code: 'HSS.9999' }).message, 'The server failed (HSS.9999).');
    assert.equal(errorFromResponse(400, {}).message, 'The server refused the request (HTTP 400).');
    assert.equal(
      errorFromResponse(400, { code: 'HSS.0001', message: 'bad' }).message,
      'The server refused the request (HSS.0001). The server said: bad',
    );
  });

  it('maps gateway codes whatever the status and letter case', () => {
    const kind = (status: number, code?: string) => errorFromResponse(status, { code }).kind;
    assert.equal(kind(400, 'apigw.0301'), 'credentials');
    assert.equal(kind(400, 'APIG.0101'), 'endpoint');
    assert.equal(kind(400, 'APIGW.0308'), 'throttled');
    assert.equal(kind(400, 'HSS.0010'), 'permission');
    assert.equal(kind(400, 'XAPIGW.0301'), 'badRequest');
    assert.equal(kind(400, 'APIGW.0301x'), 'badRequest');
    assert.equal(kind(400, 'APIGW.'), 'badRequest');
    assert.equal(kind(499), 'badRequest');
    assert.equal(kind(500), 'server');
    assert.equal(kind(503), 'server');
    assert.equal(kind(403), 'permission');
    assert.equal(kind(404), 'endpoint');
    assert.equal(kind(429), 'throttled');
  });

  it('tells which failures are worth another try', () => {
    const retryable = (kind: HssError['kind']) => new HssError(kind, 'x').retryable;
    assert.deepEqual(
      (
        [
          'credentials',
          'permission',
          'endpoint',
          'badRequest',
          'throttled',
          'server',
          'network',
          'timeout',
          'cancelled',
          'malformed',
          'paging',
          'config',
        ] as const
      ).filter(retryable),
      ['throttled', 'server', 'network', 'timeout'],
    );
  });

  it('keeps the cause when there is one', () => {
    const cause = new Error('socket hang up');
    assert.equal(new HssError('network', 'x', { cause }).cause, cause);
    assert.equal('cause' in new HssError('network', 'x'), false);
  });

  it('retries a damaged body only when it says it is transient', () => {
    const error = new MalformedResponseError('the body is empty', { requestId: 'r' });
    assert.equal(error.message, "The server's answer could not be read: the body is empty.");
    assert.equal(error.kind, 'malformed');
    assert.equal(error.requestId, 'r');
    assert.equal(error.retryable, false);
    assert.equal(new MalformedResponseError('x', {}, true).retryable, true);
    assert.equal(new MalformedResponseError('x').retryable, false);
  });
});

describe('resolveEndpoint', () => {
  it('knows the 30 regions of API-NOTES', () => {
    assert.equal(REGIONS.length, 30);
    assert.equal(
      resolveEndpoint({ region: ' la-south-2 ' }).href,
      'https://hss.la-south-2.myhuaweicloud.com/',
    );
    assert.equal(
      resolveEndpoint({ region: 'eu-west-101' }, 'iam').href,
      'https://iam.eu-west-101.myhuaweicloud.eu/',
    );
    assert.equal(
      serviceEndpoint('console', 'cn-east-3').href,
      'https://console.cn-east-3.myhuaweicloud.com/',
    );
  });

  it('says which setting is missing or wrong', () => {
    assert.equal(
      configError(() => resolveEndpoint({})),
      'No region or endpoint is set.',
    );
    assert.equal(
      configError(() => resolveEndpoint({ region: '  ', endpoint: '  ' })),
      'No region or endpoint is set.',
    );
    assert.equal(
      configError(() => resolveEndpoint({ region: 'mars-1' })),
      '"mars-1" is not a known HSS region; set an endpoint URL for it instead.',
    );
    assert.equal(
      configError(() => resolveEndpoint({ endpoint: 'not a url' })),
      'The endpoint "not a url" is not a URL (expected for example https://hss.example.com).',
    );
    assert.equal(
      configError(() => resolveEndpoint({ endpoint: 'https://user@hss.example.com' })),
      'The endpoint must not contain a user name or password.',
    );
    assert.equal(
      configError(() => resolveEndpoint({ endpoint: 'https://:secret@hss.example.com' })),
      'The endpoint must not contain a user name or password.',
    );
    assert.equal(
      configError(() => resolveEndpoint({ endpoint: 'http://hss.example.com:8080/x' })),
      'The endpoint http://hss.example.com:8080 uses plain http; only https is allowed, except for a server on this machine (127.0.0.1).',
    );
    assert.equal(
      configError(() => resolveEndpoint({ endpoint: 'ftp://hss.example.com' })),
      'The endpoint must be an https URL, not ftp:.',
    );
  });

  it('keeps the path of an explicit endpoint and drops its query and fragment', () => {
    assert.equal(
      resolveEndpoint({ endpoint: ' https://gw.example.com/hss/?a=1#top ' }).href,
      'https://gw.example.com/hss/',
    );
  });

  it('treats 127.x.x.x, localhost and ::1 as this machine, nothing else', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.255.0.9', '[::1]', '::1']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of [
      '127.0.0.1.example.com',
      'x127.0.0.1',
      '127.0.0',
      '10.0.0.1',
      'localhost.example',
      '[::2]',
      '::1x',
    ]) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });
});

describe('credentials', () => {
  const request = (): OutgoingRequest => ({
    method: 'GET',
    url: new URL('https://hss.example.com/v5/p/x?b=2&a=1'),
    headers: { 'content-type': 'application/json' },
    body: '',
  });

  it('sends a token, trimmed, in X-Auth-Token, and shows only its kind', async () => {
    const credential = new TokenCredential('  tok-123\n');
    const sent = request();
    await credential.authorize(sent);
    assert.deepEqual(sent.headers, { 'content-type': 'application/json', 'x-auth-token': 'tok-123' });
    assert.equal(credential.kind, 'token');
    assert.equal(JSON.stringify(credential), '{"kind":"token"}');
  });

  it('signs with the trimmed keys, and sends no security token when it is blank', async () => {
    const now = () => new Date(Date.UTC(2026, 10, 27, 12, 0, 0));
    const trimmed = request();
    await new AccessKeyCredential(' AK ', ' SK ', '  ', now).authorize(trimmed);
    const plain = request();
    await new AccessKeyCredential('AK', 'SK', undefined, now).authorize(plain);
    assert.equal(trimmed.headers.authorization, plain.headers.authorization);
    assert.equal(trimmed.headers['x-security-token'], undefined);
    assert.equal(trimmed.headers['x-sdk-date'], '20261127T120000Z');
    assert.match(
      trimmed.headers.authorization ?? '',
      /^SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-sdk-date, /,
    );
    const credential = new AccessKeyCredential('AK', 'SK', ' st ', now);
    const withToken = request();
    await credential.authorize(withToken);
    assert.equal(withToken.headers['x-security-token'], 'st');
    assert.equal(credential.kind, 'accessKey');
    assert.equal(JSON.stringify(credential), '{"kind":"accessKey"}');
  });

  it('signs with the time of each request', async () => {
    let now = new Date(Date.UTC(2026, 0, 1));
    const credential = new AccessKeyCredential('AK', 'SK', undefined, () => now);
    const first = request();
    await credential.authorize(first);
    now = new Date(Date.UTC(2026, 0, 2));
    const second = request();
    await credential.authorize(second);
    assert.equal(first.headers['x-sdk-date'], '20260101T000000Z');
    assert.equal(second.headers['x-sdk-date'], '20260102T000000Z');
  });
});

describe('parseTime', () => {
  it('reads epoch seconds and milliseconds on either side of 1e11', () => {
    assert.equal(parseTime(99_999_999_999), 99_999_999_999_000);
    assert.equal(parseTime(100_000_000_000), 100_000_000_000);
    assert.equal(parseTime(1), 1000);
  });

  it('reads epoch seconds in a string as seconds, spaces around allowed', () => {
    assert.equal(parseTime('1764244800'), Date.UTC(2025, 10, 27, 12, 0, 0));
    assert.equal(parseTime(' 1764244800 '), Date.UTC(2025, 10, 27, 12, 0, 0));
    assert.equal(parseTime('1764244800000'), Date.UTC(2025, 10, 27, 12, 0, 0));
  });

  it('refuses zero, negatives, infinities and blanks', () => {
    assert.equal(parseTime(0), undefined);
    assert.equal(parseTime(-5), undefined);
    assert.equal(parseTime('0'), undefined);
    assert.equal(parseTime(Number.POSITIVE_INFINITY), undefined);
    assert.equal(parseTime(Number.NaN), undefined);
    assert.equal(parseTime(''), undefined);
    assert.equal(parseTime('   '), undefined);
    assert.equal(parseTime(undefined), undefined);
    assert.equal(parseTime({}), undefined);
    assert.equal(parseTime(true), undefined);
  });

  it('reads ISO-8601 with an offset', () => {
    assert.equal(parseTime('2026-01-02T11:04:05+08:00'), Date.UTC(2026, 0, 2, 3, 4, 5));
  });
});

describe('parseOperationLog', () => {
  it('coerces numbers to strings and digit strings to numbers', () => {
    assert.deepEqual(parseOperationLog({ host_id: 42, host_name: '', process: '37.6', status: 'RUNNING' }), {
      hostId: '42',
      hostName: undefined,
      backupName: undefined,
      progress: 38,
      status: 'running',
      rawStatus: undefined,
      startedAt: undefined,
      endedAt: undefined,
      error: undefined,
    });
  });

  it('clamps the progress to 0..100 and drops one that is not a number', () => {
    const progress = (process: unknown) => parseOperationLog({ process, status: 'running' })?.progress;
    assert.equal(progress(140), 100);
    assert.equal(progress(-3), 0);
    assert.equal(progress('abc'), undefined);
    assert.equal(progress(' '), undefined);
    assert.equal(progress(null), undefined);
    assert.equal(progress(Number.POSITIVE_INFINITY), undefined);
    assert.equal(progress(' 12 '), 12);
  });

  it('keeps the raw value of an unknown status, and tolerates case, spaces and a trailing colon', () => {
    const read = (status: unknown) => {
      const row = parseOperationLog({ status });
      return [row?.status, row?.rawStatus];
    };
    assert.deepEqual(read(' Failed '), ['failed', undefined]);
    assert.deepEqual(read('TIMEOUT:'), ['timeout', undefined]);
    assert.deepEqual(read('time:out'), ['unknown', 'time:out']);
    assert.deepEqual(read('paused'), ['unknown', 'paused']);
    assert.deepEqual(read(7), ['unknown', '7']);
    assert.deepEqual(read(''), ['unknown', undefined]);
    assert.deepEqual(read(undefined), ['unknown', undefined]);
  });

  it('keeps an error with a code or a message, not an empty one', () => {
    const error = (error_info: unknown) => parseOperationLog({ status: 'failed', error_info })?.error;
    assert.deepEqual(error({ code: 'HSS.1', message: '' }), { code: 'HSS.1', message: undefined });
    assert.deepEqual(error({ message: 'disk full' }), { code: undefined, message: 'disk full' });
    assert.equal(error({ code: '', message: '' }), undefined);
    assert.equal(error('disk full'), undefined);
    assert.equal(error([{ code: 'x' }]), undefined);
    assert.equal(error(null), undefined);
  });

  it('is undefined for a row that is not an object', () => {
    assert.equal(parseOperationLog(null), undefined);
    assert.equal(parseOperationLog([]), undefined);
    assert.equal(parseOperationLog('row'), undefined);
  });
});

describe('parseOperationLogPage', () => {
  const malformed = (body: unknown) => {
    try {
      parseOperationLogPage(body);
    } catch (error) {
      assert.ok(error instanceof MalformedResponseError);
      assert.equal(error.retryable, false);
      return error.message;
    }
    assert.fail('no error');
  };

  it('reads an empty answer as an empty list', () => {
    assert.deepEqual(parseOperationLogPage({}), { totalNum: 0, items: [] });
    assert.deepEqual(parseOperationLogPage({ total_num: '12', data_list: [] }), { totalNum: 12, items: [] });
  });

  it('names what was wrong, and where', () => {
    assert.equal(malformed(null), "The server's answer could not be read: expected a JSON object, got null.");
    assert.equal(
      malformed('x'),
      "The server's answer could not be read: expected a JSON object, got a string.",
    );
    assert.equal(
      malformed({ data_list: {} }),
      `The server's answer could not be read: "data_list" should be a list, got an object.`,
    );
    assert.equal(
      malformed({ data_list: [{}, null] }),
      `The server's answer could not be read: "data_list[1]" should be an object, got null.`,
    );
    assert.equal(
      malformed({ data_list: [], total_num: [] }),
      `The server's answer could not be read: "total_num" should be a number, got a list.`,
    );
    assert.equal(
      malformed({ data_list: [], total_num: null }),
      `The server's answer could not be read: "total_num" should be a number, got null.`,
    );
  });
});
