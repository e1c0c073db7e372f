/** What the tests of the credential sources share: example keys and ways to look at a result. */
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import type { SourceResult } from '../../src/hss/credentialSources/types';
import type { Credential } from '../../src/hss/credentials';

export const AK = 'HPUAL8DZQX4EXAMPLE01';
export const SK = 'lW6bGiXj9kS1ExampleSecretKey0000000000000';
export const TOKEN = 'gQpzZWN1cml0eS10b2tlbi1leGFtcGxl';
export const ENDPOINT = new URL('https://hss.cn-north-4.myhuaweicloud.com');

/** The AK and security token a credential puts on a request (the SK never leaves the signature). */
export async function signedWith(credential: Credential): Promise<{ ak?: string; token?: string }> {
  const request = {
    method: 'GET',
    url: new URL('https://example.invalid/x'),
    headers: {} as Record<string, string>,
    body: '',
  };
  await credential.authorize(request);
  return {
    ak: /Access=([^,]+)/.exec(request.headers.authorization ?? '')?.[1],
    token: request.headers['x-security-token'],
  };
}

export function found(result: SourceResult | undefined) {
  assert.ok(result?.status === 'found', `found, got ${JSON.stringify(result)}`);
  return result;
}

export function unusable(result: SourceResult | undefined) {
  assert.ok(result?.status === 'unusable', `unusable, got ${JSON.stringify(result)}`);
  return result;
}

/** Every way a result could be printed. */
export function everyRendering(value: unknown): string {
  return [JSON.stringify(value), inspect(value, { depth: 10, showHidden: true }), String(value)].join('\n');
}

/** That no piece of `secret` (8 characters or more) shows in any rendering of `value`. */
export function assertNoPieceOf(secret: string, value: unknown): void {
  const text = everyRendering(value);
  for (let start = 0; start + 8 <= secret.length; start++) {
    const piece = secret.slice(start, start + 8);
    assert.ok(!text.includes(piece), `"${piece}" of a secret shows in ${text}`);
  }
}
