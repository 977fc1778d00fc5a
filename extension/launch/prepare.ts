// Turns a validated LaunchConfig into everything needed to start the program: the resolved
// program, the socket directory, the capture path and the environment. One function for the
// CLI and the extension, so both fail the same way and with the same messages. Nothing is
// started here; the only side effect is creating the socket directory.
import * as fs from 'fs';
import * as path from 'path';
import { buildWrapperEnv, parseEnvFile } from './environment';
import { LaunchError } from './errors';
import { findSocketWrapperLibrary, type LibraryProbe } from './library';
import type { LaunchConfig } from './options';
import { resolveProgram } from './program';
import { checkSocketDirLength, createPrivateSessionDir, removeSessionDir, socketPathBytes } from './sessionDir';

export interface PreparedLaunch {
  programPath: string;
  args: string[];
  cwd: string;
  dir: string;
  /** We created the directory for this launch and remove it when it ends. */
  dirOwned: boolean;
  pcapFile?: string;
  env: Record<string, string>;
  delta: Record<string, string>;
  libraryPath: string;
}

export interface PrepareContext {
  baseEnv: NodeJS.ProcessEnv;
  /** The setting socketWrapper.libraryPath. */
  librarySetting?: string;
  tracerPath?: string;
  /** Reuse a shared session's directory instead of the configuration's or a new one. */
  sessionDir?: string;
  readFile?(p: string): string;
  /** For tests of the library search; default: the real system. */
  libraryProbe?: LibraryProbe;
}

/** Debuggers that run the program as a script through an interpreter, so it need not be executable. */
const SCRIPT_DEBUGGERS = ['node', 'pwa-node', 'debugpy'];

/** The capture file name when socketWrapper.pcap is true. */
export const CAPTURE_FILE_NAME = 'capture.pcap';

function checkCwd(cwd: string): void {
  let ok = false;
  try {
    ok = fs.statSync(cwd).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new LaunchError('cwd-missing', `working directory ${cwd} does not exist`, 'Create it or fix "cwd" in the launch configuration.');
  }
}

function readEnvFile(cfg: LaunchConfig, readFile: (p: string) => string): string | undefined {
  if (cfg.envFile === undefined) {
    return undefined;
  }
  const file = path.resolve(cfg.cwd, cfg.envFile);
  try {
    return readFile(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new LaunchError('env-file', `cannot read envFile ${file}: ${reason}`, 'Fix "envFile" or remove it.');
  }
}

/** PATH as the program will see it: the launch env beats the env file beats our own. */
function effectivePath(cfg: LaunchConfig, envFileText: string | undefined, base: NodeJS.ProcessEnv): string | undefined {
  if ('PATH' in cfg.env) {
    return cfg.env.PATH ?? undefined;
  }
  const fromFile = envFileText === undefined ? undefined : parseEnvFile(envFileText).PATH;
  return fromFile ?? base.PATH;
}

/**
 * A directory named in the configuration: created (0700) if missing, and kept afterwards.
 * socket_wrapper uses realpath(dir); if only that is too long, SOCKET_WRAPPER_DIR_ALLOW_ORIG
 * lets it use the name as given.
 */
function namedDir(dir: string): { dir: string; allowOrig: boolean } {
  checkSocketDirLength(dir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!fs.statSync(dir).isDirectory()) {
    throw new LaunchError('invalid-config', `socketWrapper.dir ${dir} is not a directory`);
  }
  const real = fs.realpathSync(dir);
  return { dir, allowOrig: socketPathBytes(real) > 108 };
}

function pcapPath(cfg: LaunchConfig, dir: string): string | undefined {
  const pcap = cfg.socketWrapper.pcap ?? true;
  if (pcap === false) {
    return undefined;
  }
  const file = pcap === true ? path.join(dir, CAPTURE_FILE_NAME) : path.resolve(cfg.cwd, pcap);
  // Never create the file: socket_wrapper writes the pcap header only when it creates it.
  const parent = path.dirname(file);
  if (!fs.existsSync(parent)) {
    throw new LaunchError('invalid-config', `socketWrapper.pcap: directory ${parent} does not exist`, 'Create it or choose another capture path.');
  }
  return file;
}

export async function prepareLaunch(cfg: LaunchConfig, ctx: PrepareContext): Promise<PreparedLaunch> {
  checkCwd(cfg.cwd);
  const envFileText = readEnvFile(cfg, ctx.readFile ?? ((p) => fs.readFileSync(p, 'utf8')));
  const programPath = resolveProgram(cfg.program, cfg.cwd, effectivePath(cfg, envFileText, ctx.baseEnv), {
    mustBeExecutable: !SCRIPT_DEBUGGERS.includes(cfg.debugger),
  });
  const library = await findSocketWrapperLibrary({ override: cfg.socketWrapper.library, setting: ctx.librarySetting, baseDir: cfg.cwd }, ctx.libraryProbe);

  // The directory last: everything that can fail without side effects has been checked.
  let dir: string;
  let dirOwned = false;
  let allowOrig = false;
  if (ctx.sessionDir !== undefined) {
    dir = ctx.sessionDir;
    checkSocketDirLength(dir);
  } else if (cfg.socketWrapper.dir !== undefined) {
    ({ dir, allowOrig } = namedDir(path.resolve(cfg.cwd, cfg.socketWrapper.dir)));
  } else {
    dir = createPrivateSessionDir();
    dirOwned = true;
  }
  try {
    const pcapFile = pcapPath(cfg, dir);
    const { env, delta } = buildWrapperEnv({
      base: ctx.baseEnv,
      libraryPath: library.path,
      ...(ctx.tracerPath !== undefined ? { tracerPath: ctx.tracerPath } : {}),
      dir,
      ...(pcapFile !== undefined ? { pcapFile } : {}),
      options: cfg.socketWrapper,
      userEnv: cfg.env,
      ...(envFileText !== undefined ? { envFileText } : {}),
      allowOrigDir: allowOrig,
    });
    const prepared: PreparedLaunch = { programPath, args: [...cfg.args], cwd: cfg.cwd, dir, dirOwned, env, delta, libraryPath: library.path };
    if (pcapFile !== undefined) {
      prepared.pcapFile = pcapFile;
    }
    return prepared;
  } catch (err) {
    if (dirOwned) {
      removeSessionDir(dir);
    }
    throw err;
  }
}
