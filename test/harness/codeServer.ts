// Starts a private code-server (a full VS Code 1.100.3 served to a browser, see DESIGN.md
// "A real VS Code on these machines") for the suite runner and the e2e tests. Everything it
// writes lives under one base directory, so runs never share state with each other or with
// the user's own ~/.config/code-server and ~/.local/share/code-server.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The code-server entry point installed by scripts/setup-code-server.sh. */
export function codeServerEntry(): string {
  const fromEnv = process.env.SWDEBUG_CODE_SERVER_ENTRY;
  const entry = fromEnv ?? path.join(REPO_ROOT, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server is not installed at ${entry}; run scripts/setup-code-server.sh`);
  }
  return entry;
}

export interface CodeServerDirs {
  readonly baseDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** An empty config file: without --config code-server reads (and creates) ~/.config/code-server/config.yaml. */
  readonly configFile: string;
}

export interface CodeServerOptions {
  /** Created if needed; holds user-data/, extensions/, tmp/, config.yaml and code-server.log. */
  readonly baseDir: string;
  /** Keep workspace trust on (the default turns it off so no trust dialog blocks a test). */
  readonly workspaceTrust?: boolean;
  /** Extra environment for code-server and therefore for its extension host. */
  readonly env?: NodeJS.ProcessEnv;
  /** How long to wait for the HTTP server to answer /healthz. */
  readonly readyTimeoutMs?: number;
}

// A quiet workbench: nothing pops up over what the tests look at, nothing goes to the network.
function userSettings(workspaceTrust: boolean): Record<string, unknown> {
  return {
    'security.workspace.trust.enabled': workspaceTrust,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'git.enabled': false,
  };
}

/** Creates the directories and user settings for one code-server instance. */
export function prepareDirs(baseDir: string, workspaceTrust = false): CodeServerDirs {
  const dirs: CodeServerDirs = {
    baseDir,
    userDataDir: path.join(baseDir, 'user-data'),
    extensionsDir: path.join(baseDir, 'extensions'),
    configFile: path.join(baseDir, 'config.yaml'),
  };
  fs.mkdirSync(path.join(dirs.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(dirs.extensionsDir, { recursive: true });
  fs.writeFileSync(dirs.configFile, '');
  fs.writeFileSync(path.join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings(workspaceTrust), null, 2));
  return dirs;
}

function dirArgs(dirs: CodeServerDirs): string[] {
  return ['--config', dirs.configFile, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir];
}

/** Runs a one-shot code-server CLI command (install, list) and returns its stdout. */
export function runCli(dirs: CodeServerDirs, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [codeServerEntry(), ...dirArgs(dirs), ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(out);
      } else {
        reject(new Error(`code-server ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${out}${err}`));
      }
    });
  });
}

export async function installExtension(dirs: CodeServerDirs, vsixPath: string): Promise<string> {
  return runCli(dirs, ['--install-extension', path.resolve(vsixPath), '--force']);
}

/** Installed extension ids with versions, as `publisher.name@version`. */
export async function listExtensions(dirs: CodeServerDirs): Promise<string[]> {
  const out = await runCli(dirs, ['--list-extensions', '--show-versions']);
  return out.split('\n').map((line) => line.trim()).filter((line) => /^[\w-]+\.[\w-]+@/.test(line));
}

/** A free TCP port on 127.0.0.1, as the kernel picks it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/healthz`, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

export interface CodeServer extends CodeServerDirs {
  readonly url: string;
  readonly port: number;
  readonly logFile: string;
  installExtension(vsixPath: string): Promise<string>;
  listExtensions(): Promise<string[]>;
  /** Kills code-server's whole process group (server, extension host, pty host). */
  stop(): Promise<void>;
}

/** Starts code-server and resolves once its HTTP server answers. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const dirs = prepareDirs(options.baseDir, options.workspaceTrust ?? false);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(options.baseDir, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [codeServerEntry(), ...dirArgs(dirs), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override'];
  if (!options.workspaceTrust) {
    args.push('--disable-workspace-trust');
  }
  // detached: its own process group, so stop() reaches the extension host and pty host too.
  // A private TMPDIR: the server and extension host leave vscode-ipc-*.sock files in it, and
  // it goes away with baseDir instead of piling up in /tmp.
  const tmpDir = path.join(options.baseDir, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const env = { ...process.env, TMPDIR: tmpDir, ...options.env };
  const child: ChildProcess = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log], env });
  fs.closeSync(log);
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`could not start code-server (${process.execPath} ${args.join(' ')})`);
  }
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = signal ?? `exit code ${code}`;
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (exited === undefined) {
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    }
    // The server may be gone while its extension host lingers in the group.
    killGroup(pid, 'SIGKILL');
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!(await healthy(url))) {
    if (exited !== undefined || Date.now() > deadline) {
      await stop();
      const why = exited !== undefined ? `exited (${exited})` : `did not answer ${url}/healthz in time`;
      throw new Error(`code-server ${why}; log ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // poll interval, not a synchronization sleep
  }

  return {
    ...dirs,
    url,
    port,
    logFile,
    installExtension: (vsixPath) => installExtension(dirs, vsixPath),
    listExtensions: () => listExtensions(dirs),
    stop,
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) {
    return; // -0 would be our own process group
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** The last lines of a log file, for error messages. */
export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
