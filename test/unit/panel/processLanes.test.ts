// Lanes by process on a hand-written prefork trace that matches the echo capture of
// ./support/conversation.ts packet for packet: the master listens, forks a worker (which
// keeps an inherited copy of the listener), accepts the connection, passes it to the worker
// and closes its copy. Checked: who owns which end of each packet (listener before accept,
// master until the worker has it, then the worker), the handoff as an event between lanes,
// the lanes themselves, the unattributed endpoints, where handoffs go between rows, and the
// controller sending all that to the webview.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeTrace, type TraceAnalysis } from '../../../extension/fdtrace/analyze';
import type { TraceRecord } from '../../../extension/fdtrace/records';
import { OwnerIndex, orderProcessLanes, packetMicros, placeHandoffs, relSeconds, unattributedLane } from '../../../extension/panel/laneOwnership';
import { buildProcessView, LINGER_US, ownerSpans, unattributedEndpoints, withLinger } from '../../../extension/panel/processView';
import type { HostToWebview, ProcessView } from '../../../extension/panel/protocol';
import { TimelineController } from '../../../extension/panel/timelineController';
import { message, pairEnd, rec } from '../fdtrace/traceLines';
import { captureBytes, echoPackets, udpPacket } from './support/conversation';

/** µs since the epoch of the echo capture's first packet (1_700_000_000.250000), packets 1 ms apart. */
const T0 = 1_700_000_000_250_000;
const at = (packet: number, extraUs = 0): number => T0 + packet * 1000 + extraUs;

const SERVER = '127.0.0.10:7777';
const CLIENT = '127.0.0.11:41234';
const LISTENER = { kind: 'sock', obj: '9:100', fam: 'inet', stype: 'stream', local: SERVER };
const ACCEPTED = { kind: 'sock', obj: '9:500', fam: 'inet', stype: 'stream', local: SERVER, remote: CLIENT };
const CONNECTED = { kind: 'sock', obj: '9:600', fam: 'inet', stype: 'stream', local: CLIENT, remote: SERVER };

/** Master 10, worker 11 (forked, keeps the listener), client 20, around the echo capture's 8 packets. */
function preforkTrace(): TraceRecord[] {
  return [
    rec('start', T0 - 90_000, 10, { ppid: 1, exe: '/srv/prefork-server', argv: 'prefork-server\0--workers\x001' }),
    rec('socket', T0 - 80_000, 10, { fd: 3, ...LISTENER, local: '' }),
    rec('bind', T0 - 79_000, 10, { fd: 3, ...LISTENER }),
    rec('listen', T0 - 78_000, 10, { fd: 3, ...LISTENER }),
    rec('socketpair', T0 - 70_000, 10, { fd: 6, fd2: 7, kind: 'sock', obj: '9:201', fam: 'unix', stype: 'stream' }),
    rec('socketpair', T0 - 70_000, 10, { fd: 7, fd2: 6, kind: 'sock', obj: '9:202', fam: 'unix', stype: 'stream' }),
    rec('fork', T0 - 60_000, 11, { ppid: 10 }),
    rec('close', T0 - 59_000, 10, { fd: 7 }),
    rec('close', T0 - 59_000, 11, { fd: 6 }),
    rec('start', T0 - 50_000, 20, { ppid: 1, exe: '/srv/prefork-client', argv: 'prefork-client' }),
    rec('socket', T0 - 1000, 20, { fd: 3, ...CONNECTED, local: '', remote: '' }),
    rec('connect', at(0, 500), 20, { fd: 3, ...CONNECTED }),
    // The handshake (packets 0-2) is over before accept() returns.
    rec('accept', at(2, 500), 10, { fd: 5, lfd: 3, ...ACCEPTED }),
    // Packet 3 (the request) arrives while the master has it; it passes it on...
    ...message('send', at(3, 200), 10, 1, pairEnd(6, 201, 202), [{ fd: 5, ...ACCEPTED }]),
    ...message('recv', at(3, 500), 11, 1, pairEnd(7, 202, 201), [{ fd: 4, ...ACCEPTED }]),
    // ...and closes its copy only after the worker has answered (packet 4).
    rec('close', at(4, 500), 10, { fd: 5 }),
    rec('close', at(7, 500), 11, { fd: 4 }),
    rec('close', at(7, 800), 20, { fd: 3 }),
  ];
}

