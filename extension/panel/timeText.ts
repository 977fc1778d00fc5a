// The Time column's three forms, Wireshark's "seconds since beginning of capture", "time of
// day" and "seconds since previous displayed packet", with microsecond digits (the
// resolution socket_wrapper writes). Absolute times are built from an integer second plus a
// fraction so that 1.7e9-second epochs keep their microseconds.
import type { TimeBase } from './protocol';

export type TimeMode = 'relative' | 'absolute' | 'delta';

export const TIME_MODES: readonly TimeMode[] = ['relative', 'absolute', 'delta'];

/** "0.000312" style: fixed `digits` decimals, a leading "-" for negatives (out-of-order records). */
export function secondsText(seconds: number, digits = 6): string {
  if (!Number.isFinite(seconds)) return '';
  const scale = 10 ** digits;
  const neg = seconds < 0;
  const units = Math.round(Math.abs(seconds) * scale);
  const whole = Math.floor(units / scale);
  const frac = String(units - whole * scale).padStart(digits, '0');
  return `${neg && units !== 0 ? '-' : ''}${whole}.${frac}`;
}

/**
 * Time of day "HH:MM:SS.ffffff" of the packet `rel` seconds after the first one.
 * `tzOffsetMinutes` is added to UTC (the webview passes the local zone's offset).
 */
export function timeOfDayText(base: TimeBase, rel: number, tzOffsetMinutes = 0, digits = 6): string {
  const scale = 10 ** digits;
  const sinceBase = base.firstOffset + rel;
  let whole = Math.floor(sinceBase);
  let units = Math.round((sinceBase - whole) * scale);
  if (units >= scale) {
    whole += 1;
    units -= scale;
  }
  const daySec = (((base.baseSec + whole + tzOffsetMinutes * 60) % 86400) + 86400) % 86400;
  const h = Math.floor(daySec / 3600);
  const m = Math.floor((daySec % 3600) / 60);
  const s = daySec % 60;
  const two = (v: number): string => String(v).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}.${String(units).padStart(digits, '0')}`;
}

/** The Time cell of a row in `mode`; absolute needs the capture's time base. */
export function timeCellText(mode: TimeMode, row: { rel: number; delta: number }, base: TimeBase | null, tzOffsetMinutes = 0): string {
  switch (mode) {
    case 'relative':
      return secondsText(row.rel);
    case 'delta':
      return secondsText(row.delta);
    case 'absolute':
      return base === null ? secondsText(row.rel) : timeOfDayText(base, row.rel, tzOffsetMinutes);
  }
}

/** A short span for axis ticks and durations: "850 µs", "12.5 ms", "3.20 s", "2 min 5 s". */
export function durationText(seconds: number): string {
  const a = Math.abs(seconds);
  if (a < 1e-3) return `${Math.round(seconds * 1e6)} µs`;
  if (a < 1) return `${trim(seconds * 1e3)} ms`;
  if (a < 60) return `${trim(seconds)} s`;
  const min = Math.floor(a / 60);
  return `${seconds < 0 ? '-' : ''}${min} min ${Math.round(a - min * 60)} s`;
}

function trim(v: number): string {
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}
