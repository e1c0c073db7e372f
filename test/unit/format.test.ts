import * as assert from 'node:assert/strict';
import {
  clearFormatCaches,
  formatCount,
  formatDuration,
  formatLocalTime,
  formatRelative,
  prepareFormatters,
  progressBar,
} from '../../src/tasks/format';

// The module keeps the words it wrote. Stryker loads the modules once and runs the tests again for
// each planted bug: without this, a test would read the words the unmutated run cached and never
// call the code under test. A hook outside any describe runs before every test of the suite.
beforeEach(() => clearFormatCaches());

describe('progressBar', () => {
  it('fills one cell per 20 points, rounded, and clamps to 0..100', () => {
    assert.equal(progressBar(9), '▱▱▱▱▱ 9%');
    assert.equal(progressBar(10), '▰▱▱▱▱ 10%');
    assert.equal(progressBar(49.6), '▰▰▰▱▱ 50%');
    assert.equal(progressBar(89), '▰▰▰▰▱ 89%');
    assert.equal(progressBar(150), '▰▰▰▰▰ 100%');
    assert.equal(progressBar(-20), '▱▱▱▱▱ 0%');
  });
});

describe('formatDuration', () => {
  it('writes seconds under a minute, rounded, and never a negative', () => {
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(1_499), '1 s');
    assert.equal(formatDuration(59_499), '59 s');
    assert.equal(formatDuration(-5_000), '0 s');
  });

  it('writes minutes from 60 s, hours and minutes from 60 min, days and hours from 24 h', () => {
    assert.equal(formatDuration(59_500), '1 min');
    assert.equal(formatDuration(60_000), '1 min');
    assert.equal(formatDuration(59 * 60_000 + 59_000), '59 min');
    assert.equal(formatDuration(60 * 60_000), '1 h');
    assert.equal(formatDuration(61 * 60_000), '1 h 1 min');
    assert.equal(formatDuration(23 * 3_600_000 + 59 * 60_000), '23 h 59 min');
    assert.equal(formatDuration(24 * 3_600_000), '1 d');
    assert.equal(formatDuration(49 * 3_600_000), '2 d 1 h');
    assert.equal(formatDuration(48 * 3_600_000 + 59 * 60_000), '2 d');
  });

  it('shows a duration under a day to the minute, and beyond to the hour', () => {
    // Same minute, other seconds: the same words.
    assert.equal(formatDuration(3_600_000 + 60_000 + 10_000), '1 h 1 min');
    assert.equal(formatDuration(3_600_000 + 60_000 + 50_000), '1 h 1 min');
    assert.equal(formatDuration(25 * 3_600_000 + 10 * 60_000), '1 d 1 h');
    assert.equal(formatDuration(25 * 3_600_000 + 50 * 60_000), '1 d 1 h');
  });

  it('uses English short units for English and no locale, Intl units for others', () => {
    assert.equal(formatDuration(120_000, 'en-GB'), '2 min');
    assert.equal(formatDuration(120_000, 'EN'), '2 min');
    assert.equal(formatDuration(120_000, undefined), '2 min');
    assert.equal(formatDuration(120_000, 'de'), '2 Min.');
    assert.equal(formatDuration(2 * 86_400_000, 'zh-CN'), '2天');
    assert.equal(formatDuration(2 * 3_600_000, 'zh-CN'), '2小时');
  });

  it('keeps each locale apart when the same value is written in several', () => {
    assert.equal(formatDuration(7_000, 'zh-CN'), '7秒');
    assert.equal(formatDuration(7_000), '7 s');
    assert.equal(formatDuration(7_000, 'de'), '7 Sek.');
    assert.equal(formatDuration(7 * 60_000, 'de'), '7 Min.');
  });

  it('tells English by its language subtag only, not by an "en" elsewhere in the tag', () => {
    assert.equal(formatDuration(120_000, 'de-x-en'), '2 Min.');
  });

  it('keeps a long duration and a few seconds apart', () => {
    assert.equal(formatDuration(1_000), '1 s');
    assert.equal(formatDuration(3600 * 3600 * 1000), '150 d');
    assert.equal(formatDuration(3_600_000), '1 h');
    assert.equal(formatDuration(150 * 86_400_000), '150 d');
  });

  it('still writes the right words after thousands of distinct durations', () => {
    for (let seconds = 0; seconds < 10_050; seconds++) formatDuration(seconds * 60_000 * 60, 'en');
    assert.equal(formatDuration(3_600_000, 'en'), '1 h');
    assert.equal(formatDuration(1_000, 'en'), '1 s');
  });
});

