// Joins a socket snapshot into the rows the Sockets view and `swdebug sockets` show: one
// row per (process, fd) holding an emulated socket, with the emulated addresses decoded from
// socket_wrapper's names, the state in TCP/UDP terms, the queues and who is on the other end.
//
// How the other end is found: a connected socket's peer is another socket in the same
// directory, whose name is the remote address. The kernel gives an accepted server-side
// socket its listener's name, so its local address is the listener's and its peer is the
// client's own (auto-bound) name. A client whose connection still waits in the listener's
// accept queue has no peer inode yet (the queued server side has none), but the listener
// lists it as pending, which gives its remote address.
import type { SnapshotProcess, SnapshotSocket, SocketHolder, SocketSnapshot } from './snapshot';
import { decodeWrapperPath, DEFAULT_IPV4_NETWORK, type Ipv4Network, type WrapperEndpoint } from './wrapperName';

export type SocketState = 'listen' | 'established' | 'connecting' | 'closed' | 'unconnected' | 'bound' | 'connected';

export interface SocketRow {
  /** The process holding the socket; null when none does (in flight in SCM_RIGHTS, or not readable). */
  readonly pid: number | null;
  readonly fd: number | null;
  /** The process's short name (comm). */
  readonly program: string | null;
  /** Its full command line, space-joined. */
  readonly command: string | null;
  readonly proto: 'tcp' | 'udp' | 'unix';
  readonly family: 'ipv4' | 'ipv6' | null;
  /** Emulated local address, `127.0.0.10:7777` or `[fd00::5357:5f0a]:7777`; null for an unnamed socket. */
  readonly local: string | null;
  readonly remote: string | null;
  /** 'in': the remote end connected to us (accepted); 'out': we connected; null: no connection. */
  readonly direction: 'in' | 'out' | null;
  readonly state: SocketState;
  /** Bytes received and not read yet (UDP: the next datagram's size); null when unknown. */
  readonly rq: number | null;
  /** Kernel memory of sent data the peer has not read yet (as `ss` shows it); null when unknown. */
  readonly wq: number | null;
  /** Listeners: connections waiting for accept(); null otherwise or when unknown. */
  readonly pendingAccepts: number | null;
  /** Listeners: the listen() backlog; null otherwise or when unknown. */
  readonly backlog: number | null;
  readonly peerInode: number | null;
  readonly peerPid: number | null;
  /** The unix socket's path in the socket directory (accepted sockets share their listener's). */
  readonly unixPath: string | null;
  readonly inode: number;
}

export interface EndpointHint {
  readonly local?: string;
  readonly remote?: string;
}

/**
 * Names endpoints the kernel cannot: an unnamed socket, a peer that already closed. This is
 * where the fd tracer's records (getsockname/getpeername as the program saw them) plug in;
 * a hint only fills a field the kernel left empty.
 */
export type EndpointResolver = (socket: SnapshotSocket, holder: SocketHolder | null) => EndpointHint | undefined;

export interface JoinOptions {
  readonly ipv4Network?: Ipv4Network;
  readonly resolveEndpoint?: EndpointResolver;
}

/** Indexes over one snapshot that every row consults. */
class SnapshotIndex {
  readonly byInode = new Map<number, SnapshotSocket>();
  readonly processes = new Map<number, SnapshotProcess>();
  /** Client inode -> the listener whose accept queue holds its connection. */
  readonly waitingOn = new Map<number, SnapshotSocket>();
  /** How many sockets carry each name (a listener and the sockets it accepted share one). */
  readonly nameCount = new Map<string, number>();
  readonly listening = new Set<string>();

  constructor(snapshot: SocketSnapshot) {
    for (const s of snapshot.sockets) {
      this.byInode.set(s.inode, s);
      if (s.name !== null) {
        this.nameCount.set(s.name, (this.nameCount.get(s.name) ?? 0) + 1);
        if (s.kernelState === 'listen') {
          this.listening.add(s.name);
        }
      }
      for (const client of s.pending ?? []) {
        this.waitingOn.set(client, s);
      }
    }
    for (const p of snapshot.processes) {
      this.processes.set(p.pid, p);
    }
  }

