/** The signer's canonical form, with expected strings written out by hand from API-NOTES' rules. */
import * as assert from 'node:assert/strict';
import {
  buildQuery,
  canonicalRequest,
  encodeComponent,
  SIGNING_ALGORITHM,
  sdkDate,
  signRequest,
} from '../../src/hss/signer';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('canonical request', () => {
  it('writes method, URI with a trailing slash, sorted query, headers, names and body hash', () => {
    const request = {
      method: 'get',
      url: new URL('https://h.example.com/v5/p%20x/logs?b=2&a=1&a=0&c='),
      headers: { host: 'h.example.com', 'x-sdk-date': ' 20261127T120000Z ' },
      body: '',
    };
    assert.equal(
      canonicalRequest(request, ['host', 'x-sdk-date', 'x-missing']),
      [
        'GET',
        '/v5/p%20x/logs/',
        'a=0&a=1&b=2&c=',
        'host:h.example.com\nx-sdk-date:20261127T120000Z\nx-missing:\n',
        'host;x-sdk-date;x-missing',
        EMPTY_SHA256,
      ].join('\n'),
    );
  });

  it('keeps a trailing slash once, re-encodes path segments strictly, and hashes the body', () => {
    const canonical = canonicalRequest(
      { method: 'POST', url: new URL("https://h.example.com/a/b*c'd/"), headers: {}, body: 'abc' },
      [],
    ).split('\n');
    assert.equal(canonical[1], '/a/b%2Ac%27d/');
    assert.equal(canonical[5], 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('buildQuery and encodeComponent', () => {
  it('sorts by encoded key, then value', () => {
    assert.equal(
      buildQuery([
        ['b', '1'],
        ['a', 'z'],
        ['a', 'y'],
        ['A', 'x'],
      ]),
      'A=x&a=y&a=z&b=1',
    );
    assert.equal(buildQuery([]), '');
  });

  it('pads a low byte to two hex digits', () => {
    assert.equal(encodeComponent('\n\u0001'), '%0A%01');
    assert.equal(encodeComponent('AZaz09'), 'AZaz09');
    assert.equal(encodeComponent('!'), '%21');
  });
});

describe('signRequest', () => {
  const now = new Date(Date.UTC(2026, 10, 27, 12, 0, 0, 999));

  it('sets the date and host it lacks, and signs every header but authorization, in lower case', () => {
    const request = {
      method: 'GET',
      url: new URL('https://hss.example.com:8443/v5/p/x'),
      headers: { 'Content-Type': 'application/json', authorization: 'old' } as Record<string, string>,
      body: '',
    };
    signRequest(request, 'AK', 'SK', now);
    assert.equal(request.headers['x-sdk-date'], '20261127T120000Z');
    assert.equal(request.headers.host, 'hss.example.com:8443');
    assert.match(
      request.headers.authorization ?? '',
      new RegExp(
        `^${SIGNING_ALGORITHM} Access=AK, SignedHeaders=content-type;host;x-sdk-date, Signature=[0-9a-f]{64}$`,
      ),
    );
  });

  it('keeps a date and host already set', () => {
    const request = {
      method: 'GET',
      url: new URL('https://hss.example.com/v5'),
      headers: { 'x-sdk-date': '20200101T000000Z', host: 'other.example.com' } as Record<string, string>,
      body: '',
    };
    signRequest(request, 'AK', 'SK', now);
    assert.equal(request.headers['x-sdk-date'], '20200101T000000Z');
    assert.equal(request.headers.host, 'other.example.com');
  });

  it('gives another signature for another secret, date or path', () => {
    const sign = (secret: string, date: Date, path: string) => {
      const request = { method: 'GET', url: new URL(`https://h.example.com${path}`), headers: {}, body: '' };
      signRequest(request, 'AK', secret, date);
      return (request.headers as Record<string, string>).authorization;
    };
    const base = sign('SK', now, '/a');
    assert.equal(sign('SK', now, '/a'), base);
    assert.notEqual(sign('SK2', now, '/a'), base);
    assert.notEqual(sign('SK', new Date(0), '/a'), base);
    assert.notEqual(sign('SK', now, '/b'), base);
  });

  it('writes the date without separators or milliseconds', () => {
    assert.equal(sdkDate(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678))), '20260102T030405Z');
  });
});
