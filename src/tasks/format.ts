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
  if (!locale || /^en\b/i.test(locale)) return (value, unit) => `${value} ${ENGLISH_UNITS[unit]}`;
  return (value, unit) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

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
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    abs < 45
      ? [0, 'second']
      : abs < 45 * 60
        ? [Math.round(seconds / 60), 'minute']
        : abs < 22 * 3600
          ? [Math.round(seconds / 3600), 'hour']
          : abs < 26 * 86400
            ? [Math.round(seconds / 86400), 'day']
            : [Math.round(seconds / (30 * 86400)), 'month'];
  // Thousands of rows share a few dozen phrases ("3 days ago"): each is formatted once.
  const key = `${locale ?? ''}|${unit}|${value}`;
  let text = phrases.get(key);
  if (text === undefined) {
    const format = cached(
      `relative:${locale ?? ''}`,
      () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
    );
    text = format.format(value, unit);
    phrases.set(key, text);
  }
  return text;
}

const phrases = new Map<string, string>();

/** Local date and time, e.g. "2026-11-27 14:05:09". */
export function formatLocalTime(time: number): string {
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "1,237" in the given locale. */
export function formatCount(count: number, locale?: string): string {
  return cached(`count:${locale ?? ''}`, () => new Intl.NumberFormat(locale)).format(count);
}
