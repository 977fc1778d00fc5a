// Parses `swdebug run` options into a raw launch configuration, which normalizeLaunchConfig
// then validates exactly like a launch.json entry (same limits, same messages).
import * as path from 'path';
import { LaunchError } from '../launch/errors';

export const RUN_USAGE = `usage: swdebug run [options] -- PROGRAM [ARGS...]

Runs PROGRAM under socket_wrapper and exits with its exit code (128+N for signal N).

options:
  --dir DIR            socket directory (kept); default: a private one, removed afterwards
  --session NAME       join the named session: directory /tmp/swd-<uid>-NAME, kept, shared
  --pcap FILE          write the capture to FILE (relative to --cwd)
  --capture            capture to capture.pcap in the socket directory (kept)
  --no-capture         no capture (the default with a private directory)
  --fd-trace FILE      record fds passed over unix sockets and socket ownership into FILE
                       (appended to; read it with swdebug fds FILE)
  --iface N            SOCKET_WRAPPER_DEFAULT_IFACE, 1..64 (default 10)
  --ipv4-network NET   127.0.0.0 or 10.53.57.0
  --mtu N              SOCKET_WRAPPER_MTU, 512..32768
  --debug-level N      SOCKET_WRAPPER_DEBUGLEVEL, 0..3
  --library PATH       libsocket_wrapper.so to use (default: search the system)
  --cwd DIR            working directory (default: the current one)
  --env NAME=VALUE     extra environment variable (repeatable)
  --grace-ms N         on stop, wait N ms after SIGTERM before SIGKILL (default 2000)
  -h, --help           this text
`;

export interface RunArgs {
  /** Raw launch configuration for normalizeLaunchConfig. */
  raw: Record<string, unknown>;
  graceMs: number;
  /** --fd-trace FILE, as given. */
  fdTrace?: string;
  help: boolean;
}

const WITH_VALUE = new Set(['--dir', '--session', '--pcap', '--fd-trace', '--iface', '--ipv4-network', '--mtu', '--debug-level', '--library', '--cwd', '--env', '--grace-ms']);

function usageError(message: string): LaunchError {
  return new LaunchError('invalid-config', message, 'See swdebug run --help.');
}

/** An integer stays a number; anything else is passed on as text so the error shows it. */
function intOrText(value: string): number | string {
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

export function parseRunArgs(argv: string[], cwd: string): RunArgs {
  const sw: Record<string, unknown> = {};
  const env: Record<string, string> = {};
  const result: RunArgs = { raw: {}, graceMs: 2000, help: false };
  let runCwd = cwd;
  let capture: boolean | string | undefined;
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-')) {
      break; // The program; everything after it is its arguments.
    }
    if (arg === '-h' || arg === '--help') {
      result.help = true;
      return result;
    }
    if (arg === '--capture' || arg === '--no-capture') {
      capture = arg === '--capture';
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!WITH_VALUE.has(name)) {
      throw usageError(`unknown option ${arg}`);
    }
    let value: string;
    if (eq > 0) {
      value = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length) {
        throw usageError(`${name} needs a value`);
      }
      value = argv[++i];
    }
    switch (name) {
      case '--dir': sw.dir = value; break;
      case '--session': sw.session = value; break;
      case '--pcap': capture = value; break;
      case '--fd-trace': result.fdTrace = value; break;
      case '--iface': sw.defaultIface = intOrText(value); break;
      case '--ipv4-network': sw.ipv4Network = value; break;
      case '--mtu': sw.mtu = intOrText(value); break;
      case '--debug-level': sw.debugLevel = intOrText(value); break;
      case '--library': sw.library = value; break;
      case '--cwd': runCwd = path.resolve(cwd, value); break;
      case '--env': {
        const at = value.indexOf('=');
        if (at <= 0) {
          throw usageError(`--env needs NAME=VALUE (got "${value}")`);
        }
        env[value.slice(0, at)] = value.slice(at + 1);
        break;
      }
      case '--grace-ms': {
        const ms = intOrText(value);
        if (typeof ms !== 'number' || ms < 0) {
          throw usageError(`--grace-ms must be a non-negative integer (got "${value}")`);
        }
        result.graceMs = ms;
        break;
      }
    }
  }
  const [program, ...args] = argv.slice(i);
  if (program === undefined) {
    throw usageError('no program given: swdebug run [options] -- PROGRAM [ARGS...]');
  }
  // A private directory is removed at the end, so by default there is nothing to capture into.
  sw.pcap = capture ?? (sw.dir !== undefined || sw.session !== undefined);
  if (result.fdTrace !== undefined) {
    env.SWDEBUG_FD_TRACE = path.resolve(runCwd, result.fdTrace);
  }
  result.raw = { program, args, cwd: runCwd, env, socketWrapper: sw };
  return result;
}
