/**
 * Decides what the view shows: the configured project with its stored credential, or the
 * in-process sample server. Turns settings, secrets and filters into the store's scope, keeps
 * the context keys that gate the welcome views, and says what is shown in the view message.
 */
import * as vscode from 'vscode';
import { HssClient, type OperationLogQuery } from '../hss/client';
import type { FoundCredential } from '../hss/credentialSources/types';
import type { Credential } from '../hss/credentials';
import { TokenCredential } from '../hss/credentials';
import type { SampleServer } from '../sample/server';
import { effectiveLastDays, type TaskFilters } from '../tasks/filters';
import type { LoadScope, TaskStore } from '../tasks/store';
import { CredentialStore } from './credentialStore';
import type { CredentialSources } from './credentials/credentialSources';
import type { FilterState } from './filterState';
import type { ExtensionLog } from './log';
import { readSettings, SECTION, SETTINGS_QUERY, type Settings } from './settings';

export const VIEW_ID = 'hssBackupTasks.tasks';

export interface SessionTarget {
  readonly kind: 'cloud' | 'sample';
  /** The project's name from `HSS.projects`, when several are shown. */
  readonly name?: string;
  readonly enterpriseProjectId?: string;
  /** "cn-north-4", or "sample data". */
  readonly label: string;
  readonly endpoint: URL;
  readonly projectId: string;
  readonly region?: string;
}

/** Where a cloud project is, as the settings or a `projects` entry say. */
export interface ProjectPlace {
  readonly endpoint: URL;
  readonly explicitEndpoint: boolean;
  readonly region: string;
  readonly projectId: string;
  readonly enterpriseProjectId?: string;
}

