// The Passed FDs view inside a real extension host: F5-style launches of the prefork sample
// (server and client in one session, through vscode.debug.startDebugging) run with the
// extension's own fd tracer preloaded before socket_wrapper, and the view lists every
// accepted connection the server handed to a worker, read through `socketWrapper.fds.list`,
// the view's own data. Also: the trace file lives next to the session's capture, and a
// configuration with "fdTrace": false gets no tracer.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SwdebugApi } from '../../extension/extension';
import type { SessionFdsResult } from '../../extension/fdtrace/host/commands';
import type { HandoffNode } from '../../extension/fdtrace/tree';
import type { WrapperSession } from '../../extension/launch/sessionRegistry';

const EXTENSION_ID = 'swdebug.socket-wrapper-debug';
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const PORT = 7021;
const CONNECTIONS = 4;

async function listFds(session: string): Promise<SessionFdsResult | undefined> {
  const results = await vscode.commands.executeCommand<SessionFdsResult[]>('socketWrapper.fds.list', session);
  return results[0];
}

/** Polls the view's data until `done` holds (or the deadline passes). */
async function waitForFds(session: string, what: string, done: (r: SessionFdsResult) => boolean, timeoutMs = 45_000): Promise<SessionFdsResult> {
  const deadline = Date.now() + timeoutMs;
  let last: SessionFdsResult | undefined;
  while (Date.now() < deadline) {
    last = await listFds(session);
    if (last && done(last)) {
      return last;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the Passed FDs view never showed ${what} within ${timeoutMs} ms; last:\n${JSON.stringify(last, null, 1)}`);
}

/** Resolves with the session once it starts, and its end. */
function watchSession(api: SwdebugApi, name: string): { started: Promise<WrapperSession>; ended: Promise<void> } {
  let onStart!: (s: WrapperSession) => void;
  let onEnd!: () => void;
  const started = new Promise<WrapperSession>((r) => (onStart = r));
  const ended = new Promise<void>((r) => (onEnd = r));
  const sub = api.sessions.onEvent((e) => {
    if (e.session.name !== name) {
      return;
    }
    if (e.kind === 'started') {
      onStart(e.session);
    } else if (e.kind === 'ended') {
      sub.dispose();
      onEnd();
    }
  });
  return { started, ended };
}

describe('Passed FDs view', function () {
  this.timeout(120_000);
  let api: SwdebugApi;
  let sample: string;

  before(async () => {
    const ext = vscode.extensions.getExtension<SwdebugApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    sample = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-suite-prefork-'));
    fs.cpSync(path.join(REPO_ROOT, 'samples', 'prefork'), sample, { recursive: true });
    execFileSync('make', ['-C', sample], { stdio: 'pipe' });
  });
  after(() => fs.rmSync(sample, { recursive: true, force: true }));

  it('is registered in the Run and Debug side bar with its commands', async () => {
    await vscode.commands.executeCommand('socketWrapper.fds.focus');
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['socketWrapper.fds.list', 'socketWrapper.fds.refresh', 'socketWrapper.fds.groupByTime', 'socketWrapper.fds.groupByProcess', 'socketWrapper.fds.filterTimeline', 'socketWrapper.fds.copy', 'socketWrapper.fds.openTrace']) {
      assert.ok(commands.includes(id), `${id} is not registered`);
    }
  });

  it('lists every connection the prefork sample passed to a worker, with its emulated addresses', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the suite needs a workspace open');
    const session = `suite-fds-${Date.now()}`;
    const { started, ended } = watchSession(api, session);
    const launch = (name: string, program: string, args: string[], iface: number): Thenable<boolean> =>
      vscode.debug.startDebugging(folder, {
        type: 'socket_wrapper',
        request: 'launch',
        name,
        program: path.join(sample, program),
        args,
        cwd: sample,
        socketWrapper: { session, defaultIface: iface },
      });
    assert.strictEqual(await launch('prefork server', 'prefork-server', ['--port', String(PORT), '--workers', '2', '--count', String(CONNECTIONS)], 10), true);
    const wrapper = await started;
    assert.ok(wrapper.fdTraceFile, 'the session has an fd trace');
    assert.ok(wrapper.pcapFile, 'the session has a capture');
    assert.strictEqual(path.dirname(wrapper.fdTraceFile), path.dirname(wrapper.pcapFile), 'the trace lives next to the capture');
    assert.match(wrapper.envDelta.LD_PRELOAD ?? '', /libswdebug_fdtrace\.so:.*libsocket_wrapper\.so/);
    assert.strictEqual(wrapper.envDelta.SWDEBUG_FD_TRACE, wrapper.fdTraceFile);
    assert.strictEqual(await launch('prefork client', 'prefork-client', ['--port', String(PORT), '--count', String(CONNECTIONS)], 11), true);

    const live = await waitForFds(session, `${CONNECTIONS} received handoffs`, (r) => r.handoffs.filter((h) => h.state === 'received').length === CONNECTIONS);
    assert.strictEqual(live.traceFile, wrapper.fdTraceFile);
    assert.strictEqual(live.stats.malformed, 0);
    const server = live.processes.find((p) => p.argv[0]?.endsWith('prefork-server') && !live.processes.some((q) => q.pid === p.ppid));
    assert.ok(server, `no server process in ${JSON.stringify(live.processes)}`);
    const workers = live.processes.filter((p) => p.ppid === server.pid).map((p) => p.pid);
    assert.strictEqual(workers.length, 2);
    for (const h of live.handoffs) {
      assert.strictEqual(h.fromPid, server.pid);
      assert.ok(h.toPid !== null && workers.includes(h.toPid), `to ${h.toPid}, workers ${workers}`);
      assert.match(h.label, new RegExp(`^fd ${h.fromFd} → pid ${h.toPid} fd ${h.toFd}: TCP 127\\.0\\.0\\.10:${PORT} ← 127\\.0\\.0\\.11:\\d+ \\(received\\)$`));
      assert.strictEqual(h.line, `pid ${server.pid} ${h.label}`);
    }
    assert.strictEqual(new Set(live.handoffs.map((h) => h.remote)).size, CONNECTIONS, 'one handoff per connection');

    // A click on a passed socket filters the Packet Timeline to its flow.
    const first = live.handoffs[0];
    const node = { kind: 'handoff', filter: `tcp.port==${PORT} && ip.addr==127.0.0.10 && tcp.port==${first.remote?.split(':')[1]} && ip.addr==127.0.0.11` } as Partial<HandoffNode>;
    const known = await vscode.commands.getCommands(true);
    if (!known.includes('socketWrapper.timeline.filter')) {
      let received: unknown;
      const fake = vscode.commands.registerCommand('socketWrapper.timeline.filter', (filter: unknown) => (received = filter));
      try {
        await vscode.commands.executeCommand('socketWrapper.fds.filterTimeline', node);
        assert.strictEqual(received, node.filter);
      } finally {
        fake.dispose();
      }
    }
    // The grouping toggles both ways without losing anything.
    await vscode.commands.executeCommand('socketWrapper.fds.groupByTime');
    await vscode.commands.executeCommand('socketWrapper.fds.groupByProcess');

    // The server (--count) and its workers finish, the session ends: the view keeps its
    // handoffs, now final, and the process table has everyone's exit status.
    await ended;
    const final = await waitForFds(session, 'the session as ended', (r) => !r.running);
    assert.deepStrictEqual(final.handoffs.map((h) => h.state), Array(CONNECTIONS).fill('received'));
    for (const pid of [server.pid, ...workers]) {
      assert.strictEqual(final.processes.find((p) => p.pid === pid)?.status, 'exited 0', `pid ${pid}`);
    }
  });

  it('runs a configuration with "fdTrace": false without the tracer', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const session = `suite-nofds-${Date.now()}`;
    const { started, ended } = watchSession(api, session);
    const ok = await vscode.debug.startDebugging(folder, {
      type: 'socket_wrapper',
      request: 'launch',
      name: 'untraced',
      program: 'sh',
      args: ['-c', 'exit 0'],
      cwd: folder.uri.fsPath,
      socketWrapper: { session, fdTrace: false, pcap: false },
    });
    assert.strictEqual(ok, true);
    const wrapper = await started;
    assert.strictEqual(wrapper.fdTraceFile, undefined);
    assert.doesNotMatch(wrapper.envDelta.LD_PRELOAD ?? '', /fdtrace/);
    assert.strictEqual(wrapper.envDelta.SWDEBUG_FD_TRACE, undefined);
    await ended;
    assert.strictEqual(await listFds(session), undefined);
  });
});
