// The process table of a trace: who started whom (fork, exec), with which command line, and
// how each ended (its own exit record, or its parent's wait for one killed by a signal).
// Records must be applied in time order. A pid seen again after it ended is a new process
// (pids are reused), kept as a separate entry.
import type { TraceRecord } from './records';

export type ExitStatus = { readonly kind: 'exited'; readonly code: number } | { readonly kind: 'killed'; readonly signal: number };

export interface ProcessInfo {
  readonly pid: number;
  /** null: the trace does not say (the process was first seen mid-way). */
  readonly ppid: number | null;
  readonly argv: readonly string[];
  readonly exe: string | null;
  /** First record of this process. */
  readonly startTime: number;
  readonly exitTime: number | null;
  readonly exit: ExitStatus | null;
  /** Images it exec'd after it started (0: still the program it was forked as, or the first one). */
  readonly execs: number;
}

interface MutableProcess {
  pid: number;
  ppid: number | null;
  argv: readonly string[];
  exe: string | null;
  startTime: number;
  exitTime: number | null;
  exit: ExitStatus | null;
  execs: number;
  /** A start or fork record was seen: a later start is an exec. */
  begun: boolean;
}

export class ProcessTable {
  private readonly all: MutableProcess[] = [];
  private readonly current = new Map<number, MutableProcess>();

  apply(r: TraceRecord): void {
    switch (r.event) {
      case 'fork': {
        const parent = r.ppid === null ? undefined : this.current.get(r.ppid);
        const p = this.fresh(r.pid, r.time);
        p.ppid = r.ppid;
        // A forked child runs its parent's program until it execs.
        p.argv = parent?.argv ?? [];
        p.exe = parent?.exe ?? null;
        p.begun = true;
        return;
      }
      case 'start': {
        const known = this.current.get(r.pid);
        const p = known && known.exitTime === null ? known : this.fresh(r.pid, r.time);
        if (p.begun) {
          p.execs++;
        } else if (r.ppid !== null) {
          p.ppid = r.ppid;
        }
        p.argv = r.argv;
        p.exe = r.exe;
        p.begun = true;
        return;
      }
      case 'exit': {
        const p = this.of(r.pid, r.time);
        p.exitTime = r.time;
        p.exit = r.status === null ? null : { kind: 'exited', code: r.status & 0xff };
        return;
      }
      case 'reap': {
        // The parent's view is the kernel's: it also covers a child killed by a signal.
        const child = this.current.get(r.child);
        if (child) {
          child.exitTime = Math.min(child.exitTime ?? r.time, r.time);
          if (r.signal !== null) {
            child.exit = { kind: 'killed', signal: r.signal };
          } else if (r.code !== null) {
            child.exit = { kind: 'exited', code: r.code };
          }
        }
        return;
      }
      default:
        this.of(r.pid, r.time);
    }
  }

  /** The process a pid names at the end of what was applied. */
  get(pid: number): ProcessInfo | undefined {
    return this.current.get(pid);
  }

  /** Every process, in order of first appearance. */
  list(): ProcessInfo[] {
    return this.all.map(({ begun: _begun, ...p }) => p);
  }

  /** Whether every process seen has ended (then nothing in flight can still be received). */
  allEnded(): boolean {
    return this.all.length > 0 && this.all.every((p) => p.exitTime !== null);
  }

  private of(pid: number, time: number): MutableProcess {
    const p = this.current.get(pid);
    return p && p.exitTime === null ? p : this.fresh(pid, time);
  }

  private fresh(pid: number, time: number): MutableProcess {
    const p: MutableProcess = { pid, ppid: null, argv: [], exe: null, startTime: time, exitTime: null, exit: null, execs: 0, begun: false };
    this.all.push(p);
    this.current.set(pid, p);
    return p;
  }
}
