// Loads the Node-API addon (build/Release/swdebug_addon.node) from where node-gyp built it,
// or from the same place inside an installed VSIX. The addon is optional at run time: when
// it cannot load, callers get the reason as a value and carry on without it.
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import type { StatsCounters } from '../capture/captureStats';
import type { FlowColumns } from '../capture/flows';

/** What the addon exports; extended as native capabilities land. */
export interface SwdebugAddon {
  readonly abiVersion: number;
  readonly napiVersion: number;
  /** sizeof(sockaddr_un.sun_path) on this platform. */
  sunPathMax(): number;
  kernelRelease(): string | null;
  /**
   * The AF_UNIX sockets of socket_wrapper directories, from NETLINK_SOCK_DIAG, with the
   * processes holding them (native/addon/sockdiag.cc). Runs on a worker thread. Rejects with
   * a {@link NativeSystemError}; throws a TypeError for arguments that are not absolute paths.
   */
  listUnixSockets(dirs: string | readonly string[]): Promise<NativeUnixSocketList>;
  /** `swdebug stats`'s record counter for classic pcap (native/addon/pcap_counter.h); driven by cli/statsNative.ts. */
  readonly PcapCounter?: new (linkType: number, littleEndian: boolean, nanosecond: boolean, maxCapLen: number) => NativePcapCounter;
}

/**
 * Counts a classic pcap's records chunk by chunk. Packets its plain-IPv4 fast path does not
 * take are listed in `slots` for the TypeScript decoder to summarize (layout in
 * native/addon/pcap_counter.h); commit() then counts them in file order.
 */
export interface NativePcapCounter {
  /** Counts the complete records in chunk[start, end); returns where it stopped, -1 for a record longer than the snap length allows. */
  count(chunk: Uint8Array, start: number, end: number, slots: Int32Array): number;
  commit(slots: Int32Array): void;
  result(): NativePcapCounts;
}

/** CaptureStats's counters and FlowTable's columns, as the native counter left them. */
export interface NativePcapCounts {
  readonly stats: StatsCounters;
  readonly flows: FlowColumns;
}

/** One AF_UNIX socket as the kernel's unix_diag reports it. */
export interface NativeUnixSocket {
  readonly inode: number;
  readonly type: 'stream' | 'dgram' | 'seqpacket' | 'unknown';
  /** The kernel's sk_state in TCP_* numbering: 1 established, 2 syn-sent, 7 close, 10 listen. */
  readonly state: number;
  /** The bound path (accepted sockets carry their listener's); null when unnamed. */
  readonly name: string | null;
  /** The peer's inode; 0 when there is none or it is gone (or not accepted yet). */
  readonly peer: number;
  /** Stream: bytes unread; dgram: size of the next datagram; listener: connections waiting for accept(). */
  readonly rq: number | null;
  /** Memory (skb truesize) of sent data the peer has not read yet; listener: the backlog. */
  readonly wq: number | null;
  /** The socket's shutdown mask: 1 receive side, 2 send side (3 once the peer closed). */
  readonly shutdown: number;
  /** Listeners: inodes of the client sockets whose connections wait in the accept queue. */
  readonly pending: readonly number[];
  readonly holders: readonly { readonly pid: number; readonly fd: number }[];
}

export interface NativeProcess {
  readonly pid: number;
  readonly comm: string;
  readonly cmdline: readonly string[];
}

export interface NativeUnixSocketList {
  readonly sockets: readonly NativeUnixSocket[];
  /** The processes that hold at least one of the sockets. */
  readonly processes: readonly NativeProcess[];
  /** Processes whose fd table could not be read (another user's): their sockets show no holder. */
  readonly unreadableProcesses: number;
}

/** How the addon's system calls fail: like Node's own system errors. */
export interface NativeSystemError extends Error {
  /** The errno name: 'EPERM', 'ENOENT', 'EPROTONOSUPPORT'... */
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;
  /** The directory, when it was the problem. */
  readonly path?: string;
}

export type AddonLoad =
  | { readonly ok: true; readonly addon: SwdebugAddon; readonly file: string }
  | { readonly ok: false; readonly reason: string };

const ADDON_RELATIVE = path.join('build', 'Release', 'swdebug_addon.node');

// webpack rewrites `require`; this one is Node's own (the `module` builtin stays external),
// so it can load a .node file from disk in the bundle and in tsc output alike.
const nodeRequire: NodeJS.Require = createRequire(__filename);

/** The package root: the nearest ancestor of `from` holding our package.json. */
export function findPackageRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        const name: unknown = JSON.parse(fs.readFileSync(manifest, 'utf8')).name;
        if (name === 'socket-wrapper-debug') {
          return dir;
        }
      } catch {
        // Not ours or unreadable: keep walking up.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

let cached: AddonLoad | undefined;

/** Loads the addon once per process. `root` overrides the package-root search (tests). */
export function loadAddon(root?: string): AddonLoad {
  if (cached && root === undefined) {
    return cached;
  }
  const base = root ?? findPackageRoot(__dirname);
  let result: AddonLoad;
  if (!base) {
    result = { ok: false, reason: `cannot find the socket-wrapper-debug package root above ${__dirname}` };
  } else {
    const file = path.join(base, ADDON_RELATIVE);
    try {
      const addon = nodeRequire(file) as SwdebugAddon;
      if (typeof addon.sunPathMax !== 'function') {
        result = { ok: false, reason: `${file} is not the socket-wrapper-debug addon (no sunPathMax export)` };
      } else {
        result = { ok: true, addon, file };
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      result = { ok: false, reason: `cannot load native addon ${file}: ${message}` };
    }
  }
  if (root === undefined) {
    cached = result;
  }
  return result;
}
