/**
 * The credential chain in VS Code: SecretStorage first, then the places Huawei Cloud users
 * already keep credentials (see src/hss/credentialSources). Keeps the user's pin per project in
 * workspace state, watches the files so that an edit or `hcloud configure` takes effect without a
 * reload, remembers credentials the server rejected so they are not sent again until they change,
 * and says in the log which source is used (never what it holds).
 */
import { unwatchFile, watchFile } from 'node:fs';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { type ChainOutcome, CredentialChain, defaultProviders } from '../../hss/credentialSources/chain';
import { DEFAULT_METADATA_ENDPOINT } from '../../hss/credentialSources/ecsMetadata';
import type { FoundCredential, SourceResult } from '../../hss/credentialSources/types';
import type { Credential, OutgoingRequest } from '../../hss/credentials';
import { HssError } from '../../hss/errors';
import type { TaskStore } from '../../tasks/store';
import { SECTION } from '../session/settings';
import type { ExtensionLog } from '../shared/log';
import type { CredentialStore } from './credentialStore';
import { describeReason, describeSource } from './sourceText';

const PIN_PREFIX = 'hssBackupTasks.credentialSource:';
/** How often a watched file's modification time is checked. */
const WATCH_INTERVAL_MS = 2000;

/** A project as far as credentials go. */
export interface CredentialTarget {
  readonly endpoint: URL;
  readonly projectId: string;
  readonly name?: string;
}

export interface ResolvedCredential {
  /** What requests are signed with; undefined when no source holds anything. */
  readonly credential?: Credential;
  /** The source in use (also when it was rejected before or its pin holds nothing). */
  readonly found?: FoundCredential;
}

/** A credential that sends nothing: it fails every request with the reason, naming the source. */
function refusing(message: string): Credential {
  return {
    kind: 'accessKey',
    authorize: async () => {
      throw new HssError('config', message);
    },
  };
}

