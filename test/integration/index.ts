// Entry point of the integration tests: VS Code's extension host loads this file
// (--extensionTestsPath) and awaits run(). See test/run-integration.mjs.
//
// esbuild bundles this file with every test into out/test/integration/index.js (mocha and vscode
// stay external), so there is no test-file glob at run time: each test file is imported here,
// statically, after ./setup which creates the Mocha instance and its describe/it globals.
// Add new test files to the list below.
import { mocha } from './setup';

import './host.test';
import './extension.test';
import './liveUpdates.test';
import './credentials.test';
import './groupingExport.test';
import './projects.test';
import './recovery.test';
import './credentialSources.test';
import './scale.test';
import './servers.test';
import './details.test';
import './treeRows.test';
import './treeRedraw.test';

/** Runs the tests; rejects when any fails, which makes VS Code exit with a non-zero code. */
export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    // The spec reporter writes through console.log, which the extension host forwards to the
    // launcher's stdout.
    mocha.run((failures) => {
      if (failures > 0) {
        reject(new Error(`${failures} integration test(s) failed`));
      } else {
        resolve();
      }
    });
  });
}
