// "Run under socket_wrapper" in a real extension host: vscode.debug.startDebugging with
// socket_wrapper configurations runs real programs under the real libsocket_wrapper.
// A debug adapter tracker (public API) observes what the inline runner tells VS Code.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SwdebugApi } from '../../extension/extension';
import type { WrapperSession } from '../../extension/launch/sessionRegistry';
import { echoPair, folder, sessionEvent, swdebugApi } from './support';


interface Observed {
  output: string;
  exitCode?: number;
  terminated: Promise<void>;
}

/** Records output and the exit code of every socket_wrapper debug session, by session name. */
class Observer implements vscode.DebugAdapterTrackerFactory {
  readonly sessions = new Map<string, Observed>();
  private readonly waiters = new Map<string, (o: Observed) => void>();

  createDebugAdapterTracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    let done!: () => void;
    const observed: Observed = { output: '', terminated: new Promise<void>((r) => (done = r)) };
    this.sessions.set(session.name, observed);
    this.waiters.get(session.name)?.(observed);
    return {
      onDidSendMessage: (m: { type: string; event?: string; body?: { output?: string; exitCode?: number } }) => {
        if (m.type === 'event' && m.event === 'output' && m.body?.output) {
          observed.output += m.body.output;
        } else if (m.type === 'event' && m.event === 'exited') {
          observed.exitCode = m.body?.exitCode;
        } else if (m.type === 'event' && m.event === 'terminated') {
          done();
        }
      },
      onExit: () => done(),
    };
  }

  /** The observation of the session called `name`, once it started. */
  session(name: string): Promise<Observed> {
    const known = this.sessions.get(name);
    return known ? Promise.resolve(known) : new Promise((r) => this.waiters.set(name, r));
  }
}

describe('Run under socket_wrapper', function () {
  this.timeout(90_000);
  const observer = new Observer();
  let api: SwdebugApi;
  let registration: vscode.Disposable;
  const started: WrapperSession[] = [];

  before(async () => {
    api = await swdebugApi();
    registration = vscode.debug.registerDebugAdapterTrackerFactory('socket_wrapper', observer);
    api.sessions.onEvent((e) => e.kind === 'started' && started.push(e.session));
  });
  after(() => registration.dispose());

  it('runs a program and the session ends with its exit code', async () => {
    const name = 'exit code 7';
    const ok = await vscode.debug.startDebugging(folder(), {
      type: 'socket_wrapper',
      request: 'launch',
      name,
      program: 'sh',
      args: ['-c', 'echo "dir=$SOCKET_WRAPPER_DIR preload=$LD_PRELOAD"; exit 7'],
      socketWrapper: { pcap: false },
    });
    assert.strictEqual(ok, true, 'startDebugging refused the configuration');
    const observed = await observer.session(name);
    await observed.terminated;
    assert.strictEqual(observed.exitCode, 7, `output was:\n${observed.output}`);
    assert.match(observed.output, /dir=\/\S+ preload=\S*libsocket_wrapper\.so/);
    assert.match(observed.output, /exited with code 7/);
  });

  it('puts the server and the client of a compound on one emulated network, with one capture', async () => {
    const session = `suite-echo-${Date.now()}`;
    const { server, client } = echoPair(session, 7001, { server: 'suite server', client: 'suite client' });
    const ended = sessionEvent(api, 'ended', session);
    assert.strictEqual(await vscode.debug.startDebugging(folder(), server), true);
    assert.strictEqual(await vscode.debug.startDebugging(folder(), client), true);
    const [s, c] = await Promise.all([observer.session('suite server'), observer.session('suite client')]);
    await Promise.all([s.terminated, c.terminated]);
    assert.strictEqual(c.exitCode, 0, `client output:\n${c.output}`);
    assert.match(s.output, /connection from 127\.0\.0\.11:\d+/, `server output:\n${s.output}`);
    assert.match(c.output, /connected from 127\.0\.0\.11:\d+ to 127\.0\.0\.10:7001/);
    const ours = started.filter((w) => w.name === session);
    assert.strictEqual(ours.length, 1, 'both programs should share one session');
    const { dir, pcapFile } = ours[0];
    assert.ok(pcapFile && fs.existsSync(pcapFile), `capture ${pcapFile} was not written`);
    const bytes = fs.readFileSync(pcapFile);
    assert.strictEqual(bytes.readUInt32LE(0), 0xa1b2c3d4, 'not a classic pcap written by socket_wrapper');
    await ended;
    assert.ok(!fs.existsSync(dir), `the session's own socket directory ${dir} should be removed when it ends`);
    assert.strictEqual(api.sessions.get(session), undefined);
  });

  it('refuses a configuration whose library is missing, starting nothing', async () => {
    const before = started.length;
    const ok = await vscode.debug.startDebugging(folder(), {
      type: 'socket_wrapper',
      request: 'launch',
      name: 'missing library',
      program: 'true',
      socketWrapper: { library: path.join(folder().uri.fsPath, 'no-such-libsocket_wrapper.so') },
    });
    assert.strictEqual(ok, false);
    assert.strictEqual(started.length, before, 'no session may start');
    assert.strictEqual(observer.sessions.has('missing library'), false);
  });

  it('refuses a program that does not exist', async () => {
    const ok = await vscode.debug.startDebugging(folder(), {
      type: 'socket_wrapper',
      request: 'launch',
      name: 'missing program',
      program: 'no-such-program-swdebug',
    });
    assert.strictEqual(ok, false);
    assert.strictEqual(observer.sessions.has('missing program'), false);
  });
});
