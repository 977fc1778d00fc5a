// Starts the program and stops its whole process tree. The program gets its own process group
// (so a terminal's Ctrl-C reaches swdebug, which then stops it cleanly) and a unique marker in
// its environment (so children that called setsid() or were re-parented are still found in
// /proc). stop() sends SIGTERM to all of them, SIGKILL after the grace period, and resolves
// only when none is left: a forking server must not leave workers holding emulated ports.
import { spawn, type ChildProcess } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import type { Writable } from 'stream';
import { StringDecoder } from 'string_decoder';
import { LaunchError } from './errors';
import { findTree } from './procScan';

export interface ProgramExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningProgram {
  readonly pid: number;
  readonly exit: Promise<ProgramExit>;
  onOutput(cb: (stream: 'stdout' | 'stderr', text: string) => void): void;
  stop(graceMs: number): Promise<void>;
  /** The program's stdin when started with stdin 'pipe'. */
  readonly stdin?: Writable;
}

export interface StartOptions {
  /** 'ignore' (default), 'pipe' (write to RunningProgram.stdin) or 'inherit' (not a TTY: a
   *  process outside the terminal's foreground group is stopped by SIGTTIN when it reads). */
  stdin?: 'ignore' | 'pipe' | 'inherit';
}

/** The environment variable that marks every process of one launch. */
export const RUN_MARKER_VAR = 'SWDEBUG_RUN_ID';

const POLL_MS = 25;
/** After SIGKILL a process can only linger in uninterruptible sleep; do not wait forever. */
const KILL_WAIT_MS = 5000;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Signals the group and each pid not signalled yet: a second SIGTERM means "hurry" to some servers. */
function signalAll(pids: number[], pgid: number, signal: NodeJS.Signals, done: Set<number>): void {
  if (!done.has(-pgid)) {
    done.add(-pgid);
    try {
      process.kill(-pgid, signal);
    } catch {
      // The group is empty (ESRCH): its members are gone or have left it.
    }
  }
  for (const pid of pids) {
    if (done.has(pid)) {
      continue;
    }
    done.add(pid);
    try {
      process.kill(pid, signal);
    } catch {
      // Exited meanwhile.
    }
  }
}

function checkStartable(file: string, cwd: string): void {
  try {
    if (!fs.statSync(cwd).isDirectory()) {
      throw new Error('not a directory');
    }
  } catch {
    throw new LaunchError('cwd-missing', `working directory ${cwd} does not exist`, 'Create it or fix "cwd".');
  }
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new LaunchError(
      'program-not-found',
      code === 'EACCES' ? `cannot run ${file}: permission denied (not executable)` : `cannot run ${file}: ${code === 'ENOENT' ? 'no such file' : String(code)}`,
    );
  }
}

export function startProgram(file: string, args: string[], cwd: string, env: Record<string, string>, options: StartOptions = {}): RunningProgram {
  checkStartable(file, cwd);
  const marker = `${RUN_MARKER_VAR}=${crypto.randomBytes(8).toString('hex')}`;
  const [markerName, markerValue] = marker.split('=');
  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      cwd,
      env: { ...env, [markerName]: markerValue },
      detached: true,
      stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    throw new LaunchError('program-not-found', `cannot run ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const pid = child.pid;
  if (pid === undefined) {
    // spawn() reports the reason asynchronously; swallow it, the LaunchError says enough.
    child.on('error', () => undefined);
    throw new LaunchError('program-not-found', `cannot run ${file}`);
  }

  const listeners: ((stream: 'stdout' | 'stderr', text: string) => void)[] = [];
  const pending: ['stdout' | 'stderr', string][] = [];
  const emit = (stream: 'stdout' | 'stderr', text: string): void => {
    if (text.length === 0) {
      return;
    }
    if (listeners.length === 0) {
      pending.push([stream, text]);
    }
    for (const cb of listeners) {
      cb(stream, text);
    }
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    const decoder = new StringDecoder('utf8');
    const readable = child[stream];
    readable?.on('data', (chunk: Buffer) => emit(stream, decoder.write(chunk)));
    readable?.on('end', () => emit(stream, decoder.end()));
  }

  const exit = new Promise<ProgramExit>((resolve, reject) => {
    let result: ProgramExit | undefined;
    child.on('error', (err) => reject(new LaunchError('program-not-found', `cannot run ${file}: ${err.message}`)));
    // 'close' comes after the output is drained; a daemonized grandchild can hold the pipes
    // open forever, so 'exit' plus a short drain period also settles it.
    child.on('exit', (code, signal) => {
      result = { code, signal };
      setTimeout(() => resolve(result as ProgramExit), 200);
    });
    child.on('close', (code, signal) => resolve(result ?? { code, signal }));
  });
  // Callers may only care about stop(); an unobserved rejection must not crash the host.
  exit.catch(() => undefined);

  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const stop = async (graceMs: number): Promise<void> => {
    const deadline = Date.now() + Math.max(0, graceMs);
    const termed = new Set<number>();
    let tree = findTree(pid, marker);
    signalAll(tree, pid, 'SIGTERM', termed);
    for (;;) {
      tree = findTree(pid, marker);
      if (tree.length === 0 && (exited || child.exitCode !== null || child.signalCode !== null)) {
        return;
      }
      if (Date.now() >= deadline) {
        break;
      }
      // New children may appear while the tree shuts down; they get the same signal.
      signalAll(tree, pid, 'SIGTERM', termed);
      await delay(POLL_MS);
    }
    const killDeadline = Date.now() + KILL_WAIT_MS;
    while (Date.now() < killDeadline) {
      tree = findTree(pid, marker);
      if (tree.length === 0) {
        return;
      }
      // Fresh set each round: SIGKILL is idempotent and late children must get it too.
      signalAll(tree, pid, 'SIGKILL', new Set());
      await delay(POLL_MS);
    }
  };

  return {
    pid,
    exit,
    stdin: child.stdin ?? undefined,
    onOutput(cb) {
      listeners.push(cb);
      for (const [stream, text] of pending.splice(0)) {
        cb(stream, text);
      }
    },
    stop,
  };
}
