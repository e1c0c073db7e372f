/** ProgressRates: time-left estimates from two readings of a running task, on literal times. */
import * as assert from 'node:assert/strict';
import type { TaskStatus } from '../../src/hss/model';
import type { Task } from '../../src/tasks/identity';
import { ProgressRates } from '../../src/tasks/progressRate';

const T0 = Date.UTC(2026, 10, 27, 12);
const MIN = 60_000;

function task(id: string, status: TaskStatus, progress: number | undefined): Task {
  return { id, hostId: 'h', backupName: 'b', startedAt: T0 - 10 * MIN, status, progress } as Task;
}

describe('ProgressRates', () => {
  it('takes the rows a growing load noted as the first reading', () => {
    const rates = new ProgressRates();
    rates.note([task('a', 'running', 10)], T0);
    rates.record([task('a', 'running', 20)], T0 + MIN);
    // 10 points a minute, 80 to go: 8 minutes.
    assert.equal(rates.remainingMs('a'), 8 * MIN);
  });

  it('ignores a reading of the same progress dated before the one it kept', () => {
    const rates = new ProgressRates();
    rates.record([task('a', 'running', 10)], T0);
    rates.record([task('a', 'running', 20)], T0 + 2 * MIN);
    // 5 points a minute, 80 to go: 16 minutes, whatever a reading dated a minute earlier says.
    rates.record([task('a', 'running', 20)], T0 + MIN);
    assert.equal(rates.remainingMs('a'), 16 * MIN);
  });

  it('notes neither settled tasks nor running ones without a progress', () => {
    const rates = new ProgressRates();
    rates.note([task('a', 'success', 10), task('b', 'running', undefined)], T0);
    rates.record([task('a', 'running', 20), task('b', 'running', 20)], T0 + MIN);
    assert.equal(rates.remainingMs('a'), undefined);
    assert.equal(rates.remainingMs('b'), undefined);
  });

  it('keeps the first reading of a task already known when it is noted again', () => {
    const rates = new ProgressRates();
    rates.record([task('a', 'running', 10)], T0);
    rates.note([task('a', 'running', 15)], T0 + MIN);
    rates.record([task('a', 'running', 20)], T0 + 2 * MIN);
    // From the first reading: 10 points in 2 minutes, 80 to go: 16 minutes.
    assert.equal(rates.remainingMs('a'), 16 * MIN);
  });

  it('takes a higher progress read at the same moment as the latest reading', () => {
    const rates = new ProgressRates();
    rates.record([task('a', 'running', 10)], T0);
    rates.record([task('a', 'running', 20)], T0 + MIN);
    rates.record([task('a', 'running', 30)], T0 + MIN);
    // 20 points in a minute, 70 to go: 3.5 minutes.
    assert.equal(rates.remainingMs('a'), 3.5 * MIN);
  });

  it('gives no estimate from readings of one moment', () => {
    const rates = new ProgressRates();
    rates.record([task('a', 'running', 10)], T0);
    rates.record([task('a', 'running', 20)], T0);
    assert.equal(rates.remainingMs('a'), undefined);
  });
});
