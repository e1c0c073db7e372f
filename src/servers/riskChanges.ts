/** Which servers went from covered to at risk between two readings of the coverage. */
import type { OperationLog } from '../hss/model';
import { type Coverage, isAtRisk, type ServerCoverage } from '../tasks/coverage';

/**
 * Servers covered in `before` and at risk in `after`, worst first. A server absent from `before`
 * (new to the list) is not named: nothing changed for it that the user had seen.
 */
export function newlyAtRisk<T extends OperationLog>(
  before: Coverage<T> | undefined,
  after: Coverage<T>,
): ServerCoverage<T>[] {
  if (!before) return [];
  const covered = new Set(
    before.servers.filter((entry) => entry.state === 'covered').map((entry) => entry.id),
  );
  return after.servers.filter((entry) => isAtRisk(entry.state) && covered.has(entry.id));
}