export class CredentialSources implements vscode.Disposable {
  readonly chain: CredentialChain;
  private readonly changes = new vscode.EventEmitter<void>();
  /** Fires when a watched file changed, a setting of the chain changed, or a credential was rejected. */
  readonly onDidChange = this.changes.event;
  private watched = new Set<string>();
  private readonly reported = new Set<string>();
  private readonly inUse = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly options: {
      readonly store: CredentialStore;
      readonly state: vscode.Memento;
      readonly log: ExtensionLog;
      readonly env?: () => NodeJS.ProcessEnv;
      readonly home?: () => string;
      readonly watchIntervalMs?: number;
    },
  ) {
    const config = () => vscode.workspace.getConfiguration(SECTION);
    this.chain = new CredentialChain(
      defaultProviders({
        readStored: (endpoint, projectId) => options.store.get(endpoint, projectId),
        env: options.env ?? (() => process.env),
        home: options.home ?? homedir,
        ecs: {
          enabled: () => config().get<unknown>('credentials.useAgency') === true,
          baseUrl: () => metadataEndpoint(config().get<unknown>('credentials.metadataEndpoint')),
        },
      }),
    );
    this.disposables.push(this.changes);
    this.watchFiles();
  }

  /** The credential for a project: the pinned source, or the first that holds one. */
  async credentialFor(target: CredentialTarget): Promise<ResolvedCredential> {
    this.watchFiles();
    const pinned = this.pinned(target);
    const outcome = await this.chain.resolve(
      { endpoint: target.endpoint, projectId: target.projectId },
      pinned,
    );
    return this.use(target, outcome);
  }

  /** A project id from the first source that has one, for when the settings name none. */
  async discoverProjectId(endpoint: URL): Promise<{ projectId: string; found: FoundCredential } | undefined> {
    const outcome = await this.chain.resolve({ endpoint });
    if (outcome.kind !== 'use' || !outcome.found.projectId) return undefined;
    return { projectId: outcome.found.projectId, found: outcome.found };
  }

  /** Every source that holds something for the project, in the chain's order. */
  inspect(target: CredentialTarget): Promise<SourceResult[]> {
    return this.chain.inspect({ endpoint: target.endpoint, projectId: target.projectId });
  }

  pinned(target: CredentialTarget): string | undefined {
    const value = this.options.state.get<unknown>(pinKey(target));
    return typeof value === 'string' ? value : undefined;
  }

  /** Pins a source for the project; undefined goes back to the first that holds one. */
  async pin(target: CredentialTarget, sourceId: string | undefined): Promise<void> {
    await this.options.state.update(pinKey(target), sourceId);
    this.options.log.info(
      `Project ${target.projectId}: credential source ${sourceId ? `pinned to ${sourceId}` : 'automatic'}`,
    );
  }

  /**
   * Called when a project's store changed: a 401 with a credential from outside the extension's
   * own storage marks that credential rejected, so it is not sent again until its source changes.
   */
  noteState(
    store: TaskStore,
    found: FoundCredential | undefined,
    target: CredentialTarget | undefined,
  ): void {
    const error = store.state.error;
    if (!found || !target || found.source.kind === 'stored' || error?.kind !== 'credentials') return;
    if (this.chain.rejected.has(found)) return;
    this.chain.rejected.reject(found);
    this.options.log.warn(
      `Project ${target.projectId}: the server rejected the credentials from ${found.source.label} (${error.code ?? error.status ?? 401}); they are not sent again until they change`,
    );
    this.changes.fire();
  }

  /** A setting of the chain changed (the ECS agency, its endpoint). */
  settingsChanged(): void {
    this.changes.fire();
  }

  dispose(): void {
    for (const path of this.watched) unwatchFile(path);
    this.watched.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private use(target: CredentialTarget, outcome: ChainOutcome): ResolvedCredential {
    const project = target.name ?? target.projectId;
    switch (outcome.kind) {
      case 'use': {
        for (const skipped of outcome.skipped)
          this.reportOnce(`${skipped.source.label}: ${describeReason(skipped.reason)}`);
        const { found } = outcome;
        if (this.inUse.get(project) !== found.source.id) {
          this.inUse.set(project, found.source.id);
          this.options.log.info(`Project ${target.projectId}: credentials from ${found.source.label}`);
        }
        if (found.source.kind === 'stored') return { credential: found.credential, found };
        return { credential: this.guarded(found), found };
      }
      case 'rejected':
        return {
          found: outcome.found,
          credential: refusing(rejectedMessage(outcome.found)),
        };
      case 'pinnedMissing': {
        const why = outcome.unusable
          ? describeReason(outcome.unusable.reason)
          : vscode.l10n.t('It holds no credential.');
        const name = outcome.unusable ? describeSource(outcome.unusable.source) : outcome.pinned;
        this.inUse.delete(project);
        return {
          credential: refusing(
            vscode.l10n.t(
              'The chosen credential source ({0}) cannot be used: {1} Choose another with "Select Credential Source…".',
              name,
              why,
            ),
          ),
        };
      }
      case 'none':
        this.inUse.delete(project);
        for (const skipped of outcome.skipped) {
          this.reportOnce(`${describeSource(skipped.source)}: ${describeReason(skipped.reason)}`, true);
        }
        return {};
    }
  }

  /** The source's credential, refusing to sign once the server rejected it. */
  private guarded(found: FoundCredential): Credential {
    return {
      kind: found.credential.kind,
      authorize: async (request: OutgoingRequest, signal?: AbortSignal) => {
        if (this.chain.rejected.has(found)) throw new HssError('config', rejectedMessage(found));
        await found.credential.authorize(request, signal);
      },
    };
  }

  /** Each unusable source is logged once per reason; shown once when nothing else was found. */
  private reportOnce(text: string, show = false): void {
    const key = `${show}|${text}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.options.log.warn(`Credential source not usable: ${text}`);
    if (show) void vscode.window.showWarningMessage(text);
  }

  /** Watches each file a source reads (by modification time: it may not exist yet). */
  private watchFiles(): void {
    const paths = new Set(this.chain.watchedPaths());
    for (const path of this.watched) {
      if (!paths.has(path)) unwatchFile(path);
    }
    for (const path of paths) {
      if (this.watched.has(path)) continue;
      watchFile(
        path,
        { interval: this.options.watchIntervalMs ?? WATCH_INTERVAL_MS, persistent: false },
        (now, before) => {
          if (now.mtimeMs === before.mtimeMs && now.size === before.size && now.ino === before.ino) return;
          this.options.log.info(`Credential file changed: ${path.replace(this.home(), '~')}`);
          this.changes.fire();
        },
      );
    }
    this.watched = paths;
  }

  private home(): string {
    return (this.options.home ?? homedir)();
  }
}

function rejectedMessage(found: FoundCredential): string {
  return vscode.l10n.t(
    'The server rejected the credentials from {0}; they are not sent again until they change (IAM locks an access key after 5 failures). Fix them there, or choose another with "Select Credential Source…".',
    describeSource(found.source),
  );
}

function pinKey(target: CredentialTarget): string {
  return `${PIN_PREFIX}${target.endpoint.origin}${target.endpoint.pathname.replace(/\/$/, '')}|${target.projectId}`;
}

/** The metadata endpoint setting: an http(s) URL, else the ECS default. */
export function metadataEndpoint(value: unknown): string {
  if (typeof value === 'string' && value.trim()) {
    try {
      const url = new URL(value.trim());
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/$/, '');
    } catch {
      // Falls back to the ECS address; the setting's schema already flags a bad URI.
    }
  }
  return DEFAULT_METADATA_ENDPOINT;
}
