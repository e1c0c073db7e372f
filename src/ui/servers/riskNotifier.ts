/**
 * Tells the user when servers go from covered to at risk between two loads, once per change,
 * as failed tasks are told. Several at once become one notification.
 */
import * as vscode from 'vscode';
import { readSettings } from '../session/settings';
import { coverageInfo } from './coverageTable';
import type { ServerSlots } from './serverSlots';

export class ServerRiskNotifier implements vscode.Disposable {
  private readonly shownMessages = new vscode.EventEmitter<string>();
  /** Fires with the text of each message shown. */
  readonly onDidShow = this.shownMessages.event;
  private readonly subscriptions = new Map<string, { dispose(): void }>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly servers: ServerSlots,
    private readonly showDetails: (id: string, project: string) => void,
  ) {
    this.subscription = servers.onDidChangeSlots(() => this.sync());
    this.sync();
  }

  dispose(): void {
    this.subscription.dispose();
    this.shownMessages.dispose();
    for (const subscription of this.subscriptions.values()) subscription.dispose();
    this.subscriptions.clear();
  }

  private sync(): void {
    for (const subscription of this.subscriptions.values()) subscription.dispose();
    this.subscriptions.clear();
    for (const slot of this.servers.all) {
      this.subscriptions.set(
        slot.key,
        slot.tracker.onDidChange((change) => {
          if (change.newlyAtRisk.length === 0 || readSettings().notifications === 'off') return;
          const name = (entry: (typeof change.newlyAtRisk)[number]) =>
            entry.server.hostName ?? entry.server.hostId ?? entry.id;
          const [first] = change.newlyAtRisk;
          const message =
            change.newlyAtRisk.length === 1 && first
              ? vscode.l10n.t('HSS server at risk: {0} ({1})', name(first), coverageInfo(first.state).label)
              : vscode.l10n.t(
                  '{0} HSS servers are now at risk: {1}',
                  change.newlyAtRisk.length,
                  change.newlyAtRisk.slice(0, 3).map(name).join(', '),
                );
          this.shownMessages.fire(message);
          const details = vscode.l10n.t('Show Details');
          const view = vscode.l10n.t('Show Servers');
          const actions = change.newlyAtRisk.length === 1 ? [details, view] : [view];
          void vscode.window.showWarningMessage(message, ...actions).then((choice) => {
            if (choice === details && first) this.showDetails(first.id, slot.key);
            else if (choice === view) void vscode.commands.executeCommand('hssBackupTasks.servers.focus');
          });
        }),
      );
    }
  }
}
