// Exact time text from (seconds, nanoseconds) pairs: doubles cannot hold nanosecond epoch
// times, so formatting works on the integer parts.

/** "1795607511.758991" (digits = 6) or "1795607511.758991000" (digits = 9). */
export function epochText(sec: number, nsec: number, digits: number): string {
  return `${sec}.${fraction(nsec, digits)}`;
}

/** "2026-11-25 11:51:51.758991 UTC". */
export function utcText(sec: number, nsec: number, digits: number): string {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return epochText(sec, nsec, digits);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}.${fraction(nsec, digits)} UTC`;
}

/** Seconds between two (sec, nsec) times as "0.000312" with `digits` decimals. */
export function deltaText(sec: number, nsec: number, fromSec: number, fromNsec: number, digits: number): string {
  let ds = sec - fromSec;
  let dn = nsec - fromNsec;
  if (dn < 0 && ds > 0) { ds -= 1; dn += 1e9; }
  if (dn > 0 && ds < 0) { ds += 1; dn -= 1e9; }
  const neg = ds < 0 || dn < 0;
  return `${neg ? '-' : ''}${Math.abs(ds)}.${fraction(Math.abs(dn), digits)}`;
}

function fraction(nsec: number, digits: number): string {
  const scaled = Math.floor(nsec / 10 ** (9 - digits));
  return String(scaled).padStart(digits, '0').slice(0, digits);
}
