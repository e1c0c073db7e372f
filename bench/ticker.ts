/**
 * The relative-time ticker: every 30 s the rows whose time text moved on ("queued 5 minutes ago",
 * an elapsed "12 min") are found and redrawn, and only those. This is the finding, over all 10,000
 * tasks (the tree asks it only for the rows of expanded groups, at most 500 a group): its cost,
 * and how many rows one tick redraws. Alone: `tsx bench/ticker.ts`.
 */
import { parseOperationLog } from '../src/hss/parse';
import { generateTasks } from '../src/sample/data';
import { toOperationLogRow } from '../src/sample/wire';
import { ROW_TICK_MS, rowsWhoseTimeChanged } from '../src/tasks/clockText';
import { assignIds } from '../src/tasks/identity';
import { median, round } from './lib/stats';

export interface TickerFigures {
  readonly rows: number;
  /** Finding the rows whose text changed between two ticks, median of the runs. */
  readonly tickMs: number;
  /** Rows one tick redraws (the rest keep their text). */
  readonly changedRows: number;
}

export function tickerFigures(runs: number, now = Date.UTC(2026, 10, 27, 12)): TickerFigures {
  const logs = generateTasks({ count: 10_000, seed: 1, now }).flatMap((task) => {
    const log = parseOperationLog(JSON.parse(JSON.stringify(toOperationLogRow(task))));
    return log ? [log] : [];
  });
  const tasks = assignIds(logs);
  const samples: number[] = [];
  let changedRows = 0;
  for (let run = 0; run <= runs; run++) {
    const before = now + run * ROW_TICK_MS;
    const started = performance.now();
    const changed = rowsWhoseTimeChanged(tasks, (task) => task, before, before + ROW_TICK_MS, 'en');
    const ms = performance.now() - started;
    if (run > 0) samples.push(ms);
    changedRows = changed.length;
  }
  return { rows: tasks.length, tickMs: round(median(samples), 2), changedRows };
}

if (require.main === module) console.log(JSON.stringify(tickerFigures(5)));
