/**
 * Requests per auto-refresh poll: a store holding 10,000 tasks of which 3 are running (none
 * waiting) is polled once by the extension's Poller (src/tasks/poller.ts), and the requests the
 * sample server logged during the poll are counted.
 */
import { Poller } from '../src/tasks/poller';
import { TaskStore } from '../src/tasks/store';
import { ALL_PROJECTS, benchClient, CONCURRENCY, PAGE_SIZE } from './lib/benchClient';
import type { SampleProcess } from './lib/sampleProcess';

export interface PollFigures {
  /** Requests of one poll. */
  readonly requests: number;
  readonly outcome: string;
  /** The status filter of each request of the poll. */
  readonly statuses: string[];
  readonly tasks: number;
  readonly activeTasks: number;
  readonly via: string;
}

export async function pollFigures(server: SampleProcess): Promise<PollFigures> {
  const store = new TaskStore();
  store.setScope({
    key: 'bench-poll',
    source: benchClient(server),
    query: ALL_PROJECTS,
    pageSize: PAGE_SIZE,
    concurrency: CONCURRENCY,
  });
  await store.refresh();
  const tasks = store.state.tasks;
  const poller = new Poller(store, { intervalMs: 60_000 });
  const before = (await server.requests()).total;
  const outcome = await poller.poll();
  const { requests } = await server.requests(before);
  poller.dispose();
  store.dispose();
  return {
    requests: requests.length,
    outcome,
    statuses: requests.map((request) => request.query.status ?? '(none)'),
    tasks: tasks.length,
    activeTasks: tasks.filter((task) => task.status === 'running' || task.status === 'waiting').length,
    via: 'Poller.poll() (src/tasks/poller.ts) → TaskStore.pollActive()',
  };
}
