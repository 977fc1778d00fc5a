// The socket directory (SOCKET_WRAPPER_DIR): its length check and the private per-session
// directory. socket_wrapper names every emulated socket "<dir>/<T|U|X|Y><iface:2 hex><port:4 hex>",
// and that whole path must fit in sockaddr_un.sun_path (108 bytes with the NUL on Linux).
// A longer directory does not fail at start: it fails at the first bind() or connect() deep
// inside the program, so it is checked here, before anything runs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LaunchError } from './errors';

/** The longest-looking socket name socket_wrapper creates: TCP/IPv4, iface 10, port 7777. */
export const SOCKET_NAME_EXAMPLE = 'T0A1E61';

/** Bytes the path of a socket in `dir` needs in sun_path, counting the terminating NUL. */
export function socketPathBytes(dir: string): number {
  return Buffer.byteLength(`${dir}/${SOCKET_NAME_EXAMPLE}`) + 1;
}

export function checkSocketDirLength(dir: string, sunPathMax = 108): void {
  const needed = socketPathBytes(dir);
  if (needed > sunPathMax) {
    throw new LaunchError(
      'dir-too-long',
      `socket directory "${dir}" is too long: a socket path in it needs ${needed} bytes ` +
        `("${dir}/${SOCKET_NAME_EXAMPLE}" plus the NUL) but sun_path holds ${sunPathMax}`,
      `Use a directory of at most ${sunPathMax - 1 - SOCKET_NAME_EXAMPLE.length - 1} bytes, such as one under /tmp, or leave socketWrapper.dir unset for a private one.`,
    );
  }
}

/**
 * A fresh directory for one session, mode 0700 (other users must not connect to the emulated
 * sockets or read the capture). It goes under $TMPDIR when that is short enough, else /tmp.
 * Its realpath is returned because socket_wrapper itself resolves SOCKET_WRAPPER_DIR with
 * realpath(3), so the checked length is the length it will use.
 */
export function createPrivateSessionDir(): string {
  const candidates = [os.tmpdir(), '/tmp'];
  let lastError: unknown;
  for (const base of candidates) {
    try {
      const dir = fs.realpathSync(fs.mkdtempSync(path.join(base, 'swd-')));
      try {
        fs.chmodSync(dir, 0o700);
        checkSocketDirLength(dir);
        return dir;
      } catch (err) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

/** Removes a session directory and whatever socket_wrapper left in it (stale sockets, capture). */
export function removeSessionDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The directory of a named session outside the extension (swdebug run --session NAME):
 * /tmp/swd-<uid>-<name>, mode 0700, created if missing and kept, so every run with the same
 * name joins one emulated network. It must be ours and private: another user could otherwise
 * pre-create it and watch or answer our sockets.
 */
export function namedSessionDir(name: string, base = '/tmp'): string {
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(name) || name.startsWith('.')) {
    throw new LaunchError('invalid-config', `session name "${name}" must be 1-40 letters, digits, ".", "_" or "-"`);
  }
  const uid = process.getuid?.() ?? 0;
  const dir = path.join(base, `swd-${uid}-${name}`);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw err;
    }
  }
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) {
    throw new LaunchError('invalid-config', `session directory ${dir} exists but is not a private directory of uid ${uid}`, `Remove ${dir} and retry.`);
  }
  checkSocketDirLength(dir);
  return dir;
}
