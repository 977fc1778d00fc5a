// Can debugpy debug a Python program that runs under socket_wrapper? The debuggee connects to
// the debugpy adapter over TCP before it runs the program; this test plays the adapter (DAP
// over a real TCP socket, as debugpy's launcher arranges with --connect) and starts the
// debuggee exactly as debugpy's launcher would, with the configuration delegatedConfiguration()
// builds. The control run shows the naive env failing with EHOSTUNREACH. Needs a python3 with
// debugpy (Debian: apt install python3-debugpy, which scripts/setup-system.sh installs); the
// test fails without it rather than skip, so CI cannot pass without running it.
import * as assert from 'assert';
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { delegatedConfiguration } from '../../extension/launch/delegate';
import { normalizeLaunchConfig } from '../../extension/launch/options';
import { prepareLaunch } from '../../extension/launch/prepare';
import { removeSessionDir } from '../../extension/launch/sessionDir';
import { FIXTURES } from './helpers';

const PYTHON = process.env.SWDEBUG_DEBUGPY_PYTHON ?? '/usr/bin/python3';
const TARGET = path.join(FIXTURES, 'debugpy_target.py');
const BREAK_LINE = fs.readFileSync(TARGET, 'utf8').split('\n').findIndex((l) => l.includes('BREAKPOINT LINE')) + 1;

function debugpyDir(): string | undefined {
  try {
    return execFileSync(PYTHON, ['-c', 'import debugpy, os; print(os.path.dirname(debugpy.__file__))'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

interface Dap { type: string; command?: string; event?: string; success?: boolean; body?: Record<string, unknown> }

/** The adapter's end: waits for the debuggee, sends the start-up requests, collects messages. */
function fakeAdapter(onMessage: (m: Dap, send: (command: string, args?: unknown) => void) => void): Promise<net.Server> {
  const server = net.createServer((socket) => {
    let seq = 1;
    const send = (command: string, args?: unknown): void => {
      const body = JSON.stringify({ seq: seq++, type: 'request', command, arguments: args });
      socket.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    let buffer = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      buffer = Buffer.concat([buffer, d]);
      for (;;) {
        const header = buffer.indexOf('\r\n\r\n');
        const m = /Content-Length: (\d+)/.exec(buffer.subarray(0, Math.max(header, 0)).toString());
        if (header < 0 || !m || buffer.length < header + 4 + Number(m[1])) {
          break;
        }
        onMessage(JSON.parse(buffer.subarray(header + 4, header + 4 + Number(m[1])).toString()) as Dap, send);
        buffer = buffer.subarray(header + 4 + Number(m[1]));
      }
    });
    socket.on('error', () => undefined);
    send('initialize', { adapterID: 'debugpy' });
    send('attach', { subProcessId: 0 });
    send('setBreakpoints', { source: { path: TARGET }, breakpoints: [{ line: BREAK_LINE }] });
    send('configurationDone');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('debugpy under socket_wrapper (python shim)', function () {
  let debugpy: string | undefined;
  let dir: string | undefined;
  let config: Record<string, unknown>;

  before(async function () {
    debugpy = debugpyDir();
    if (debugpy === undefined) {
      throw new Error(`debugpy is not importable by ${PYTHON}: run scripts/setup-system.sh (apt install python3-debugpy)`);
    }
    const cfg = normalizeLaunchConfig({ program: TARGET, args: ['7050'], debugger: 'debugpy', socketWrapper: { pcap: false } }, { cwd: FIXTURES });
    const prepared = await prepareLaunch(cfg, { baseEnv: process.env });
    dir = prepared.dir;
    config = delegatedConfiguration(cfg, prepared.programPath, prepared.delta, 'py');
  });
  after(() => dir !== undefined && removeSessionDir(dir));

  /** Starts the debuggee as debugpy's launcher does: python <debugpy> --connect ... program args. */
  function launch(port: number, env: Record<string, string>, program: string, args: string[]): Promise<number | null> {
    const child = spawn(PYTHON, ['-X', 'frozen_modules=off', debugpy as string, '--connect', `127.0.0.1:${port}`, '--configure-subProcess', 'False', program, ...args], {
      cwd: FIXTURES, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'ignore'],
    });
    return new Promise((resolve) => child.on('close', (code) => resolve(code)));
  }

  it('hits a breakpoint in the program, whose own socket is emulated', async () => {
    let stopped: Dap | undefined;
    let socketAtBreak = false;
    const adapter = await fakeAdapter((m, send) => {
      if (m.type === 'event' && m.event === 'stopped') {
        stopped = m;
        socketAtBreak = fs.existsSync(path.join(dir as string, 'T0A1B8A')); // 0.0.0.0:7050 on iface 10
        send('continue', { threadId: m.body?.threadId });
      }
    });
    try {
      const code = await launch((adapter.address() as net.AddressInfo).port, config.env as Record<string, string>, config.program as string, config.args as string[]);
      assert.strictEqual(code, 0);
      assert.strictEqual(stopped?.body?.reason, 'breakpoint');
      assert.ok(socketAtBreak, 'the program listens on an emulated socket');
    } finally {
      adapter.close();
    }
  });

  it('control: with SOCKET_WRAPPER_DIR set from the start the debuggee cannot reach the adapter', async () => {
    const adapter = await fakeAdapter(() => undefined);
    try {
      const env = { ...(config.env as Record<string, string>) };
      env.SOCKET_WRAPPER_DIR = env.SWDEBUG_SOCKET_WRAPPER_DIR;
      const child = spawn(PYTHON, ['-X', 'frozen_modules=off', debugpy as string, '--connect', `127.0.0.1:${(adapter.address() as net.AddressInfo).port}`, TARGET, '7051'], {
        cwd: FIXTURES, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.notStrictEqual(code, 0);
      assert.match(stderr, /No route to host/);
    } finally {
      adapter.close();
    }
  });
});
