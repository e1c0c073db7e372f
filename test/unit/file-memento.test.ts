import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rememberedProjectId, rememberProjectId } from '../../src/ui/session/discoveredProjects';
import { FileMemento } from '../../src/ui/session/fileMemento';

describe('state kept in a file of the global storage (FileMemento)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hss-memento-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is read by the next window, value for value, from the moment it is made', async () => {
    const file = path.join(dir, 'storage', 'state.json');
    const first = new FileMemento(file);
    assert.equal(first.get('a'), undefined);
    await first.update('a', { 'https://hss.example/': 'p1' });
    await first.update('b', 2);
    assert.deepEqual(first.get('a'), { 'https://hss.example/': 'p1' }, 'at once');
    // A window reopened: nothing awaited, the values are there.
    const next = new FileMemento(file);
    assert.deepEqual([next.get('a'), next.get('b')], [{ 'https://hss.example/': 'p1' }, 2]);
    await next.update('b', undefined);
    assert.equal(new FileMemento(file).get('b'), undefined, 'undefined removes it');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['state.json'], 'no temporary file left');
  });

  it('starts empty from a missing, broken or foreign file, and writes it whole again', async () => {
    const file = path.join(dir, 'state.json');
    for (const text of ['{"a":', '[1,2]', '"text"', 'null']) {
      fs.writeFileSync(file, text);
      // '0' and 'length': what a string or an array would answer if taken for the values.
      for (const key of ['a', '0', 'length'])
        assert.equal(new FileMemento(file).get(key), undefined, `${text} ${key}`);
    }
    fs.writeFileSync(file, '{"a":');
    const memory = new FileMemento(file);
    await memory.update('c', 'x');
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { c: 'x' });
    assert.equal(new FileMemento(file).get('toString'), undefined, "only the file's own keys");
  });

  it('goes on writing after a write failed, and the last value wins', async () => {
    // The storage path is taken by a file: the folder cannot be made.
    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, '');
    const memory = new FileMemento(path.join(blocked, 'state.json'));
    await assert.rejects(memory.update('a', 1));
    assert.equal(memory.get('a'), 1, 'kept in memory all the same');
    fs.rmSync(blocked);
    const writes = [memory.update('a', 2), memory.update('a', 3)];
    await Promise.all(writes);
    assert.equal(new FileMemento(path.join(blocked, 'state.json')).get('a'), 3);
  });

  it('leaves no temporary file when the file cannot be replaced', async () => {
    // A folder where the file should be: the rename fails.
    const file = path.join(dir, 'state.json');
    fs.mkdirSync(file);
    await assert.rejects(new FileMemento(file).update('a', 1));
    assert.deepEqual(fs.readdirSync(dir), ['state.json']);
  });

  it('holds the project ids a credential source named, for the next window', async () => {
    const file = path.join(dir, 'state.json');
    const endpoint = new URL('https://hss.cn-north-4.myhuaweicloud.com/');
    await rememberProjectId(new FileMemento(file), endpoint, '0a1b2c');
    assert.equal(rememberedProjectId(new FileMemento(file), endpoint), '0a1b2c');
  });
});
