// A sample world in which time passes: running tasks advance and settle, waiting tasks start,
// scheduled backups arrive in waves and tasks older than 30 days age out.
//
// Nothing runs on a timer. Every pending task gets a plan (when it starts, when it ends, how it
// ends) drawn from the seed, and the state of a task at time t is computed from its plan, so the
// world at t depends only on (seed, start, t) and not on when or how often it was looked at. The
// server calls `advance(tasks, clock())` as each request arrives; a test with an injected clock
// steps through time exactly.
import { SAMPLE_ERROR_REASONS, SAMPLE_HOSTS, type TaskStatus } from './catalog';
import { SAMPLE_DAYS, type SampleTask } from './data';
import { createRandom, type Random, seedToNumber } from './random';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/**
 * The nightly backup schedule, compressed: one "night" every two minutes, so a demo shows a wave
 * soon after it opens. The first wave comes one minute after the world starts.
 */
export const WAVE_EVERY_MS = 2 * MINUTE;
export const FIRST_WAVE_AFTER_MS = MINUTE;
/** Tasks older than this leave the list, as the service keeps 30 days of history. */
export const RETENTION_MS = SAMPLE_DAYS * DAY;

type Outcome = Extract<TaskStatus, 'success' | 'failed' | 'timeout'>;
// Mostly success, as in a healthy fleet; every wave also has one problem task (below).
const OUTCOME_WEIGHTS: Readonly<Record<Outcome, number>> = { success: 84, failed: 10, timeout: 6 };

/** What will happen to one pending task. Times are epoch ms, whole seconds. */
export interface TaskPlan {
  /** When it leaves `waiting` (at or before the first look for a task already running). */
  runAt: number;
  /** When it settles. */
  endAt: number;
  /** Progress at `fromTime`; progress grows linearly from there to the end. */
  fromProcess: number;
  fromTime: number;
  outcome: Outcome;
  /** Progress when it settles (100 on success). */
  finalProcess: number;
  errorInfo?: { code: string; message: string };
}

export interface LivingWorldOptions {
  seed: number | string;
  /** Epoch ms: when the world starts (the time the generated data was placed at). */
  start: number;
  /** Default WAVE_EVERY_MS. */
  waveEveryMs?: number;
  /** Default FIRST_WAVE_AFTER_MS. */
  firstWaveAfterMs?: number;
}

interface Arrival {
  task: SampleTask;
  plan: TaskPlan;
  /** When it appears at the top of the list (its started_at). */
  at: number;
}

export class LivingWorld {
  private readonly seed: number;
  private readonly start: number;
  private readonly waveEveryMs: number;
  private readonly firstWaveAt: number;
  private readonly plans = new WeakMap<SampleTask, TaskPlan>();
  /** Tasks whose plan has not settled yet. */
  private readonly pending = new Set<SampleTask>();
  /** Generated wave tasks not yet due, soonest first. */
  private arrivals: Arrival[] = [];
  private nextWave = 0;
  private initialised = false;

  constructor(options: LivingWorldOptions) {
    this.seed = seedToNumber(options.seed);
    this.start = wholeSecond(options.start);
    this.waveEveryMs = options.waveEveryMs ?? WAVE_EVERY_MS;
    this.firstWaveAt = this.start + (options.firstWaveAfterMs ?? FIRST_WAVE_AFTER_MS);
  }

  /**
   * Brings `tasks` (newest first) to their state at `now`, in place: pending tasks progress and
   * settle, due wave tasks are added at the top, tasks past retention are removed. Pending tasks
   * the world has not planned (added by a test or by the arrivals fault) get a plan at first sight.
   */
  advance(tasks: SampleTask[], now: number): void {
    if (!this.initialised) {
      this.initialised = true;
      this.planInitial(tasks);
    }
    for (const task of tasks) {
      if ((task.status === 'running' || task.status === 'waiting') && !this.plans.has(task)) {
        this.adopt(task, Math.max(now, this.start));
      }
    }
    this.addArrivals(tasks, now);
    for (const task of this.pending) {
      const plan = this.plans.get(task);
      if (plan && applyPlan(task, plan, now)) this.pending.delete(task);
    }
    this.ageOut(tasks, now);
  }

