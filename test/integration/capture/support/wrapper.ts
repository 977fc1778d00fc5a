// Runs real programs under the real socket_wrapper so integration tests get genuine
// captures: a short private SOCKET_WRAPPER_DIR (sun_path is 108 bytes), a pcap path that is
// never created in advance (socket_wrapper creates it with O_EXCL and writes the header),
// one SOCKET_WRAPPER_DEFAULT_IFACE per process.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const LIBRARY = process.env.SWDEBUG_SOCKET_WRAPPER ?? 'libsocket_wrapper.so';

export interface Session {
  /** Short directory holding the socket dir, scripts and the capture. */
  readonly root: string;
  /** Where socket_wrapper writes the capture (not created until a process sends). */
  readonly pcap: string;
  /** Writes a script file in the session directory and returns its path. */
  script(name: string, text: string): string;
  /** Starts `python3 script args` wrapped on interface `iface`. */
  start(iface: number, script: string, args?: string[]): WrappedProcess;
  /** Runs to completion; rejects on a non-zero exit. */
  run(iface: number, script: string, args?: string[]): Promise<string>;
  dispose(): void;
}

export interface WrappedProcess {
  readonly child: ChildProcess;
  /** Resolves when the process printed `text` on stdout. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** Resolves with stdout when it exits 0, rejects otherwise. */
  done(timeoutMs?: number): Promise<string>;
}

export function newSession(): Session {
  // /tmp, not os.tmpdir(): TMPDIR may be long and the socket paths must fit in sun_path.
  const root = fs.mkdtempSync('/tmp/swc-');
  const sockets = path.join(root, 'd');
  fs.mkdirSync(sockets);
  const pcap = path.join(root, 'cap.pcap');
  const children: ChildProcess[] = [];
  const session: Session = {
    root,
    pcap,
    script(name, text) {
      const file = path.join(root, name);
      fs.writeFileSync(file, text);
      return file;
    },
    start(iface, script, args = []) {
      const child = spawn('python3', [script, ...args], {
        env: {
          ...process.env,
          LD_PRELOAD: LIBRARY,
          SOCKET_WRAPPER_DIR: sockets,
          SOCKET_WRAPPER_PCAP_FILE: pcap,
          SOCKET_WRAPPER_DEFAULT_IFACE: String(iface),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      return wrap(child, script);
    },
    run(iface, script, args = []) {
      return session.start(iface, script, args).done();
    },
    dispose() {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  return session;
}

function wrap(child: ChildProcess, script: string): WrappedProcess {
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    async waitFor(text, timeoutMs = 10000) {
      const start = Date.now();
      while (!out.includes(text)) {
        if (child.exitCode !== null) throw new Error(`${path.basename(script)} exited ${child.exitCode} before "${text}": ${err}`);
        if (Date.now() - start > timeoutMs) throw new Error(`${path.basename(script)} did not print "${text}" in ${timeoutMs} ms: ${err}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async done(timeoutMs = 20000) {
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
      const code = await Promise.race([exited, timer]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        throw new Error(`${path.basename(script)} did not finish in ${timeoutMs} ms: ${err}`);
      }
      if (code !== 0) throw new Error(`${path.basename(script)} exited ${code}: ${err}`);
      return out;
    },
  };
}

/** Throws a readable error when a tool the integration tests need is missing. */
export function requireTools(): void {
  for (const [tool, args] of [['tshark', ['--version']], ['editcap', ['--version']], ['python3', ['--version']]] as const) {
    const r = spawnSync(tool, [...args], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`${tool} is needed by the capture integration tests (apt-get install tshark python3)`);
  }
  const probe = spawnSync('sh', ['-c', 'true'], { env: { ...process.env, LD_PRELOAD: LIBRARY }, encoding: 'utf8' });
  if (/cannot be preloaded|cannot open shared object/.test(probe.stderr)) {
    throw new Error(`${LIBRARY} cannot be preloaded (apt-get install libsocket-wrapper)`);
  }
}
