/** The one place an HSS client is made: for a project's loads, and to check a credential before it is saved. */
import { HssClient } from '../../hss/client';
import type { Credential } from '../../hss/credentials';
import type { ExtensionLog } from '../shared/log';
import type { SessionTarget } from './targets';

export type ClientPurpose =
  /** The view's loads: the client's own retries. */
  | 'load'
  /** One request with a credential that is not saved yet: no retry after a failure, one after throttling. */
  | 'check';

export class ClientFactory {
  constructor(
    private readonly log: ExtensionLog,
    private readonly userAgent: string,
    private readonly timeoutMs: () => number,
  ) {}

  create(target: SessionTarget, credential: Credential, purpose: ClientPurpose = 'load'): HssClient {
    return new HssClient({
      endpoint: target.endpoint,
      projectId: target.projectId,
      credential,
      timeoutMs: this.timeoutMs(),
      logger: this.log,
      userAgent: this.userAgent,
      retry: purpose === 'check' ? { failureRetries: 0, throttledRetries: 1 } : undefined,
    });
  }
}
