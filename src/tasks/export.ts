/**
 * The task list as CSV or JSON: every field, times in ISO-8601 (UTC). The CSV starts with a UTF-8
 * byte order mark, without which Excel reads UTF-8 as the system code page (服务器 → garbage).
 */
import type { Task } from './identity';

export type ExportFormat = 'csv' | 'json';

const COLUMNS = [
  'host_id',
  'host_name',
  'backup_name',
  'status',
  'raw_status',
  'progress',
  'started_at',
  'ended_at',
  'error_code',
  'error_message',
] as const;

function iso(time: number | undefined): string | undefined {
  return time === undefined ? undefined : new Date(time).toISOString();
}

export function exportRow(task: Task): Record<(typeof COLUMNS)[number], string | number | undefined> {
  return {
    host_id: task.hostId,
    host_name: task.hostName,
    backup_name: task.backupName,
    status: task.status,
    // The API's own word: what it sent for an undocumented status, else the documented one.
    raw_status: task.rawStatus ?? (task.status === 'unknown' ? undefined : task.status),
    progress: task.progress,
    started_at: iso(task.startedAt),
    ended_at: iso(task.endedAt),
    error_code: task.error?.code,
    error_message: task.error?.message,
  };
}

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets show it as text. */
function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const UTF8_BOM = '\uFEFF';

export function toCsv(tasks: readonly Task[]): string {
  const lines = [COLUMNS.join(',')];
  for (const task of tasks) {
    const row = exportRow(task);
    lines.push(COLUMNS.map((column) => csvCell(row[column])).join(','));
  }
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

export function toJson(tasks: readonly Task[]): string {
  return `${JSON.stringify(tasks.map(exportRow), null, 2)}\n`;
}

export function formatTasks(tasks: readonly Task[], format: ExportFormat): string {
  return format === 'csv' ? toCsv(tasks) : toJson(tasks);
}
