/**
 * Result cache for the cell functions: a small LRU keyed by a hash of the inputs and the model's identity, so a
 * recalculation that changes nothing costs a lookup, and a retrained model never answers from stale entries.
 */

/** 52-bit FNV-1a style hash of numbers (their float64 bits) and strings, as a base-36 string. */
export function hashInputs(parts: readonly (number | string | readonly number[] | undefined)[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const mixNumber = (x: number) => {
    f64[0] = x;
    h1 = Math.imul(h1 ^ u32[0], 16777619);
    h2 = Math.imul(h2 ^ u32[1], 2246822519);
    h1 = Math.imul(h1 ^ u32[1], 16777619);
    h2 = Math.imul(h2 ^ u32[0], 3266489917);
  };
  for (const p of parts) {
    if (p === undefined) mixNumber(-0.123456789e300);
    else if (typeof p === "number") mixNumber(p);
    else if (typeof p === "string") {
      mixNumber(p.length);
      for (let i = 0; i < p.length; i++) mixNumber(p.charCodeAt(i));
    } else {
      mixNumber(p.length + 0.5);
      for (let i = 0; i < p.length; i++) mixNumber(p[i]);
    }
  }
  return (h1 >>> 0).toString(36) + ":" + (h2 >>> 0).toString(36);
}

/** Least-recently-used map with a fixed number of entries. */
export class LruCache<V> {
  private readonly map = new Map<string, V>();
  hits = 0;
  misses = 0;

  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: string, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
  }

  /** Removes the entry; with `only`, just when it still holds that value (not a newer one). */
  delete(key: string, only?: V): void {
    if (only === undefined || this.map.get(key) === only) this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }

  /** Empties the cache and resets its hit/miss counters. */
  clear(): void {
    this.map.clear();
    this.hits = 0;
    this.misses = 0;
  }
}
