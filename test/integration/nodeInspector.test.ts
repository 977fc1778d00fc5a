// Can js-debug debug a Node program that runs under socket_wrapper? This plays js-debug's part
// with its real bootloader and watchdog (from the VS Code build in .cache/code-server, or
// SWDEBUG_JS_DEBUG_DIR): it serves the IPC pipe the watchdog connects to, attaches, sets a
// breakpoint over CDP and waits for it to be hit. The debuggee gets exactly the env that
// delegatedConfiguration() produces for "debugger": "node". A control run with the naive env
// (SOCKET_WRAPPER_DIR set from the start) shows why that is needed: the inspector then listens
// on an emulated socket and the unwrapped watchdog cannot reach it.
import * as assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { delegatedConfiguration } from '../../extension/launch/delegate';
import { normalizeLaunchConfig } from '../../extension/launch/options';
import { prepareLaunch } from '../../extension/launch/prepare';
import { removeSessionDir } from '../../extension/launch/sessionDir';
import { FIXTURES, removeDir, ROOT, shortTmpDir } from './helpers';

const JS_DEBUG = process.env.SWDEBUG_JS_DEBUG_DIR ?? path.join(ROOT, '.cache/code-server/node_modules/code-server/lib/vscode/extensions/ms-vscode.js-debug');
const BOOTLOADER = path.join(JS_DEBUG, 'src', 'bootloader.js');
const TARGET = path.join(FIXTURES, 'inspect_target.js');
const BREAK_LINE = fs.readFileSync(TARGET, 'utf8').split('\n').findIndex((l) => l.includes('BREAKPOINT LINE'));

type Message = { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown> };

/** js-debug's side of the watchdog pipe: NUL-terminated JSON messages. */
class FakeJsDebug {
  readonly server: net.Server;
  private socket?: net.Socket;
  private buffer = '';
  private waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  readonly closed: Promise<void>;
  private onClosed: () => void = () => undefined;

  constructor(readonly pipe: string) {
    this.closed = new Promise((resolve) => (this.onClosed = resolve));
    this.server = net.createServer((socket) => {
      this.socket = socket;
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => this.receive(d));
      socket.on('close', () => this.onClosed());
      socket.on('error', () => undefined);
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(this.pipe, resolve));
  }

  send(m: Message): void {
    this.socket?.write(`${JSON.stringify(m)}\0`);
  }

  next(test: (m: Message) => boolean): Promise<Message> {
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  private receive(data: string): void {
    this.buffer += data;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const m = JSON.parse(this.buffer.slice(0, end)) as Message;
      this.buffer = this.buffer.slice(end + 1);
      this.waiters = this.waiters.filter((w) => !(w.test(m) && (w.resolve(m), true)));
    }
  }

  close(): void {
    this.socket?.destroy();
    this.server.close();
  }
}

