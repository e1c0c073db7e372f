/** Shared test plumbing: a sample server per test and a client aimed at it. */
import { HssClient, type HssClientOptions } from '../../src/hss/client';
import { TokenCredential } from '../../src/hss/credentials';
import type { HssLogger } from '../../src/hss/http';
import { type SampleServer, type SampleServerOptions, startSampleServer } from '../../src/sample/server';

export const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

export class MemoryLogger implements HssLogger {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error ${message}`);
  }
}

export async function withServer(options: SampleServerOptions = {}): Promise<SampleServer> {
  return startSampleServer({ now: NOW, seed: 7, ...options });
}

export interface TestClient {
  readonly client: HssClient;
  readonly logger: MemoryLogger;
  /** Delays the client asked to wait, in ms (the sleep is instant). */
  readonly sleeps: number[];
}

export function clientFor(server: SampleServer, options: Partial<HssClientOptions> = {}): TestClient {
  const logger = new MemoryLogger();
  const sleeps: number[] = [];
  const client = new HssClient({
    endpoint: new URL(server.url),
    projectId: server.projectId,
    credential: new TokenCredential(server.token),
    timeoutMs: 5000,
    logger,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { client, logger, sleeps };
}

/** The server's own view of a list: what a complete and correct load must equal. */
export function expectedRows(
  server: SampleServer,
  filter: (task: SampleServer['tasks'][number]) => boolean = () => true,
) {
  return server.tasks.filter(filter);
}
