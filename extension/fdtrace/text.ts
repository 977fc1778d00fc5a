// How handoffs and processes read as text, shared by the Passed FDs view and `swdebug fds`:
// "fd 5 → pid 1235 fd 7: TCP 127.0.0.10:7777 ← 127.0.0.11:40001 (received)",
// "prefork-server (pid 1234) exited 0".
import * as os from 'os';
import * as path from 'path';
import type { Handoff } from './handoffs';
import type { ExitStatus, ProcessInfo } from './processes';

const ARROWS = { in: '←', out: '→' } as const;

const SIGNAL_NAMES = new Map<number, string>(Object.entries(os.constants.signals).map(([name, n]) => [n, name]));

/** What was passed: "TCP 127.0.0.10:7777 ← 127.0.0.11:40001", "file /etc/hostname", "pipe". */
export function objectLabel(h: Handoff): string {
  switch (h.kind) {
    case 'tcp':
    case 'udp': {
      const local = h.local ?? '*';
      if (h.remote === null) {
        return `${h.kind.toUpperCase()} ${local}${h.listening ? ' listening' : ''}`;
      }
      return `${h.kind.toUpperCase()} ${local} ${h.direction ? ARROWS[h.direction] : '↔'} ${h.remote}`;
    }
    case 'unix':
      return `unix socket ${h.path ?? 'unnamed'}${h.remote !== null && h.remote !== h.path ? ` ↔ ${h.remote}` : ''}`;
    case 'file':
      return `${h.fdKind === 'file' ? 'file' : h.fdKind} ${h.path ?? '?'}`;
    case 'pipe':
      return h.fdKind === 'fifo' ? `fifo ${h.path ?? '?'}` : `pipe ${h.path?.replace(/^pipe:/, '') ?? ''}`.trimEnd();
    default:
      return h.fdKind === 'sock' ? 'socket' : h.fdKind;
  }
}

/** The receiving side: "pid 1235 fd 7", or what happened instead. */
export function receiverLabel(h: Handoff): string {
  if (h.toPid !== null) {
    return `pid ${h.toPid} fd ${h.toFd ?? '?'}`;
  }
  switch (h.state) {
    case 'in-flight':
      return 'not received yet';
    case 'truncated':
      return 'dropped';
    default:
      return 'nobody';
  }
}

/** "fd 5 → pid 1235 fd 7: TCP 127.0.0.10:7777 ← 127.0.0.11:40001 (received)". */
export function handoffLabel(h: Handoff): string {
  return `fd ${h.fromFd ?? '?'} → ${receiverLabel(h)}: ${objectLabel(h)} (${h.state})`;
}

/** The same with the sender first, for lists not grouped by process. */
export function handoffLine(h: Handoff): string {
  return `${h.fromPid === null ? 'untraced process' : `pid ${h.fromPid}`} ${handoffLabel(h)}`;
}

export function signalName(signal: number): string {
  return SIGNAL_NAMES.get(signal) ?? `signal ${signal}`;
}

export function exitLabel(exit: ExitStatus | null, ended: boolean): string {
  if (exit === null) {
    return ended ? 'ended' : 'running';
  }
  return exit.kind === 'exited' ? `exited ${exit.code}` : `killed by ${signalName(exit.signal)}`;
}

/** "prefork-server": the program's name, from its command line or executable. */
export function programName(p: ProcessInfo): string {
  const first = p.argv[0] ?? p.exe;
  return first ? path.basename(first) : '?';
}

export function commandLine(p: ProcessInfo): string {
  return p.argv.length > 0 ? p.argv.join(' ') : (p.exe ?? '');
}

/** The arguments after the program's name ("--port 7777 --workers 2"); the label names the program. */
export function argumentsText(p: ProcessInfo): string {
  return p.argv.slice(1).join(' ');
}

/** "prefork-server (pid 1234)". */
export function processLabel(p: ProcessInfo): string {
  return `${programName(p)} (pid ${p.pid})`;
}

/** Local time of day with microseconds: "12:00:01.123456". */
export function clockText(timeUs: number): string {
  const d = new Date(Math.floor(timeUs / 1000));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(timeUs % 1_000_000).padStart(6, '0')}`;
}
