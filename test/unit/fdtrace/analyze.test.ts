// Matching passed fds to their receipts, the states a handoff can end in, the process table
// and socket ownership over time, on small hand-written traces.
import * as assert from 'assert';
import { analyzeTrace, type TraceAnalysis } from '../../../extension/fdtrace/analyze';
import type { Handoff } from '../../../extension/fdtrace/handoffs';
import { holdersAt, socketByInode } from '../../../extension/fdtrace/ownership';
import type { TraceRecord } from '../../../extension/fdtrace/records';
import { FILE, message, PIPE, pairEnd, rec, TCP_ACCEPTED } from './traceLines';

/** A server (pid 10) with a socketpair 201↔202 and a forked worker (pid 11) holding end 202. */
function serverAndWorker(): TraceRecord[] {
  return [
    rec('start', 100, 10, { ppid: 1, exe: '/srv/server', argv: 'server\0--workers\x001' }),
    rec('socketpair', 110, 10, { fd: 3, fd2: 4, kind: 'sock', obj: '9:201', fam: 'unix', stype: 'stream' }),
    rec('socketpair', 111, 10, { fd: 4, fd2: 3, kind: 'sock', obj: '9:202', fam: 'unix', stype: 'stream' }),
    rec('fork', 120, 11, { ppid: 10 }),
    rec('close', 130, 10, { fd: 4 }),
    rec('close', 131, 11, { fd: 3 }),
    rec('accept', 140, 10, { fd: 5, lfd: 6, ...TCP_ACCEPTED }),
  ];
}

const send = (time: number, fds: Record<string, string | number>[], seq = 1): TraceRecord[] => message('send', time, 10, seq, pairEnd(3, 201, 202), fds);
const recv = (time: number, fds: Record<string, string | number>[], seq = 1, extra = {}): TraceRecord[] => message('recv', time, 11, seq, pairEnd(4, 202, 201), fds, extra);

function only(a: TraceAnalysis, pred: (h: Handoff) => boolean = () => true): Handoff {
  const found = a.handoffs.filter(pred);
  assert.strictEqual(found.length, 1, JSON.stringify(a.handoffs, null, 1));
  return found[0];
}