function lanesByPid(view: ProcessView): Map<number, number> {
  return new Map(view.lanes.map((l) => [l.pid, l.id]));
}

describe('lanes by process', () => {
  let analysis: TraceAnalysis;
  let view: ProcessView;
  let index: OwnerIndex;
  let lane: Map<number, number>;

  beforeEach(() => {
    analysis = analyzeTrace(preforkTrace());
    view = buildProcessView(analysis, 1);
    index = new OwnerIndex(view.owners);
    lane = lanesByPid(view);
  });

  it('gives a lane to each process that held a socket or passed an fd, named by pid and program', () => {
    assert.deepStrictEqual(view.lanes.map((l) => `${l.pid} ${l.name}`), ['10 prefork-server', '11 prefork-server', '20 prefork-client']);
    // Grouped by program, the program started first on the left; pids inside a group by start.
    assert.deepStrictEqual(orderProcessLanes(view.lanes).map((l) => [l.host, l.label, l.title]), [
      ['prefork-server', '10', '10 prefork-server'],
      ['prefork-server', '11', '11 prefork-server'],
      ['prefork-client', '20', '20 prefork-client'],
    ]);
  });

  it('puts the server end with the listener before accept, the master until the worker has it, then the worker', () => {
    const serverEnd = (packet: number): number | null => index.ownerOf(SERVER, CLIENT, at(packet));
    const clientEnd = (packet: number): number | null => index.ownerOf(CLIENT, SERVER, at(packet));
    const master = lane.get(10);
    const worker = lane.get(11);
    // SYN, SYN-ACK, ACK: no accepted socket yet; the listener's holder is the master, not
    // the worker that inherited a copy of it at fork (and acquired it later).
    assert.deepStrictEqual([0, 1, 2].map(serverEnd), [master, master, master]);
    // The request arrives between accept and the handoff: the master.
    assert.strictEqual(serverEnd(3), master);
    // The answer: both hold it (the master closes later), the worker received it last.
    assert.deepStrictEqual([4, 5, 6, 7].map(serverEnd), [worker, worker, worker, worker]);
    assert.deepStrictEqual([0, 3, 4, 7].map(clientEnd), Array(4).fill(lane.get(20)));
    // Packets written as the other side closes, after this side's close: still its last holder's...
    assert.strictEqual(index.ownerOf(SERVER, CLIENT, at(9)), worker);
    assert.strictEqual(index.ownerOf(CLIENT, SERVER, at(9)), lane.get(20));
    // ...for a while; then the listener (still held by the master) owns what comes to the port.
    assert.strictEqual(index.ownerOf(SERVER, CLIENT, at(7, 500) + LINGER_US + 1), master);
    assert.strictEqual(index.ownerOf(CLIENT, SERVER, at(7, 800) + LINGER_US + 1), null);
    assert.strictEqual(index.ownerOf('127.0.0.12:5353', SERVER, at(3)), null);
  });

  it('keeps a connection with the worker when the master closes its copy after the worker closed', () => {
    // socket_wrapper writes a second teardown when the master's copy closes: the worker's.
    const late = preforkTrace().map((r) => (r.event === 'close' && r.pid === 10 && r.fd === 5 ? rec('close', at(8, 500), 10, { fd: 5 }) : r));
    const v = buildProcessView(analyzeTrace(late), 1);
    const i = new OwnerIndex(v.owners);
    const l = lanesByPid(v);
    assert.deepStrictEqual([4, 7, 8, 9].map((p) => i.ownerOf(SERVER, CLIENT, at(p, 600))), Array(4).fill(l.get(11)));
    assert.strictEqual(i.ownerOf(SERVER, CLIENT, at(3, 300)), l.get(10), 'sent, not received yet: still the master\'s');
  });

  it('resolves overlapping holds into spans that never overlap', () => {
    const owners = view.owners.find((o) => o.local === SERVER && o.remote === CLIENT);
    assert.deepStrictEqual(owners?.spans, [
      { from: at(2, 500), to: at(3, 500), lane: lane.get(10) },
      { from: at(3, 500), to: at(7, 500) + LINGER_US, lane: lane.get(11) },
    ]);
    // The linger stops where the pair's next socket starts (a port used again).
    assert.deepStrictEqual(withLinger([{ from: 0, to: 10, lane: 1 }, { from: 15, to: 20, lane: 2 }, { from: 20, to: 30, lane: 2 }], 100), [
      { from: 0, to: 15, lane: 1 },
      { from: 15, to: 130, lane: 2 },
    ]);
    // Rules on their own: own acquisition beats inheritance, then the latest, then the lowest pid.
    const laneOfPid = (pid: number): number => pid;
    assert.deepStrictEqual(ownerSpans([{ pid: 1, fd: 3, from: 0, to: null, inherited: false }, { pid: 2, fd: 3, from: 5, to: 9, inherited: true }], laneOfPid), [{ from: 0, to: null, lane: 1 }]);
    assert.deepStrictEqual(ownerSpans([{ pid: 1, fd: 3, from: 0, to: 9, inherited: false }, { pid: 2, fd: 3, from: 5, to: null, inherited: false }], laneOfPid), [
      { from: 0, to: 5, lane: 1 },
      { from: 5, to: null, lane: 2 },
    ]);
    assert.deepStrictEqual(ownerSpans([{ pid: 7, fd: 3, from: 0, to: 4, inherited: true }, { pid: 3, fd: 3, from: 0, to: 4, inherited: true }], laneOfPid), [{ from: 0, to: 4, lane: 3 }]);
  });

  it('describes each handoff as an event from the sender lane to the receiver lane, with its connection filter', () => {
    assert.strictEqual(view.handoffs.length, 1);
    const h = view.handoffs[0];
    assert.deepStrictEqual(
      { time: h.time, received: h.receivedTime, from: h.fromLane, to: h.toLane, pids: [h.fromPid, h.fromFd, h.toPid, h.toFd], kind: h.kind, state: h.state },
      { time: at(3, 200), received: at(3, 500), from: lane.get(10), to: lane.get(11), pids: [10, 5, 11, 4], kind: 'tcp', state: 'received' },
    );
    assert.strictEqual(h.label, `fd 5 → fd 4: TCP ${SERVER} ← ${CLIENT}`);
    assert.deepStrictEqual([h.local, h.remote], [SERVER, CLIENT]);
    assert.strictEqual(h.filter, 'tcp.port==7777 && ip.addr==127.0.0.10 && tcp.port==41234 && ip.addr==127.0.0.11');
    assert.strictEqual(view.totalHandoffs, 1);
  });

  it('lists the endpoints whose packets nobody owned, for unattributed lanes', () => {
    const flow = (client: string, cport: number | null, server: string, sport: number | null, first: number, last: number) => ({
      client: { addr: client, port: cport }, server: { addr: server, port: sport }, firstTime: first / 1e6, lastTime: last / 1e6,
    });
    assert.deepStrictEqual(unattributedEndpoints(index, [flow('127.0.0.11', 41234, '127.0.0.10', 7777, at(0), at(7))]), []);
    // The client's socket was long closed by then; an untraced UDP exchange; ICMP without ports.
    assert.deepStrictEqual(
      unattributedEndpoints(index, [
        flow('127.0.0.11', 41234, '127.0.0.10', 7777, at(0), at(9) + LINGER_US),
        flow('127.0.0.12', 5353, '127.0.0.10', 53, at(1), at(2)),
        flow('127.0.0.13', null, '127.0.0.10', null, at(1), at(2)),
      ]),
      ['127.0.0.10', '127.0.0.10:53', '127.0.0.11:41234', '127.0.0.12:5353', '127.0.0.13'],
    );
    assert.deepStrictEqual(unattributedLane(1_000_000, '[fd00::5]:53'), { id: 1_000_000, host: 'fd00::5 (unattributed)', port: null, label: ':53', title: 'unattributed [fd00::5]:53' });
  });

  it('places handoffs on the boundary between the rows whose times bracket them', () => {
    const events = [{ time: 5 }, { time: 15 }, { time: 15 }, { time: 40 }, { time: 99 }];
    // Rows at 10, 20, 30, 50 with a row above at 0: boundary k is the top of row k.
    assert.deepStrictEqual([...placeHandoffs(events, [10, 20, 30, 50], 0, false)], [[0, 0], [1, 1], [2, 1], [3, 3]]);
    // The first rows of the view: earlier handoffs go above the first; the last rows: later ones below the last.
    assert.deepStrictEqual([...placeHandoffs(events, [10, 20, 30, 50], -Infinity, true)], [[0, 0], [1, 1], [2, 1], [3, 3], [4, 4]]);
    // A row not loaded yet brackets nothing on either side; rows out of time order bracket nothing.
    assert.deepStrictEqual([...placeHandoffs(events, [10, null, 30, 50], 0, false)], [[0, 0], [3, 3]]);
    assert.deepStrictEqual([...placeHandoffs(events, [20, 10, 12], null, false)], []);
    assert.deepStrictEqual([...placeHandoffs(events, [20, 10, 50], null, false)], [[1, 2], [2, 2], [3, 2]]);
  });

  it('converts between row times and µs without losing microseconds', () => {
    const base = { baseSec: 1_700_000_000, firstOffset: 0.25 };
    assert.strictEqual(packetMicros(base, 0.003), at(3));
    assert.ok(Math.abs(relSeconds(base, at(3, 200)) - 0.0032) < 1e-9);
  });
});

