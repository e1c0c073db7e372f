// The one Mocha instance of the integration run. Importing this module installs mocha's bdd
// globals (describe, it, before, ...) so that the test files imported after it can register
// their suites as they load.
import Mocha from 'mocha';

// TEST_GREP="Servers view" runs only the tests whose titles match (while working on them).
export const mocha = new Mocha({
  ui: 'bdd',
  color: true,
  timeout: 60_000,
  reporter: 'spec',
  ...(process.env.TEST_GREP ? { grep: process.env.TEST_GREP } : {}),
});

mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
