/** Words and numbers for display that do not depend on VS Code: progress bars, durations, times. */

const BAR_CELLS = 5;

/** "▰▰▰▱▱ 62%" */
export function progressBar(percent: number): string {
  const clamped = Math.min(100, Math.max(0, Math.round(percent)));
  const filled = Math.round((clamped / 100) * BAR_CELLS);
  return `${'▰'.repeat(filled)}${'▱'.repeat(BAR_CELLS - filled)} ${clamped}%`;
}

/**
 * "45 s", "12 min", "3 h 5 min", "2 d 4 h" in English; other locales get their own unit words
 * ("12分钟") from Intl.
 */
export function formatDuration(ms: number, locale?: string): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  // Written once per locale and shown value (to the second under a minute, to the minute under a
  // day, to the hour beyond): a list of 10,000 tasks repeats a few hundred durations.
  const shown =
    seconds < 60
      ? seconds
      : seconds < 86_400
        ? Math.floor(seconds / 60) * 60
        : Math.floor(seconds / 3600) * 3600;
  let known = durations.get(locale ?? '');
  if (!known) {
    known = new Map();
    durations.set(locale ?? '', known);
  }
  let text = known.get(shown);
  if (text === undefined) {
    if (known.size >= MAX_DURATIONS) known.clear();
    text = writeDuration(seconds, locale);
    known.set(shown, text);
  }
  return text;
}

const durations = new Map<string, Map<number, string>>();
const MAX_DURATIONS = 10_000;

function writeDuration(seconds: number, locale?: string): string {
  const unit = unitFormatter(locale);
  if (seconds < 60) return unit(seconds, 'second');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24)
    return minutes % 60 ? `${unit(hours, 'hour')} ${unit(minutes % 60, 'minute')}` : unit(hours, 'hour');
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${unit(days, 'day')} ${unit(hours % 24, 'hour')}` : unit(days, 'day');
}

type DurationUnit = 'second' | 'minute' | 'hour' | 'day';
const ENGLISH_UNITS: Record<DurationUnit, string> = { second: 's', minute: 'min', hour: 'h', day: 'd' };

function unitFormatter(locale?: string): (value: number, unit: DurationUnit) => string {
  const key = locale ?? '';
  let format = unitFormatters.get(key);
  if (!format) {
    format =
      !locale || /^en\b/i.test(locale)
        ? (value, unit) => `${value} ${ENGLISH_UNITS[unit]}`
        : (value, unit) =>
            cached(
              `unit:${locale}:${unit}`,
              () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }),
            ).format(value);
    unitFormatters.set(key, format);
  }
  return format;
}

const unitFormatters = new Map<string, (value: number, unit: DurationUnit) => string>();

/** Intl formatters are slow to build (tens of microseconds): one per locale and kind, kept. */
const formatters = new Map<string, Intl.RelativeTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.RelativeTimeFormat | Intl.NumberFormat>(key: string, create: () => T): T {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = create();
    formatters.set(key, formatter);
  }
  return formatter as T;
}

/** "5 minutes ago", "yesterday", in the given locale. */
export function formatRelative(time: number, now: number, locale?: string): string {
  const seconds = Math.round((time - now) / 1000);
  const abs = Math.abs(seconds);
  // An index into RELATIVE_UNITS, and the count of that unit.
  const unit = abs < 45 ? 0 : abs < 45 * 60 ? 1 : abs < 22 * 3600 ? 2 : abs < 26 * 86400 ? 3 : 4;
  const value = unit === 0 ? 0 : Math.round(seconds / RELATIVE_SECONDS[unit]);
  // Thousands of rows share a few dozen phrases ("3 days ago"): each is formatted once, and found
  // again by a number (value and unit) in the locale's own table.
  let known = phrases.get(locale ?? '');
  if (!known) {
    known = new Map();
    phrases.set(locale ?? '', known);
  }
  const key = value * RELATIVE_UNITS.length + unit;
  let text = known.get(key);
  if (text === undefined) {
    const format = cached(
      `relative:${locale ?? ''}`,
      () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
    );
    text = format.format(value, RELATIVE_UNITS[unit]);
    known.set(key, text);
  }
  return text;
}

const RELATIVE_UNITS = ['second', 'minute', 'hour', 'day', 'month'] as const;
const RELATIVE_SECONDS = [1, 60, 3600, 86400, 30 * 86400] as const;
const phrases = new Map<string, Map<number, string>>();

/** Local date and time, e.g. "2026-11-27 14:05:09". */
export function formatLocalTime(time: number): string {
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * Builds the formatters a tree of tasks asks for first (counts, relative times, durations). The
 * first Intl formatter of a process loads the locale's data, over 10 ms on a cold extension host:
 * a window opening has that done while its kept list is read from disk, not while VS Code waits
 * for the tree.
 */
export function prepareFormatters(locale?: string): void {
  formatCount(0, locale);
  formatRelative(0, 3_600_000, locale);
  formatDuration(90_000, locale);
}

/** "1,237" in the given locale. */
export function formatCount(count: number, locale?: string): string {
  return cached(`count:${locale ?? ''}`, () => new Intl.NumberFormat(locale)).format(count);
}

/**
 * Forgets the phrases and formatters kept above. The words do not change while VS Code runs, so
 * the extension never needs it; tests call it so that each run writes its words afresh.
 */
export function clearFormatCaches(): void {
  durations.clear();
  unitFormatters.clear();
  formatters.clear();
  phrases.clear();
}
