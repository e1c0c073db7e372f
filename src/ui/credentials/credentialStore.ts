/**
 * Credentials live only in VS Code's SecretStorage (the OS keychain on desktop), keyed by
 * endpoint and project so that two projects never share a token by accident.
 */
import type * as vscode from 'vscode';
import { AccessKeyCredential, type Credential, TokenCredential } from '../../hss/credentials';
import { type IamToken, type PasswordSignIn, SignedInCredential } from '../../hss/iam';

const PREFIX = 'hssBackupTasks.credential:';

type StoredCredential =
  | { readonly kind: 'token'; readonly token: string }
  | {
      readonly kind: 'signIn';
      readonly iam: string;
      readonly token: IamToken;
      /** Only when the user chose to remember the password, so the token can renew itself. */
      readonly signIn?: PasswordSignIn;
    }
  | {
      readonly kind: 'accessKey';
      readonly accessKey: string;
      readonly secretKey: string;
      readonly securityToken?: string;
    };

export class CredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  static keyFor(endpoint: URL, projectId: string): string {
    return `${PREFIX}${endpoint.origin}${endpoint.pathname.replace(/\/$/, '')}|${projectId}`;
  }

  /** Whether a secrets change event concerns this store. */
  static owns(key: string): boolean {
    return key.startsWith(PREFIX);
  }

  async get(endpoint: URL, projectId: string): Promise<Credential | undefined> {
    const raw = await this.secrets.get(CredentialStore.keyFor(endpoint, projectId));
    if (!raw) return undefined;
    try {
      const stored = JSON.parse(raw) as StoredCredential;
      if (stored.kind === 'token' && typeof stored.token === 'string')
        return new TokenCredential(stored.token);
      if (
        stored.kind === 'accessKey' &&
        typeof stored.accessKey === 'string' &&
        typeof stored.secretKey === 'string'
      ) {
        return new AccessKeyCredential(stored.accessKey, stored.secretKey, stored.securityToken);
      }
      if (
        stored.kind === 'signIn' &&
        typeof stored.token?.token === 'string' &&
        typeof stored.iam === 'string'
      ) {
        const iam = new URL(stored.iam);
        return new SignedInCredential(stored.token, iam, stored.signIn, (token) => {
          // Keep the renewed token, so the next window starts with it.
          void this.storeSignIn(endpoint, projectId, iam, token, stored.signIn);
        });
      }
    } catch {
      // An unreadable entry is treated as no credential; the user is asked to set one again.
    }
    return undefined;
  }

  async storeToken(endpoint: URL, projectId: string, token: string): Promise<void> {
    const value: StoredCredential = { kind: 'token', token: token.trim() };
    await this.secrets.store(CredentialStore.keyFor(endpoint, projectId), JSON.stringify(value));
  }

  async storeAccessKey(
    endpoint: URL,
    projectId: string,
    accessKey: string,
    secretKey: string,
    securityToken?: string,
  ): Promise<void> {
    const value: StoredCredential = {
      kind: 'accessKey',
      accessKey: accessKey.trim(),
      secretKey: secretKey.trim(),
      ...(securityToken?.trim() ? { securityToken: securityToken.trim() } : {}),
    };
    await this.secrets.store(CredentialStore.keyFor(endpoint, projectId), JSON.stringify(value));
  }

  async storeSignIn(
    endpoint: URL,
    projectId: string,
    iam: URL,
    token: IamToken,
    rememberedSignIn?: PasswordSignIn,
  ): Promise<void> {
    const value: StoredCredential = {
      kind: 'signIn',
      iam: iam.href,
      token,
      ...(rememberedSignIn ? { signIn: rememberedSignIn } : {}),
    };
    await this.secrets.store(CredentialStore.keyFor(endpoint, projectId), JSON.stringify(value));
  }

  async delete(endpoint: URL, projectId: string): Promise<void> {
    await this.secrets.delete(CredentialStore.keyFor(endpoint, projectId));
  }
}
