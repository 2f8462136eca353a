/**
 * A small seeded pseudo-random generator (mulberry32), so that a simulated
 * fleet given the same seed picks the same meter readings, id tags and session
 * lengths on every run. Not for secrets.
 */
export class SeededRandom {
  private state: number;

  constructor(private readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new Error(`the seed must be a whole number, got ${seed}`);
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** A whole number in [min, max]. */
  integer(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) throw new Error(`bad range [${min}, ${max}]`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.integer(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** A generator of its own for a child (a station of a fleet): it depends on the seed and the salt only, not on how much this one was used. */
  fork(salt: number): SeededRandom {
    return new SeededRandom((Math.imul((this.seed >>> 0) ^ 0x9e3779b9, 2_654_435_761) + Math.imul(salt, 0x85ebca6b)) >>> 0);
  }
}
