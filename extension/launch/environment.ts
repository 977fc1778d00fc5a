// Builds the environment a wrapped program runs with. Two results: `env`, the complete
// environment for spawning it ourselves, and `delta`, only what we add or change, which is what
// a delegated debugger or "Copy Environment for Shell" needs (they start from their own base).
import * as path from 'path';
import { DEFAULT_IFACE, type SocketWrapperOptions } from './options';

export interface WrapperEnvInput {
  /** The environment we start from (process.env); never mutated. */
  base: NodeJS.ProcessEnv;
  libraryPath: string;
  /** The fd tracer preload library; goes before socket_wrapper so it sees calls first. */
  tracerPath?: string;
  dir: string;
  pcapFile?: string;
  options: SocketWrapperOptions;
  /** The launch attribute env: a null value removes the variable. */
  userEnv?: Record<string, string | null>;
  envFileText?: string;
  /** Set SOCKET_WRAPPER_DIR_ALLOW_ORIG: the dir is short but its realpath(3) is not. */
  allowOrigDir?: boolean;
}

export interface WrapperEnv {
  env: Record<string, string>;
  delta: Record<string, string>;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function unquoteDouble(body: string): string {
  return body.replace(/\\([\\"nrt$`])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[c] ?? c);
}

/**
 * Parses a dotenv-style file: NAME=value lines, optional `export `, # comments, blank lines,
 * 'single' (literal) or "double" (\n \" \\ escapes) quotes. Lines that are none of these are
 * skipped, as docker and the Python extension do, rather than failing the launch.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.length === 0 || line.startsWith('#')) {
      continue;
    }
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      continue;
    }
    const [, name, rest] = m;
    let value: string;
    const dq = /^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(rest);
    const sq = /^'([^']*)'\s*(?:#.*)?$/.exec(rest);
    if (dq) {
      value = unquoteDouble(dq[1]);
    } else if (sq) {
      value = sq[1];
    } else {
      // Unquoted: an inline comment needs a space before '#', so "a#b" stays whole.
      value = rest.replace(/\s+#.*$/, '').trim();
    }
    out[name] = value;
  }
  return out;
}

function preloadEntries(value: string | undefined): string[] {
  // ld.so accepts both ':' and ' ' as separators in LD_PRELOAD.
  return (value ?? '').split(/[:\s]+/).filter((e) => e.length > 0);
}

function isSocketWrapperLib(entry: string): boolean {
  return path.basename(entry).startsWith('libsocket_wrapper.so');
}

export function buildWrapperEnv(input: WrapperEnvInput): WrapperEnv {
  const { options } = input;
  const fromFile = input.envFileText === undefined ? {} : parseEnvFile(input.envFileText);
  const user = input.userEnv ?? {};

  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.base)) {
    // Leftover SOCKET_WRAPPER_* from the caller's shell would silently change the session
    // (a capture going elsewhere, another dir); the session is defined by its configuration.
    if (value !== undefined && !name.startsWith('SOCKET_WRAPPER_')) {
      env[name] = value;
    }
  }
  const delta: Record<string, string> = {};
  const put = (name: string, value: string): void => {
    env[name] = value;
    delta[name] = value;
  };

  // Defaults we pick sit under the user's env; what the configuration states sits above it.
  put('SOCKET_WRAPPER_DEFAULT_IFACE', String(DEFAULT_IFACE));
  for (const [name, value] of Object.entries(fromFile)) {
    put(name, value);
  }
  for (const [name, value] of Object.entries(user)) {
    if (value === null) {
      delete env[name];
      delete delta[name];
    } else {
      put(name, value);
    }
  }

  const existing = preloadEntries(env.LD_PRELOAD).filter((e) => !isSocketWrapperLib(e) && e !== input.tracerPath);
  const preload = [
    ...(input.tracerPath !== undefined && options.fdTrace !== false ? [input.tracerPath] : []),
    input.libraryPath,
    ...existing,
  ];
  put('LD_PRELOAD', preload.join(':'));
  put('SOCKET_WRAPPER_DIR', input.dir);
  if (options.defaultIface !== undefined) {
    put('SOCKET_WRAPPER_DEFAULT_IFACE', String(options.defaultIface));
  }
  if (options.ipv4Network !== undefined) {
    put('SOCKET_WRAPPER_IPV4_NETWORK', options.ipv4Network);
  }
  if (input.pcapFile !== undefined) {
    put('SOCKET_WRAPPER_PCAP_FILE', input.pcapFile);
  }
  if (options.mtu !== undefined) {
    put('SOCKET_WRAPPER_MTU', String(options.mtu));
  }
  if (options.maxSockets !== undefined) {
    put('SOCKET_WRAPPER_MAX_SOCKETS', String(options.maxSockets));
  }
  if (options.debugLevel !== undefined) {
    put('SOCKET_WRAPPER_DEBUGLEVEL', String(options.debugLevel));
  }
  if (options.disableDeepbind === true) {
    put('SOCKET_WRAPPER_DISABLE_DEEPBIND', '1');
  }
  if (input.allowOrigDir === true) {
    put('SOCKET_WRAPPER_DIR_ALLOW_ORIG', '1');
  }
  // LD_PRELOAD and the dir first: they are what a reader of the delta looks for.
  const ordered: Record<string, string> = { LD_PRELOAD: delta.LD_PRELOAD, SOCKET_WRAPPER_DIR: delta.SOCKET_WRAPPER_DIR };
  return { env, delta: Object.assign(ordered, delta) };
}

/** Quotes a value for a POSIX shell: '...' with each ' written as '\''. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * `export NAME='value'` lines for "Copy Environment for Shell". Always single-quoted so
 * nothing in a value ($, `, \, newlines) is expanded; a name that is not a shell variable name
 * cannot be exported and becomes a comment saying so.
 */
export function shellExports(delta: Record<string, string>): string {
  return Object.entries(delta)
    .map(([name, value]) =>
      ENV_NAME.test(name)
        ? `export ${name}='${value.replace(/'/g, `'\\''`)}'`
        : `# skipped ${JSON.stringify(name)}: not a valid shell variable name`,
    )
    .map((line) => `${line}\n`)
    .join('');
}
