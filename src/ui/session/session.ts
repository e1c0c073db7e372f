/**
 * Decides what the view shows: the configured projects with their credentials, or the sample
 * server. Turns settings, secrets and filters into each project's load scope, one reload at a
 * time, and starts a load only when what it would load changed. The pieces it coordinates live
 * beside it: the targets (targets.ts), the project slots (projectSlots.ts), the sample data
 * (sampleData.ts), the context keys (contextKeys.ts) and the one client factory (clientFactory.ts).
 */
import * as vscode from 'vscode';
import type { HssClient, OperationLogQuery } from '../../hss/client';
import type { Credential } from '../../hss/credentials';
import { TokenCredential } from '../../hss/credentials';
import type { SampleServer } from '../../sample/server';
import { effectiveLastDays, type TaskFilters } from '../../tasks/filters';
import type { LoadScope, TaskStore } from '../../tasks/store';
import type { CredentialSources } from '../credentials/credentialSources';
import { CredentialStore } from '../credentials/credentialStore';
import type { ExtensionLog } from '../shared/log';
import { VIEW_ID } from '../shared/viewIds';
import { ClientFactory } from './clientFactory';
import { setContextKeys } from './contextKeys';
import { type MementoLike, rememberedProjectId, rememberProjectId } from './discoveredProjects';
import type { FilterState } from './filterState';
import { type ProjectSlot, ProjectSlots } from './projectSlots';
import { SampleData } from './sampleData';
import { readSettings, SECTION, SETTINGS_QUERY, type Settings } from './settings';
import { needsDiscoveredProjectId, type SessionTarget, targetsOf } from './targets';

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

export interface SessionDeps {
  /** The primary project's store, made at activation. */
  readonly store: TaskStore;
  /** A store for each further project. */
  readonly createStore: () => TaskStore;
  readonly credentials: CredentialStore;
  readonly secrets: vscode.SecretStorage;
  readonly filterState: FilterState;
  readonly log: ExtensionLog;
  readonly userAgent: string;
  /** The credential chain: SecretStorage first, then the environment, files, the ECS agency. */
  readonly sources: CredentialSources;
  /**
   * Machine-wide state: the project id a credential source last named for each endpoint, so a
   * window opening can read that project's kept list before the sources are asked again.
   */
  readonly memory?: MementoLike;
}

/** A project's scope once its credential is found (Session.onWillSetScopes). */
export interface ScopeToCome {
  readonly slot: ProjectSlot;
  readonly target: SessionTarget;
  readonly scopeKey: string;
  /**
   * The window is opening: no scope was set before. Only then may a kept list be shown before the
   * credential is found (later, one would flash up for a project that may have none).
   */
  readonly opening: boolean;
}

export class Session implements vscode.Disposable {
  private settingsCache: Settings = readSettings();
  private readonly projects: ProjectSlots;
  private readonly sample: SampleData;
  private readonly clients: ClientFactory;
  private readonly log: ExtensionLog;
  readonly credentials: CredentialStore;
  readonly filterState: FilterState;
  readonly sources: CredentialSources;
  /** Fires when projects were added or removed (so per-project pieces can follow). */
  readonly onDidChangeSlots: vscode.Event<readonly ProjectSlot[]>;
  /** Fires when any project's store changed state (loading, progress, error, counts). */
  readonly onDidChangeState: vscode.Event<ProjectSlot>;
  private readonly changes = new vscode.EventEmitter<void>();
  /** Fires when the target, credential or filters changed (after the scope was set). */
  readonly onDidChange = this.changes.event;
  private readonly placed = new vscode.EventEmitter<readonly ScopeToCome[]>();
  /**
   * Fires as soon as the settings have placed the projects, before their credentials are looked
   * up (a round trip to secret storage, slow while the window starts): the scope each project
   * will have if it finds one. The kept lists are read meanwhile.
   */
  readonly onWillSetScopes = this.placed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly memory?: MementoLike;
  private reported = new Set<string>();
  /** Whether the scopes have been set once (the window has opened). */
  private applied = false;
  /** A project id from a credential source, when the settings name none. */
  private discoveredProjectId?: string;

