// Who held a wrapped socket when: the question the Packet Timeline asks to put a packet in
// its process's lane ("which pid held 127.0.0.10:7777 ↔ 127.0.0.11:40001 at time t"), and
// the names the Sockets view cannot get from the kernel (an endpoint hint by inode).
import type { TraceAnalysis } from './analyze';
import type { SocketInfo } from './holders';
import type { EndpointResolver } from '../sockets/rows';

/** A socket whose emulated endpoints are a and b, in either order (b null: any remote). */
function matches(s: SocketInfo, a: string, b: string | null): boolean {
  if (b === null) {
    return s.local === a;
  }
  return (s.local === a && s.remote === b) || (s.local === b && s.remote === a);
}

/**
 * The pids that held a socket with emulated endpoints `a` ↔ `b` (`127.0.0.10:7777`,
 * `[fd00::5357:5f0a]:53`) at time `timeUs` (µs since the epoch, the pcap's clock), sorted.
 * Both ends of a connection match when both were traced; several pids share a socket after a
 * fork. `b` null matches a socket by its local endpoint alone (a listener, an unconnected UDP).
 */
export function holdersAt(analysis: Pick<TraceAnalysis, 'sockets'>, a: string, b: string | null, timeUs: number): number[] {
  const pids = new Set<number>();
  for (const s of analysis.sockets) {
    if (!matches(s, a, b)) {
      continue;
    }
    for (const h of s.holds) {
      if (h.from <= timeUs && (h.to === null || timeUs < h.to)) {
        pids.add(h.pid);
      }
    }
  }
  return [...pids].sort((x, y) => x - y);
}

/** The socket known by this inode (the kernel's, as sock_diag reports it). */
export function socketByInode(analysis: Pick<TraceAnalysis, 'sockets'>, inode: number): SocketInfo | undefined {
  const suffix = `:${inode}`;
  return analysis.sockets.find((s) => s.obj.endsWith(suffix));
}

/**
 * For the Sockets view's JoinOptions.resolveEndpoint: the emulated addresses the program
 * itself saw for a socket, where the kernel has no name for it (an unnamed or closed peer).
 */
export function traceEndpointResolver(analysis: Pick<TraceAnalysis, 'sockets'>): EndpointResolver {
  return (socket) => {
    const s = socketByInode(analysis, socket.inode);
    if (!s || s.kind === 'unix') {
      return undefined;
    }
    return { ...(s.local !== null ? { local: s.local } : {}), ...(s.remote !== null ? { remote: s.remote } : {}) };
  };
}
