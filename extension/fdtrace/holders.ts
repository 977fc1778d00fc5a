// Which process holds which open file, over time: a per-process fd table replayed from the
// trace (socket, accept, received fds, dup, close, fork copies the table, exec and exit
// empty it) that keeps, for every object (`dev:ino`), the intervals during which each
// (pid, fd) held it, plus what is known about each socket (kind, emulated addresses).
// Records must be applied in time order.
import type { FdDescription, TraceRecord } from './records';

export interface HoldInterval {
  readonly pid: number;
  readonly fd: number;
  readonly from: number;
  /** null: still held at the end of the trace. */
  readonly to: number | null;
  /** It came with a fork, or across an exec (`hold`), rather than by the process's own doing. */
  readonly inherited: boolean;
}

export type SocketKind = 'tcp' | 'udp' | 'unix' | 'other';

export interface SocketInfo {
  readonly obj: string;
  readonly kind: SocketKind;
  readonly family: 'ipv4' | 'ipv6' | null;
  /** Emulated addresses as the program saw them; for unix sockets, their paths. */
  readonly local: string | null;
  readonly remote: string | null;
  /** 'in': accepted; 'out': connected by its holder; null: neither seen. */
  readonly direction: 'in' | 'out' | null;
  readonly listening: boolean;
  readonly holds: readonly HoldInterval[];
}

interface MutableHold {
  pid: number;
  fd: number;
  from: number;
  to: number | null;
  inherited: boolean;
}

interface MutableSocket {
  obj: string;
  kind: SocketKind;
  family: 'ipv4' | 'ipv6' | null;
  local: string | null;
  remote: string | null;
  direction: 'in' | 'out' | null;
  listening: boolean;
}

export function socketKind(fam: string | null, stype: string | null): SocketKind {
  if (fam === 'unix') {
    return 'unix';
  }
  if (fam === 'inet' || fam === 'inet6') {
    return stype === 'stream' ? 'tcp' : stype === 'dgram' ? 'udp' : 'other';
  }
  return 'other';
}

export class HolderTable {
  /** pid -> fd -> the hold in progress. */
  private readonly tables = new Map<number, Map<number, { obj: string; hold: MutableHold }>>();
  private readonly holdsByObj = new Map<string, MutableHold[]>();
  private readonly socketsByObj = new Map<string, MutableSocket>();

  apply(r: TraceRecord): void {
    switch (r.event) {
      case 'socket':
      case 'socketpair':
      case 'bind':
      case 'listen':
      case 'connect':
      case 'accept':
      case 'hold':
        this.describe(r.desc, r.event === 'accept' ? 'in' : r.event === 'connect' ? 'out' : null, r.event === 'listen');
        if (r.desc.obj !== null) {
          this.open(r.pid, r.fd, r.desc.obj, r.time, r.event === 'hold');
        }
        return;
      case 'send':
      case 'recv':
        // The channel is held by whoever uses it, even if we missed how it got it.
        if (r.channel.obj !== null) {
          this.open(r.pid, r.channel.fd, r.channel.obj, r.time);
        }
        if (r.desc !== null && r.desc.obj !== null) {
          this.describe(r.desc, null, false);
          if (r.event === 'recv' && !r.peek) {
            this.open(r.pid, r.fd, r.desc.obj, r.time);
          }
        }
        return;
      case 'dup': {
        const held = this.tables.get(r.pid)?.get(r.fd);
        if (held) {
          this.open(r.pid, r.nfd, held.obj, r.time);
        }
        return;
      }
      case 'close':
        this.close(r.pid, r.fd, r.time);
        return;
      case 'fork':
        if (r.ppid !== null) {
          this.fork(r.ppid, r.pid, r.time);
        }
        return;
      case 'start':
        // After exec the image re-announces what it still holds ("hold" records follow);
        // close-on-exec fds are gone. The first start of a pid holds nothing yet.
        this.dropAll(r.pid, r.time);
        return;
      case 'exit':
        this.dropAll(r.pid, r.time);
        return;
      case 'reap':
        this.dropAll(r.child, r.time);
        return;
    }
  }

  /** What is known of a socket object. */
  socket(obj: string): SocketInfo | undefined {
    const s = this.socketsByObj.get(obj);
    return s ? this.info(s) : undefined;
  }

  sockets(): SocketInfo[] {
    return [...this.socketsByObj.values()].map((s) => this.info(s));
  }

  /** The holds of an object (any kind), in the order they began. */
  holds(obj: string): readonly HoldInterval[] {
    return this.holdsByObj.get(obj) ?? [];
  }

  /** Whether anyone was seen holding the object. */
  seen(obj: string): boolean {
    return this.holdsByObj.has(obj);
  }

  /** When the last holder let go, if nobody holds it now; undefined while it is held or never seen. */
  releasedAt(obj: string): number | undefined {
    const holds = this.holdsByObj.get(obj);
    if (!holds || holds.length === 0 || holds.some((h) => h.to === null)) {
      return undefined;
    }
    return Math.max(...holds.map((h) => h.to ?? 0));
  }

  private info(s: MutableSocket): SocketInfo {
    return { ...s, holds: [...(this.holdsByObj.get(s.obj) ?? [])] };
  }

  private describe(desc: FdDescription, direction: 'in' | 'out' | null, listening: boolean): void {
    if (desc.kind !== 'sock' || desc.obj === null) {
      return;
    }
    let s = this.socketsByObj.get(desc.obj);
    if (!s) {
      s = { obj: desc.obj, kind: 'other', family: null, local: null, remote: null, direction: null, listening: false };
      this.socketsByObj.set(desc.obj, s);
    }
    if (desc.fam !== null) {
      s.kind = socketKind(desc.fam, desc.stype);
      s.family = desc.fam === 'inet' ? 'ipv4' : desc.fam === 'inet6' ? 'ipv6' : null;
    }
    // A unix socket's emulated address is its path; socket_wrapper's own file says nothing more.
    s.local = desc.local ?? s.local;
    s.remote = desc.remote ?? s.remote;
    s.direction = direction ?? s.direction;
    s.listening = s.listening || listening;
  }

  private table(pid: number): Map<number, { obj: string; hold: MutableHold }> {
    let t = this.tables.get(pid);
    if (!t) {
      t = new Map();
      this.tables.set(pid, t);
    }
    return t;
  }

  private open(pid: number, fd: number, obj: string, time: number, inherited = false): void {
    const t = this.table(pid);
    const held = t.get(fd);
    if (held?.obj === obj) {
      return;
    }
    if (held) {
      held.hold.to = time; // the fd was reused without a close we saw
    }
    const hold: MutableHold = { pid, fd, from: time, to: null, inherited };
    t.set(fd, { obj, hold });
    let list = this.holdsByObj.get(obj);
    if (!list) {
      list = [];
      this.holdsByObj.set(obj, list);
    }
    list.push(hold);
  }

  private close(pid: number, fd: number, time: number): void {
    const t = this.tables.get(pid);
    const held = t?.get(fd);
    if (t && held) {
      held.hold.to = time;
      t.delete(fd);
    }
  }

  private dropAll(pid: number, time: number): void {
    const t = this.tables.get(pid);
    if (!t) {
      return;
    }
    for (const held of t.values()) {
      held.hold.to = time;
    }
    t.clear();
  }

  private fork(parent: number, child: number, time: number): void {
    this.dropAll(child, time); // a reused pid's old table
    for (const [fd, held] of this.tables.get(parent) ?? []) {
      this.open(child, fd, held.obj, time, true);
    }
  }
}
