// The launch configuration as the engine sees it: one validated, typed shape made from the raw
// JSON of launch.json (extension) or the command line (CLI). Validation happens once, here, so
// a typo reads as "socketWrapper.mtu must be ..." at F5 instead of a strange failure later.
import * as path from 'path';
import { DELEGATABLE } from './debuggers';
import { LaunchError } from './errors';

export type Ipv4Network = '127.0.0.0' | '10.53.57.0';

export interface SocketWrapperOptions {
  dir?: string;
  session?: string;
  defaultIface?: number;
  ipv4Network?: Ipv4Network;
  pcap?: boolean | string;
  fdTrace?: boolean;
  mtu?: number;
  maxSockets?: number;
  debugLevel?: number;
  disableDeepbind?: boolean;
  library?: string;
}

export interface LaunchConfig {
  program: string;
  args: string[];
  cwd: string;
  env: Record<string, string | null>;
  envFile?: string;
  console: 'debugConsole' | 'integratedTerminal';
  debugger: string;
  debuggerConfig: Record<string, unknown>;
  socketWrapper: SocketWrapperOptions;
}

/** The interface id used when neither the configuration nor the env names one (as in the manifest). */
export const DEFAULT_IFACE = 10;

/** Values `debugger` accepts: run directly, or one of the debuggers we can hand the program to. */
export const DEBUGGER_CHOICES: readonly string[] = ['none', ...DELEGATABLE];

const IPV4_NETWORKS: readonly Ipv4Network[] = ['127.0.0.0', '10.53.57.0'];
const CONSOLES = ['debugConsole', 'integratedTerminal'] as const;

function invalid(attribute: string, expected: string, got: unknown): LaunchError {
  return new LaunchError(
    'invalid-config',
    `${attribute} must be ${expected} (got ${JSON.stringify(got) ?? String(got)})`,
    'Fix the attribute in launch.json; hover it there to see what it accepts.',
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optString(raw: Record<string, unknown>, key: string, attribute: string): string | undefined {
  const v = raw[key];
  if (v === undefined) {
    return undefined;
  }
  if (typeof v !== 'string' || v.length === 0) {
    throw invalid(attribute, 'a non-empty string', v);
  }
  return v;
}

function optBool(raw: Record<string, unknown>, key: string, attribute: string): boolean | undefined {
  const v = raw[key];
  if (v === undefined) {
    return undefined;
  }
  if (typeof v !== 'boolean') {
    throw invalid(attribute, 'true or false', v);
  }
  return v;
}

function optInt(raw: Record<string, unknown>, key: string, attribute: string, min: number, max: number): number | undefined {
  const v = raw[key];
  if (v === undefined) {
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw invalid(attribute, `an integer from ${min} to ${max}`, v);
  }
  return v;
}

const SOCKET_WRAPPER_KEYS: readonly (keyof SocketWrapperOptions)[] = [
  'dir', 'session', 'defaultIface', 'ipv4Network', 'pcap', 'fdTrace', 'mtu', 'maxSockets', 'debugLevel', 'disableDeepbind', 'library',
];

function normalizeSocketWrapper(raw: unknown): SocketWrapperOptions {
  if (raw === undefined) {
    return {};
  }
  if (!isRecord(raw)) {
    throw invalid('socketWrapper', 'an object', raw);
  }
  for (const key of Object.keys(raw)) {
    if (!(SOCKET_WRAPPER_KEYS as readonly string[]).includes(key)) {
      throw new LaunchError(
        'invalid-config',
        `socketWrapper.${key} is not a socket_wrapper option (known: ${SOCKET_WRAPPER_KEYS.join(', ')})`,
        'Remove the attribute or fix its spelling.',
      );
    }
  }
  const out: SocketWrapperOptions = {};
  const set = <K extends keyof SocketWrapperOptions>(key: K, value: SocketWrapperOptions[K] | undefined): void => {
    if (value !== undefined) {
      out[key] = value;
    }
  };
  set('dir', optString(raw, 'dir', 'socketWrapper.dir'));
  set('session', optString(raw, 'session', 'socketWrapper.session'));
  set('defaultIface', optInt(raw, 'defaultIface', 'socketWrapper.defaultIface', 1, 64));
  if (raw.ipv4Network !== undefined) {
    if (!IPV4_NETWORKS.includes(raw.ipv4Network as Ipv4Network)) {
      throw invalid('socketWrapper.ipv4Network', `one of ${IPV4_NETWORKS.map((n) => `"${n}"`).join(', ')}`, raw.ipv4Network);
    }
    out.ipv4Network = raw.ipv4Network as Ipv4Network;
  }
  if (raw.pcap !== undefined) {
    if (typeof raw.pcap !== 'boolean' && (typeof raw.pcap !== 'string' || raw.pcap.length === 0)) {
      throw invalid('socketWrapper.pcap', 'true, false or a file path', raw.pcap);
    }
    out.pcap = raw.pcap;
  }
  set('fdTrace', optBool(raw, 'fdTrace', 'socketWrapper.fdTrace'));
  set('mtu', optInt(raw, 'mtu', 'socketWrapper.mtu', 512, 32768));
  // 256000 is socket_wrapper's own ceiling for SOCKET_WRAPPER_MAX_SOCKETS (man socket_wrapper).
  set('maxSockets', optInt(raw, 'maxSockets', 'socketWrapper.maxSockets', 1, 256000));
  set('debugLevel', optInt(raw, 'debugLevel', 'socketWrapper.debugLevel', 0, 3));
  set('disableDeepbind', optBool(raw, 'disableDeepbind', 'socketWrapper.disableDeepbind'));
  set('library', optString(raw, 'library', 'socketWrapper.library'));
  return out;
}

function normalizeEnv(raw: unknown): Record<string, string | null> {
  if (raw === undefined) {
    return {};
  }
  if (!isRecord(raw)) {
    throw invalid('env', 'an object of NAME: "value" pairs', raw);
  }
  const env: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name.length === 0 || name.includes('=') || name.includes('\0')) {
      throw invalid('env', 'an object whose keys are variable names (no "=")', name);
    }
    if (value !== null && typeof value !== 'string') {
      throw invalid(`env.${name}`, 'a string, or null to remove the variable', value);
    }
    env[name] = value;
  }
  return env;
}