export function cloudTarget(place: ProjectPlace, name?: string): SessionTarget {
  return {
    kind: 'cloud',
    name,
    label: place.explicitEndpoint ? place.endpoint.host : place.region,
    endpoint: place.endpoint,
    projectId: place.projectId,
    // An explicit endpoint may be anywhere: no region, so no console link is guessed.
    region: place.explicitEndpoint ? undefined : place.region,
    enterpriseProjectId: place.enterpriseProjectId,
  };
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

/**
 * The sample data's seed: one whose last seven days in the default enterprise project hold every
 * status, running and waiting tasks included, so a first look shows all the view can show.
 */
export const SAMPLE_SEED = 10;

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

type SampleServerModule = typeof import('../sample/server');

/**
 * The sample server's module. Bundled, it is a CommonJS file of its own beside the extension
 * (dist/sample.js, see esbuild.mjs), whose exports a dynamic import hands over as `default`.
 */
async function loadSampleServer(): Promise<SampleServerModule> {
  const loaded = (await import('../sample/server')) as SampleServerModule | { default: SampleServerModule };
  return 'default' in loaded ? loaded.default : loaded;
}

/** Settings that change what is loaded (or how); the others only change how it is shown. */
const SCOPE_SETTINGS = [
  'region',
  'projectId',
  'endpoint',
  'signInEndpoint',
  'enterpriseProjectId',
  'lastDays',
  'pageSize',
  'concurrency',
  'requestTimeoutSeconds',
  'projects',
  'credentials',
];

/**
 * One project the view shows, with the store that loads it. There is always at least the primary
 * slot (its store made at activation); `HSS.projects` adds one slot per further project.
 */
export interface ProjectSlot {
  /** "" for the primary slot; the project's name for the others. */
  readonly key: string;
  readonly store: TaskStore;
  target?: SessionTarget;
  credential?: Credential;
  /** Where the credential came from (SecretStorage, the environment, a file, the ECS agency). */
  credentialSource?: FoundCredential;
}

export class Session implements vscode.Disposable {
  private settingsCache: Settings = readSettings();
  private sample?: SampleConnection;
  private readonly primary: ProjectSlot;
  private extras: ProjectSlot[] = [];
  private readonly slotChanges = new vscode.EventEmitter<readonly ProjectSlot[]>();
  /** Fires when projects were added or removed (so per-project pieces can follow). */
  readonly onDidChangeSlots = this.slotChanges.event;
  private readonly stateChanges = new vscode.EventEmitter<ProjectSlot>();
  /** Fires when any project's store changed state (loading, progress, error, counts). */
  readonly onDidChangeState = this.stateChanges.event;
  private readonly slotSubscriptions = new Map<ProjectSlot, { dispose(): void }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changes = new vscode.EventEmitter<void>();
  /** Fires when the target, credential or filters changed (after the scope was set). */
  readonly onDidChange = this.changes.event;
  private reported = new Set<string>();
  /** A project id from a credential source, when the settings name none. */
  private discoveredProjectId?: string;

  constructor(
    store: TaskStore,
    private readonly createStore: () => TaskStore,
    readonly credentials: CredentialStore,
    secrets: vscode.SecretStorage,
    readonly filterState: FilterState,
    private readonly log: ExtensionLog,
    private readonly userAgent: string,
    /** The credential chain: SecretStorage first, then the environment, files, the ECS agency. */
    readonly sources: CredentialSources,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SECTION)) return;
        if (SCOPE_SETTINGS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) {
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
      // A credential file changed, or the server rejected a source's credential.
      sources.onDidChange(() => void this.reload()),
      this.stateChanges.event((slot) => sources.noteState(slot.store, slot.credentialSource, slot.target)),
      this.changes,
      this.slotChanges,
    );
    this.primary = { key: '', store };
    this.watch(this.primary);
  }

  private watch(slot: ProjectSlot): void {
    this.slotSubscriptions.set(
      slot,
      slot.store.onDidChangeState(() => this.stateChanges.fire(slot)),
    );
  }

  /** Every project shown: the primary one first. */
  get slots(): readonly ProjectSlot[] {
    return [this.primary, ...this.extras];
  }

  /** Whether the view shows several projects, each under its own node. */
  get multiProject(): boolean {
    return this.extras.length > 0;
  }

  get settings(): Settings {
    return this.settingsCache;
  }

  /** The primary project's target (the only one unless several projects are configured). */
  get current(): SessionTarget | undefined {
    return this.primary.target;
  }

  get isSample(): boolean {
    return this.sample !== undefined;
  }

  /** The in-process sample server, when that is what is shown. */
  get sampleServer(): SampleServer | undefined {
    return this.sample?.server;
  }

  /** Ready to load: a target with a credential (for at least one project). */
  get ready(): boolean {
    return this.slots.some((slot) => slot.target !== undefined && slot.credential !== undefined);
  }

  /** The slot holding a project, by its name ("" or undefined: the primary one). */
  slot(key: string | undefined): ProjectSlot | undefined {
    return this.slots.find((slot) => slot.key === (key ?? ''));
  }

  /** Settles when the latest reload (and its load) has finished. */
  idle(): Promise<void> {
    return this.latest;
  }

  private latest: Promise<void> = Promise.resolve();
  /** Reloads apply one after another: two triggers never interleave their reads of settings and secrets. */
  private applying: Promise<unknown> = Promise.resolve();

  /**
   * Re-reads settings, secrets and filters; sets each project's scope and loads what changed. One
   * change reported twice (a saved token: the command and the secrets event) loads once.
   */
  reload(): Promise<void> {
    const applied = this.applying.then(() => this.applyInputs());
    this.applying = applied.catch(() => undefined);
    const loaded = applied.then((started) => started.loads);
    this.latest = loaded.catch(() => undefined);
    return loaded;
  }

  /** What each slot last started loading: its scope, credential and request settings. */
  private readonly loadKeys = new WeakMap<ProjectSlot, { key: string; load: Promise<void> }>();

  /** Undefined for a slot with nothing to load; a fresh key each time for an unknown credential. */
  private loadKeyOf(slot: ProjectSlot): string | undefined {
    const scope = slot.store.currentScope;
    if (!scope) return undefined;
    const settings = this.settingsCache;
    return JSON.stringify([
      scope.key,
      slot.credential?.fingerprint ?? Math.random(),
      settings.concurrency,
      settings.requestTimeoutMs,
    ]);
  }

  private async applyInputs(): Promise<{ loads: Promise<void> }> {
    await this.applyNow();
    const loads: Promise<void>[] = [];
    const starting: ProjectSlot[] = [];
    const keys = new Map<ProjectSlot, string>();
    for (const slot of this.slots) {
      const key = this.loadKeyOf(slot);
      if (key === undefined) {
        this.loadKeys.delete(slot);
        continue;
      }
      keys.set(slot, key);
      const last = this.loadKeys.get(slot);
      // The same inputs as the load in flight, or as the last one that worked: nothing to do.
      if (last?.key === key && (slot.store.state.loading || !slot.store.state.error)) {
        loads.push(last.load);
        continue;
      }
      starting.push(slot);
    }
    if (starting.length > 0) {
      const load = this.refreshSlots(starting);
      for (const slot of starting) this.loadKeys.set(slot, { key: keys.get(slot) ?? '', load });
      loads.push(load);
    }
    return { loads: Promise.all(loads).then(() => undefined) };
  }

  private async applyNow(): Promise<void> {
    this.settingsCache = readSettings();
    this.reportProblems(this.settingsCache.problems);
    const { endpoint, projectId, projects } = this.settingsCache;
    this.discoveredProjectId =
      !this.sample && endpoint && !projectId && projects.length === 0
        ? (await this.sources.discoverProjectId(endpoint))?.projectId
        : undefined;
    const targets = this.targets();
    await this.placeSlots(targets);
    await Promise.all(
      this.slots.map(async (slot) => {
        const resolved =
          slot.target?.kind === 'sample' && this.sample
            ? { credential: new TokenCredential(this.sample.token) }
            : slot.target
              ? await this.sources.credentialFor(slot.target)
              : {};
        slot.credential = resolved.credential;
        slot.credentialSource = 'found' in resolved ? resolved.found : undefined;
      }),
    );
    await this.updateContext();
    for (const slot of this.slots) slot.store.setScope(this.buildScope(slot));
    this.changes.fire();
  }

  /** What to show: the sample server, several projects, or the one project of the settings. */
  private targets(): SessionTarget[] {
    const settings = this.settingsCache;
    if (this.sample) {
      return [
        {
          kind: 'sample',
          label: vscode.l10n.t('sample data'),
          endpoint: new URL(this.sample.url),
          projectId: this.sample.projectId,
        },
      ];
    }
    if (settings.projects.length > 1)
      return settings.projects.map((project) => cloudTarget(project, project.name));
    const [only] = settings.projects;
    if (only) return [cloudTarget(only)];
    const projectId = settings.projectId ?? this.discoveredProjectId;
    if (settings.endpoint && projectId) {
      return [cloudTarget({ ...settings, endpoint: settings.endpoint, projectId })];
    }
    return [];
  }

  /** The primary slot takes the first target; further targets keep their slots by name. */
  private async placeSlots(targets: readonly SessionTarget[]): Promise<void> {
    const [first, ...rest] = targets;
    this.primary.target = first;
    const keep = new Map(this.extras.map((slot) => [slot.key, slot]));
    const extras = rest.map((target) => {
      const key = target.name ?? target.projectId;
      let slot = keep.get(key);
      if (!slot) {
        slot = { key, store: this.createStore() };
        this.watch(slot);
      }
      keep.delete(key);
      slot.target = target;
      return slot;
    });
    for (const gone of keep.values()) {
      this.slotSubscriptions.get(gone)?.dispose();
      this.slotSubscriptions.delete(gone);
      gone.store.dispose();
    }
    const changed = extras.length !== this.extras.length || extras.some((slot, i) => slot !== this.extras[i]);
    this.extras = extras;
    if (changed) this.slotChanges.fire(this.slots);
  }

  /** Loads every project's current scope again (the Refresh command), with progress in the view. */
  refresh(): Promise<void> {
    return this.refreshSlots(this.slots.filter((slot) => slot.store.currentScope));
  }

  private async refreshSlots(slots: readonly ProjectSlot[]): Promise<void> {
    if (slots.length === 0) return;
    // Each project loads on its own: one failing keeps its own error and the others load.
    await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
      Promise.all(slots.map((slot) => slot.store.refresh())),
    );
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
        // Loaded when asked for: the sample server (node:http, its data) is no part of a start.
        const { startSampleServer } = await loadSampleServer();
        const server = await startSampleServer({
          host: '127.0.0.1',
          seed: SAMPLE_SEED,
          world: 'living',
        });
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

  /** The query of a project with every filter applied, status aside. */
  query(filters: TaskFilters = this.filterState.filters, target?: SessionTarget): OperationLogQuery {
    const settings = this.settingsCache;
    return {
      resourceName: filters.serverName,
      lastDays: effectiveLastDays(filters.lastDays, settings.lastDays),
      enterpriseProjectId:
        filters.enterpriseProjectId ?? target?.enterpriseProjectId ?? settings.enterpriseProjectId,
    };
  }

  dispose(): void {
    for (const subscription of this.slotSubscriptions.values()) subscription.dispose();
    for (const slot of this.extras) slot.store.dispose();
    this.stateChanges.dispose();
    for (const disposable of this.disposables) disposable.dispose();
    void this.sample?.server?.close();
    this.sample = undefined;
  }

  private buildScope(slot: ProjectSlot): LoadScope | undefined {
    const { target, credential } = slot;
    if (!target || !credential) return undefined;
    const filters = this.filterState.filters;
    const query = this.query(filters, target);
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
      vscode.commands.executeCommand(
        'setContext',
        'hssBackupTasks.configured',
        this.primary.target !== undefined,
      ),
      vscode.commands.executeCommand(
        'setContext',
        'hssBackupTasks.hasCredentials',
        this.slots.some((slot) => slot.credential !== undefined),
      ),
      vscode.commands.executeCommand('setContext', 'hssBackupTasks.multiProject', this.multiProject),
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
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS_QUERY);
      });
    }
    this.reported = new Set(problems);
  }
}
