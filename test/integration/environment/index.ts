// A second window, whose extension host starts with HUAWEICLOUD_SDK_AK/SK in its environment
// (set by test/run-integration.mjs): the one way to see what a user who exported them sees.
import { mocha } from '../setup';

// First: it needs the extension not yet active.
import './opening.test';
import './environment.test';

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
