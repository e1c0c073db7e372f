import * as assert from 'node:assert/strict';
import {
  failureTotal,
  scopeText,
  type ViewScope,
  type ViewWords,
  viewMessageText,
} from '../../src/ui/tasks/viewMessageText';

/** Words that show which template was used and where each argument went. */
const words: ViewWords<string> = {
  projects: (count) => `${count} projects`,
  allTime: () => 'all time',
  lastDays: (days) => `last ${days} days`,
  statuses: (labels) => `status: ${labels}`,
  server: (name) => `server: ${name}`,
  enterpriseProject: (id) => `enterprise project: ${id}`,
  loading: (scope, loaded, total) => `${scope} — loading ${loaded} of ${total}…`,
  stale: (time, reason) => `Showing data from ${time} (refresh failed: ${reason})`,
  statusLabel: (status) => `${status.toUpperCase()}-Label`,
  errorMessage: (error) => `reason<${error}>`,
  incomplete: (scope, count, reason) => `${scope} — ${count} tasks, may be incomplete: ${reason}`,
  retrying: () => 'Retrying.',
  cached: (scope, time) => `${scope} — from ${time}, refreshing…`,
};

const single: ViewScope = {
  ready: true,
  label: 'cn-north-4',
  multiProject: false,
  projectCount: 1,
  lastDays: 7,
};
const several: ViewScope = { ...single, multiProject: true, projectCount: 3 };

describe('scopeText', () => {
  it('is empty without a project shown', () => {
    assert.equal(scopeText({ ...single, label: undefined }, { serverName: 'web' }, words), '');
  });

  it('names the project and the days of the setting', () => {
    assert.equal(scopeText(single, {}, words), 'cn-north-4 · last 7 days');
  });

  it('ends with the grouping when it is not by status', () => {
    assert.equal(
      scopeText({ ...single, grouping: 'by server' }, {}, words),
      'cn-north-4 · last 7 days · by server',
    );
  });

  it('counts the projects when several are shown', () => {
    assert.equal(scopeText(several, {}, words), '3 projects · last 7 days');
  });

  it('says all time when the setting or the filter is 0 or no days are set', () => {
    assert.equal(scopeText({ ...single, lastDays: 0 }, {}, words), 'cn-north-4 · all time');
    assert.equal(scopeText(single, { lastDays: 0 }, words), 'cn-north-4 · all time');
    assert.equal(scopeText({ ...single, lastDays: undefined }, {}, words), 'cn-north-4 · all time');
  });

  it('lets the filter days win over the setting', () => {
    assert.equal(scopeText(single, { lastDays: 30 }, words), 'cn-north-4 · last 30 days');
  });

  it('lists every filter in order, status labels in lower case', () => {
    assert.equal(
      scopeText(
        single,
        { statuses: ['failed', 'timeout'], serverName: 'web-01', enterpriseProjectId: 'ep-9', lastDays: 3 },
        words,
      ),
      'cn-north-4 · last 3 days · status: failed-label, timeout-label · server: web-01 · enterprise project: ep-9',
    );
  });

  it('leaves out an empty status list and server name', () => {
    assert.equal(scopeText(single, { statuses: [], serverName: '' }, words), 'cn-north-4 · last 7 days');
  });

  it("shows the enterprise project of the setting, and the filter's over it", () => {
    const withSetting = { ...single, enterpriseProjectId: 'ep-setting' };
    assert.equal(
      scopeText(withSetting, {}, words),
      'cn-north-4 · last 7 days · enterprise project: ep-setting',
    );
    assert.equal(
      scopeText(withSetting, { enterpriseProjectId: 'all_granted_eps' }, words),
      'cn-north-4 · last 7 days · enterprise project: all_granted_eps',
    );
  });
});

