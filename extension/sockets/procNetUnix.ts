// Reads /proc/net/unix, the fallback socket source when the native addon (sock_diag) is not
// available. It gives each socket's path, inode, type and a coarse state, but no peer, no
// queue sizes and no pending connections: the rows built from it say so.
import * as fs from 'fs';
import type { KernelState } from './snapshot';

export interface ProcUnixEntry {
  readonly inode: number;
  readonly type: 'stream' | 'dgram' | 'seqpacket' | 'unknown';
  readonly kernelState: KernelState;
  /** The path; abstract names start with '@'; null when unnamed. */
  readonly path: string | null;
}

// Flags column: __SO_ACCEPTCON marks a listening socket.
const SO_ACCEPTCON = 0x10000;
// St column: the socket layer's state (SS_*), not the kernel's sk_state.
const SS_UNCONNECTED = 1;
const SS_CONNECTING = 2;
const SS_CONNECTED = 3;

const TYPES: Readonly<Record<number, ProcUnixEntry['type']>> = { 1: 'stream', 2: 'dgram', 5: 'seqpacket' };

function stateOf(flags: number, st: number): KernelState {
  if ((flags & SO_ACCEPTCON) !== 0) {
    return 'listen';
  }
  switch (st) {
    case SS_UNCONNECTED:
      return 'unconnected';
    case SS_CONNECTING:
      return 'connecting';
    case SS_CONNECTED:
      return 'established';
    default:
      return 'closing';
  }
}

/**
 * Parses the text of /proc/net/unix:
 * `Num RefCount Protocol Flags Type St Inode Path`, numbers in hex except the inode.
 * Connections still waiting for accept() have inode 0 and are skipped: nothing holds them.
 */
export function parseProcNetUnix(text: string): ProcUnixEntry[] {
  const out: ProcUnixEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    // The path is the rest of the line and may contain spaces.
    const m = /^\s*[0-9A-Fa-f]+:\s+[0-9A-Fa-f]+\s+[0-9A-Fa-f]+\s+([0-9A-Fa-f]+)\s+([0-9A-Fa-f]+)\s+([0-9A-Fa-f]+)\s+(\d+)(?: (.*))?$/.exec(line);
    if (!m) {
      continue;
    }
    const inode = Number(m[4]);
    if (inode === 0) {
      continue;
    }
    out.push({
      inode,
      type: TYPES[parseInt(m[2], 16)] ?? 'unknown',
      kernelState: stateOf(parseInt(m[1], 16), parseInt(m[3], 16)),
      path: m[5] === undefined || m[5] === '' ? null : m[5],
    });
  }
  return out;
}

export function readProcNetUnix(procRoot = '/proc'): ProcUnixEntry[] {
  return parseProcNetUnix(fs.readFileSync(`${procRoot}/net/unix`, 'utf8'));
}