/** Starts `node program args` the way js-debug's launcher does: bootloader first in NODE_OPTIONS. */
function launchLikeJsDebug(debugConfig: Record<string, unknown>, pipe: string): ChildProcess {
  const env = { ...process.env, ...(debugConfig.env as Record<string, string>) };
  env.NODE_OPTIONS = ` --require ${BOOTLOADER}  ${env.NODE_OPTIONS ?? ''} `;
  env.VSCODE_INSPECTOR_OPTIONS = `:::${JSON.stringify({ inspectorIpc: pipe, deferredMode: false, waitForDebugger: '', execPath: process.execPath, onlyEntrypoint: true, autoAttachMode: 'always' })}`;
  return spawn(process.execPath, [debugConfig.program as string, ...(debugConfig.args as string[])], { cwd: debugConfig.cwd as string, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('Node inspector under socket_wrapper (js-debug bootloader + watchdog)', function () {
  let tmp: string;
  let swDir: string;
  let config: Record<string, unknown>;

  before(async function () {
    if (!fs.existsSync(BOOTLOADER)) {
      // code-server (scripts/setup-code-server.sh) ships js-debug; without it this must fail, not skip.
      throw new Error(`js-debug's bootloader ${BOOTLOADER} is missing: run scripts/setup.sh or set SWDEBUG_JS_DEBUG_DIR`);
    }
    tmp = shortTmpDir('swi-');
    const cfg = normalizeLaunchConfig({ program: TARGET, args: ['7030'], debugger: 'node', socketWrapper: { pcap: false } }, { cwd: FIXTURES });
    const prepared = await prepareLaunch(cfg, { baseEnv: process.env });
    swDir = prepared.dir;
    config = delegatedConfiguration(cfg, prepared.programPath, prepared.delta, 'inspect', { nodePreloadPath: undefined });
  });
  after(() => {
    if (swDir !== undefined) {
      removeSessionDir(swDir);
    }
    if (tmp !== undefined) {
      removeDir(tmp);
    }
  });

  it('hits a breakpoint in a wrapped program whose own socket is emulated', async () => {
    const jsDebug = new FakeJsDebug(path.join(tmp, 'ipc.sock'));
    await jsDebug.listen();
    const debuggee = launchLikeJsDebug(config, jsDebug.pipe);
    let stdout = '';
    debuggee.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => debuggee.on('close', (code) => resolve(code)));
    try {
      const created = await jsDebug.next((m) => m.method === 'Target.targetCreated');
      const targetId = (created.params?.targetInfo as { targetId: string }).targetId;
      jsDebug.send({ id: 1, method: 'Target.attachToTarget', params: { targetId } });
      await jsDebug.next((m) => m.id === 1);
      jsDebug.send({ id: 2, method: 'Debugger.enable' });
      jsDebug.send({ id: 3, method: 'Debugger.setBreakpointByUrl', params: { lineNumber: BREAK_LINE, urlRegex: 'inspect_target\\.js$' } });
      await jsDebug.next((m) => m.id === 3);
      jsDebug.send({ id: 4, method: 'Runtime.runIfWaitingForDebugger' });
      const paused = await jsDebug.next((m) => m.method === 'Debugger.paused' && Array.isArray(m.params?.hitBreakpoints) && (m.params?.hitBreakpoints as unknown[]).length > 0);
      assert.ok(paused, 'paused at the breakpoint');
      // The program's listener (0.0.0.0:7030 on iface 10) is an emulated unix socket.
      assert.ok(fs.existsSync(path.join(swDir, 'T0A1B76')), `emulated socket in ${fs.readdirSync(swDir).join(', ')}`);
      jsDebug.send({ id: 5, method: 'Debugger.resume' });
      await jsDebug.next((m) => m.id === 5);
      // Node waits at exit while a debugger is attached; js-debug detaches by closing the pipe.
      jsDebug.close();
      assert.strictEqual(await exited, 0);
      assert.match(stdout, /listening on 7030/);
    } finally {
      debuggee.kill('SIGKILL');
      jsDebug.close();
    }
  });

  it('control: with SOCKET_WRAPPER_DIR set from the start the inspector port is emulated, unreachable for js-debug', async () => {
    const jsDebug = new FakeJsDebug(path.join(tmp, 'ipc2.sock'));
    await jsDebug.listen();
    const env = { ...(config.env as Record<string, string>) };
    env.SOCKET_WRAPPER_DIR = env.SWDEBUG_SOCKET_WRAPPER_DIR;
    delete env.NODE_OPTIONS;
    const debuggee = launchLikeJsDebug({ ...config, env, args: ['7031'] }, jsDebug.pipe);
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let stderr = '';
        debuggee.stderr?.setEncoding('utf8').on('data', (d: string) => {
          stderr += d;
          const m = /Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr);
          if (m) {
            resolve(Number(m[1]));
          }
        });
        debuggee.on('close', () => reject(new Error(`debuggee ended: ${stderr}`)));
      });
      // The watchdog (started without LD_PRELOAD) connects over real TCP: refused.
      const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
        const sock = net.connect(port, '127.0.0.1', () => resolve(Object.assign(new Error('connected'), { code: 'CONNECTED' })));
        sock.on('error', resolve);
      });
      assert.strictEqual(err.code, 'ECONNREFUSED');
      const emulated = `T01${port.toString(16).toUpperCase().padStart(4, '0')}`;
      assert.ok(fs.existsSync(path.join(swDir, emulated)), `the inspector listens on emulated 127.0.0.1:${port} (${emulated})`);
    } finally {
      debuggee.kill('SIGKILL');
      jsDebug.close();
    }
  });
});
