import * as assert from 'node:assert/strict';
import type { TaskNode } from '../../src/ui/tasks/taskTree';
import { recorder, useSampleServer } from './util';

describe('Live updates and notifications', function () {
  this.timeout(60_000);
  const suite = useSampleServer({ taskCount: 400, seed: 5 });

  it('polls only the active tasks and updates them in place, with a time-left estimate', async () => {
    const running = suite.server.tasks.filter(
      (t) => t.status === 'running' && t.enterpriseProjectId !== undefined,
    );
    assert.ok(running.length > 0);
    for (const task of running) task.process = Math.min(98, task.process + 1);
    suite.server.requests.length = 0;
    const refreshes = recorder(suite.api.tree.onDidChangeTreeData);
    assert.equal(await suite.api.poller.poll(), 'updated');
    refreshes.dispose();
    assert.ok(suite.server.requests.length <= 2);
    assert.ok(
      suite.server.requests.every((r) => r.query.status === 'running' || r.query.status === 'waiting'),
    );
    const refreshed = refreshes.values.at(-1) as TaskNode[] | undefined;
    assert.ok(
      refreshed?.every((node) => node.kind === 'task'),
      'only task nodes',
    );
    // A second reading a little later gives a rate.
    await new Promise((resolve) => setTimeout(resolve, 30));
    for (const task of running) task.process = Math.min(99, task.process + 1);
    await suite.api.poller.poll();
    const group = suite.api.tree.getChildren().find((n) => n.kind === 'group' && n.status === 'running');
    assert.ok(group);
    const descriptions = suite.api.tree
      .getChildren(group)
      .map((n) => String(suite.api.tree.getTreeItem(n).description));
    const debug = suite.api.tree
      .getChildren(group)
      .map((n) =>
        n.kind === 'task'
          ? `${suite.api.tree.task(n.id)?.progress}:${suite.api.store.remainingMs(n.id)}`
          : '',
      );
    assert.ok(
      descriptions.some((d) => /~.+ left/.test(d)),
      `${descriptions.join(' | ')} ${debug.join(',')}`,
    );
  });

  it('notifies once when tasks turn failed between loads, never on the first load', async () => {
    const shown = recorder(suite.api.notifier.onDidShow);
    const [a, b] = suite.server.tasks.filter((t) => t.status === 'running');
    assert.ok(a && b);
    for (const task of [a, b]) {
      task.status = 'failed';
      task.endedAt = Date.now();
      task.errorInfo = { code: 'HSS.1117', message: 'Backup vault capacity is insufficient.' };
    }
    assert.equal(await suite.api.poller.poll(), 'reloaded');
    shown.dispose();
    assert.equal(shown.values.length, 1, 'several at once become one');
    assert.match(shown.values[0] ?? '', /2 HSS tasks failed or timed out/);
  });
});
