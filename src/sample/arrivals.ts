// New tasks arriving while the list is read (a backup wave): `arrivalsPerSecond` new waiting tasks
// a second at the top of the newest-first list, counted from the server's clock when each request
// arrives. Arrival k depends only on the seed and k, so a seed and a clock give the same world.
import { SAMPLE_HOSTS } from './catalog';
import type { SampleTask } from './data';
import { createRandom } from './random';

export class ArrivalSchedule {
  private arrived = 0;

  constructor(
    private readonly perSecond: number,
    private readonly startedAt: number,
    private readonly seed: number,
  ) {
    if (!(perSecond >= 0 && Number.isFinite(perSecond))) {
      throw new RangeError(`arrivalsPerSecond must be a non-negative number, got ${perSecond}`);
    }
  }

  /** How many have arrived so far. */
  get count(): number {
    return this.arrived;
  }

  /**
   * The tasks due by `now` that have not arrived yet, newest first: put them at the top. Each is
   * queued at the instant it was due, so the list stays newest first.
   */
  due(now: number): SampleTask[] {
    const total = Math.floor(((now - this.startedAt) / 1000) * this.perSecond);
    const fresh: SampleTask[] = [];
    for (let k = total - 1; k >= this.arrived; k--) fresh.push(this.arrival(k));
    this.arrived = Math.max(this.arrived, total);
    return fresh;
  }

  private arrival(k: number): SampleTask {
    const random = createRandom(`${this.seed}:arrival:${k}`);
    const host = random.pick(SAMPLE_HOSTS);
    return {
      enterpriseProjectId: host.enterpriseProjectId,
      hostId: host.id,
      hostName: host.name,
      backupName: `autobk_${random.int(1000, 9999)}`,
      process: 0,
      status: 'waiting',
      startedAt: this.startedAt + Math.ceil(((k + 1) * 1000) / this.perSecond),
      endedAt: undefined,
      errorInfo: undefined,
      // Epoch milliseconds keep arrivals less than a second apart in order on the wire.
      timeFormat: 'epoch-ms',
    };
  }
}
