// Shared helpers for the integration tests: the package root, the CLI bundle, the fixture
// programs compiled once per run, and spawned processes whose output can be awaited line by
// line, so tests synchronize on what programs print, never on sleeps.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** out/test/integration/<file>.js → the package root. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'bin', 'swdebug');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'programs');
export const LIBRARY = '/lib/x86_64-linux-gnu/libsocket_wrapper.so';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestMtime(p));
    } else if (entry.name.endsWith('.ts')) {
      newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  }
  return newest;
}

/** Builds dist/cli.js when it is missing or older than any extension source it may bundle. */
export function ensureCliBuilt(): void {
  const bundle = path.join(ROOT, 'dist', 'cli.js');
  const sources = newestMtime(path.join(ROOT, 'extension'));
  if (fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= sources) {
    return;
  }
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'webpack'), ['--mode', 'production', '--config-name', 'cli'], { cwd: ROOT, stdio: 'pipe' });
}

/** A short temporary directory (socket paths must fit in sun_path). */
export function shortTmpDir(prefix = 'swt-'): string {
  return fs.mkdtempSync(path.join('/tmp', prefix));
}

/** Compiles the C fixtures with warnings as errors into `dir`; returns their paths. */
export function buildCFixtures(dir: string): { server: string; client: string } {
  const out = { server: path.join(dir, 'echo_server'), client: path.join(dir, 'echo_client') };
  for (const [name, file] of [['echo_server', out.server], ['echo_client', out.client]]) {
    execFileSync('gcc', ['-Wall', '-Wextra', '-Werror', '-O1', '-o', file, path.join(FIXTURES, `${name}.c`)], { stdio: 'pipe' });
  }
  return out;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A spawned process whose stdout lines can be awaited. */
export class Proc {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly done: Promise<Finished>;
  private waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];

  constructor(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.child = spawn(file, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      this.stdout += d;
      this.check();
    });
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
    });
    this.done = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.check();
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  /** Resolves with the first stdout line matching `re`; rejects if the process ends first. */
  waitForLine(re: RegExp): Promise<RegExpMatchArray> {
    const found = this.findLine(re);
    if (found) {
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({ re, resolve });
      void this.done.then((f) => {
        const m = this.findLine(re);
        if (m) {
          resolve(m);
        } else {
          reject(new Error(`process ended (code ${f.code}, signal ${f.signal}) before printing ${re}\nstdout:\n${f.stdout}\nstderr:\n${f.stderr}`));
        }
      });
    });
  }

  private findLine(re: RegExp): RegExpMatchArray | undefined {
    for (const line of this.stdout.split('\n')) {
      const m = re.exec(line);
      if (m) {
        return m;
      }
    }
    return undefined;
  }

  private check(): void {
    this.waiters = this.waiters.filter((w) => {
      const m = this.findLine(w.re);
      if (m) {
        w.resolve(m);
        return false;
      }
      return true;
    });
  }
}

/** `swdebug run ARGS` from the package's bin, with the real libsocket_wrapper. */
export function swdebug(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Proc {
  return new Proc(process.execPath, [CLI, 'run', ...args], options);
}

/** Whether a process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export const isRoot = (): boolean => os.userInfo().uid === 0;
