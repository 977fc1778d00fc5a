// The Sockets view inside a real extension host: the native addon loads there and answers
// (sock_diag, not the /proc fallback) for a running session, through the view's own
// `socketWrapper.sockets.list` command, which reads what the tree shows.
import * as assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as vscode from 'vscode';
import type { SwdebugApi } from '../../extension/extension';
import type { WrapperSession } from '../../extension/launch/sessionRegistry';
import type { SessionSocketsResult } from '../../extension/sockets/host/commands';
import type { SocketsNode } from '../../extension/sockets/host/nodes';
import type { SocketRow } from '../../extension/sockets/rows';

const EXTENSION_ID = 'swdebug.socket-wrapper-debug';
const PORT = 7011;

async function listSockets(session: string): Promise<SessionSocketsResult | undefined> {
  const results = await vscode.commands.executeCommand<SessionSocketsResult[]>('socketWrapper.sockets.list', session);
  return results[0];
}

/** Polls the view's listing until `match` finds a row (or the deadline passes). */
async function waitForRow(session: string, what: string, match: (row: SocketRow) => boolean, timeoutMs = 30_000): Promise<{ row: SocketRow; result: SessionSocketsResult }> {
  const deadline = Date.now() + timeoutMs;
  let last: SessionSocketsResult | undefined;
  while (Date.now() < deadline) {
    last = await listSockets(session);
    const row = last?.rows.find(match);
    if (last && row) {
      return { row, result: last };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no row for ${what} within ${timeoutMs} ms; last listing:\n${JSON.stringify(last, null, 1)}`);
}

describe('Sockets view', function () {
  this.timeout(90_000);
  let api: SwdebugApi;
  let client: ChildProcess | undefined;

  before(async () => {
    const ext = vscode.extensions.getExtension<SwdebugApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
  });
  after(() => client?.kill('SIGKILL'));

  it('is registered in the Run and Debug side bar with its commands', async () => {
    await vscode.commands.executeCommand('socketWrapper.sockets.focus');
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['socketWrapper.sockets.copyAddress', 'socketWrapper.sockets.filterTimeline', 'socketWrapper.sockets.refresh', 'socketWrapper.sockets.list']) {
      assert.ok(commands.includes(id), `${id} is not registered`);
    }
  });

  it('lists a running session\'s listener and a connection with unread bytes through the native addon', async () => {
    assert.ok(api.native.ok, `the addon did not load in the extension host: ${api.native.detail}`);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the suite needs the sample workspace open');
    const session = `suite-sockets-${Date.now()}`;
    let started: WrapperSession | undefined;
    const ended = new Promise<void>((resolve) => {
      const sub = api.sessions.onEvent((e) => {
        if (e.session.name === session && e.kind === 'started') {
          started = e.session;
        } else if (e.session.name === session && e.kind === 'ended') {
          sub.dispose();
          resolve();
        }
      });
    });
    const ok = await vscode.debug.startDebugging(folder, {
      type: 'socket_wrapper',
      request: 'launch',
      name: 'sockets suite server',
      program: 'python3',
      args: ['server.py', '--count', '1', '--port', String(PORT)],
      cwd: folder.uri.fsPath,
      socketWrapper: { session, defaultIface: 10, pcap: false },
    });
    assert.strictEqual(ok, true);

    const { row: listener, result } = await waitForRow(session, `a listener on 127.0.0.10:${PORT}`, (r) => r.state === 'listen' && r.local === `127.0.0.10:${PORT}`);
    assert.strictEqual(result.source, 'sock_diag', `the view fell back: ${result.notice}`);
    assert.strictEqual(result.notice, null);
    assert.strictEqual(listener.proto, 'tcp');
    assert.strictEqual(listener.program, 'python3');
    assert.ok(started);
    assert.strictEqual(result.dir, started.dir);
    assert.ok(listener.pid !== null && started.pids.has(listener.pid), `pid ${listener.pid} is not one of the session's ${[...started.pids].join(', ')}`);
    const listenerNode: SocketsNode = { kind: 'socket', session, row: listener };
    await vscode.commands.executeCommand('socketWrapper.sockets.copyAddress', listenerNode);
    assert.strictEqual(await vscode.env.clipboard.readText(), `127.0.0.10:${PORT}`);

    // A client in the same session that sends and never reads: the server echoes, so the
    // echo waits unread on the client's socket.
    // On SIGTERM it reads the echo first, so the server sees a clean close, not a reset.
    const script = [
      'import signal, socket, sys, time',
      `s = socket.create_connection(('127.0.0.10', ${PORT}))`,
      "s.sendall(b'ping')",
      'signal.signal(signal.SIGTERM, lambda *_: (s.recv(100), s.close(), sys.exit(0)))',
      'time.sleep(120)',
    ].join('\n');
    client = spawn('python3', ['-c', script], {
      env: { ...process.env, ...started.envDelta, SOCKET_WRAPPER_DEFAULT_IFACE: '11' },
      stdio: 'ignore',
    });
    const { row: unread } = await waitForRow(session, 'the client with 4 unread bytes', (r) => r.pid === client?.pid && r.rq === 4);
    assert.strictEqual(unread.remote, `127.0.0.10:${PORT}`);
    assert.strictEqual(unread.state, 'established');
    assert.match(unread.local ?? '', /^127\.0\.0\.11:\d+$/);
    const { row: accepted } = await waitForRow(session, 'the accepted connection', (r) => r.pid === listener.pid && r.state === 'established');
    assert.strictEqual(accepted.remote, unread.local);
    assert.strictEqual(accepted.peerPid, client.pid);

    // Filter Packet Timeline to This Flow hands the flow's filter to the timeline's command.
    const known = await vscode.commands.getCommands(true);
    if (!known.includes('socketWrapper.timeline.filter')) {
      let received: unknown;
      const fake = vscode.commands.registerCommand('socketWrapper.timeline.filter', (filter: unknown) => (received = filter));
      try {
        const node: SocketsNode = { kind: 'socket', session, row: accepted };
        await vscode.commands.executeCommand('socketWrapper.sockets.filterTimeline', node);
        assert.strictEqual(received, `tcp.port==${PORT} && ip.addr==127.0.0.10 && tcp.port==${unread.local?.split(':')[1]} && ip.addr==127.0.0.11`);
      } finally {
        fake.dispose();
      }
    }

    // The client leaves, the server (--count 1) finishes, the session ends: nothing is listed.
    client.kill('SIGTERM');
    await ended;
    assert.strictEqual(await listSockets(session), undefined);
  });
});
