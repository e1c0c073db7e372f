/**
 * Decides what the view shows: the configured project with its stored credential, or the
 * in-process sample server. Turns settings, secrets and filters into the store's scope, keeps
 * the context keys that gate the welcome views, and says what is shown in the view message.
 */
import * as vscode from 'vscode';
import { HssClient, type OperationLogQuery } from '../hss/client';
import type { Credential } from '../hss/credentials';
import { TokenCredential } from '../hss/credentials';
import { type SampleServer, startSampleServer } from '../sample/server';
import { effectiveLastDays, type TaskFilters } from '../tasks/filters';
import type { LoadScope, TaskStore } from '../tasks/store';
import { CredentialStore } from './credentialStore';
import type { FilterState } from './filterState';
import type { ExtensionLog } from './log';
import { readSettings, type Settings } from './settings';

export const VIEW_ID = 'hssBackupTasks.tasks';

export interface SessionTarget {
  readonly kind: 'cloud' | 'sample';
  /** "cn-north-4", or "sample data". */
  readonly label: string;
  readonly endpoint: URL;
  readonly projectId: string;
  readonly region?: string;
}

/** A sample server to show: the in-process one, or one the demo started (see `externalSample`). */
interface SampleConnection {
  readonly url: string;
  readonly projectId: string;
  readonly token: string;
  readonly server?: SampleServer;
}

/**
 * `npm run demo` starts its own sample server and hands it to the extension host through this
 * variable, so the demo opens on sample data with no prompt. Its token is the sample server's
 * throwaway token, never a cloud credential.
 */
export const DEMO_SAMPLE_ENV = 'HSS_BACKUP_TASKS_SAMPLE_SERVER';

export function externalSample(env: NodeJS.ProcessEnv = process.env): SampleConnection | undefined {
  const raw = env[DEMO_SAMPLE_ENV];
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    const { url, projectId, token } = value;
    if (typeof url === 'string' && typeof projectId === 'string' && typeof token === 'string') {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' && /^(127\.|localhost$|\[::1\]$)/.test(parsed.hostname)) {
        return { url, projectId, token };
      }
    }
  } catch {
    // Not ours to complain about loudly: fall back to the in-process sample server.
  }
  return undefined;
}

/** Settings that change what is loaded (or how); the others only change how it is shown. */
const SCOPE_SETTINGS = [
  'region',
  'projectId',
  'endpoint',
  'iamEndpoint',
  'enterpriseProjectId',
  'lastDays',
  'pageSize',
  'concurrency',
  'requestTimeoutSeconds',
];

export class Session implements vscode.Disposable {
  private settingsCache: Settings = readSettings();
  private sample?: SampleConnection;
  private target?: SessionTarget;
  private credential?: Credential;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changes = new vscode.EventEmitter<void>();
  /** Fires when the target, credential or filters changed (after the scope was set). */
  readonly onDidChange = this.changes.event;
  private reported = new Set<string>();

