// A window whose user and workspace settings.json hold values under the old `hssBackupTasks.*`
// keys before the extension starts (written by test/run-integration.mjs): what a user who updates
// from an older version has.
import { mocha } from '../setup';

import './migration.test';

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
