// The one shape both socket sources produce (sock_diag through the addon, or /proc/net/unix
// without it), so that joining into rows does not care where the facts came from. A field
// the source cannot know is null, never a guess.
import type { NativeUnixSocketList } from '../native/addon';

/** The kernel-level state, normalized across both sources. */
export type KernelState = 'listen' | 'established' | 'connecting' | 'unconnected' | 'closing';

export interface SocketHolder {
  readonly pid: number;
  readonly fd: number;
}

export interface SnapshotSocket {
  readonly inode: number;
  readonly type: 'stream' | 'dgram' | 'seqpacket' | 'unknown';
  readonly kernelState: KernelState;
  /** Bound path; accepted sockets carry their listener's. Null when unnamed. */
  readonly name: string | null;
  /** Peer inode; 0 none or gone; null when the source cannot tell. */
  readonly peer: number | null;
  readonly rq: number | null;
  readonly wq: number | null;
  /** The peer closed (or shut down its sending side); null when unknown. */
  readonly peerClosed: boolean | null;
  /** Listeners: client inodes waiting for accept(); null when unknown. */
  readonly pending: readonly number[] | null;
  readonly holders: readonly SocketHolder[];
}

export interface SnapshotProcess {
  readonly pid: number;
  /** The kernel's short name (/proc/PID/comm). */
  readonly comm: string;
  readonly cmdline: readonly string[];
}

export type SnapshotSource = 'sock_diag' | 'proc';

export interface SocketSnapshot {
  readonly source: SnapshotSource;
  readonly sockets: readonly SnapshotSocket[];
  readonly processes: readonly SnapshotProcess[];
  /** Processes whose fds could not be read (another user's), so some holders may be missing. */
  readonly unreadableProcesses: number;
  /** One line saying what this source cannot show; null when nothing is missing. */
  readonly notice: string | null;
}

// The kernel's sk_state values (include/net/tcp_states.h) that AF_UNIX sockets use.
const TCP_ESTABLISHED = 1;
const TCP_SYN_SENT = 2;
const TCP_CLOSE = 7;
const TCP_LISTEN = 10;
const RCV_SHUTDOWN = 1;

function kernelStateOf(state: number): KernelState {
  switch (state) {
    case TCP_LISTEN:
      return 'listen';
    case TCP_ESTABLISHED:
      return 'established';
    case TCP_SYN_SENT:
      return 'connecting';
    case TCP_CLOSE:
      return 'unconnected';
    default:
      return 'closing';
  }
}

/** The addon's answer in snapshot form. */
export function snapshotFromNative(list: NativeUnixSocketList): SocketSnapshot {
  return {
    source: 'sock_diag',
    sockets: list.sockets.map((s) => ({
      inode: s.inode,
      type: s.type,
      kernelState: kernelStateOf(s.state),
      name: s.name,
      peer: s.peer,
      rq: s.rq,
      wq: s.wq,
      // When the peer goes away the kernel marks this side shut down for receiving.
      peerClosed: (s.shutdown & RCV_SHUTDOWN) !== 0,
      pending: s.pending,
      holders: s.holders,
    })),
    processes: list.processes,
    unreadableProcesses: list.unreadableProcesses,
    notice: null,
  };
}
