// Tiny start-up shims for debuggers whose debuggee talks back to the debugger over TCP.
//
// Why: js-debug (node) and debugpy start the debuggee with our env, and the debuggee then
// opens a TCP connection or listener on 127.0.0.1 for the debugger. Under socket_wrapper that
// socket becomes an emulated one (a unix socket in SOCKET_WRAPPER_DIR), which the unwrapped
// debugger cannot reach, so the session never attaches. socket_wrapper decides per call, from
// getenv("SOCKET_WRAPPER_DIR"), whether to emulate; sockets made while it is unset are real
// and stay real. So the debuggee starts with LD_PRELOAD but with the dir only in
// SWDEBUG_SOCKET_WRAPPER_DIR; the debugger's own bootstrap (js-debug's bootloader, debugpy's
// connect) runs first and gets real sockets; then these shims, which run after it and before
// the user's code, set SOCKET_WRAPPER_DIR. Every socket the program makes is emulated.
//
// The files are written on demand into a private per-user directory (not shipped in the
// VSIX, whose contents are fixed), named by content hash so concurrent sessions share them.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Where the deferred socket directory travels until a shim moves it to SOCKET_WRAPPER_DIR. */
export const DEFERRED_DIR_VAR = 'SWDEBUG_SOCKET_WRAPPER_DIR';

export const NODE_PRELOAD_SOURCE = `// swdebug: enables socket_wrapper once the debugger's inspector is listening (see debuggeeShims.ts).
'use strict';
(function () {
  const dir = process.env.${DEFERRED_DIR_VAR};
  delete process.env.${DEFERRED_DIR_VAR};
  if (dir !== undefined && process.env.SOCKET_WRAPPER_DIR === undefined) {
    // process.env writes go to the C environment, where socket_wrapper reads it on each call.
    process.env.SOCKET_WRAPPER_DIR = dir;
  }
})();
`;

export const PYTHON_SHIM_SOURCE = `# swdebug: enables socket_wrapper once debugpy is connected, then runs the program (see debuggeeShims.ts).
import os
import runpy
import sys

_dir = os.environ.pop("${DEFERRED_DIR_VAR}", None)
if _dir is not None and "SOCKET_WRAPPER_DIR" not in os.environ:
    os.environ["SOCKET_WRAPPER_DIR"] = _dir  # putenv: socket_wrapper reads it on each call
del _dir
if len(sys.argv) >= 3 and sys.argv[1] == "-m":
    _module = sys.argv[2]
    sys.argv = [_module] + sys.argv[3:]
    sys.path[0] = os.getcwd()
    runpy.run_module(_module, run_name="__main__", alter_sys=True)
elif len(sys.argv) >= 2:
    _target = sys.argv[1]
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(_target))
    runpy.run_path(_target, run_name="__main__")
else:
    sys.exit("swdebug: the socket_wrapper shim needs the program (or -m module) to run")
`;

/** A directory only this user can write, so nobody can swap a shim we are about to load. */
function privateDir(base: string): string {
  const uid = process.getuid?.() ?? 0;
  const dir = path.join(base, `swdebug-${uid}`);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw err;
    }
  }
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) {
    throw new Error(`${dir} is not a private directory owned by uid ${uid}; remove it and retry`);
  }
  return dir;
}

function ensureFile(kind: string, ext: string, source: string, baseDir: string): string {
  const hash = crypto.createHash('sha256').update(source).digest('hex').slice(0, 12);
  const file = path.join(privateDir(baseDir), `${kind}-${hash}.${ext}`);
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, source, { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  return file;
}

export function ensureNodePreload(baseDir: string = os.tmpdir()): string {
  return ensureFile('node-preload', 'js', NODE_PRELOAD_SOURCE, baseDir);
}

export function ensurePythonShim(baseDir: string = os.tmpdir()): string {
  return ensureFile('python-shim', 'py', PYTHON_SHIM_SOURCE, baseDir);
}
