// `npm run sample-server`: the sample HSS server on 127.0.0.1 for manual testing and demos.
import { parseArgs } from 'node:util';
import { type SampleServer, startSampleServer } from './server';

export interface CliOptions {
  port: number;
  tasks?: number;
  latencyMs?: number;
  pageCap?: number;
  arrivalsPerSecond?: number;
  seed?: number | string;
  token?: string;
  accessKey?: string;
  secretKey?: string;
  password?: string;
  region?: string;
  /** The frozen world instead of the living one. */
  static: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run sample-server -- [options]

  --port N        port on 127.0.0.1 (default: env PORT, else a free port)
  --tasks N       number of generated tasks (default 600)
  --latency MS    delay every operation-logs response by MS milliseconds
  --page-cap N    serve at most N rows a page, whatever limit asks (a capped server)
  --arrivals-per-second R
                  R new waiting tasks a second at the top while serving (a backup wave)
  --seed S        data seed, a number or any text (default 1)
  --token T       the X-Auth-Token to accept (default: a random token)
  --ak AK --sk SK an AK/SK pair to accept (default: a random pair)
  --password P    password of the IAM user "sample-user" (default: random)
  --region R      region = IAM project name (default cn-north-4)
  --static        keep the data frozen (default: time passes: tasks progress and settle,
                  a wave of scheduled backups every 2 minutes, tasks age out after 30 days)
  --help          show this help`;

/** Throws an Error with a user-facing message on bad input. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      tasks: { type: 'string' },
      latency: { type: 'string' },
      'page-cap': { type: 'string' },
      'arrivals-per-second': { type: 'string' },
      seed: { type: 'string' },
      token: { type: 'string' },
      ak: { type: 'string' },
      sk: { type: 'string' },
      password: { type: 'string' },
      region: { type: 'string' },
      static: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const seed = values.seed;
  if ((values.ak === undefined) !== (values.sk === undefined)) {
    throw new Error('--ak and --sk go together');
  }
  return {
    port: integer('--port', values.port ?? env.PORT ?? '0', 0, 65535),
    tasks: values.tasks === undefined ? undefined : integer('--tasks', values.tasks, 0, 1_000_000),
    latencyMs: values.latency === undefined ? undefined : integer('--latency', values.latency, 0, 600_000),
    pageCap:
      values['page-cap'] === undefined ? undefined : integer('--page-cap', values['page-cap'], 1, 1_000_000),
    arrivalsPerSecond:
      values['arrivals-per-second'] === undefined
        ? undefined
        : rate('--arrivals-per-second', values['arrivals-per-second']),
    // Numeric seeds stay numbers so `--seed 7` gives the same data as `{ seed: 7 }` in code.
    seed: seed === undefined ? undefined : /^\d+$/.test(seed) ? Number(seed) : seed,
    token: values.token,
    accessKey: values.ak,
    secretKey: values.sk,
    password: values.password,
    region: values.region,
    static: values.static ?? false,
    help: values.help ?? false,
  };
}

function rate(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value > 1000) {
    throw new Error(`${name} must be a number from 0 to 1000, got "${text}"`);
  }
  return value;
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

export function describeServer(server: SampleServer): string {
  const list = `${server.url}/v5/${server.projectId}/ransomware/backup/operation-logs`;
  const key = server.accessKeys[0];
  const user = server.iamUsers[0];
  return [
    'Sample HSS server is running.',
    `  Endpoint:    ${server.url}   (HSS and IAM)`,
    `  Project ID:  ${server.projectId}`,
    `  Region:      ${server.region}`,
    `  Token:       ${server.token}`,
    ...(key ? [`  AK / SK:     ${key.accessKey} / ${key.secretKey}`] : []),
    ...(user ? [`  IAM user:    ${user.name} / ${user.password}   (domain ${user.domainName})`] : []),
    `  Tasks:       ${server.tasks.length}`,
    `Try: curl -H "X-Auth-Token: ${server.token}" "${list}?offset=0&limit=10"`,
    'Press Ctrl-C to stop.',
  ].join('\n');
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const server = await startSampleServer({
    port: options.port,
    taskCount: options.tasks,
    seed: options.seed,
    token: options.token,
    region: options.region,
    world: options.static ? 'static' : 'living',
    accessKeys:
      options.accessKey && options.secretKey
        ? [{ accessKey: options.accessKey, secretKey: options.secretKey }]
        : undefined,
    iamUsers: options.password
      ? [{ domainName: 'sample-domain', name: 'sample-user', password: options.password }]
      : undefined,
    faults: options.latencyMs ? { latency: { ms: options.latencyMs } } : undefined,
    pageCap: options.pageCap,
    arrivalsPerSecond: options.arrivalsPerSecond,
  });
  console.log(describeServer(server));
  if (!options.static) console.log('Time passes in this world (--static freezes it).');
  const stop = () => {
    // A second Ctrl-C while closing forces the exit.
    process.once('SIGINT', () => process.exit(130));
    server.close().then(() => console.log('Sample HSS server stopped.'));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Only when run as the program (the CLI bundle or `tsx cli.ts`), not when a test imports the helpers.
if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