  constructor(deps: SessionDeps) {
    this.log = deps.log;
    this.credentials = deps.credentials;
    this.filterState = deps.filterState;
    this.sources = deps.sources;
    this.memory = deps.memory;
    this.projects = new ProjectSlots(deps.store, deps.createStore);
    this.sample = new SampleData(deps.log);
    this.clients = new ClientFactory(deps.log, deps.userAgent, () => this.settingsCache.requestTimeoutMs);
    this.onDidChangeSlots = this.projects.onDidChangeSlots;
    this.onDidChangeState = this.projects.onDidChangeState;
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
      deps.secrets.onDidChange((event) => {
        if (CredentialStore.owns(event.key)) void this.reload();
      }),
      deps.filterState.onDidChange(() => void this.reload()),
      // A credential file changed, or the server rejected a source's credential.
      deps.sources.onDidChange(() => void this.reload()),
      this.onDidChangeState((slot) => deps.sources.noteState(slot.store, slot.credentialSource, slot.target)),
      this.changes,
      this.placed,
      this.projects,
      this.sample,
    );
  }

  /** Every project shown: the primary one first. */
  get slots(): readonly ProjectSlot[] {
    return this.projects.all;
  }

  /** Whether the view shows several projects, each under its own node. */
  get multiProject(): boolean {
    return this.projects.multiProject;
  }

  get settings(): Settings {
    return this.settingsCache;
  }

  /** The primary project's target (the only one unless several projects are configured). */
  get current(): SessionTarget | undefined {
    return this.projects.primary.target;
  }

  get isSample(): boolean {
    return this.sample.connection !== undefined;
  }

  /** The in-process sample server, when that is what is shown. */
  get sampleServer(): SampleServer | undefined {
    return this.sample.connection?.server;
  }

  /** Ready to load: a target with a credential (for at least one project). */
  get ready(): boolean {
    return this.slots.some((slot) => slot.target !== undefined && slot.credential !== undefined);
  }

  /** The slot holding a project, by its name ("" or undefined: the primary one). */
  slot(key: string | undefined): ProjectSlot | undefined {
    return this.projects.find(key);
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
    const settings = this.settingsCache;
    this.reportProblems(settings.problems);
    const sample = this.sample.connection;
    const endpoint = settings.endpoint;
    if (endpoint && needsDiscoveredProjectId(settings, sample !== undefined)) {
      // Asking the sources takes a round trip to secret storage: meanwhile the project they named
      // last time has its kept list read (and shown, in a window that is opening).
      const [likely] = this.likelyTargets(settings);
      if (likely) {
        this.announce([[this.projects.primary, likely]]);
      }
      this.discoveredProjectId = (await this.sources.discoverProjectId(endpoint))?.projectId;
      rememberProjectId(this.memory, endpoint, this.discoveredProjectId).catch((error: unknown) => {
        this.log.warn(`Could not remember the project id for the next start: ${String(error)}`);
      });
    } else {
      this.discoveredProjectId = undefined;
    }
    this.projects.place(
      targetsOf({
        settings,
        sample: sample && { ...sample, label: vscode.l10n.t('sample data') },
        discoveredProjectId: this.discoveredProjectId,
      }),
    );
    this.announce(this.slots.flatMap((slot) => (slot.target ? [[slot, slot.target] as const] : [])));
    await Promise.all(
      this.slots.map(async (slot) => {
        const resolved =
          slot.target?.kind === 'sample' && sample
            ? { credential: new TokenCredential(sample.token) }
            : slot.target
              ? await this.sources.credentialFor(slot.target)
              : {};
        slot.credential = resolved.credential;
        slot.credentialSource = 'found' in resolved ? resolved.found : undefined;
      }),
    );
    await setContextKeys({
      configured: this.current !== undefined,
      hasCredentials: this.slots.some((slot) => slot.credential !== undefined),
      multiProject: this.multiProject,
      ready: this.ready,
      sampleMode: this.isSample,
      filtered: Object.keys(this.filterState.filters).length > 0,
    });
    for (const slot of this.slots) slot.store.setScope(this.buildScope(slot));
    this.applied = true;
    this.changes.fire();
  }

  /**
   * Called while the extension activates, before the first reload: announces the one project the
   * settings place (onWillSetScopes), so its kept list is read while the rest of the extension is
   * built. Several projects wait for the first reload, which places them.
   */
  announceOpening(): void {
    const settings = this.settingsCache;
    if (this.applied || this.isSample) return;
    const targets = this.likelyTargets(settings);
    const [only] = targets;
    if (only && targets.length === 1) this.announce([[this.projects.primary, only]]);
  }

  /** The targets the settings place, with the project id the sources named last time where they name none. */
  private likelyTargets(settings: Settings): SessionTarget[] {
    const endpoint = settings.endpoint;
    const remembered =
      endpoint && needsDiscoveredProjectId(settings, false)
        ? rememberedProjectId(this.memory, endpoint)
        : undefined;
    return targetsOf({ settings, discoveredProjectId: remembered });
  }

  /** Tells onWillSetScopes the scope each project will have once its credential is found. */
  private announce(places: readonly (readonly [ProjectSlot, SessionTarget])[]): void {
    this.placed.fire(
      places.map(([slot, target]) => ({
        slot,
        target,
        scopeKey: this.scopeKeyOf(target),
        opening: !this.applied,
      })),
    );
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

  /** A client for a target with another credential (to check a token before saving it). */
  clientFor(credential: Credential, target: SessionTarget): HssClient {
    return this.clients.create(target, credential, 'check');
  }

  async startSample(): Promise<void> {
    await this.sample.start();
    await this.reload();
  }

  async stopSample(): Promise<void> {
    await this.sample.stop();
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
    for (const disposable of this.disposables) disposable.dispose();
  }

  private buildScope(slot: ProjectSlot): LoadScope | undefined {
    const { target, credential } = slot;
    if (!target || !credential) return undefined;
    const filters = this.filterState.filters;
    const query = this.query(filters, target);
    const settings = this.settingsCache;
    return {
      key: this.scopeKeyOf(target),
      source: this.clients.create(target, credential),
      query,
      statuses: filters.statuses,
      pageSize: settings.pageSize,
      concurrency: settings.concurrency,
    };
  }

  /** What tells one list from another: the target, the query and filters, the page size (no credential). */
  private scopeKeyOf(target: SessionTarget): string {
    const filters = this.filterState.filters;
    return JSON.stringify([
      target.kind,
      target.endpoint.href,
      target.projectId,
      this.query(filters, target),
      filters.statuses ?? [],
      this.settingsCache.pageSize,
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
