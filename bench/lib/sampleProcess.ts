/** Starts and drives the sample server of sampleChild.ts in a child process. */
import { type ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';

export interface SampleChildOptions {
  readonly taskCount: number;
  readonly seed: number;
  readonly now: number;
  readonly token: string;
  readonly latencyMs: number;
  /** Leave exactly this many running tasks and no waiting ones. */
  readonly running?: number;
  /** Serve at most this many rows a page (a capped server). */
  readonly pageCap?: number;
  /** New waiting tasks a second at the top while serving (a backup wave). */
  readonly arrivalsPerSecond?: number;
}

export type SampleMessage =
  | { readonly type: 'requests'; readonly since: number }
  | { readonly type: 'latency'; readonly ms: number }
  | { readonly type: 'cpu' }
  | { readonly type: 'close' };

export interface LoggedQuery {
  readonly query: Record<string, string>;
  readonly status: number;
  /** Arrival to the reply's end, as the server measured it (injected latency included). */
  readonly durationMs: number;
}

export type SampleReply =
  | { readonly type: 'ready'; readonly url: string; readonly projectId: string; readonly token: string }
  | { readonly type: 'requests'; readonly requests: LoggedQuery[]; readonly total: number }
  | { readonly type: 'cpu'; readonly ms: number }
  | { readonly type: 'ok' };

export class SampleProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly projectId: string,
    readonly token: string,
  ) {}

  static async start(options: SampleChildOptions): Promise<SampleProcess> {
    const child = fork(path.join(__dirname, 'sampleChild.ts'), {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_SAMPLE_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<SampleReply>((resolve, reject) => {
      child.once('message', (message: SampleReply) => resolve(message));
      child.once('exit', (code) => reject(new Error(`the sample server process exited (${code})`)));
    });
    if (ready.type !== 'ready') throw new Error(`unexpected first message ${ready.type}`);
    child.removeAllListeners('exit');
    return new SampleProcess(child, ready.url, ready.projectId, ready.token);
  }

  /** The requests the server logged from index `since` on, and how many it logged in all. */
  async requests(since = 0): Promise<{ requests: LoggedQuery[]; total: number }> {
    const reply = await this.ask({ type: 'requests', since });
    return reply.type === 'requests' ? reply : { requests: [], total: 0 };
  }

  async setLatency(ms: number): Promise<void> {
    await this.ask({ type: 'latency', ms });
  }

  /** The server process's CPU time so far (user + system), in ms. */
  async cpuMs(): Promise<number> {
    const reply = await this.ask({ type: 'cpu' });
    return reply.type === 'cpu' ? reply.ms : 0;
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'close' } satisfies SampleMessage);
    await exited;
  }

  private ask(message: SampleMessage): Promise<SampleReply> {
    return new Promise((resolve) => {
      this.child.once('message', (reply: SampleReply) => resolve(reply));
      this.child.send(message);
    });
  }
}
