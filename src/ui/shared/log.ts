/**
 * The extension's one log: a LogOutputChannel, with the last lines also kept in memory so that
 * a failure report (and the tests' secret scan) can read what was written.
 */
import * as vscode from 'vscode';
import type { HssLogger } from '../../hss/http';

const KEPT_LINES = 1000;

export class ExtensionLog implements HssLogger, vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('HSS Backup Tasks', { log: true });
  private readonly lines: string[] = [];

  /** The latest lines, oldest first. */
  get recent(): readonly string[] {
    return this.lines;
  }

  info(message: string): void {
    this.keep('info', message);
    this.channel.info(message);
  }

  warn(message: string): void {
    this.keep('warn', message);
    this.channel.warn(message);
  }

  error(message: string): void {
    this.keep('error', message);
    this.channel.error(message);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private keep(level: string, message: string): void {
    this.lines.push(`${level} ${message}`);
    if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
  }
}
