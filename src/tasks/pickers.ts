/** What the filter pickers offer: the server names known from the list, the current time range. */
import { effectiveLastDays, TIME_RANGES } from './filters';
import type { Task } from './identity';

/** Every server name in the list, once each, sorted for reading (locale order, case folded). */
export function serverNameChoices(tasks: Iterable<Task>, locale?: string): string[] {
  const names = new Set<string>();
  for (const task of tasks) if (task.hostName) names.add(task.hostName);
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return [...names].sort(collator.compare);
}

export interface TimeRangeChoice {
  /** 1..30, or 0 for all time. */
  readonly days: number;
  readonly current: boolean;
}

/** The time ranges offered, the one in effect (the filter's, else the setting's) marked. */
export function timeRangeChoices(
  filterDays: number | undefined,
  settingDays: number | undefined,
): TimeRangeChoice[] {
  const inEffect = effectiveLastDays(filterDays, settingDays) ?? 0;
  const offered: number[] = [...TIME_RANGES, 0];
  // A setting of, say, 5 days is not among the offered ones: offer it too, so it can be marked.
  if (!offered.includes(inEffect))
    offered.splice(
      offered.findIndex((d) => d === 0 || d > inEffect),
      0,
      inEffect,
    );
  return offered.map((days) => ({ days, current: days === inEffect }));
}
