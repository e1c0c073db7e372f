/**
 * The projects the view shows, each with the store that loads it. There is always the primary
 * slot (its store made at activation); `HSS.projects` adds one slot per further
 * project, kept by name across reloads so a project's list and tree state survive a settings edit.
 */
import * as vscode from 'vscode';
import type { FoundCredential } from '../../hss/credentialSources/types';
import type { Credential } from '../../hss/credentials';
import type { TaskStore } from '../../tasks/store';
import type { SessionTarget } from './targets';

export interface ProjectSlot {
  /** "" for the primary slot; the project's name for the others. */
  readonly key: string;
  readonly store: TaskStore;
  target?: SessionTarget;
  credential?: Credential;
  /** Where the credential came from (SecretStorage, the environment, a file, the ECS agency). */
  credentialSource?: FoundCredential;
}

export class ProjectSlots implements vscode.Disposable {
  readonly primary: ProjectSlot;
  private extras: ProjectSlot[] = [];
  private readonly subscriptions = new Map<ProjectSlot, { dispose(): void }>();
  private readonly slotChanges = new vscode.EventEmitter<readonly ProjectSlot[]>();
  /** Fires when projects were added or removed (so per-project pieces can follow). */
  readonly onDidChangeSlots = this.slotChanges.event;
  private readonly stateChanges = new vscode.EventEmitter<ProjectSlot>();
  /** Fires when any project's store changed state (loading, progress, error, counts). */
  readonly onDidChangeState = this.stateChanges.event;

  constructor(
    store: TaskStore,
    private readonly createStore: () => TaskStore,
  ) {
    this.primary = { key: '', store };
    this.watch(this.primary);
  }

  /** Every project shown: the primary one first. */
  get all(): readonly ProjectSlot[] {
    return [this.primary, ...this.extras];
  }

  get multiProject(): boolean {
    return this.extras.length > 0;
  }

  /** The slot holding a project, by its name ("" or undefined: the primary one). */
  find(key: string | undefined): ProjectSlot | undefined {
    return this.all.find((slot) => slot.key === (key ?? ''));
  }

  /** The primary slot takes the first target; further targets keep their slots by name. */
  place(targets: readonly SessionTarget[]): void {
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
    for (const gone of keep.values()) this.drop(gone);
    const changed = extras.length !== this.extras.length || extras.some((slot, i) => slot !== this.extras[i]);
    this.extras = extras;
    if (changed) this.slotChanges.fire(this.all);
  }

  dispose(): void {
    for (const slot of this.extras) this.drop(slot);
    this.subscriptions.get(this.primary)?.dispose();
    this.subscriptions.clear();
    this.extras = [];
    this.stateChanges.dispose();
    this.slotChanges.dispose();
  }

  private watch(slot: ProjectSlot): void {
    this.subscriptions.set(
      slot,
      slot.store.onDidChangeState(() => this.stateChanges.fire(slot)),
    );
  }

  private drop(slot: ProjectSlot): void {
    this.subscriptions.get(slot)?.dispose();
    this.subscriptions.delete(slot);
    slot.store.dispose();
  }
}