  constructor(
    private readonly store: TaskStore,
    private readonly credentials: CredentialStore,
    secrets: vscode.SecretStorage,
    readonly filterState: FilterState,
    private readonly log: ExtensionLog,
    private readonly userAgent: string,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('hssBackupTasks')) return;
        if (SCOPE_SETTINGS.some((key) => event.affectsConfiguration(`hssBackupTasks.${key}`))) {
          void this.reload();
        } else {
          // Display and polling settings: no need to load the list again.
          this.settingsCache = readSettings();
          this.reportProblems(this.settingsCache.problems);
          this.changes.fire();
        }
      }),
      // Another window set or removed a credential.
      secrets.onDidChange((event) => {
        if (CredentialStore.owns(event.key)) void this.reload();
      }),
      filterState.onDidChange(() => void this.reload()),
      this.changes,
    );
  }

  get settings(): Settings {
    return this.settingsCache;
  }

  get current(): SessionTarget | undefined {
    return this.target;
  }

  get isSample(): boolean {
    return this.sample !== undefined;
  }

  /** The in-process sample server, when that is what is shown. */
  get sampleServer(): SampleServer | undefined {
    return this.sample?.server;
  }

  /** Ready to load: a target and a credential. */
  get ready(): boolean {
    return this.target !== undefined && this.credential !== undefined;
  }

  /** Settles when the latest reload (and its load) has finished. */
  idle(): Promise<void> {
    return this.latest;
  }

  private latest: Promise<void> = Promise.resolve();

  /** Re-reads settings, secrets and filters; sets the scope and loads it. */
  reload(): Promise<void> {
    const run = this.reloadNow();
    this.latest = run.catch(() => undefined);
    return run;
  }

  private async reloadNow(): Promise<void> {
    this.settingsCache = readSettings();
    this.reportProblems(this.settingsCache.problems);
    const settings = this.settingsCache;
    if (this.sample) {
      this.target = {
        kind: 'sample',
        label: vscode.l10n.t('sample data'),
        endpoint: new URL(this.sample.url),
        projectId: this.sample.projectId,
      };
      this.credential = new TokenCredential(this.sample.token);
    } else if (settings.endpoint && settings.projectId) {
      this.target = {
        kind: 'cloud',
        label: settings.explicitEndpoint ? settings.endpoint.host : settings.region,
        endpoint: settings.endpoint,
        projectId: settings.projectId,
        // An explicit endpoint may be anywhere: no region, so no console link is guessed.
        region: settings.explicitEndpoint ? undefined : settings.region,
      };
      this.credential = await this.credentials.get(settings.endpoint, settings.projectId);
    } else {
      this.target = undefined;
      this.credential = undefined;
    }
    await this.updateContext();
    const scope = this.buildScope();
    this.store.setScope(scope);
    this.changes.fire();
    if (scope) await this.refresh();
  }

  /** Loads the current scope, with progress in the view. */
  async refresh(): Promise<void> {
    if (!this.store.currentScope) {
      await this.reload();
      return;
    }
    await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => this.store.refresh());
  }

  /** A client for the current target with another credential (to check a token before saving it). */
  clientFor(credential: Credential, target: SessionTarget): HssClient {
    const settings = this.settingsCache;
    return new HssClient({
      endpoint: target.endpoint,
      projectId: target.projectId,
      credential,
      timeoutMs: settings.requestTimeoutMs,
      logger: this.log,
      userAgent: this.userAgent,
      retry: { failureRetries: 0, throttledRetries: 1 },
    });
  }

  async startSample(): Promise<void> {
    if (!this.sample) {
      const external = externalSample();
      if (external) {
        this.sample = external;
        this.log.info(`Showing the sample HSS server at ${external.url}`);
      } else {
        const server = await startSampleServer({ host: '127.0.0.1' });
        this.sample = { url: server.url, projectId: server.projectId, token: server.token, server };
        this.log.info(`Sample HSS server started at ${server.url}`);
      }
    }
    await this.reload();
  }

  async stopSample(): Promise<void> {
    const sample = this.sample;
    this.sample = undefined;
    if (sample?.server) {
      await sample.server.close();
      this.log.info('Sample HSS server stopped');
    }
    await this.reload();
  }

  /** The query of the current scope with every filter applied, status aside. */
  query(filters: TaskFilters = this.filterState.filters): OperationLogQuery {
    const settings = this.settingsCache;
    return {
      resourceName: filters.serverName,
      lastDays: effectiveLastDays(filters.lastDays, settings.lastDays),
      enterpriseProjectId: filters.enterpriseProjectId ?? settings.enterpriseProjectId,
    };
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    void this.sample?.server?.close();
    this.sample = undefined;
  }

  private buildScope(): LoadScope | undefined {
    const target = this.target;
    const credential = this.credential;
    if (!target || !credential) return undefined;
    const filters = this.filterState.filters;
    const query = this.query(filters);
    const settings = this.settingsCache;
    const key = JSON.stringify([
      target.kind,
      target.endpoint.href,
      target.projectId,
      query,
      filters.statuses ?? [],
      settings.pageSize,
    ]);
    const source = new HssClient({
      endpoint: target.endpoint,
      projectId: target.projectId,
      credential,
      timeoutMs: settings.requestTimeoutMs,
      logger: this.log,
      userAgent: this.userAgent,
    });
    return {
      key,
      source,
      query,
      statuses: filters.statuses,
      pageSize: settings.pageSize,
      concurrency: settings.concurrency,
    };
  }

  private async updateContext(): Promise<void> {
    const filters = this.filterState.filters;
    await Promise.all([
      // The welcome views wait for this, so a configured user never sees "Configure Project" flash.
      vscode.commands.executeCommand('setContext', 'hssBackupTasks.activated', true),
      vscode.commands.executeCommand('setContext', 'hssBackupTasks.configured', this.target !== undefined),
      vscode.commands.executeCommand(
        'setContext',
        'hssBackupTasks.hasCredentials',
        this.credential !== undefined,
      ),
      vscode.commands.executeCommand('setContext', 'hssBackupTasks.ready', this.ready),
      vscode.commands.executeCommand('setContext', 'hssBackupTasks.sampleMode', this.sample !== undefined),
      vscode.commands.executeCommand(
        'setContext',
        'hssBackupTasks.filtered',
        Object.keys(filters).length > 0,
      ),
    ]);
  }

  /** Each bad setting is reported once per value, not on every reload. */
  private reportProblems(problems: readonly string[]): void {
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.log.warn(problem);
      void vscode.window.showWarningMessage(problem, vscode.l10n.t('Open Settings')).then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'hssBackupTasks');
      });
    }
    this.reported = new Set(problems);
  }
}
