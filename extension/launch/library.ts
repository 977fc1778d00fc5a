// Finds libsocket_wrapper.so. An explicit path (launch attribute, then setting) is used as
// given and must exist: silently falling back to another copy would hide a typo. Otherwise the
// system is asked the way a developer would: pkg-config, the ld.so cache, the usual dirs.
// All access to the system goes through LibraryProbe so the order is unit-testable.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { LaunchError } from './errors';

export interface LibrarySearchInput {
  /** The launch attribute socketWrapper.library. */
  override?: string;
  /** The setting socketWrapper.libraryPath. */
  setting?: string;
  /** Where a relative override or setting is resolved from (the launch cwd); default process.cwd(). */
  baseDir?: string;
}

export type LibrarySource = 'attribute' | 'setting' | 'pkg-config' | 'ldconfig' | 'standard-dir';

export interface LibraryLocation {
  path: string;
  source: LibrarySource;
}

/** The two things the search needs from the system. */
export interface LibraryProbe {
  /** Whether `file` exists and is a regular file (after symlinks). */
  exists(file: string): Promise<boolean>;
  /** stdout of the command, or undefined when it is missing or fails. */
  run(cmd: string, args: string[]): Promise<string | undefined>;
}

export const LIBRARY_NAME = 'libsocket_wrapper.so';

/** Names accepted in a directory: the dev symlink and the runtime soname some distros ship alone. */
const LIBRARY_FILE_NAMES = [LIBRARY_NAME, `${LIBRARY_NAME}.0`];

export const STANDARD_DIRS: readonly string[] = [
  '/usr/lib64',
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib',
  '/usr/local/lib64',
  '/usr/local/lib',
  '/lib64',
  '/lib/x86_64-linux-gnu',
  '/lib/aarch64-linux-gnu',
  '/lib',
];

export const INSTALL_HINTS: readonly string[] = [
  'Debian/Ubuntu: sudo apt install libsocket-wrapper',
  'Fedora/RHEL (EPEL): sudo dnf install socket_wrapper',
  'openSUSE: sudo zypper install socket_wrapper',
  'Arch: socket_wrapper from the AUR (for example: yay -S socket_wrapper)',
  'from source: https://cwrap.org/socket_wrapper.html',
];

export const systemProbe: LibraryProbe = {
  async exists(file: string): Promise<boolean> {
    try {
      return (await fs.promises.stat(file)).isFile();
    } catch {
      return false;
    }
  },
  run(cmd: string, args: string[]): Promise<string | undefined> {
    return new Promise((resolve) => {
      execFile(cmd, args, { timeout: 5000, encoding: 'utf8' }, (err, stdout) => resolve(err ? undefined : stdout));
    });
  },
};

/** Candidate files named by `pkg-config`: its libdir variable, else paths and -L dirs in --libs. */
async function pkgConfigCandidates(probe: LibraryProbe): Promise<string[]> {
  const out: string[] = [];
  const libdir = (await probe.run('pkg-config', ['--variable=libdir', 'socket_wrapper']))?.trim();
  if (libdir) {
    out.push(path.join(libdir, LIBRARY_NAME));
  }
  // Debian's socket_wrapper.pc has no libdir; its Libs is the library's full path.
  const libs = await probe.run('pkg-config', ['--libs', 'socket_wrapper']);
  for (const token of libs?.trim().split(/\s+/) ?? []) {
    if (token.startsWith('-L') && token.length > 2) {
      out.push(path.join(token.slice(2), LIBRARY_NAME));
    } else if (path.isAbsolute(token) && path.basename(token).startsWith(LIBRARY_NAME)) {
      out.push(token);
    }
  }
  return out;
}

/** Paths from `ldconfig -p`, the ones for this machine's architecture first. */
export function parseLdconfig(text: string, arch: string = process.arch): string[] {
  const archTag = arch === 'x64' ? 'x86-64' : arch === 'arm64' ? 'AArch64' : undefined;
  const matching: string[] = [];
  const others: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(\S+)\s*$/.exec(line);
    if (!m || !LIBRARY_FILE_NAMES.includes(m[1])) {
      continue;
    }
    (archTag === undefined || m[2].includes(archTag) ? matching : others).push(m[3]);
  }
  return [...matching, ...others];
}

async function explicit(file: string, source: 'attribute' | 'setting', input: LibrarySearchInput, probe: LibraryProbe): Promise<LibraryLocation> {
  const resolved = path.resolve(input.baseDir ?? process.cwd(), file);
  if (await probe.exists(resolved)) {
    return { path: resolved, source };
  }
  const what = source === 'attribute' ? 'the launch attribute socketWrapper.library' : 'the setting socketWrapper.libraryPath';
  throw new LaunchError(
    'library-not-found',
    `libsocket_wrapper not found at "${resolved}" (from ${what})`,
    `Fix ${what}, or clear it to search the system (pkg-config, ldconfig, standard library directories).`,
  );
}

export async function findSocketWrapperLibrary(input: LibrarySearchInput, probe: LibraryProbe = systemProbe): Promise<LibraryLocation> {
  if (input.override) {
    return explicit(input.override, 'attribute', input, probe);
  }
  if (input.setting) {
    return explicit(input.setting, 'setting', input, probe);
  }
  const looked: string[] = [];
  const firstExisting = async (files: string[]): Promise<string | undefined> => {
    for (const file of files) {
      looked.push(file);
      if (await probe.exists(file)) {
        return file;
      }
    }
    return undefined;
  };

  const fromPkg = await firstExisting(await pkgConfigCandidates(probe));
  if (fromPkg) {
    return { path: fromPkg, source: 'pkg-config' };
  }
  // ldconfig lives in /sbin, which a non-root PATH often lacks.
  const cache = (await probe.run('ldconfig', ['-p'])) ?? (await probe.run('/sbin/ldconfig', ['-p']));
  const fromCache = await firstExisting(cache === undefined ? [] : parseLdconfig(cache));
  if (fromCache) {
    return { path: fromCache, source: 'ldconfig' };
  }
  const fromDirs = await firstExisting(STANDARD_DIRS.flatMap((dir) => LIBRARY_FILE_NAMES.map((name) => path.join(dir, name))));
  if (fromDirs) {
    return { path: fromDirs, source: 'standard-dir' };
  }
  const where = ['pkg-config socket_wrapper', 'ldconfig -p', ...STANDARD_DIRS];
  throw new LaunchError(
    'library-not-found',
    `libsocket_wrapper.so not found. Looked in: ${where.join(', ')}.\nInstall it:\n  ${INSTALL_HINTS.join('\n  ')}`,
    'Or set socketWrapper.libraryPath (setting) or socketWrapper.library (launch attribute) to the library file.',
  );
}
