/** Which servers went from covered to at risk between two readings of the coverage. */
import { type Coverage, isAtRisk, type ServerCoverage } from '../tasks/coverage';

/**
 * Servers covered in `before` and at risk in `after`, worst first. A server absent from `before`
 * (new to the list) is not named: nothing changed for it that the user had seen.
 */
export function newlyAtRisk(before: Coverage | undefined, after: Coverage): ServerCoverage[] {
  if (!before) return [];
  const covered = new Set(
    before.servers.filter((entry) => entry.state === 'covered').map((entry) => entry.id),
  );
  return after.servers.filter((entry) => isAtRisk(entry.state) && covered.has(entry.id));
}
