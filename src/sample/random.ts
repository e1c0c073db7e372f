// A small seeded PRNG (mulberry32): the sample data must be identical for the same seed on every
// machine and Node version, which Math.random cannot promise.

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
}

/** Strings are accepted as seeds (e.g. from the CLI) and hashed with FNV-1a to 32 bits. */
export function seedToNumber(seed: number | string): number {
  if (typeof seed === 'number') {
    return seed >>> 0;
  }
  let hash = 0x811c9dc5;
  for (const char of seed) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function createRandom(seed: number | string): Random {
  let state = seedToNumber(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) {
        throw new RangeError('pick() from an empty list');
      }
      return items[int(0, items.length - 1)] as T;
    },
    weighted: <K extends string>(weights: Readonly<Record<K, number>>): K => {
      const entries = entriesOf(weights);
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [key, weight] of entries) {
        roll -= weight;
        if (roll < 0) {
          return key;
        }
      }
      const last = entries[entries.length - 1];
      if (!last) {
        throw new RangeError('weighted() with no weights');
      }
      return last[0];
    },
  };
}

// Weight tables are constants read thousands of times: their entries are computed once.
const entryCache = new WeakMap<object, [string, number][]>();

function entriesOf<K extends string>(weights: Readonly<Record<K, number>>): [K, number][] {
  let entries = entryCache.get(weights);
  if (!entries) {
    entries = Object.entries(weights) as [string, number][];
    entryCache.set(weights, entries);
  }
  return entries as [K, number][];
}
