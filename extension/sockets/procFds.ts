// Which processes hold which socket inodes, read from /proc/PID/fd in plain Node: the
// fallback for the native addon's own scan (native/addon/sockdiag_procfs.cc), so the
// /proc/net/unix source still shows pid, fd and program.
import * as fs from 'fs';
import { systemErrorCode } from './errors';
import type { SnapshotProcess, SocketHolder } from './snapshot';

export interface HolderScan {
  /** Holders by inode. */
  readonly holders: ReadonlyMap<number, readonly SocketHolder[]>;
  readonly processes: readonly SnapshotProcess[];
  readonly unreadable: number;
}

const SOCKET_LINK = /^socket:\[(\d+)\]$/;

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function scanSocketHolders(inodes: ReadonlySet<number>, procRoot = '/proc'): HolderScan {
  const holders = new Map<number, SocketHolder[]>();
  const processes: SnapshotProcess[] = [];
  let unreadable = 0;
  if (inodes.size === 0) {
    return { holders, processes, unreadable };
  }
  for (const name of fs.readdirSync(procRoot)) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    const pid = Number(name);
    let fds: string[];
    try {
      fds = fs.readdirSync(`${procRoot}/${name}/fd`);
    } catch (err) {
      const code = systemErrorCode(err);
      if (code === 'EACCES' || code === 'EPERM') {
        unreadable += 1;
      }
      continue;
    }
    let holds = false;
    for (const fd of fds) {
      let link: string;
      try {
        link = fs.readlinkSync(`${procRoot}/${name}/fd/${fd}`);
      } catch {
        continue; // closed while we looked
      }
      const m = SOCKET_LINK.exec(link);
      const inode = m ? Number(m[1]) : NaN;
      if (inodes.has(inode)) {
        const list = holders.get(inode) ?? [];
        list.push({ pid, fd: Number(fd) });
        holders.set(inode, list);
        holds = true;
      }
    }
    if (holds) {
      const cmdline = readText(`${procRoot}/${name}/cmdline`).split('\0');
      if (cmdline[cmdline.length - 1] === '') {
        cmdline.pop();
      }
      processes.push({ pid, comm: readText(`${procRoot}/${name}/comm`).replace(/\n$/, ''), cmdline });
    }
  }
  return { holders, processes, unreadable };
}