describe('lanes by process in the TimelineController', function () {
  this.timeout(10_000);
  let dir: string;
  let controller: TimelineController | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-lanes-'));
  });
  afterEach(() => {
    controller?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends the process view, works out unattributed endpoints in process mode, and attributes every packet', async () => {
    const file = path.join(dir, 'prefork.pcap');
    fs.writeFileSync(file, captureBytes([...echoPackets(['hello']), udpPacket('untraced', 1_700_000_000, 300_000)]));
    const sent: HostToWebview[] = [];
    controller = new TimelineController({ path: file, origin: 'session', session: 'prefork', live: true }, { post: (m) => sent.push(m), pollIntervalMs: 20 });
    controller.handle({ type: 'ready', protocol: 1 });
    await controller.loaded;
    const of = <T extends HostToWebview['type']>(type: T): Extract<HostToWebview, { type: T }>[] => sent.filter((m): m is Extract<HostToWebview, { type: T }> => m.type === type);

    assert.deepStrictEqual(of('processes').map((m) => m.view), [null], 'no trace yet: lanes by process are off');
    controller.setTrace(analyzeTrace(preforkTrace()));
    const processes = of('processes').at(-1)?.view;
    assert.deepStrictEqual(processes?.lanes.map((l) => l.pid), [10, 11, 20]);
    assert.strictEqual(processes.handoffs.length, 1);
    assert.strictEqual(of('unattributed').length, 0, 'only worked out when the webview shows lanes by process');

    controller.handle({ type: 'setLaneMode', mode: 'processes' });
    assert.deepStrictEqual(of('unattributed').at(-1)?.endpoints, ['127.0.0.10:53', '127.0.0.12:5353']);
    controller.handle({ type: 'setLaneMode', mode: 'sideways' }); // malformed: ignored
    assert.strictEqual(controller.snapshot().processes.laneMode, 'processes');

    const rows = controller.attribution();
    assert.deepStrictEqual(rows.map((r) => `${r.n}: ${r.from} → ${r.to}`), [
      '0: 20 prefork-client → 10 prefork-server',
      '1: 10 prefork-server → 20 prefork-client',
      '2: 20 prefork-client → 10 prefork-server',
      '3: 20 prefork-client → 10 prefork-server',
      '4: 11 prefork-server → 20 prefork-client',
      '5: 20 prefork-client → 11 prefork-server',
      '6: 11 prefork-server → 20 prefork-client',
      '7: 20 prefork-client → 11 prefork-server',
      '8: unattributed 127.0.0.12:5353 → unattributed 127.0.0.10:53',
    ]);
    const snap = controller.snapshot().processes;
    assert.deepStrictEqual([snap.hasTrace, snap.processLanes, snap.handoffs], [true, ['10 prefork-server', '11 prefork-server', '20 prefork-client'], 1]);

    // The webview starts over (hidden and shown): it gets the view again.
    const before = of('processes').length;
    controller.handle({ type: 'ready', protocol: 1 });
    assert.strictEqual(of('processes').length, before + 1);
    assert.ok(of('processes').at(-1)?.view !== null);

    // Another capture in the panel: the old trace no longer applies.
    controller.retarget({ path: file, origin: 'file', live: false });
    assert.strictEqual(of('processes').at(-1)?.view, null);
  });
});
