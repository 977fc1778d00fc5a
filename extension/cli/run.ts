// `swdebug run`: runs one program under socket_wrapper from a terminal or CI, with the same
// engine as the extension (prepareLaunch + startProgram). Output passes through; the exit code
// is the program's; Ctrl-C or SIGTERM stops the program's whole process tree.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findTracerLibrary, TRACER_RELATIVE } from '../fdtrace/tracerLibrary';
import { isLaunchError, LaunchError } from '../launch/errors';
import { normalizeLaunchConfig, type LaunchConfig } from '../launch/options';
import { prepareLaunch, type PreparedLaunch } from '../launch/prepare';
import { startProgram, type ProgramExit, type RunningProgram } from '../launch/processTree';
import { namedSessionDir, removeSessionDir } from '../launch/sessionDir';
import { explainErrno } from '../launch/wrapperLog';
import type { CliIO } from './main';
import { parseRunArgs, RUN_USAGE } from './runArgs';

function exitStatus(exit: ProgramExit): number {
  if (exit.signal !== null) {
    return 128 + (os.constants.signals[exit.signal] ?? 0);
  }
  return exit.code ?? 1;
}

/** Prints each socket_wrapper-specific hint once, after the output that triggered it. */
function hinter(io: CliIO): (text: string) => void {
  const given = new Set<string>();
  return (text) => {
    const hint = explainErrno(text);
    if (hint !== undefined && !given.has(hint)) {
      given.add(hint);
      io.err(`swdebug: hint: ${hint}\n`);
    }
  };
}

/** Keep a private directory only when it holds a capture the user asked for. */
function cleanUp(prepared: PreparedLaunch, io: CliIO): void {
  if (!prepared.dirOwned) {
    return;
  }
  const pcap = prepared.pcapFile;
  if (pcap !== undefined && path.dirname(pcap) === prepared.dir && fs.existsSync(pcap)) {
    io.err(`swdebug: capture kept in ${pcap} (remove ${prepared.dir} when done)\n`);
    return;
  }
  removeSessionDir(prepared.dir);
}

function forwardStdin(program: RunningProgram): () => void {
  const sink = program.stdin;
  if (sink === undefined) {
    return () => undefined;
  }
  sink.on('error', () => undefined); // The program may exit without reading its input.
  process.stdin.pipe(sink);
  return () => {
    process.stdin.unpipe(sink);
    process.stdin.pause();
  };
}

async function runProgram(prepared: PreparedLaunch, graceMs: number, io: CliIO): Promise<number> {
  // A terminal's stdin cannot be inherited by a process outside its foreground group (it
  // would be stopped by SIGTTIN on read), so it is forwarded through a pipe instead.
  const program = startProgram(prepared.programPath, prepared.args, prepared.cwd, prepared.env, {
    stdin: process.stdin.isTTY ? 'pipe' : 'inherit',
  });
  const stopForwarding = forwardStdin(program);
  const hint = hinter(io);
  program.onOutput((stream, text) => {
    (stream === 'stdout' ? io.out : io.err)(text);
    hint(text);
  });
  let stopping: Promise<void> | undefined;
  const onSignal = (): void => {
    // A second Ctrl-C does not wait for the grace period.
    stopping = program.stop(stopping === undefined ? graceMs : 0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const exit = await program.exit;
    // The program is done; anything it left running would keep using the socket directory.
    await (stopping ?? program.stop(graceMs));
    return exitStatus(exit);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    stopForwarding();
  }
}

/** The option behind each attribute, so validation messages speak the CLI's language. */
const OPTION_OF: Record<string, string> = {
  'socketWrapper.defaultIface': '--iface',
  'socketWrapper.mtu': '--mtu',
  'socketWrapper.debugLevel': '--debug-level',
  'socketWrapper.ipv4Network': '--ipv4-network',
  'socketWrapper.session': '--session',
  'socketWrapper.dir': '--dir',
  'socketWrapper.pcap': '--pcap',
  'socketWrapper.library': '--library',
};

function cliConfig(raw: Record<string, unknown>): LaunchConfig {
  try {
    return normalizeLaunchConfig(raw, { cwd: process.cwd() });
  } catch (err) {
    if (isLaunchError(err) && err.code === 'invalid-config') {
      const attribute = Object.keys(OPTION_OF).find((a) => err.message.startsWith(`${a} `));
      const message = attribute === undefined ? err.message : `${OPTION_OF[attribute]}: ${err.message.slice(attribute.length + 1)}`;
      throw new LaunchError('invalid-config', message, 'See swdebug run --help.');
    }
    throw err;
  }
}

/** --fd-trace asks for the tracer: without it the trace would silently stay empty. */
function requireTracer(): string {
  const tracer = findTracerLibrary();
  if (tracer === undefined) {
    throw new LaunchError('invalid-config', `--fd-trace: the fd tracer ${TRACER_RELATIVE} is not built`, 'Build it with "npm run install" in the package, or leave out --fd-trace.');
  }
  return tracer;
}

export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  let prepared: PreparedLaunch | undefined;
  try {
    const parsed = parseRunArgs(argv, process.cwd());
    if (parsed.help) {
      io.out(RUN_USAGE);
      return 0;
    }
    const cfg = cliConfig(parsed.raw);
    const session = cfg.socketWrapper.session;
    prepared = await prepareLaunch(cfg, {
      baseEnv: process.env,
      ...(parsed.fdTrace !== undefined ? { tracerPath: requireTracer() } : {}),
      ...(session !== undefined && cfg.socketWrapper.dir === undefined ? { sessionDir: namedSessionDir(session) } : {}),
    });
    return await runProgram(prepared, parsed.graceMs, io);
  } catch (err) {
    if (isLaunchError(err)) {
      io.err(`swdebug: ${err.message}\n`);
      if (err.hint !== undefined) {
        io.err(`swdebug: hint: ${err.hint}\n`);
      }
      return 2;
    }
    throw err;
  } finally {
    if (prepared !== undefined) {
      cleanUp(prepared, io);
    }
  }
}
