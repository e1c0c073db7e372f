/** parseIni on the lines the SDKs' credentials file may hold; expected sections written by hand. */
import * as assert from 'node:assert/strict';
import { parseIni } from '../../src/hss/credentialSources/ini';

const asObject = (text: string) =>
  Object.fromEntries([...parseIni(text)].map(([name, keys]) => [name, Object.fromEntries(keys)]));

describe('parseIni', () => {
  it('drops a leading BOM only, and reads indented headers', () => {
    assert.deepEqual(asObject('\uFEFF[default]\nak = x\n  [other]  \nsk = a\uFEFFb'), {
      default: { ak: 'x' },
      other: { sk: 'a\uFEFFb' },
    });
    assert.deepEqual(asObject('[default]\nsk = a\uFEFFb'), { default: { sk: 'a\uFEFFb' } });
  });

  it('skips comment lines that hold an equals sign', () => {
    assert.deepEqual(asObject('[default]\n# ak = commented\n; sk = commented\nak = real'), {
      default: { ak: 'real' },
    });
  });

  it('takes a header only when the whole line is one', () => {
    assert.deepEqual(asObject('[a]\nregion = [cn-north-4]\n[b] k = v'), {
      a: { region: '[cn-north-4]', '[b] k': 'v' },
    });
  });

  it('skips a line without a key, and unquotes only a value quoted whole', () => {
    assert.deepEqual(asObject('[a]\n= orphan\nq1 = "quoted"\nq2 = a"b"\nq3 = "a"b'), {
      a: { q1: 'quoted', q2: 'a"b"', q3: '"a"b' },
    });
  });

  it('drops a comment after a value to the end of the line, whatever it holds', () => {
    assert.deepEqual(asObject('[a]\nsk = abc # note\u2028more\nak = x ;\u2029y'), {
      a: { sk: 'abc', ak: 'x' },
    });
  });
});