  /** The plan of a task, if the world drives it (read by tests). */
  planOf(task: SampleTask): TaskPlan | undefined {
    return this.plans.get(task);
  }

  private planInitial(tasks: readonly SampleTask[]): void {
    let index = 0;
    let firstRunning = true;
    for (const task of tasks) {
      if (task.status !== 'running' && task.status !== 'waiting') continue;
      const random = createRandom(mix(this.seed, 0x1417, index++));
      // The first running task fails within the first two minutes, so a demo shows a failure
      // notification soon after the view opens; the others settle over the next few minutes.
      const plan =
        task.status === 'running'
          ? runningPlan(random, task, this.start, firstRunning ? 'failed' : undefined)
          : waitingPlan(random, this.start + random.int(15, 90) * SECOND, this.start);
      if (task.status === 'running') firstRunning = false;
      this.track(task, plan);
    }
  }

  private adopt(task: SampleTask, now: number): void {
    const random = createRandom(
      mix(this.seed, seedToNumber(`${task.hostId}|${task.backupName}`), task.startedAt),
    );
    const plan =
      task.status === 'running'
        ? runningPlan(random, task, now)
        : waitingPlan(random, Math.max(now, task.startedAt) + random.int(10, 60) * SECOND, now);
    this.track(task, plan);
  }

  private track(task: SampleTask, plan: TaskPlan): void {
    this.plans.set(task, plan);
    this.pending.add(task);
  }

  private addArrivals(tasks: SampleTask[], now: number): void {
    // Waves whose tasks would already be past retention are never generated (a clock jumped far).
    const oldestWanted = Math.ceil((now - RETENTION_MS - this.firstWaveAt) / this.waveEveryMs);
    this.nextWave = Math.max(this.nextWave, oldestWanted);
    while (this.firstWaveAt + this.nextWave * this.waveEveryMs <= now) {
      this.arrivals.push(...this.wave(this.nextWave++));
    }
    const due = this.arrivals.filter((arrival) => arrival.at <= now);
    if (due.length === 0) return;
    this.arrivals = this.arrivals.filter((arrival) => arrival.at > now);
    // Newest first, at the top: each arrival shifts every later row down by one.
    due.sort((a, b) => b.at - a.at);
    tasks.unshift(...due.map((arrival) => arrival.task));
    for (const arrival of due) this.track(arrival.task, arrival.plan);
  }

  /** Wave k: the scheduled backups of one compressed night, a few seconds apart. */
  private wave(k: number): Arrival[] {
    const random = createRandom(mix(this.seed, 0x3a7e, k));
    const waveAt = this.firstWaveAt + k * this.waveEveryMs;
    const hosts = shuffled(random, SAMPLE_HOSTS).slice(0, random.int(3, 6));
    const problem = random.int(0, hosts.length - 1);
    let at = waveAt;
    return hosts.map((host, i) => {
      // The schedule fires at the wave's time; the rest trickle in after it.
      if (i > 0) at += random.int(1, 15) * SECOND;
      const runAt = at + random.int(5, 30) * SECOND;
      const outcome = i === problem ? random.pick(['failed', 'failed', 'timeout'] as const) : undefined;
      const plan = planFrom(random, runAt, runAt, 0, random.int(40, 100) * SECOND, outcome);
      const task: SampleTask = {
        enterpriseProjectId: host.enterpriseProjectId,
        hostId: host.id,
        hostName: host.name,
        backupName: `autobk_${random.int(1000, 9999)}`,
        process: 0,
        status: 'waiting',
        startedAt: at,
        endedAt: undefined,
        errorInfo: undefined,
        timeFormat: random.chance(0.15) ? 'epoch-ms' : 'iso',
      };
      return { task, plan, at };
    });
  }

