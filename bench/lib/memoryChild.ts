/**
 * Heap held by a TaskStore with 10,000 tasks. Run by bench/memory.ts as
 * `node --expose-gc --import tsx bench/lib/memoryChild.ts`; prints one JSON line.
 */
import { TaskStore } from '../../src/tasks/store';
import { ALL_PROJECTS, benchClient, CONCURRENCY, PAGE_SIZE, type ServerAddress } from './benchClient';

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function heldByStore(server: ServerAddress): Promise<{ bytes: number; tasks: number }> {
  const client = benchClient(server);
  const before = heapAfterGc();
  const store = new TaskStore();
  store.setScope({
    key: 'bench-memory',
    source: client,
    query: ALL_PROJECTS,
    pageSize: PAGE_SIZE,
    concurrency: CONCURRENCY,
  });
  await store.refresh();
  const after = heapAfterGc();
  const tasks = store.state.tasks.length;
  store.dispose();
  return { bytes: after - before, tasks };
}

async function main(): Promise<void> {
  const server = JSON.parse(process.env.BENCH_SERVER ?? '{}') as ServerAddress;
  const runs = Number(process.env.BENCH_RUNS) || 5;
  await heldByStore(server); // warm-up: modules, JIT code and sockets are not the tasks' memory
  const samples: { bytes: number; tasks: number }[] = [];
  for (let run = 0; run < runs; run++) samples.push(await heldByStore(server));
  process.stdout.write(`${JSON.stringify(samples)}\n`);
}

void main();