  /** A stream socket that shares its name with a listener (or with siblings) was accepted. */
  isAccepted(s: SnapshotSocket): boolean {
    return s.name !== null && s.kernelState !== 'listen' && (this.listening.has(s.name) || (this.nameCount.get(s.name) ?? 0) > 1);
  }
}

function streamState(s: SnapshotSocket, index: SnapshotIndex): SocketState {
  switch (s.kernelState) {
    case 'listen':
      return 'listen';
    case 'connecting':
      return 'connecting';
    case 'unconnected':
      return 'unconnected';
    case 'closing':
      return 'closed';
    case 'established':
      if (index.waitingOn.has(s.inode)) {
        return 'connecting'; // connect() returned, but the server has not accept()ed yet
      }
      // The peer closed: its inode reads 0 and this side is shut down; unread data may remain.
      return s.peerClosed === true || s.peer === 0 ? 'closed' : 'established';
  }
}

function datagramState(s: SnapshotSocket): SocketState {
  // The kernel marks a datagram socket "established" when anyone connects *to* it, so
  // only our own peer says whether this one is connected.
  if (s.peer !== null && s.peer !== 0) {
    return 'connected';
  }
  return s.name !== null ? 'bound' : 'unconnected';
}

function direction(s: SnapshotSocket, state: SocketState, index: SnapshotIndex): 'in' | 'out' | null {
  if (state === 'listen' || state === 'bound' || state === 'unconnected') {
    return null;
  }
  return s.type !== 'dgram' && index.isAccepted(s) ? 'in' : 'out';
}

function rowsOf(s: SnapshotSocket, index: SnapshotIndex, network: Ipv4Network, resolve: EndpointResolver | undefined): SocketRow[] {
  const own: WrapperEndpoint | undefined = decodeWrapperPath(s.name, network);
  const peer = s.peer ? index.byInode.get(s.peer) : undefined;
  const listener = index.waitingOn.get(s.inode);
  const far = decodeWrapperPath(peer?.name ?? listener?.name ?? null, network);
  const state = s.type === 'dgram' ? datagramState(s) : streamState(s, index);
  const listening = s.kernelState === 'listen';
  const holders: (SocketHolder | null)[] = s.holders.length > 0 ? [...s.holders] : [null];
  return holders.map((holder) => {
    const hint = resolve?.(s, holder);
    const process = holder ? index.processes.get(holder.pid) : undefined;
    return {
      pid: holder?.pid ?? null,
      fd: holder?.fd ?? null,
      program: process?.comm ?? null,
      command: process ? process.cmdline.join(' ') : null,
      proto: own?.proto ?? far?.proto ?? 'unix',
      family: own?.family ?? far?.family ?? null,
      local: own?.endpoint ?? hint?.local ?? null,
      remote: far?.endpoint ?? hint?.remote ?? null,
      direction: direction(s, state, index),
      state,
      // A listener queues connections, not bytes: the kernel's queue numbers for it are the
      // pending connections and the backlog, reported as such.
      rq: listening ? (s.rq === null ? null : 0) : s.rq,
      wq: listening ? (s.wq === null ? null : 0) : s.wq,
      pendingAccepts: listening ? (s.rq ?? s.pending?.length ?? null) : null,
      backlog: listening ? s.wq : null,
      peerInode: s.peer ? s.peer : null,
      peerPid: peer?.holders[0]?.pid ?? null,
      unixPath: s.name,
      inode: s.inode,
    };
  });
}

function byProcessThenFd(a: SocketRow, b: SocketRow): number {
  const pa = a.pid ?? Number.MAX_SAFE_INTEGER;
  const pb = b.pid ?? Number.MAX_SAFE_INTEGER;
  return pa - pb || (a.fd ?? -1) - (b.fd ?? -1) || a.inode - b.inode;
}

export function joinRows(snapshot: SocketSnapshot, options: JoinOptions = {}): SocketRow[] {
  const index = new SnapshotIndex(snapshot);
  const network = options.ipv4Network ?? DEFAULT_IPV4_NETWORK;
  return snapshot.sockets.flatMap((s) => rowsOf(s, index, network, options.resolveEndpoint)).sort(byProcessThenFd);
}
