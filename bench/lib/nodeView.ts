/**
 * The model view outside VS Code: what the tree provider does on each change (an id map and the
 * grouping) and the lookups it makes per node, without `vscode.TreeItem`s.
 */
import { groupByStatus } from '../../src/tasks/grouping';
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
