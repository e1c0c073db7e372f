// How a stored task is rendered in the response body: the field names and types of the real API.
import type { SampleTask } from './data';

/** One `data_list` row. Every field is optional on the wire, as in the official SDK models. */
export interface OperationLogRow {
  host_id?: string;
  host_name?: string;
  backup_name?: string;
  process?: number;
  status?: string;
  started_at?: string | number;
  ended_at?: string | number;
  error_info?: { code: string; message: string };
}

export interface OperationLogPage {
  total_num: number;
  data_list: OperationLogRow[];
}

/** ISO-8601 without milliseconds, as in the published example (`2025-03-06T05:26:18Z`). */
export function isoSeconds(ms: number): string {
  let text = isoCache.get(ms);
  if (text === undefined) {
    // slice, not a regular expression: this runs for every time of every row of every page.
    text = `${new Date(ms).toISOString().slice(0, 19)}Z`;
    if (isoCache.size >= ISO_CACHE_SIZE) isoCache.clear();
    isoCache.set(ms, text);
  }
  return text;
}

/** Times of the tasks served, already written out; the same rows are paged again and again. */
const isoCache = new Map<number, string>();
const ISO_CACHE_SIZE = 50_000;

export function toOperationLogRow(task: SampleTask): OperationLogRow {
  const time = (ms: number | undefined) =>
    ms === undefined ? undefined : task.timeFormat === 'epoch-ms' ? ms : isoSeconds(ms);
  // JSON.stringify drops undefined properties, which is how optional fields go missing.
  return {
    host_id: task.hostId,
    host_name: task.hostName,
    backup_name: task.backupName,
    process: task.process,
    status: task.status,
    started_at: time(task.startedAt),
    ended_at: time(task.endedAt),
    error_info: task.errorInfo && { ...task.errorInfo },
  };
}