describe('fd trace analysis', () => {
  it('gives one handoff per passed fd, from the sender\'s fd to the receiver\'s', () => {
    const a = analyzeTrace([
      ...serverAndWorker(),
      ...send(150, [{ fd: 5, ...TCP_ACCEPTED }, { fd: 6, ...FILE }]),
      ...recv(160, [{ fd: 7, ...TCP_ACCEPTED }, { fd: 8, ...FILE }]),
      rec('close', 170, 10, { fd: 5 }),
    ]);
    assert.strictEqual(a.handoffs.length, 2);
    const [tcp, file] = a.handoffs;
    assert.deepStrictEqual(
      { from: [tcp.fromPid, tcp.fromFd], to: [tcp.toPid, tcp.toFd], via: tcp.via, kind: tcp.kind, local: tcp.local, remote: tcp.remote, dir: tcp.direction, state: tcp.state, at: [tcp.sentTime, tcp.receivedTime] },
      { from: [10, 5], to: [11, 7], via: 'socketpair 201↔202', kind: 'tcp', local: '127.0.0.10:7777', remote: '127.0.0.11:40001', dir: 'in', state: 'received', at: [150, 160] },
    );
    assert.deepStrictEqual([file.fromFd, file.toFd, file.kind, file.path, file.state, file.index, file.count], [6, 8, 'file', '/etc/hostname', 'received', 1, 2]);
  });

  it('matches the same way when the receipt was written to the file before its send', () => {
    const records = [...serverAndWorker(), ...recv(160, [{ fd: 7, ...PIPE }]), ...send(150, [{ fd: 5, ...PIPE }])];
    const h = only(analyzeTrace(records));
    assert.deepStrictEqual([h.fromPid, h.toPid, h.toFd, h.kind, h.state], [10, 11, 7, 'pipe', 'received']);
  });

  it('pairs messages with their receipts in queue order, by channel', () => {
    const other = pairEnd(13, 301, 302);
    const a = analyzeTrace([
      ...serverAndWorker(),
      ...send(150, [{ fd: 5, ...PIPE }], 1),
      ...message('send', 151, 10, 2, other, [{ fd: 5, ...PIPE }]),
      ...send(152, [{ fd: 5, ...PIPE }], 3),
      ...message('recv', 160, 12, 1, pairEnd(14, 302, 301), [{ fd: 20, ...PIPE }]),
      ...recv(161, [{ fd: 7, ...PIPE }], 1),
      ...recv(162, [{ fd: 9, ...PIPE }], 2),
    ]);
    assert.deepStrictEqual(
      a.handoffs.map((h) => [h.sentTime, h.toPid, h.toFd, h.receivedTime]),
      [[150, 11, 7, 161], [151, 12, 20, 160], [152, 11, 9, 162]],
    );
  });

  it('says in-flight while the receiving end is open, lost once it is closed', () => {
    const sent = [...serverAndWorker(), ...send(150, [{ fd: 5, ...FILE }])];
    const open = only(analyzeTrace(sent));
    assert.deepStrictEqual([open.state, open.toPid, open.reason], ['in-flight', null, null]);
    const closed = only(analyzeTrace([...sent, rec('close', 180, 11, { fd: 4 })]));
    assert.strictEqual(closed.state, 'lost');
    assert.strictEqual(closed.endedTime, 180);
    assert.match(closed.reason ?? '', /receiving end was closed/);
  });

  it('says lost when the receiver exits without receiving, or everyone has ended', () => {
    const sent = [...serverAndWorker(), ...send(150, [{ fd: 5, ...FILE }])];
    assert.strictEqual(only(analyzeTrace([...sent, rec('exit', 190, 11, { status: 0 })])).state, 'lost');
    // The parent's view of a worker killed by a signal counts the same.
    assert.strictEqual(only(analyzeTrace([...sent, rec('reap', 190, 10, { child: 11, signal: 9 })])).state, 'lost');
    // A session that ended (the extension knows) leaves nothing in flight.
    const unknownPeer = [...message('send', 150, 10, 1, { sock: 3, sobj: '9:1', speer: 0 }, [{ fd: 5, ...FILE }])];
    assert.strictEqual(only(analyzeTrace(unknownPeer)).state, 'in-flight');
    assert.strictEqual(only(analyzeTrace(unknownPeer, { sessionEnded: true })).state, 'lost');
  });

  it('says lost for a message the receiver read past (its fds dropped by read())', () => {
    const a = analyzeTrace([
      ...serverAndWorker(),
      ...send(150, [{ fd: 5, ...FILE }], 1),
      ...send(5000, [{ fd: 5, ...PIPE }], 2),
      ...recv(6000, [{ fd: 7, ...PIPE }], 1),
    ]);
    const [first, second] = a.handoffs;
    assert.deepStrictEqual([first.state, first.endedTime, second.state], ['lost', 6000, 'received']);
    assert.match(first.reason ?? '', /read past/);
  });

  it('says truncated for the fds a too-small control buffer had no room for', () => {
    const three = [{ fd: 5, ...FILE }, { fd: 6, ...PIPE }, { fd: 9, ...FILE }];
    const a = analyzeTrace([...serverAndWorker(), ...send(150, three), ...recv(160, [{ fd: 7, ...FILE }], 1, { trunc: 1 })]);
    assert.deepStrictEqual(a.handoffs.map((h) => [h.fromFd, h.toFd, h.state]), [[5, 7, 'received'], [6, null, 'truncated'], [9, null, 'truncated']]);
    assert.match(a.handoffs[1].reason ?? '', /room for 1 of 3/);
    // No room at all: one receipt record without fds.
    const none = analyzeTrace([...serverAndWorker(), ...send(150, three), ...recv(160, [], 1, { trunc: 1 })]);
    assert.deepStrictEqual(none.handoffs.map((h) => h.state), ['truncated', 'truncated', 'truncated']);
  });

  it('keeps a receipt whose send was not traced, from an unknown process', () => {
    const h = only(analyzeTrace([...recv(160, [{ fd: 7, ...FILE }])]));
    assert.deepStrictEqual([h.fromPid, h.fromFd, h.toPid, h.toFd, h.state, h.time], [null, null, 11, 7, 'received', 160]);
  });

  it('names the channel by its path when it has one, and matches a datagram by destination', () => {
    const named = analyzeTrace([
      ...message('send', 150, 10, 1, { sock: 3, sobj: '9:201', speer: 202, sppath: '/run/w.sock' }, [{ fd: 5, ...FILE }]),
      ...message('recv', 160, 11, 1, { sock: 4, sobj: '9:202', speer: 201, spath: '/run/w.sock' }, [{ fd: 7, ...FILE }]),
    ]);
    assert.deepStrictEqual([only(named).via, only(named).state], ['/run/w.sock', 'received']);
    const dgram = analyzeTrace([
      ...message('send', 150, 10, 1, { sock: 3, sobj: '9:201', speer: 0 }, [{ fd: 5, ...FILE }], { dest: '/run/d.sock' }),
      ...message('recv', 160, 11, 1, { sock: 4, sobj: '9:202', speer: 0, spath: '/run/d.sock' }, [{ fd: 7, ...FILE }]),
    ]);
    assert.deepStrictEqual([only(dgram).toFd, only(dgram).via], [7, '/run/d.sock']);
  });

  it('skips peeked receipts: the message is received again for real', () => {
    const a = analyzeTrace([...serverAndWorker(), ...send(150, [{ fd: 5, ...FILE }]), ...recv(155, [{ fd: 7, ...FILE }], 1, { peek: 1 }), ...recv(160, [{ fd: 8, ...FILE }], 2)]);
    assert.deepStrictEqual([only(a).toFd, only(a).receivedTime], [8, 160]);
  });

  it('builds the process table from start, fork, exec, exit and reap', () => {
    const a = analyzeTrace([
      ...serverAndWorker(),
      rec('start', 125, 11, { ppid: 10, exe: '/srv/worker', argv: 'worker\0--id\x001' }),
      rec('fork', 200, 12, { ppid: 10 }),
      rec('exit', 300, 11, { status: 3 }),
      rec('reap', 310, 10, { child: 11, code: 3 }),
      rec('reap', 320, 10, { child: 12, signal: 15 }),
      rec('fork', 400, 12, { ppid: 10 }), // the pid again: a new process
      rec('exit', 500, 10, { status: 0 }),
    ]);
    const table = a.processes.map((p) => ({ pid: p.pid, ppid: p.ppid, argv: p.argv.join(' '), execs: p.execs, exit: p.exit, end: p.exitTime }));
    assert.deepStrictEqual(table, [
      { pid: 10, ppid: 1, argv: 'server --workers 1', execs: 0, exit: { kind: 'exited', code: 0 }, end: 500 },
      { pid: 11, ppid: 10, argv: 'worker --id 1', execs: 1, exit: { kind: 'exited', code: 3 }, end: 300 },
      { pid: 12, ppid: 10, argv: 'server --workers 1', execs: 0, exit: { kind: 'killed', signal: 15 }, end: 320 },
      { pid: 12, ppid: 10, argv: 'server --workers 1', execs: 0, exit: null, end: null },
    ]);
    assert.strictEqual(a.finished, false);
  });

  it('knows who held a wrapped socket when: accept, pass, fork, close, exit', () => {
    const a = analyzeTrace([
      ...serverAndWorker(),
      ...send(150, [{ fd: 5, ...TCP_ACCEPTED }]),
      ...recv(160, [{ fd: 7, ...TCP_ACCEPTED }]),
      rec('close', 170, 10, { fd: 5 }),
      rec('fork', 180, 13, { ppid: 11 }),
      rec('dup', 185, 13, { fd: 7, nfd: 0 }),
      rec('close', 190, 11, { fd: 7 }),
      rec('exit', 200, 13, { status: 0 }),
    ]);
    const at = (t: number): number[] => holdersAt(a, '127.0.0.10:7777', '127.0.0.11:40001', t);
    assert.deepStrictEqual([at(139), at(145), at(165), at(175), at(185), at(195), at(205)], [[], [10], [10, 11], [11], [11, 13], [13], []]);
    // Either end of the connection names it, and the socket is found by its inode.
    assert.deepStrictEqual(holdersAt(a, '127.0.0.11:40001', '127.0.0.10:7777', 165), [10, 11]);
    assert.deepStrictEqual(holdersAt(a, '127.0.0.10:7777', null, 165), [10, 11]);
    assert.strictEqual(socketByInode(a, 500)?.direction, 'in');
    const hold13 = socketByInode(a, 500)?.holds.filter((h) => h.pid === 13);
    assert.deepStrictEqual(hold13?.map((h) => [h.fd, h.from, h.to]), [[7, 180, 200], [0, 185, 200]]);
  });

  it('drops close-on-exec fds at exec and takes the inherited ones from the hold records', () => {
    const a = analyzeTrace([
      ...serverAndWorker(),
      rec('start', 200, 11, { ppid: 10, argv: 'worker' }),
      rec('hold', 200, 11, { fd: 4, kind: 'sock', obj: '9:202', fam: 'unix', stype: 'stream' }),
    ]);
    const end202 = a.sockets.find((s) => s.obj === '9:202');
    assert.deepStrictEqual(end202?.holds.map((h) => [h.pid, h.fd, h.from, h.to]), [[10, 4, 111, 130], [11, 4, 120, 200], [11, 4, 200, null]]);
  });
});
