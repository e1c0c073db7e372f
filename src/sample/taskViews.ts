// Each query's selection (filtered, newest first) kept between requests, as a real backend keeps
// its indexes: scanning 100,000 stored tasks for every page made this one-threaded server, not the
// network, the slow part of a large paged load. Exact only while every change to the data is
// announced: the server clears it on its own changes; whoever edits `tasks` from outside calls
// `SampleServer.tasksChanged()`.
import type { SampleTask } from './data';
import { type ListQuery, selectTasks } from './query';

/** Views kept at most; past this (e.g. `last_days` with a moving clock) they start over. */
const MAX_VIEWS = 32;

export class TaskViews {
  private source?: readonly SampleTask[];
  private sourceLength = 0;
  private readonly views = new Map<string, readonly SampleTask[]>();

  /** Forget every view: the data changed. */
  clear(): void {
    this.views.clear();
    this.source = undefined;
  }

  /** What `selectTasks(tasks, query, now)` returns, from the kept view when there is one. */
  select(tasks: readonly SampleTask[], query: ListQuery, now: number): readonly SampleTask[] {
    // A new array, or one grown or shrunk behind the server's back, is never served from old views.
    if (tasks !== this.source || tasks.length !== this.sourceLength) {
      this.views.clear();
      this.source = tasks;
      this.sourceLength = tasks.length;
    }
    const since = query.lastDays === undefined ? null : now - query.lastDays * 86_400_000;
    const key = JSON.stringify([
      query.enterpriseProjectId,
      query.status ?? null,
      query.resourceName ?? null,
      since,
    ]);
    let view = this.views.get(key);
    if (view === undefined) {
      view = selectTasks(tasks, query, now);
      if (this.views.size >= MAX_VIEWS) this.views.clear();
      this.views.set(key, view);
    }
    return view;
  }
}
