/**
 * The sample HSS server in its own process, so that its work (filtering and sorting 10,000 tasks
 * per request) does not share the client's thread: a real server is another machine. Started by
 * sampleProcess.ts; talks over the IPC channel.
 */
import type { SampleTask } from '../../src/sample/data';
import { generateTasks } from '../../src/sample/data';
import { startSampleServer } from '../../src/sample/server';
import type { SampleChildOptions, SampleMessage, SampleReply } from './sampleProcess';

/** Exactly `running` running tasks and no waiting ones; the other pending tasks become successes. */
function withActive(tasks: SampleTask[], running: number): SampleTask[] {
  let kept = 0;
  return tasks.map((task) => {
    if (task.status === 'running' && kept < running) {
      kept++;
      return task;
    }
    if (task.status !== 'running' && task.status !== 'waiting') return task;
    return { ...task, status: 'success', process: 100, endedAt: task.startedAt + 60_000 };
  });
}

async function main(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_SAMPLE_OPTIONS ?? '{}') as SampleChildOptions;
  const generated = generateTasks({ count: options.taskCount, seed: options.seed, now: options.now });
  const server = await startSampleServer({
    tasks: options.running === undefined ? generated : withActive(generated, options.running),
    seed: options.seed,
    now: options.now,
    token: options.token,
    faults: options.latencyMs ? { latency: { ms: options.latencyMs } } : {},
    pageCap: options.pageCap,
    arrivalsPerSecond: options.arrivalsPerSecond,
    viewCache: true,
  });
  // Newest first, as the server sorts them (a stable sort, so every page is the same): the scenario
  // adds rows (twins, odd fields) out of order, and the server then sorted 100,000 tasks for every
  // page (70 ms), so four concurrent requests queued behind each other and the bench measured the
  // sample server rather than the client.
  server.tasks.sort((a, b) => b.startedAt - a.startedAt);
  server.tasksChanged();
  const reply = (message: SampleReply) => process.send?.(message);
  reply({ type: 'ready', url: server.url, projectId: server.projectId, token: server.token });
  process.on('message', (message: SampleMessage) => {
    switch (message.type) {
      case 'requests':
        reply({
          type: 'requests',
          requests: server.requests
            .slice(message.since)
            .map((r) => ({ query: r.query, status: r.status, durationMs: r.durationMs })),
          total: server.requests.length,
        });
        break;
      case 'latency':
        server.setFaults(message.ms > 0 ? { latency: { ms: message.ms } } : {});
        reply({ type: 'ok' });
        break;
      case 'cpu': {
        const used = process.cpuUsage();
        reply({ type: 'cpu', ms: (used.user + used.system) / 1000 });
        break;
      }
      case 'close':
        void server.close().then(() => process.exit(0));
        break;
    }
  });
}

void main();
