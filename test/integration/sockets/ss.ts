// What `ss -xapnH` (iproute2) says about the unix sockets in a directory: the independent
// witness the addon's numbers are compared with. ss reads the same sock_diag interface, so
// inodes, peers and queue numbers must agree exactly; for listeners Recv-Q/Send-Q are the
// pending connections and the backlog.
import { execFileSync } from 'child_process';

export interface SsSocket {
  readonly netid: string;
  readonly state: string;
  readonly rq: number;
  readonly wq: number;
  readonly path: string;
  readonly inode: number;
  readonly peer: number;
  /** "pid/fd" of every holder, sorted. */
  readonly holders: string[];
}

export function ssUnixSockets(dir: string): SsSocket[] {
  const text = execFileSync('ss', ['-xapnH'], { encoding: 'utf8' });
  const out: SsSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || !f[4].startsWith(`${dir}/`)) {
      continue;
    }
    const holders = [...line.matchAll(/pid=(\d+),fd=(\d+)/g)].map((m) => `${m[1]}/${m[2]}`).sort();
    out.push({ netid: f[0], state: f[1], rq: Number(f[2]), wq: Number(f[3]), path: f[4], inode: Number(f[5]), peer: f[7] === '*' ? 0 : Number(f[7]), holders });
  }
  return out.sort((a, b) => a.inode - b.inode);
}
