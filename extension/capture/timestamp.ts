// Splits pcapng's 64-bit timestamps (a count of 1/unitsPerSecond ticks) into whole seconds
// and nanoseconds without BigInt in the common case: nanosecond counts since 1970 are
// above 2^53, so plain double arithmetic would silently lose the low digits.

const TWO32 = 4294967296;

/** Where splitTimestamp writes; reused across calls to stay allocation-free. */
export interface SplitTime {
  sec: number;
  nsec: number;
}

/**
 * Units per second from a pcapng if_tsresol byte: high bit clear = 10^-v, set = 2^-v.
 * Returns 0 for resolutions finer than this reader can represent (beyond 10^-19 / 2^-63).
 */
export function unitsPerSecond(tsresol: number): number {
  const v = tsresol & 0x7f;
  if (tsresol & 0x80) return v <= 63 ? 2 ** v : 0;
  return v <= 19 ? 10 ** v : 0;
}

/** value = hi * 2^32 + lo ticks; writes out.sec (may exceed 2^32) and out.nsec (0..1e9-1). */
export function splitTimestamp(hi: number, lo: number, unitsPerSec: number, out: SplitTime): void {
  if (unitsPerSec > TWO32) {
    splitTimestampBig(hi, lo, unitsPerSec, out);
    return;
  }
  // Long division in 32+16+16-bit limbs: each partial dividend stays below 2^48.
  const qHi = Math.floor(hi / unitsPerSec);
  let r = hi - qHi * unitsPerSec;
  let t = r * 65536 + (lo >>> 16);
  const q1 = Math.floor(t / unitsPerSec);
  r = t - q1 * unitsPerSec;
  t = r * 65536 + (lo & 0xffff);
  const q2 = Math.floor(t / unitsPerSec);
  r = t - q2 * unitsPerSec;
  out.sec = qHi * TWO32 + q1 * 65536 + q2;
  out.nsec = fractionToNanos(r, unitsPerSec);
}

/** Converts `frac` ticks (< unitsPerSec) to nanoseconds, exactly for decimal resolutions. */
export function fractionToNanos(frac: number, unitsPerSec: number): number {
  if (unitsPerSec === 1e9) return frac;
  if (unitsPerSec === 1e6) return frac * 1000;
  if (unitsPerSec < 1e9 && 1e9 % unitsPerSec === 0) return frac * (1e9 / unitsPerSec);
  return Math.floor((frac * 1e9) / unitsPerSec);
}

function splitTimestampBig(hi: number, lo: number, unitsPerSec: number, out: SplitTime): void {
  const value = (BigInt(hi) << 32n) | BigInt(lo);
  const units = BigInt(unitsPerSec);
  const sec = value / units;
  const frac = value - sec * units;
  out.sec = Number(sec);
  out.nsec = Number((frac * 1000000000n) / units);
}