describe('formatRelative', () => {
  const now = Date.UTC(2026, 10, 27, 12);
  const at = (seconds: number, locale = 'en') => formatRelative(now + seconds * 1000, now, locale);

  it('says now under 45 s, either way', () => {
    assert.equal(at(-44), 'now');
    assert.equal(at(44), 'now');
  });

  it('switches unit at 45 s, 45 min, 22 h and 26 days', () => {
    assert.equal(at(-45), '1 minute ago');
    assert.equal(at(-(45 * 60 - 1)), '45 minutes ago');
    assert.equal(at(-45 * 60), '1 hour ago');
    assert.equal(at(-(22 * 3600 - 1)), '22 hours ago');
    assert.equal(at(-22 * 3600), 'yesterday');
    assert.equal(at(-(26 * 86400 - 1)), '26 days ago');
    assert.equal(at(-26 * 86400), 'last month');
    assert.equal(at(-90 * 86400), '3 months ago');
    assert.equal(at(2 * 86400), 'in 2 days');
  });

  it('keeps the phrases of each locale and each unit apart', () => {
    assert.equal(at(-3 * 3600, 'en'), '3 hours ago');
    assert.equal(at(-3 * 86400, 'en'), '3 days ago');
    assert.equal(at(-3 * 3600, 'de'), 'vor 3 Stunden');
    assert.equal(at(-3 * 3600), '3 hours ago');
    assert.equal(formatRelative(now - 3 * 3600_000, now), formatRelative(now - 3 * 3600_000, now));
  });
  it('keeps the phrases of no locale apart from those of a locale, in either order', () => {
    const threeHoursAgo = now - 3 * 3600_000;
    assert.equal(formatRelative(threeHoursAgo, now), '3 hours ago');
    assert.equal(formatRelative(threeHoursAgo, now, 'zh-CN'), '3小时前');
    assert.equal(formatRelative(threeHoursAgo, now), '3 hours ago');
  });
});

describe('formatLocalTime and formatCount', () => {
  it('writes the local date and time with two-digit fields', () => {
    assert.equal(formatLocalTime(new Date(2026, 0, 2, 3, 4, 5).getTime()), '2026-01-02 03:04:05');
    assert.equal(formatLocalTime(new Date(2026, 10, 27, 14, 35, 59).getTime()), '2026-11-27 14:35:59');
  });

  it('writes the same words once prepared for a locale (a window opening prepares them early)', () => {
    prepareFormatters('de');
    prepareFormatters('zh-cn');
    assert.deepEqual(
      [formatCount(12345, 'de'), formatRelative(0, 3_600_000, 'de'), formatDuration(90_000, 'de')],
      ['12.345', 'vor 1 Stunde', '1 Min.'],
    );
    assert.deepEqual(
      [formatCount(12345, 'zh-cn'), formatRelative(0, 3_600_000, 'zh-cn'), formatDuration(90_000, 'zh-cn')],
      ['12,345', '1小时前', '1分钟'],
    );
  });

  it('groups thousands in the locale', () => {
    assert.equal(formatCount(1237, 'en'), '1,237');
    assert.equal(formatCount(1237, 'de'), '1.237');
    assert.equal(formatCount(1237, 'en'), '1,237');
  });
});
