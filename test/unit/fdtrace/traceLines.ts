// Builds fd trace lines for the unit tests, in the tracer's exact syntax (FORMAT.md), so a
// test reads like the trace it stands for: rec('send', 100, 10, { sock: 3, ... }).
import { parseTraceLine } from '../../../extension/fdtrace/parse';
import type { TraceRecord } from '../../../extension/fdtrace/records';

export type Fields = Record<string, string | number>;

function escape(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) => (b < 0x21 || b === 0x7f || b === 0x25 ? `%${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b)))
    .join('');
}

/** One trace line (no newline), bytes as latin1 text like the reader produces. */
export function line(event: string, time: number, pid: number, fields: Fields = {}, tid = pid): string {
  const kv = Object.entries(fields).map(([k, v]) => `${k}=${escape(String(v))}`);
  return ['SWFD1', event, String(time), String(pid), String(tid), ...kv].join('\t');
}

/** The record a line parses to; throws when it does not parse. */
export function rec(event: string, time: number, pid: number, fields: Fields = {}, tid = pid): TraceRecord {
  const parsed = parseTraceLine(line(event, time, pid, fields, tid));
  if (!parsed.ok) {
    throw new Error(`test line does not parse: ${'reason' in parsed ? parsed.reason : parsed.event}`);
  }
  return parsed.record;
}

/** Channel fields of a socketpair end: inode `ino`, peer `peer`. */
export function pairEnd(fd: number, ino: number, peer: number): Fields {
  return { sock: fd, sobj: `9:${ino}`, speer: peer };
}

/** The records of one message passing `fds` (each with its description fields). */
export function message(event: 'send' | 'recv', time: number, pid: number, seq: number, channel: Fields, fds: Fields[], extra: Fields = {}, tid = pid): TraceRecord[] {
  if (fds.length === 0) {
    return [rec(event, time, pid, { ...channel, seq, n: 0, i: 0, fd: -1, ...extra }, tid)];
  }
  return fds.map((fd, i) => rec(event, time, pid, { ...channel, seq, n: fds.length, i, ...fd, ...extra }, tid));
}

export const TCP_ACCEPTED: Fields = { kind: 'sock', obj: '9:500', fam: 'inet', stype: 'stream', local: '127.0.0.10:7777', remote: '127.0.0.11:40001', upath: '/tmp/swd/T0A1E61' };
export const FILE: Fields = { kind: 'file', obj: '65024:612', path: '/etc/hostname' };
export const PIPE: Fields = { kind: 'pipe', obj: '12:700', path: 'pipe:[700]' };
