/** The user's filters, kept in workspace state so they survive reloads. */
import * as vscode from 'vscode';
import { normaliseFilters, type TaskFilters } from '../../tasks/filters';

const KEY = 'hssBackupTasks.filters';

export class FilterState implements vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<TaskFilters>();
  readonly onDidChange = this.changes.event;

  constructor(private readonly memento: vscode.Memento) {}

  get filters(): TaskFilters {
    return normaliseFilters(this.memento.get<unknown>(KEY));
  }

  async update(
    patch: Partial<Record<keyof TaskFilters, TaskFilters[keyof TaskFilters] | undefined>>,
  ): Promise<void> {
    const next = normaliseFilters({ ...this.filters, ...patch });
    await this.memento.update(KEY, next);
    this.changes.fire(next);
  }

  async clear(): Promise<void> {
    await this.memento.update(KEY, undefined);
    this.changes.fire({});
  }

  dispose(): void {
    this.changes.dispose();
  }
}
