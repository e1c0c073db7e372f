/**
 * The model view outside VS Code: what the tree provider does on each change (an id map and the
 * grouping) and the lookups it makes per node, without `vscode.TreeItem`s.
 */
import { groupByStatus } from '../../src/tasks/grouping';
import type { Task } from '../../src/tasks/identity';
import type { TaskStore } from '../../src/tasks/store';
import type { ModelView } from './modelBench';

export function groupingView(store: TaskStore): ModelView {
  const tasks = store.state.tasks;
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const groups = groupByStatus(tasks);
  return {
    buildAll: () => {
      let nodes = 0;
      for (const group of groups) {
        nodes++;
        for (const task of group.tasks) if (byId.get(task.id)) nodes++;
      }
      return nodes;
    },
    lastRefreshed: () => undefined,
    dispose: () => {},
  };
}

/**
 * What the tree provider does with each change, outside VS Code: appended tasks go at the end of
 * their status group; any other change regroups the whole list (as the tree's rebuild does).
 */
export function appendingView(store: TaskStore): { count(): number; dispose(): void } {
  let groups = new Map<string, Task[]>();
  const regroup = () => {
    groups = new Map(groupByStatus(store.state.tasks).map((group) => [group.status, [...group.tasks]]));
  };
  regroup();
  const listening = store.onDidChangeTasks((change) => {
    if (!change.appended) {
      regroup();
      return;
    }
    for (const task of change.added) {
      let group = groups.get(task.status);
      if (!group) {
        group = [];
        groups.set(task.status, group);
      }
      group.push(task);
    }
  });
  return {
    count: () => [...groups.values()].reduce((sum, group) => sum + group.length, 0),
    dispose: () => listening.dispose(),
  };
}
