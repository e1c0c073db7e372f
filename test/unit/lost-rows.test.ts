import * as assert from 'node:assert/strict';
import { lostRows } from '../../src/tasks/grouping';
import { assignIds, type Task } from '../../src/tasks/identity';

const [running, waiting] = assignIds([
  { hostId: 'h1', hostName: 'web', backupName: 'b1', status: 'running', progress: 40 },
  { hostName: 'db', backupName: 'b2', status: 'waiting', progress: 0 },
]) as [Task, Task];
const none = { removed: [], changed: [] };

describe('lostRows: whether a change takes rows out of a group', () => {
  it('is false for nothing, for new tasks alone and for a reading with the same group', () => {
    assert.equal(lostRows(none, 'status'), false);
    assert.equal(lostRows(none, 'server'), false);
    const progressed = { ...running, progress: 41 };
    assert.equal(
      lostRows({ removed: [], changed: [{ before: running, after: progressed }] }, 'status'),
      false,
    );
    assert.equal(
      lostRows({ removed: [], changed: [{ before: running, after: progressed }] }, 'server'),
      false,
    );
  });

  it('is true when a task left the list, in either grouping', () => {
    assert.equal(lostRows({ removed: [waiting], changed: [] }, 'status'), true);
    assert.equal(lostRows({ removed: [waiting], changed: [] }, 'server'), true);
  });

  it('by status: a task that changed status left its group; it stays in its server', () => {
    const finished = { ...running, status: 'success' as const, progress: 100 };
    const change = { removed: [], changed: [{ before: running, after: finished }] };
    assert.equal(lostRows(change, 'status'), true);
    assert.equal(lostRows(change, 'server'), false);
  });

  it('by server: a task whose server changed (a host id learnt, a name without one changed) left it', () => {
    const withId = { ...waiting, hostId: 'h9' };
    assert.equal(lostRows({ removed: [], changed: [{ before: waiting, after: withId }] }, 'server'), true);
    assert.equal(lostRows({ removed: [], changed: [{ before: waiting, after: withId }] }, 'status'), false);
    const renamed = { ...waiting, hostName: 'db-2' };
    assert.equal(lostRows({ removed: [], changed: [{ before: waiting, after: renamed }] }, 'server'), true);
    // With a host id, the name is only a label: the server is the same.
    const relabelled = { ...running, hostName: 'web-2' };
    assert.equal(
      lostRows({ removed: [], changed: [{ before: running, after: relabelled }] }, 'server'),
      false,
    );
  });
});
