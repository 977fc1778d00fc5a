// Hands a wrapped program to another installed debugger: builds a plain DebugConfiguration of
// that debugger's type in which the socket_wrapper environment is put in the field that reaches
// only the debuggee, never the debugger (a wrapped gdb or js-debug would lose its own
// connections). debuggerConfig from launch.json is merged over the result; its env entries are
// merged into ours, not replacing them, and LD_PRELOAD entries are composed.
import * as path from 'path';
import { DELEGATABLE, type DelegatableDebugger } from './debuggers';
import { DEFERRED_DIR_VAR, ensureNodePreload, ensurePythonShim } from './debuggeeShims';
import { shellQuote } from './environment';
import { LaunchError } from './errors';
import type { LaunchConfig } from './options';

export { DELEGATABLE, type DelegatableDebugger };

export interface DelegateOptions {
  /** The node preload shim; default: written on demand by ensureNodePreload(). */
  nodePreloadPath?: string;
  /** The python shim; default: written on demand by ensurePythonShim(). */
  pythonShimPath?: string;
}

type Env = Record<string, string>;

const NODE_EXE = /^node(js)?[0-9]*$/;
const PYTHON_EXE = /^python[0-9.]*$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringEnv(v: unknown): Env {
  const out: Env = {};
  if (isRecord(v)) {
    for (const [k, val] of Object.entries(v)) {
      if (typeof val === 'string') {
        out[k] = val;
      }
    }
  }
  return out;
}

/** Theirs over ours, except LD_PRELOAD and NODE_OPTIONS, where both are kept, ours first. */
function mergeEnv(ours: Env, theirs: Env): Env {
  const out = { ...ours, ...theirs };
  for (const name of ['LD_PRELOAD', 'NODE_OPTIONS']) {
    if (ours[name] !== undefined && theirs[name] !== undefined && theirs[name] !== ours[name]) {
      out[name] = `${ours[name]}${name === 'LD_PRELOAD' ? ':' : ' '}${theirs[name]}`;
    }
  }
  return out;
}

