import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AccessKeyCredential } from '../../src/hss/credentials';
import { buildQuery, canonicalRequest, encodeComponent, sdkDate, signRequest } from '../../src/hss/signer';

// Huawei's published signing-guide example (API-NOTES.md, "Published test vector").
const VECTOR = {
  accessKey: 'QTWAOYTTINDUT2QVKYUC',
  secretKey: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
  url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
  date: '20191115T033655Z',
  canonicalHash: 'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
  signature: '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
};

function vectorRequest() {
  return {
    method: 'GET',
    url: new URL(VECTOR.url),
    headers: {
      'content-type': 'application/json',
      host: 'service.region.example.com',
      'x-sdk-date': VECTOR.date,
    } as Record<string, string>,
    body: '',
  };
}

describe('SDK-HMAC-SHA256 signer', () => {
  it('reproduces the canonical request hash of the published vector', () => {
    const request = vectorRequest();
    const canonical = canonicalRequest(request, ['content-type', 'host', 'x-sdk-date']);
    assert.equal(createHash('sha256').update(canonical).digest('hex'), VECTOR.canonicalHash);
    assert.ok(canonical.split('\n')[1]?.endsWith('/vpcs/'), 'canonical URI gets a trailing slash');
  });

  it('reproduces the signature of the published vector', () => {
    const request = vectorRequest();
    signRequest(request, VECTOR.accessKey, VECTOR.secretKey, new Date());
    assert.equal(
      request.headers.authorization,
      `SDK-HMAC-SHA256 Access=${VECTOR.accessKey}, SignedHeaders=content-type;host;x-sdk-date, Signature=${VECTOR.signature}`,
    );
  });

  it('encodes every byte outside the unreserved set, as UTF-8 with upper-case hex', () => {
    assert.equal(encodeComponent('a-b_c.d~e'), 'a-b_c.d~e');
    assert.equal(encodeComponent('a b+c/d*'), 'a%20b%2Bc%2Fd%2A');
    assert.equal(encodeComponent('数据'), '%E6%95%B0%E6%8D%AE');
  });

  it('builds the query with sorted keys and the same encoder', () => {
    assert.equal(
      buildQuery([
        ['offset', '0'],
        ['limit', '200'],
        ['resource_name', 'web 服务器'],
      ]),
      'limit=200&offset=0&resource_name=web%20%E6%9C%8D%E5%8A%A1%E5%99%A8',
    );
  });

  it('formats X-Sdk-Date as UTC YYYYMMDDTHHmmssZ', () => {
    assert.equal(sdkDate(new Date(Date.UTC(2019, 10, 15, 3, 36, 55, 123))), VECTOR.date);
  });

  it('signs the security token of temporary credentials, and never shows its secrets', async () => {
    const credential = new AccessKeyCredential(
      VECTOR.accessKey,
      VECTOR.secretKey,
      'temp-token',
      () => new Date(0),
    );
    const request = vectorRequest();
    delete request.headers['x-sdk-date'];
    await credential.authorize(request);
    assert.equal(request.headers['x-security-token'], 'temp-token');
    assert.match(
      request.headers.authorization ?? '',
      /SignedHeaders=content-type;host;x-sdk-date;x-security-token,/,
    );
    assert.equal(request.headers['x-sdk-date'], '19700101T000000Z');
    const shown = `${JSON.stringify(credential)} ${String(credential)}`;
    assert.ok(!shown.includes(VECTOR.secretKey) && !shown.includes('temp-token'));
  });
});
