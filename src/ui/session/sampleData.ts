/**
 * The sample data the view can show instead of a cloud project: the in-process sample server
 * (loaded only when asked for) or the one `npm run demo` started and named in the environment.
 */
import type { SampleServer } from '../../sample/server';
import type { ExtensionLog } from '../shared/log';

/** A sample server to show: the in-process one, or one the demo started (see `externalSample`). */
export interface SampleConnection {
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

type SampleServerModule = typeof import('../../sample/server');

/**
 * The sample server's module. Bundled, it is a CommonJS file of its own beside the extension
 * (dist/sample.js, see esbuild.mjs), whose exports a dynamic import hands over as `default`.
 */
async function loadSampleServer(): Promise<SampleServerModule> {
  const loaded = (await import('../../sample/server')) as
    | SampleServerModule
    | { default: SampleServerModule };
  return 'default' in loaded ? loaded.default : loaded;
}

/** Whether sample data is shown, and the server that serves it. */
export class SampleData {
  private current?: SampleConnection;

  constructor(
    private readonly log: ExtensionLog,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  get connection(): SampleConnection | undefined {
    return this.current;
  }

  /** The demo's server when it named one; else the in-process one, started now. */
  async start(): Promise<void> {
    if (this.current) return;
    const external = externalSample(this.env);
    if (external) {
      this.current = external;
      this.log.info(`Showing the sample HSS server at ${external.url}`);
      return;
    }
    // Loaded when asked for: the sample server (node:http, its data) is no part of a start.
    const { startSampleServer } = await loadSampleServer();
    const server = await startSampleServer({ host: '127.0.0.1', seed: SAMPLE_SEED, world: 'living' });
    this.current = { url: server.url, projectId: server.projectId, token: server.token, server };
    this.log.info(`Sample HSS server started at ${server.url}`);
  }

  async stop(): Promise<void> {
    const sample = this.current;
    this.current = undefined;
    if (sample?.server) {
      await sample.server.close();
      this.log.info('Sample HSS server stopped');
    }
  }

  dispose(): void {
    void this.current?.server?.close();
    this.current = undefined;
  }
}