/** NODE_OPTIONS splits on spaces; double quotes with backslash escapes keep a path whole. */
function nodeOptionQuote(value: string): string {
  return /^[^\s"'\\]+$/.test(value) ? value : `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The env for a debuggee whose debugger connects over TCP: the dir is set later by a shim. */
function deferredEnv(delta: Env): Env {
  const env: Env = { ...delta };
  const dir = env.SOCKET_WRAPPER_DIR;
  delete env.SOCKET_WRAPPER_DIR;
  if (dir !== undefined) {
    env[DEFERRED_DIR_VAR] = dir;
  }
  return env;
}

/** "program": "node", "args": ["server.js", ...] is the script server.js run by that node. */
function splitInterpreter(cfg: LaunchConfig, programPath: string, exe: RegExp, what: string): { interpreter?: string; script: string; args: string[] } {
  if (!exe.test(path.basename(programPath))) {
    return { script: programPath, args: cfg.args };
  }
  const [first, ...rest] = cfg.args;
  if (first === undefined || (first.startsWith('-') && !(what === 'python' && first === '-m'))) {
    throw new LaunchError(
      'invalid-config',
      `with "debugger": "${cfg.debugger}", "program" is ${programPath} (the ${what} interpreter) but "args" does not start with the script to debug`,
      `Set "program" to the script itself, or put the script first in "args".`,
    );
  }
  return { interpreter: programPath, script: first === '-m' ? first : path.resolve(cfg.cwd, first), args: rest };
}

function build(cfg: LaunchConfig, programPath: string, delta: Env, name: string, opts: DelegateOptions): { base: Record<string, unknown>; envKey?: string } {
  const common = { request: 'launch', name, cwd: cfg.cwd };
  switch (cfg.debugger as DelegatableDebugger) {
    case 'cppdbg':
      // MIEngine applies "environment" to the debuggee only (gdb itself is started without it).
      return {
        base: {
          ...common,
          type: 'cppdbg',
          program: programPath,
          args: cfg.args,
          MIMode: 'gdb',
          externalConsole: false,
          stopAtEntry: false,
          environment: Object.entries(delta).map(([n, value]) => ({ name: n, value })),
        },
      };
    case 'lldb':
      // CodeLLDB launches the debuggee with "env"; lldb itself is not affected.
      return {
        base: { ...common, type: 'lldb', program: programPath, args: cfg.args, env: { ...delta }, terminal: cfg.console === 'integratedTerminal' ? 'integrated' : 'console' },
        envKey: 'env',
      };
    case 'gdb':
      // Native Debug (webfreak.debug) spawns gdb itself with "env", which would preload
      // socket_wrapper into gdb. gdb's own `set environment` reaches only the inferior, so the
      // variables go in "autorun" (gdb commands run before the program starts).
      return {
        base: {
          ...common,
          type: 'gdb',
          target: programPath,
          arguments: cfg.args.map(shellQuote).join(' '),
          autorun: Object.entries(delta).map(([n, value]) => `set environment ${n}=${value}`),
        },
      };
    case 'node':
    case 'pwa-node': {
      // 'pwa-node' is js-debug's old alias of 'node'. The inspector must listen on a real
      // port (js-debug's watchdog connects to it without the preload): see debuggeeShims.ts.
      const { interpreter, script, args } = splitInterpreter(cfg, programPath, NODE_EXE, 'node');
      const env = deferredEnv(delta);
      const preload = `--require ${nodeOptionQuote(opts.nodePreloadPath ?? ensureNodePreload())}`;
      env.NODE_OPTIONS = env.NODE_OPTIONS === undefined ? preload : `${preload} ${env.NODE_OPTIONS}`;
      return {
        base: {
          ...common,
          type: 'node',
          program: script,
          args,
          runtimeExecutable: interpreter ?? 'node',
          env,
          console: cfg.console === 'integratedTerminal' ? 'integratedTerminal' : 'internalConsole',
          // A child node would open its inspector after the dir is set, on an emulated
          // socket js-debug cannot reach, and wait for a debugger forever.
          autoAttachChildProcesses: false,
        },
        envKey: 'env',
      };
    }
    case 'debugpy': {
      // The debuggee connects to the debugpy adapter over TCP before running the program;
      // the shim runs after that connection and then runs the real program.
      const { interpreter, script, args } = splitInterpreter(cfg, programPath, PYTHON_EXE, 'python');
      const base: Record<string, unknown> = {
        ...common,
        type: 'debugpy',
        program: opts.pythonShimPath ?? ensurePythonShim(),
        args: [script, ...args],
        env: deferredEnv(delta),
        console: cfg.console === 'integratedTerminal' ? 'integratedTerminal' : 'internalConsole',
        // Child pythons would connect to the adapter through the wrapper and fail.
        subProcess: false,
      };
      if (interpreter !== undefined) {
        base.python = interpreter;
      }
      return { base, envKey: 'env' };
    }
    default:
      throw new LaunchError('invalid-config', `debugger "${cfg.debugger}" cannot be delegated to (choose one of ${DELEGATABLE.join(', ')})`);
  }
}

export function delegatedConfiguration(cfg: LaunchConfig, programPath: string, delta: Record<string, string>, name: string, opts: DelegateOptions = {}): Record<string, unknown> {
  const { base, envKey } = build(cfg, programPath, delta, name, opts);
  const extra = cfg.debuggerConfig;
  const merged: Record<string, unknown> = { ...base, ...extra };
  if (envKey !== undefined && extra[envKey] !== undefined) {
    merged[envKey] = mergeEnv(base[envKey] as Env, stringEnv(extra[envKey]));
  }
  if (base.type === 'cppdbg' && Array.isArray(extra.environment)) {
    const ours = Object.fromEntries((base.environment as { name: string; value: string }[]).map((e) => [e.name, e.value]));
    const theirs: Env = {};
    for (const e of extra.environment as unknown[]) {
      if (isRecord(e) && typeof e.name === 'string' && typeof e.value === 'string') {
        theirs[e.name] = e.value;
      }
    }
    merged.environment = Object.entries(mergeEnv(ours, theirs)).map(([n, value]) => ({ name: n, value }));
  }
  if (base.type === 'gdb' && Array.isArray(extra.autorun)) {
    merged.autorun = [...(base.autorun as string[]), ...(extra.autorun as unknown[]).filter((c): c is string => typeof c === 'string')];
  }
  // The type and request decide which debugger runs this; debuggerConfig must not change them.
  merged.type = base.type;
  merged.request = 'launch';
  return merged;
}
