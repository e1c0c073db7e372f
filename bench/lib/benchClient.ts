/** The client the bench measures: the extension's own HssClient with its defaults. */
import { HssClient } from '../../src/hss/client';
import { TokenCredential } from '../../src/hss/credentials';

export interface ServerAddress {
  readonly url: string;
  readonly projectId: string;
  readonly token: string;
}

/** Every enterprise project, so all 10,000 tasks of the sample server are in scope. */
export const ALL_PROJECTS = { enterpriseProjectId: 'all_granted_eps' } as const;
export const PAGE_SIZE = 200;
export const CONCURRENCY = 4;

export function benchClient(server: ServerAddress): HssClient {
  return new HssClient({
    endpoint: new URL(server.url),
    projectId: server.projectId,
    credential: new TokenCredential(server.token),
  });
}
