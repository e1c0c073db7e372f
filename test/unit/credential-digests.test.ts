/** The short forms of what the credential sources hold: paths shown with "~", and fingerprints. */
import * as assert from 'node:assert/strict';
import { shortPath, fingerprintOf as sourceFingerprint } from '../../src/hss/credentialSources/types';
import { AccessKeyCredential } from '../../src/hss/credentials';

describe('shortPath', () => {
  it('writes the home folder as "~", and nothing else', () => {
    assert.equal(shortPath('/home/me/.hcloud/config.json', '/home/me'), '~/.hcloud/config.json');
    assert.equal(shortPath('/home/me', '/home/me'), '~');
    assert.equal(shortPath('/home/meow/credentials', '/home/me'), '/home/meow/credentials');
    assert.equal(shortPath('/etc/credentials', '/home/me'), '/etc/credentials');
    assert.equal(shortPath('/etc/credentials', ''), '/etc/credentials');
  });

  it('knows Windows paths', () => {
    assert.equal(
      shortPath('C:\\Users\\me\\.hcloud\\config.json', 'C:\\Users\\me'),
      '~\\.hcloud\\config.json',
    );
    assert.equal(shortPath('C:\\Users\\meow\\config.json', 'C:\\Users\\me'), 'C:\\Users\\meow\\config.json');
  });
});

describe('fingerprints', () => {
  it("of a source's values are 16 hex digits", () => {
    assert.match(sourceFingerprint('HPUAL8DZQX4EXAMPLE01', 'secret', undefined), /^[0-9a-f]{16}$/);
  });

  it('of AK/SK credentials differ when the keys differ only in where one ends', () => {
    const one = new AccessKeyCredential('A', 'B-1:C');
    const other = new AccessKeyCredential('A-1:B', 'C');
    assert.notEqual(one.fingerprint, other.fingerprint);
    assert.equal(one.fingerprint, new AccessKeyCredential('A', 'B-1:C').fingerprint);
  });
});
