// Parses one line of an fd trace into a typed record (native/tracer/FORMAT.md). Never
// throws: a line that is not a well-formed record comes back as an error with the reason, an
// event this version does not know as `unknown` (later tracers may add some), so a reader
// counts and skips both.
import { unescapeValue } from './escape';
import type { Channel, FdDescription, SocketEvent, TraceRecord } from './records';

export const TRACE_MAGIC = 'SWFD1';

export type ParsedLine =
  | { readonly ok: true; readonly record: TraceRecord }
  | { readonly ok: false; readonly unknown: true; readonly event: string }
  | { readonly ok: false; readonly unknown: false; readonly reason: string };

class Malformed extends Error {}

/** The key=value fields of a record, decoded, with typed getters that throw Malformed. */
class Fields {
  private readonly map = new Map<string, string>();

  constructor(parts: readonly string[]) {
    for (const part of parts) {
      const eq = part.indexOf('=');
      if (eq <= 0) {
        throw new Malformed(`field without a key: ${JSON.stringify(part.slice(0, 40))}`);
      }
      const value = unescapeValue(part.slice(eq + 1));
      if (value === undefined) {
        throw new Malformed(`bad %-escape in ${part.slice(0, eq)}`);
      }
      this.map.set(part.slice(0, eq), value);
    }
  }

  str(key: string): string | null {
    const v = this.map.get(key);
    return v === undefined || v === '' ? null : v;
  }

  optInt(key: string): number | null {
    const v = this.map.get(key);
    if (v === undefined) {
      return null;
    }
    if (!/^-?\d{1,16}$/.test(v)) {
      throw new Malformed(`${key} is not an integer: ${JSON.stringify(v.slice(0, 40))}`);
    }
    return Number(v);
  }

  int(key: string): number {
    const v = this.optInt(key);
    if (v === null) {
      throw new Malformed(`missing ${key}`);
    }
    return v;
  }

  flag(key: string): boolean {
    return this.map.get(key) === '1';
  }
}

function description(f: Fields): FdDescription {
  const kind = f.str('kind');
  if (kind === null) {
    throw new Malformed('missing kind');
  }
  return {
    kind,
    obj: f.str('obj'),
    fam: f.str('fam'),
    stype: f.str('stype'),
    local: f.str('local'),
    remote: f.str('remote'),
    upath: f.str('upath'),
    uppath: f.str('uppath'),
    path: f.str('path'),
  };
}

function channel(f: Fields): Channel {
  return { fd: f.int('sock'), obj: f.str('sobj'), peerIno: f.optInt('speer') ?? 0, path: f.str('spath'), peerPath: f.str('sppath') };
}

const SOCKET_EVENTS: ReadonlySet<string> = new Set<SocketEvent>(['socket', 'socketpair', 'bind', 'listen', 'connect', 'accept', 'hold']);

function build(event: string, base: { time: number; pid: number; tid: number; line: number; cut: boolean }, f: Fields): TraceRecord | undefined {
  switch (event) {
    case 'start': {
      const argv = f.str('argv');
      return { ...base, event, ppid: f.optInt('ppid'), exe: f.str('exe'), argv: argv === null ? [] : argv.split('\0') };
    }
    case 'fork':
      return { ...base, event, ppid: f.optInt('ppid') };
    case 'exit':
      return { ...base, event, status: f.optInt('status'), how: f.str('how') === '_exit' ? '_exit' : 'exit' };
    case 'reap':
      return { ...base, event, child: f.int('child'), code: f.optInt('code'), signal: f.optInt('signal') };
    case 'dup':
      return { ...base, event, fd: f.int('fd'), nfd: f.int('nfd') };
    case 'close':
      return { ...base, event, fd: f.int('fd'), replaced: f.flag('replaced') };
    case 'send':
    case 'recv': {
      const fd = f.int('fd');
      return {
        ...base,
        event,
        channel: channel(f),
        seq: f.int('seq'),
        n: f.int('n'),
        i: f.int('i'),
        fd,
        trunc: f.flag('trunc'),
        peek: f.flag('peek'),
        dest: f.str('dest'),
        desc: fd >= 0 ? description(f) : null,
      };
    }
    default:
      if (SOCKET_EVENTS.has(event)) {
        return { ...base, event: event as SocketEvent, fd: f.int('fd'), fd2: f.optInt('fd2'), lfd: f.optInt('lfd'), desc: description(f) };
      }
      return undefined;
  }
}

const NUMBER = /^\d{1,16}$/;

/**
 * Parses a line (without its newline) read as latin1, one char per byte. `lineNo` is kept
 * in the record so a problem can point at the file.
 */
export function parseTraceLine(line: string, lineNo = 0): ParsedLine {
  const parts = line.split('\t');
  if (parts[0] !== TRACE_MAGIC) {
    return { ok: false, unknown: false, reason: `does not start with ${TRACE_MAGIC}` };
  }
  if (parts.length < 5) {
    return { ok: false, unknown: false, reason: 'fewer than 5 fields' };
  }
  const [, event, time, pid, tid] = parts;
  if (!NUMBER.test(time) || !NUMBER.test(pid) || !NUMBER.test(tid) || !/^[a-z_]+$/.test(event)) {
    return { ok: false, unknown: false, reason: 'bad event, time, pid or tid' };
  }
  try {
    const fields = new Fields(parts.slice(5));
    const base = { time: Number(time), pid: Number(pid), tid: Number(tid), line: lineNo, cut: fields.flag('cut') };
    const record = build(event, base, fields);
    return record === undefined ? { ok: false, unknown: true, event } : { ok: true, record };
  } catch (err) {
    if (err instanceof Malformed) {
      return { ok: false, unknown: false, reason: err.message };
    }
    throw err;
  }
}
