// Takes a snapshot of the sockets in one socket_wrapper directory: through the native addon
// (NETLINK_SOCK_DIAG: peers, queues, pending connections) when it loaded, otherwise from
// /proc/net/unix with a one-line notice of what that cannot show. A bad directory is an
// error either way; a sock_diag failure (EPERM in a locked-down container, no unix_diag
// module) falls back rather than leaving the view empty.
import * as fs from 'fs';
import * as path from 'path';
import type { SwdebugAddon } from '../native/addon';
import { errorMessage, SocketsError, systemErrorCode } from './errors';
import { scanSocketHolders } from './procFds';
import { readProcNetUnix } from './procNetUnix';
import { snapshotFromNative, type SnapshotSocket, type SocketSnapshot } from './snapshot';

export interface SnapshotOptions {
  /** The loaded addon; undefined uses /proc/net/unix. */
  readonly addon?: SwdebugAddon;
  /** For tests: another /proc. */
  readonly procRoot?: string;
}

const PROC_MISSING = 'no remote addresses, peers, queue sizes or pending connections';

/**
 * The directory and its realpath: socket_wrapper binds its sockets under realpath(3) of
 * SOCKET_WRAPPER_DIR (or the name as given, with SOCKET_WRAPPER_DIR_ALLOW_ORIG).
 */
export function socketDirs(dir: string): string[] {
  const given = path.resolve(dir);
  let real = given;
  try {
    real = fs.realpathSync(given);
  } catch {
    // checkSocketDir reports a missing directory.
  }
  return real === given ? [given] : [given, real];
}

export function checkSocketDir(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (err) {
    const code = systemErrorCode(err) ?? 'EIO';
    const why = code === 'ENOENT' ? 'does not exist' : errorMessage(err);
    throw new SocketsError(code, `socket directory ${dir} ${why}`);
  }
  if (!stat.isDirectory()) {
    throw new SocketsError('ENOTDIR', `socket directory ${dir} is not a directory`);
  }
}

function directlyIn(name: string, dirs: readonly string[]): boolean {
  return dirs.some((dir) => path.dirname(name) === dir);
}

/** The /proc/net/unix source: names, inodes and holders only. */
export function snapshotFromProc(dirs: readonly string[], notice: string, procRoot = '/proc'): SocketSnapshot {
  const entries = readProcNetUnix(procRoot).filter((e) => e.path !== null && directlyIn(e.path, dirs));
  const scan = scanSocketHolders(new Set(entries.map((e) => e.inode)), procRoot);
  const sockets: SnapshotSocket[] = entries.map((e) => ({
    inode: e.inode,
    type: e.type,
    kernelState: e.kernelState,
    name: e.path,
    peer: null,
    rq: null,
    wq: null,
    peerClosed: null,
    pending: null,
    holders: scan.holders.get(e.inode) ?? [],
  }));
  return { source: 'proc', sockets, processes: scan.processes, unreadableProcesses: scan.unreadable, notice };
}

export async function readSocketSnapshot(dir: string, options: SnapshotOptions = {}): Promise<SocketSnapshot> {
  checkSocketDir(dir);
  const dirs = socketDirs(dir);
  const { addon } = options;
  if (addon === undefined || typeof addon.listUnixSockets !== 'function') {
    return snapshotFromProc(dirs, `native addon not loaded: showing /proc/net/unix (${PROC_MISSING})`, options.procRoot);
  }
  try {
    return snapshotFromNative(await addon.listUnixSockets(dirs));
  } catch (err) {
    const code = systemErrorCode(err) ?? 'EIO';
    if (err instanceof Error && 'path' in err) {
      // The directory went away between our check and the addon's: same error as ours.
      throw new SocketsError(code, err.message);
    }
    return snapshotFromProc(dirs, `sock_diag unavailable (${code}: ${errorMessage(err)}): showing /proc/net/unix (${PROC_MISSING})`, options.procRoot);
  }
}
