/**
 * The coverage view built for 5,000 servers with 100,000 tasks, in Node: the join and the rules
 * (buildCoverage) and what the tree shows of each server (its group, its strip). Target < 50 ms.
 * Part of `npm run bench`; alone: `tsx bench/coverage.ts [--runs N]`.
 */
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import type { OperationLog, TaskStatus } from '../src/hss/model';
import { parseProtectionServer } from '../src/hss/parseServers';
import type { ProtectionServer } from '../src/hss/serverModel';
import { createRandom } from '../src/sample/random';
import { buildCoverage, COVERAGE_STATES, stripText } from '../src/tasks/coverage';
import { assignIds } from '../src/tasks/identity';
import { median, round } from './lib/stats';

export const COVERAGE_SERVERS = 5_000;
export const COVERAGE_TASKS = 100_000;
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const DAY = 86_400_000;

export interface CoverageFigures {
  readonly servers: number;
  readonly tasks: number;
  /** Median of the runs: buildCoverage plus the group lists and strip texts the tree shows. */
  readonly buildMs: number;
  readonly samples: readonly number[];
  /** The fastest run: on a shared machine, the closest to the work itself. */
  readonly minMs: number;
  /** Servers per state in the data set (so a change in the rules shows here too). */
  readonly counts: Readonly<Record<string, number>>;
}

/** 5,000 servers through the parser, with the spread of set-ups a large fleet has. */
function fleet(): ProtectionServer[] {
  const random = createRandom(42);
  return Array.from({ length: COVERAGE_SERVERS }, (_, index) => {
    const row = {
      host_id: `host-${index.toString(16).padStart(8, '0')}`,
      host_name: `ecs-${index}`,
      host_status: random.chance(0.05) ? 'SHUTOFF' : 'ACTIVE',
      backup_protection_status: random.chance(0.03) ? 'closed' : 'opened',
      backup_policy_id: random.chance(0.02) ? undefined : 'policy-1',
      backup_policy_enabled: !random.chance(0.02),
      vault_id: `vault-${index % 50}`,
      vault_status: random.chance(0.01) ? 'frozen' : 'available',
      vault_size: 1000,
      vault_used: random.int(100, 980) * 1024,
    };
    const server = parseProtectionServer(row);
    if (!server) throw new Error('unparseable bench server');
    return server;
  });
}

/** 100,000 tasks, newest first, over 30 days, each of one of the servers (some of none). */
function taskList(servers: readonly ProtectionServer[]) {
  const random = createRandom(43);
  const statuses: TaskStatus[] = [
    'success',
    'success',
    'success',
    'success',
    'success',
    'success',
    'failed',
    'timeout',
    'skipped',
  ];
  const logs: OperationLog[] = Array.from({ length: COVERAGE_TASKS }, (_, index) => {
    const server = servers[random.int(0, servers.length - 1)];
    const startedAt = NOW - Math.floor((index / COVERAGE_TASKS) * 30 * DAY);
    return {
      hostId: server?.hostId,
      hostName: server?.hostName,
      backupName: `autobk_${index}`,
      progress: 100,
      status: random.pick(statuses),
      rawStatus: undefined,
      startedAt,
      endedAt: startedAt + 600_000,
      error: undefined,
    };
  });
  return assignIds(logs);
}

export function coverageFigures(runs: number): CoverageFigures {
  const servers = fleet();
  const tasks = taskList(servers);
  const samples: number[] = [];
  let counts: Record<string, number> = {};
  // One run to warm the JIT, not counted.
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    const coverage = buildCoverage(servers, tasks, { now: NOW, maxBackupAgeDays: 2, utcOffsetMinutes: 0 });
    let characters = 0;
    for (const state of COVERAGE_STATES) {
      for (const entry of coverage.servers) {
        if (entry.state === state) characters += stripText(entry.strip).length;
      }
    }
    const ms = performance.now() - started;
    if (characters !== coverage.servers.length * 14) throw new Error('every server has a 14-day strip');
    if (run > 0) samples.push(round(ms, 2));
    counts = { ...coverage.counts };
  }
  return {
    servers: servers.length,
    tasks: tasks.length,
    buildMs: round(median(samples), 2),
    minMs: Math.min(...samples),
    samples,
    counts,
  };
}

if (require.main === module) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const figures = coverageFigures(Math.max(1, Number(values.runs) || 5));
  const load = os.loadavg().map((value) => round(value, 2));
  console.log(JSON.stringify(figures, null, 2));
  console.log(
    `coverage view built for ${figures.servers} servers with ${figures.tasks} tasks: ${figures.buildMs} ms, fastest ${figures.minMs} ms (target < 50 ms) ${figures.buildMs < 50 ? 'PASS' : 'MISS'}; load average ${load.join(' ')} on ${os.cpus().length} cores`,
  );
}
