/**
 * When a refresh fails while an earlier list is still shown, the view's message says so; a
 * rejected credential also needs a way out, so it gets a notification offering a new token.
 * Each failure is announced once, not on every poll.
 */
import * as vscode from 'vscode';
import type { HssError } from '../../hss/errors';
import type { TaskStore } from '../../tasks/store';
import { describeError } from '../shared/errorText';

export class CredentialErrorPrompter implements vscode.Disposable {
  private announced?: HssError;
  private readonly subscription: { dispose(): void };
  private readonly shownMessages = new vscode.EventEmitter<string>();
  /** Fires with the text of each message shown. */
  readonly onDidShow = this.shownMessages.event;

  constructor(store: TaskStore) {
    this.subscription = store.onDidChangeState((state) => {
      const error = state.error;
      if (!error) {
        this.announced = undefined;
        return;
      }
      if (error.kind !== 'credentials' || state.tasks.length === 0 || this.announced?.kind === 'credentials')
        return;
      this.announced = error;
      const message = describeError(error).message;
      this.shownMessages.fire(message);
      const setToken = vscode.l10n.t('Set IAM Token');
      const signIn = vscode.l10n.t('Sign In');
      void vscode.window.showWarningMessage(message, setToken, signIn).then((choice) => {
        if (choice === setToken) void vscode.commands.executeCommand('hssBackupTasks.setToken');
        if (choice === signIn) void vscode.commands.executeCommand('hssBackupTasks.signIn');
      });
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.shownMessages.dispose();
  }
}
