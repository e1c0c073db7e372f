import * as assert from 'node:assert/strict';
import {
  DISCOVERED_KEY,
  type MementoLike,
  rememberedProjectId,
  rememberProjectId,
} from '../../src/ui/session/discoveredProjects';

/** A memento in memory that records each write, as VS Code's global state keeps values. */
function memento(initial?: unknown): MementoLike & { writes: unknown[] } {
  let value = initial;
  const writes: unknown[] = [];
  return {
    writes,
    get: <T>(key: string) => (key === DISCOVERED_KEY ? (value as T) : undefined),
    update: async (key: string, next: unknown) => {
      assert.equal(key, DISCOVERED_KEY);
      writes.push(next);
      value = next;
    },
  };
}

const CN = new URL('https://hss.cn-north-4.myhuaweicloud.com/');
const AP = new URL('https://hss.ap-southeast-1.myhuaweicloud.com/');

describe('the project id the credential sources last named, per endpoint', () => {
  it('is kept under a key that later versions read', () => {
    assert.equal(DISCOVERED_KEY, 'hssBackupTasks.discoveredProjectIds');
  });

  it('is remembered per endpoint, the others kept, and written only when it changes', async () => {
    const memory = memento();
    assert.equal(rememberedProjectId(memory, CN), undefined);
    await rememberProjectId(memory, CN, '0a1b2c');
    await rememberProjectId(memory, AP, 'ff00');
    await rememberProjectId(memory, CN, '0a1b2c');
    assert.equal(rememberedProjectId(memory, CN), '0a1b2c');
    assert.equal(rememberedProjectId(memory, AP), 'ff00');
    assert.deepEqual(memory.writes, [{ [CN.href]: '0a1b2c' }, { [CN.href]: '0a1b2c', [AP.href]: 'ff00' }]);
  });

  it('is forgotten when the sources name none', async () => {
    const memory = memento({ [CN.href]: '0a1b2c', [AP.href]: 'ff00' });
    await rememberProjectId(memory, CN, undefined);
    assert.equal(rememberedProjectId(memory, CN), undefined);
    assert.deepEqual(memory.writes, [{ [AP.href]: 'ff00' }]);
  });

  it('reads anything but a non-empty string as nothing, and starts afresh from a broken value', async () => {
    for (const broken of [undefined, null, 'x', 42, ['0a1b2c'], { [CN.href]: 7 }, { [CN.href]: '' }]) {
      assert.equal(rememberedProjectId(memento(broken), CN), undefined, JSON.stringify(broken));
    }
    const memory = memento(['0a1b2c']);
    await rememberProjectId(memory, CN, 'abc');
    assert.deepEqual(memory.writes, [{ [CN.href]: 'abc' }]);
    assert.equal(rememberedProjectId(undefined, CN), undefined, 'no state: nothing remembered');
    await rememberProjectId(undefined, CN, 'abc');
  });
});