  private ageOut(tasks: SampleTask[], now: number): void {
    const cutoff = now - RETENTION_MS;
    // Newest first: the old tasks are at the end; a task pushed out of order is found by the scan.
    let last = tasks.length;
    while (last > 0 && (tasks[last - 1]?.startedAt ?? cutoff) < cutoff) last--;
    if (last < tasks.length) tasks.length = last;
    if (tasks.some((task) => task.startedAt < cutoff)) {
      const kept = tasks.filter((task) => task.startedAt >= cutoff);
      tasks.length = 0;
      tasks.push(...kept);
    }
  }
}

/** A task already running at `now`: it keeps its progress and settles within a few minutes. */
function runningPlan(random: Random, task: SampleTask, now: number, outcome?: Outcome): TaskPlan {
  const from = wholeSecond(now);
  const duration = outcome ? random.int(40, 80) * SECOND : random.int(60, 300) * SECOND;
  return planFrom(random, Math.min(task.startedAt, from), from, task.process, duration, outcome);
}

function waitingPlan(random: Random, runAt: number, now: number): TaskPlan {
  const start = wholeSecond(Math.max(runAt, now));
  return planFrom(random, start, start, 0, random.int(40, 180) * SECOND, undefined);
}

function planFrom(
  random: Random,
  runAt: number,
  fromTime: number,
  fromProcess: number,
  duration: number,
  forced: Outcome | undefined,
): TaskPlan {
  const outcome = forced ?? random.weighted(OUTCOME_WEIGHTS);
  const endAt = wholeSecond(fromTime + duration);
  if (outcome === 'success') {
    return { runAt, endAt, fromProcess, fromTime, outcome, finalProcess: 100 };
  }
  const reasons = SAMPLE_ERROR_REASONS.filter((reason) => reason.status === outcome);
  const reason = random.pick(reasons);
  const finalProcess = Math.max(fromProcess, Math.min(99, fromProcess + random.int(5, 60)));
  return {
    runAt,
    endAt,
    fromProcess,
    fromTime,
    outcome,
    finalProcess,
    errorInfo: { code: reason.code, message: reason.message },
  };
}

/** Sets the task to its state at `now`; true once it has settled. */
export function applyPlan(task: SampleTask, plan: TaskPlan, now: number): boolean {
  if (now < plan.runAt) {
    task.status = 'waiting';
    task.process = 0;
    return false;
  }
  if (now < plan.endAt) {
    task.status = 'running';
    // A running task never shows 100: success is reported as the task settles.
    const target = plan.outcome === 'success' ? 99 : plan.finalProcess;
    const span = plan.endAt - plan.fromTime;
    const done = span <= 0 ? 1 : Math.max(0, now - plan.fromTime) / span;
    task.process = Math.min(target, plan.fromProcess + Math.floor((target - plan.fromProcess) * done));
    return false;
  }
  task.status = plan.outcome;
  task.process = plan.finalProcess;
  task.endedAt = plan.endAt;
  task.errorInfo = plan.errorInfo ? { ...plan.errorInfo } : task.errorInfo;
  return true;
}

function wholeSecond(ms: number): number {
  return ms - (((ms % SECOND) + SECOND) % SECOND);
}

/** Several numbers into one 32-bit seed (FNV-1a over their 32-bit words). */
function mix(...parts: number[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    let word = Math.floor(part) >>> 0;
    for (let i = 0; i < 4; i++) {
      hash ^= word & 0xff;
      hash = Math.imul(hash, 0x01000193) >>> 0;
      word >>>= 8;
    }
    // Times exceed 32 bits: fold the high part in too.
    hash ^= Math.floor(part / 2 ** 32) >>> 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    const a = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = a;
  }
  return copy;
}
