// A seeded random number generator for the fuzz-style tests: xorshift32, fast and good
// enough to pick mutations; the same seed gives the same cases on every machine.
export class Rng {
  constructor(private s: number) { if (this.s === 0) this.s = 1; }
  next(): number {
    let x = this.s;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number { return this.next() % n; }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]; }
}
