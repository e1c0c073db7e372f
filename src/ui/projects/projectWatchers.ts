/**
 * The per-project pieces that follow a store: polling, failure notifications and the prompt for
 * rejected credentials. The primary project's come from activation; further projects get theirs
 * as they appear in `HSS.projects`.
 */
import type * as vscode from 'vscode';
import { Poller } from '../../tasks/poller';
import { CredentialErrorPrompter } from '../credentials/errorPrompter';
import type { ProjectSlot } from '../session/projectSlots';
import type { Session } from '../session/session';
import { FailureNotifier } from '../tasks/failureNotifier';

export interface ProjectWatch {
  readonly poller: Poller;
  readonly notifier: FailureNotifier;
  readonly prompter: CredentialErrorPrompter;
}

export class ProjectWatchers implements vscode.Disposable {
  private readonly watches = new Map<string, ProjectWatch>();
  private readonly subscription: vscode.Disposable;
  private allowed = false;
  private retryAllowed = false;

  constructor(
    private readonly session: Session,
    private readonly showDetails: (taskId: string, project: string) => void,
  ) {
    this.subscription = session.onDidChangeSlots((slots) => this.sync(slots));
    this.sync(session.slots);
  }

  /** The primary project's pieces (the API hands them to tests). */
  get primary(): ProjectWatch {
    const watch = this.watches.get('');
    if (!watch) throw new Error('the primary project is always watched');
    return watch;
  }

  /**
   * Polls only while someone can see the result (the view or the status-bar item) in a focused
   * window; a failed load is read again while someone can see it, focused or not.
   */
  setPollingAllowed(allowed: boolean, retryAllowed = allowed): void {
    this.allowed = allowed;
    this.retryAllowed = retryAllowed;
    for (const watch of this.watches.values()) {
      watch.poller.setInterval(this.session.settings.autoRefreshMs);
      watch.poller.setAllowed(allowed, retryAllowed);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const watch of this.watches.values()) this.disposeWatch(watch);
    this.watches.clear();
  }

  private sync(slots: readonly ProjectSlot[]): void {
    const keys = new Set(slots.map((slot) => slot.key));
    for (const [key, watch] of this.watches) {
      if (keys.has(key)) continue;
      this.disposeWatch(watch);
      this.watches.delete(key);
    }
    for (const slot of slots) {
      if (this.watches.has(slot.key)) continue;
      const poller = new Poller(slot.store, { intervalMs: this.session.settings.autoRefreshMs });
      poller.setAllowed(this.allowed, this.retryAllowed);
      this.watches.set(slot.key, {
        poller,
        notifier: new FailureNotifier(
          slot.store,
          () => this.session.settings.notifications,
          (id) => this.showDetails(id, slot.key),
        ),
        prompter: new CredentialErrorPrompter(slot.store),
      });
    }
  }

  private disposeWatch(watch: ProjectWatch): void {
    watch.poller.dispose();
    watch.notifier.dispose();
    watch.prompter.dispose();
  }
}
