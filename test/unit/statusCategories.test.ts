import * as assert from 'node:assert/strict';
import {
  ACTIVE_STATUSES,
  BY_SEVERITY,
  isActiveStatus,
  isProblemStatus,
  PROBLEM_STATUSES,
  STATUS_CATEGORIES,
} from '../../src/tasks/statusCategories';

describe('status categories', () => {
  it('names the statuses still going and the ones that are a problem', () => {
    assert.deepEqual(ACTIVE_STATUSES, ['running', 'waiting']);
    assert.deepEqual(PROBLEM_STATUSES, ['failed', 'timeout']);
    assert.deepEqual(
      ['running', 'waiting', 'failed', 'timeout', 'skipped', 'success', 'unknown'].map((s) => [
        isActiveStatus(s as never),
        isProblemStatus(s as never),
      ]),
      [
        [true, false],
        [true, false],
        [false, true],
        [false, true],
        [false, false],
        [false, false],
        [false, false],
      ],
    );
  });

  it('orders the statuses worst first', () => {
    assert.deepEqual(BY_SEVERITY, [
      'failed',
      'timeout',
      'skipped',
      'unknown',
      'waiting',
      'running',
      'success',
    ]);
  });

  it('opens the groups that need a look and keeps the settled quiet ones closed', () => {
    const expanded = Object.entries(STATUS_CATEGORIES)
      .filter(([, category]) => category.expanded)
      .map(([status]) => status)
      .sort();
    assert.deepEqual(expanded, ['failed', 'running', 'timeout', 'waiting']);
  });
});
