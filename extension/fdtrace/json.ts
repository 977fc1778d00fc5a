// The JSON shapes of `swdebug fds --json` (one object per line): the contract scripts read.
// Times are epoch seconds with microseconds, as in `swdebug packets --json`.
import type { Handoff, HandoffKind, HandoffState } from './handoffs';
import type { ProcessInfo } from './processes';
import { exitLabel } from './text';

export interface HandoffJson {
  /** Sent (epoch seconds); the receipt's time when the send was not traced. */
  time: number;
  receivedTime: number | null;
  fromPid: number | null;
  fromFd: number | null;
  toPid: number | null;
  toFd: number | null;
  /** The unix socket's path, or "socketpair A↔B" (inodes). */
  via: string;
  kind: HandoffKind;
  /** The tracer's kind: sock, file, memfd, eventfd, pipe... */
  fdKind: string;
  /** Sockets: emulated `address:port` as the program saw them. */
  local: string | null;
  remote: string | null;
  direction: 'in' | 'out' | null;
  /** Files and unix sockets: the path. */
  path: string | null;
  state: HandoffState;
  reason: string | null;
  /** fd `index` of `count` in its message. */
  index: number;
  count: number;
}

export interface ProcessJson {
  pid: number;
  ppid: number | null;
  argv: readonly string[];
  exe: string | null;
  start: number;
  end: number | null;
  /** "exited 0", "killed by SIGTERM", "running". */
  status: string;
  exitCode: number | null;
  signal: number | null;
}

const seconds = (us: number): number => us / 1e6;

export function handoffJson(h: Handoff): HandoffJson {
  return {
    time: seconds(h.time),
    receivedTime: h.receivedTime === null ? null : seconds(h.receivedTime),
    fromPid: h.fromPid,
    fromFd: h.fromFd,
    toPid: h.toPid,
    toFd: h.toFd,
    via: h.via,
    kind: h.kind,
    fdKind: h.fdKind,
    local: h.local,
    remote: h.remote,
    direction: h.direction,
    path: h.path,
    state: h.state,
    reason: h.reason,
    index: h.index,
    count: h.count,
  };
}

export function processJson(p: ProcessInfo): ProcessJson {
  return {
    pid: p.pid,
    ppid: p.ppid,
    argv: p.argv,
    exe: p.exe,
    start: seconds(p.startTime),
    end: p.exitTime === null ? null : seconds(p.exitTime),
    status: exitLabel(p.exit, p.exitTime !== null),
    exitCode: p.exit?.kind === 'exited' ? p.exit.code : null,
    signal: p.exit?.kind === 'killed' ? p.exit.signal : null,
  };
}
