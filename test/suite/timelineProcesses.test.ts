// Lanes by process in a real extension host: the prefork sample (server and client in one
// session, fd trace on) runs under F5-style launches; while the server still waits for one
// more connection, the session's Packet Timeline has been told about the master, both
// workers and the client as process lanes and about every handoff (read through
// `_socketWrapper.timelineSnapshot`). Each connection's packets are in the master's lane
// before it was handed over and in the worker's lane after. The Passed FDs view's "Filter
// Packet Timeline" reaches the panel; the Sockets view gets the trace's addresses.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SessionFdsResult } from '../../extension/fdtrace/host/commands';
import type { HandoffNode } from '../../extension/fdtrace/tree';
import type { WrapperSession } from '../../extension/launch/sessionRegistry';
import type { TimelineSnapshot } from '../../extension/panel/timelineController';
import type { PacketAttribution } from '../../extension/panel/timelineProcesses';
import { folder, sessionEvent, swdebugApi } from './support';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const PORT = 7061;
const CONNECTIONS = 4;

type PanelSnapshot = TimelineSnapshot & { readonly attribution?: readonly PacketAttribution[] };

async function snapshotOf(session: string, attribution = false): Promise<PanelSnapshot | undefined> {
  const all = await vscode.commands.executeCommand<PanelSnapshot[]>('_socketWrapper.timelineSnapshot', { attribution });
  return all.find((p) => p.capture.session === session);
}

async function fdsOf(session: string): Promise<SessionFdsResult | undefined> {
  return (await vscode.commands.executeCommand<SessionFdsResult[]>('socketWrapper.fds.list', session))[0];
}

/** Polls `read` until `done` holds; the views raise no event a test could await. */
async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`never saw ${what} within ${timeoutMs} ms; last:\n${JSON.stringify(last, null, 1)?.slice(0, 4000)}`);
}

describe('Packet Timeline lanes by process', function () {
  this.timeout(150_000);
  let sample: string;

  before(() => {
    sample = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-suite-lanes-'));
    fs.cpSync(path.join(REPO_ROOT, 'samples', 'prefork'), sample, { recursive: true });
    execFileSync('make', ['-C', sample], { stdio: 'pipe' });
  });
  after(() => fs.rmSync(sample, { recursive: true, force: true }));

  it('shows master, workers and client as lanes, the handoffs between them, and moves each connection to its worker', async () => {
    const api = await swdebugApi();
    const session = `suite-lanes-${Date.now()}`;
    const started = sessionEvent(api, 'started', session);
    const ended = sessionEvent(api, 'ended', session);
    const launch = (name: string, program: string, args: string[], iface: number): Thenable<boolean> =>
      vscode.debug.startDebugging(folder(), {
        type: 'socket_wrapper', request: 'launch', name, program: path.join(sample, program), args, cwd: sample,
        socketWrapper: { session, defaultIface: iface, fdTrace: true },
      });
    // One connection more than the client makes: the session keeps running until the last client.
    assert.strictEqual(await launch('prefork server', 'prefork-server', ['--port', String(PORT), '--workers', '2', '--count', String(CONNECTIONS + 1)], 10), true);
    const wrapper: WrapperSession = await started;
    assert.ok(wrapper.fdTraceFile && wrapper.pcapFile, 'the session has an fd trace and a capture');
    assert.strictEqual(await launch('prefork client', 'prefork-client', ['--port', String(PORT), '--count', String(CONNECTIONS)], 11), true);

    const fds = await waitFor('four received handoffs', () => fdsOf(session), (r) => r?.handoffs.filter((h) => h.state === 'received').length === CONNECTIONS);
    assert.ok(fds);
    const server = fds.processes.find((p) => p.argv[0]?.endsWith('prefork-server') && !fds.processes.some((q) => q.pid === p.ppid));
    assert.ok(server, JSON.stringify(fds.processes));
    const workers = fds.processes.filter((p) => p.ppid === server.pid).map((p) => p.pid);
    const client = fds.processes.find((p) => p.argv[0]?.endsWith('prefork-client'));
    assert.strictEqual(workers.length, 2);
    assert.ok(client);
    const expectedLanes = [server.pid, ...workers].map((pid) => `${pid} prefork-server`).concat(`${client.pid} prefork-client`);

    // Live: the session still runs (the server waits for a fifth connection) and the panel
    // has been sent the lanes and the four handoffs.
    const live = await waitFor('process lanes and handoffs in the timeline', () => snapshotOf(session), (s) =>
      s !== undefined && s.attached && s.processes.hasTrace && s.processes.handoffs === CONNECTIONS && expectedLanes.every((l) => s.processes.processLanes.includes(l)));
    assert.ok(live);
    assert.notStrictEqual(live.status.state, 'ended');
    assert.ok(live.processes.processMessages >= 2, 'the view was sent again as the trace grew');

    // Every connection: its server end in the master's lane before the handoff, the worker's after.
    const withRows = await waitFor('the packets of every connection', () => snapshotOf(session, true), (s) =>
      fds.handoffs.every((h) => (s?.attribution ?? []).some((r) => r.src === h.remote && r.time > (h.receivedTime ?? Infinity) * 1e6)));
    const rows = withRows?.attribution ?? [];
    for (const h of fds.handoffs) {
      const conn = rows.filter((r) => r.src === h.remote || r.dst === h.remote);
      const serverEnd = (r: PacketAttribution): string => (r.src === h.remote ? r.to : r.from);
      const clientEnd = (r: PacketAttribution): string => (r.src === h.remote ? r.from : r.to);
      const before = conn.filter((r) => r.time < Math.round(h.time * 1e6));
      const after = conn.filter((r) => r.time > Math.round((h.receivedTime ?? 0) * 1e6));
      assert.ok(before.length > 0 && after.length > 0, `packets before and after the handoff of ${h.remote}: ${JSON.stringify(conn)}`);
      assert.deepStrictEqual([...new Set(before.map(serverEnd))], [`${server.pid} prefork-server`], `${h.remote} before its handoff`);
      assert.deepStrictEqual([...new Set(after.map(serverEnd))], [`${h.toPid} prefork-server`], `${h.remote} after its handoff to ${h.toPid} (sent ${h.time}, received ${h.receivedTime}): ${JSON.stringify(conn)}`);
      assert.deepStrictEqual([...new Set(conn.map(clientEnd))], [`${client.pid} prefork-client`], `${h.remote}'s client end`);
    }

    // The Passed FDs view's "Filter Packet Timeline to This Flow" filters this panel.
    const first = fds.handoffs[0];
    const filter = `tcp.port==${PORT} && ip.addr==127.0.0.10 && tcp.port==${first.remote?.split(':')[1]} && ip.addr==127.0.0.11`;
    await vscode.commands.executeCommand('socketWrapper.fds.filterTimeline', { kind: 'handoff', filter } as Partial<HandoffNode>);
    const filtered = await waitFor('the handoff filter on the timeline', () => snapshotOf(session), (s) => s?.filter === filter);
    assert.ok(filtered && filtered.status.rows > 0 && filtered.status.rows < filtered.status.packets, `the filter keeps one connection: ${JSON.stringify(filtered?.status)}`);

    // The last connection ends the session; the panel keeps its lanes.
    assert.strictEqual(await launch('prefork client 2', 'prefork-client', ['--port', String(PORT), '--count', '1'], 11), true);
    await ended;
    const final = await waitFor('the ended session with five handoffs', () => snapshotOf(session), (s) => s?.status.state === 'ended' && s.processes.handoffs === CONNECTIONS + 1);
    assert.ok(final?.processes.hasTrace);
  });
});