/**
 * Validates a raw launch configuration and fills in defaults. Attributes the engine does not
 * know at the top level (type, request, name, preLaunchTask, ...) are VS Code's and are ignored.
 */
export function normalizeLaunchConfig(raw: Record<string, unknown>, defaults: { cwd: string }): LaunchConfig {
  const program = raw.program;
  if (typeof program !== 'string' || program.trim().length === 0) {
    throw invalid('program', 'a non-empty string: the program to run, a path or a command on PATH', program);
  }
  let args: string[] = [];
  if (raw.args !== undefined) {
    if (!Array.isArray(raw.args) || !raw.args.every((a): a is string => typeof a === 'string')) {
      throw invalid('args', 'an array of strings', raw.args);
    }
    args = [...raw.args];
  }
  const cwdRaw = optString(raw, 'cwd', 'cwd');
  const cwd = cwdRaw === undefined ? defaults.cwd : path.resolve(defaults.cwd, cwdRaw);
  const consoleRaw = raw.console ?? 'debugConsole';
  if (!(CONSOLES as readonly unknown[]).includes(consoleRaw)) {
    throw invalid('console', `one of ${CONSOLES.map((c) => `"${c}"`).join(', ')}`, consoleRaw);
  }
  const debuggerName = raw.debugger ?? 'none';
  if (typeof debuggerName !== 'string' || !DEBUGGER_CHOICES.includes(debuggerName)) {
    throw invalid('debugger', `one of ${DEBUGGER_CHOICES.map((d) => `"${d}"`).join(', ')}`, debuggerName);
  }
  const debuggerConfig = raw.debuggerConfig ?? {};
  if (!isRecord(debuggerConfig)) {
    throw invalid('debuggerConfig', 'an object', debuggerConfig);
  }
  const cfg: LaunchConfig = {
    program,
    args,
    cwd,
    env: normalizeEnv(raw.env),
    console: consoleRaw as LaunchConfig['console'],
    debugger: debuggerName,
    debuggerConfig: { ...debuggerConfig },
    socketWrapper: normalizeSocketWrapper(raw.socketWrapper),
  };
  const envFile = optString(raw, 'envFile', 'envFile');
  if (envFile !== undefined) {
    cfg.envFile = envFile;
  }
  return cfg;
}