describe('viewMessageText', () => {
  // Local time, so that the expected "14:05" holds in every time zone.
  const loadedAt = new Date(2026, 10, 27, 14, 5, 9).getTime();
  const task = {};

  it('says nothing before the session is ready', () => {
    assert.equal(viewMessageText({ ...single, ready: false }, { tasks: [] }, {}, words), undefined);
  });

  it('is the scope when the list is current', () => {
    assert.equal(viewMessageText(single, { tasks: [task], loadedAt }, {}, words), 'cn-north-4 · last 7 days');
  });

  it('shows the progress of a load, counts in the locale', () => {
    assert.equal(
      viewMessageText(single, { tasks: [], progress: { loaded: 1200, total: 10500 } }, {}, words, 'en'),
      'cn-north-4 · last 7 days — loading 1,200 of 10,500…',
    );
    assert.equal(
      viewMessageText(single, { tasks: [], progress: { loaded: 1200, total: 10500 } }, {}, words, 'de'),
      'cn-north-4 · last 7 days — loading 1.200 of 10.500…',
    );
  });

  it('shows progress before staleness', () => {
    assert.equal(
      viewMessageText(
        single,
        { tasks: [task], loadedAt, error: 'down', progress: { loaded: 1, total: 2 } },
        {},
        words,
        'en',
      ),
      'cn-north-4 · last 7 days — loading 1 of 2…',
    );
  });

  it('shows the time of a stale list and why the refresh failed', () => {
    assert.equal(
      viewMessageText(single, { tasks: [task], loadedAt, error: 'HTTP 503' }, {}, words),
      'Showing data from 14:05 (refresh failed: reason<HTTP 503>)',
    );
  });

  it('marks the list kept from an earlier session, with its time (and its day when not today)', () => {
    const cachedAt = new Date(2026, 10, 27, 9, 41, 0).getTime();
    assert.equal(
      viewMessageText(
        single,
        { tasks: [task], cachedAt },
        {},
        words,
        'en',
        new Date(2026, 10, 27, 18, 0).getTime(),
      ),
      'cn-north-4 · last 7 days — from 09:41, refreshing…',
    );
    assert.equal(
      viewMessageText(
        single,
        { tasks: [task], cachedAt },
        {},
        words,
        'en',
        new Date(2026, 10, 28, 8, 0).getTime(),
      ),
      'cn-north-4 · last 7 days — from 2026-11-27 09:41, refreshing…',
    );
    // With nothing to show, or the fresh load failed: not "refreshing".
    assert.equal(viewMessageText(single, { tasks: [], cachedAt }, {}, words), 'cn-north-4 · last 7 days');
    assert.equal(
      viewMessageText(single, { tasks: [task], cachedAt, error: 'HTTP 503' }, {}, words),
      'Showing data from 09:41 (refresh failed: reason<HTTP 503>)',
    );
  });

  it('says a stale list is read again by itself when it is', () => {
    assert.equal(
      viewMessageText(single, { tasks: [task], loadedAt, error: 'HTTP 503', retrying: true }, {}, words),
      'Showing data from 14:05 (refresh failed: reason<HTTP 503>) Retrying.',
    );
  });

  it('says why the list shown may be incomplete, with its count in the locale', () => {
    const tasks = Array.from({ length: 1234 }, () => task);
    assert.equal(
      viewMessageText(
        single,
        { tasks, loadedAt, incomplete: 'a page came back empty', retrying: true },
        {},
        words,
        'en',
      ),
      'cn-north-4 · last 7 days — 1,234 tasks, may be incomplete: a page came back empty Retrying.',
    );
    // Nothing shown: the tree's error or empty item says it; the line is the scope.
    assert.equal(
      viewMessageText(single, { tasks: [], incomplete: 'x' }, {}, words),
      'cn-north-4 · last 7 days',
    );
  });

  it("names a credential source other than the extension's own storage", () => {
    assert.equal(
      scopeText({ ...single, source: 'AK/SK from HUAWEICLOUD_SDK_AK' }, {}, words),
      'cn-north-4 · last 7 days · AK/SK from HUAWEICLOUD_SDK_AK',
    );
  });

  it('is the scope when a failed load has nothing earlier to show', () => {
    assert.equal(
      viewMessageText(single, { tasks: [], loadedAt, error: 'x' }, {}, words),
      'cn-north-4 · last 7 days',
    );
    assert.equal(
      viewMessageText(single, { tasks: [task], error: 'x' }, {}, words),
      'cn-north-4 · last 7 days',
    );
  });

  it('leaves staleness to the project nodes when several projects are shown', () => {
    assert.equal(
      viewMessageText(several, { tasks: [task], loadedAt, error: 'x' }, {}, words),
      '3 projects · last 7 days',
    );
  });
});

describe('failureTotal', () => {
  it('adds failed and timed-out tasks of every project', () => {
    assert.equal(
      failureTotal([
        { tasks: [], failures: { failed: 2, timeout: 1 } },
        { tasks: [] },
        { tasks: [], failures: { failed: 0, timeout: 4 } },
      ]),
      7,
    );
  });

  it('is undefined with no failures, or none counted yet', () => {
    assert.equal(failureTotal([]), undefined);
    assert.equal(failureTotal([{ tasks: [] }]), undefined);
    assert.equal(failureTotal([{ tasks: [], failures: { failed: 0, timeout: 0 } }]), undefined);
  });
});
