/**
 * The parts of the extension that are loaded when first used. Each `require` below is a bundle of
 * its own beside dist/extension.js (esbuild.mjs builds them and checks that nothing else pulls
 * them into the start bundle): a window opening evaluates none of them. Unbundled (tests), the
 * same requires load the sources.
 */

import type * as SelectSource from '../credentials/selectSourceCommand';
import type * as TaskDetails from '../details/taskDetailsPanel';
import type * as ServerPages from '../servers/serverDetailsPanel';
import type * as TaskExport from '../tasks/exportCommand';

/** The task details pages (dist/details.js). */
export function taskDetailsModule(): typeof TaskDetails {
  return require('../details/taskDetailsPanel');
}

/** The server pages (dist/serverPages.js). */
export function serverPagesModule(): typeof ServerPages {
  return require('../servers/serverDetailsPanel');
}

/** Export Tasks (dist/export.js). */
export function exportModule(): typeof TaskExport {
  return require('../tasks/exportCommand');
}

/** Select Credential Source… (dist/selectSource.js). */
export function selectSourceModule(): typeof SelectSource {
  return require('../credentials/selectSourceCommand');
}

/** Something made the first time it is asked for; disposed with the extension if it was made. */
export class Lazy<T extends { dispose(): void }> {
  private made?: T;

  constructor(private readonly make: () => T) {}

  get value(): T {
    this.made ??= this.make();
    return this.made;
  }

  dispose(): void {
    this.made?.dispose();
  }
}
