// The fd tracer with real programs under the real libsocket_wrapper, through
// `swdebug run --fd-trace` and `swdebug fds --json`: six fds of six kinds in one message,
// Python's socket.send_fds, a descriptor nobody receives (in-flight, then lost), receipts
// with a control buffer too small (truncated), a fork after receiving (ownership), and
// threads passing concurrently. Each test compares the trace with what the programs printed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { holdersAt } from '../../../extension/fdtrace/ownership';
import { ensureCliBuilt, removeDir, shortTmpDir, swdebug } from '../helpers';
import { analyse, buildPrograms, FIXTURES, fdsJson, fdsText, numbers, tracerOrFail, type Programs } from './support';

describe('fd tracer: passing fds (real socket_wrapper)', function () {
  this.timeout(60_000);
  let bin: string;
  let progs: Programs;
  let work: string;
  let trace: string;

  before(function () {
    this.timeout(180_000);
    tracerOrFail();
    ensureCliBuilt();
    bin = shortTmpDir('swfb-');
    progs = buildPrograms(bin);
  });
  after(() => removeDir(bin));
  beforeEach(() => {
    work = shortTmpDir('swft-');
    trace = path.join(work, 'fd.trace');
  });
  afterEach(() => removeDir(work));

  const run = (...args: string[]): ReturnType<typeof swdebug> => swdebug(['--dir', work, '--no-capture', '--fd-trace', trace, '--', ...args], { cwd: work });

  it('six fds of six kinds in one message: two processes, six handoffs, each described', async () => {
    const file = path.join(work, 'passed.txt');
    fs.writeFileSync(file, 'x');
    const proc = run(progs.fdpass, 'six', '7301', file);
    const done = await proc.done;
    assert.strictEqual(done.code, 0, done.stderr);
    const [, parent, sent] = /parent (\d+) sent 6: ([\d,]+)/.exec(done.stdout) ?? [];
    const [, child, received] = /child (\d+) received 6: ([\d,]+)/.exec(done.stdout) ?? [];
    const handoffs = fdsJson(trace);
    assert.strictEqual(handoffs.length, 6);
    assert.deepStrictEqual(handoffs.map((h) => h.fromFd), numbers(sent));
    assert.deepStrictEqual(handoffs.map((h) => h.toFd), numbers(received));
    for (const h of handoffs) {
      assert.deepStrictEqual([h.fromPid, h.toPid, h.state, h.count], [Number(parent), Number(child), 'received', 6]);
      assert.match(h.via, /^socketpair \d+↔\d+$/);
    }
    assert.deepStrictEqual(handoffs.map((h) => h.kind), ['tcp', 'udp', 'file', 'pipe', 'other', 'file']);
    assert.deepStrictEqual(handoffs.map((h) => h.fdKind), ['sock', 'sock', 'file', 'pipe', 'eventfd', 'memfd']);
    assert.deepStrictEqual([handoffs[0].local, handoffs[0].remote, handoffs[1].local], ['127.0.0.10:7301', null, '127.0.0.10:7302']);
    assert.strictEqual(handoffs[2].path, file);
    assert.match(handoffs[3].path ?? '', /^pipe:\[\d+\]$/);
    assert.strictEqual(handoffs[5].path, '/memfd:swdebug-memfd (deleted)');
    // The text form: one line per passed fd.
    const lines = fdsText(trace);
    assert.strictEqual(lines.length, 6);
    assert.match(lines[0], new RegExp(`pid ${parent} fd ${numbers(sent)[0]} → pid ${child} fd ${numbers(received)[0]}: TCP 127\\.0\\.0\\.10:7301 listening \\(received\\)  via socketpair`));
  });

  it('Python socket.send_fds: a connected TCP socket, a file and a pipe; exec in the process table', async () => {
    const proc = run('python3', path.join(FIXTURES, 'send_fds.py'), '7311', '/etc/hostname');
    const done = await proc.done;
    assert.strictEqual(done.code, 0, done.stderr);
    assert.match(done.stdout, /^from child ping$/m);
    const [, parent, sent, local, remote] = /parent (\d+) sent ([\d,]+) (\S+) (\S+)/.exec(done.stdout) ?? [];
    const [, child, received] = /child (\d+) received ([\d,]+)/.exec(done.stdout) ?? [];
    const handoffs = fdsJson(trace);
    assert.deepStrictEqual(
      handoffs.map((h) => [h.fromPid, h.fromFd, h.toPid, h.toFd, h.kind, h.state]),
      [0, 1, 2].map((i) => [Number(parent), numbers(sent)[i], Number(child), numbers(received)[i], ['tcp', 'file', 'pipe'][i], 'received']),
    );
    // The emulated addresses socket_wrapper gave the connection, as the program saw them.
    assert.deepStrictEqual([handoffs[0].local, handoffs[0].remote, handoffs[0].direction], [local, remote, 'in']);
    assert.strictEqual(handoffs[1].path, '/etc/hostname');
    const { analysis, stats } = await analyse(trace);
    assert.strictEqual(stats.malformed, 0);
    const parentProc = analysis.processes.find((p) => p.pid === Number(parent));
    const forked = analysis.processes.find((p) => p.pid === Number(child));
    assert.ok(parentProc && forked);
    assert.deepStrictEqual([forked.ppid, forked.exit], [Number(parent), { kind: 'exited', code: 0 }]);
    const exec = analysis.processes.find((p) => p.ppid === Number(parent) && p.argv.includes('print("exec ok")'));
    assert.ok(exec, `no exec'd python -c child in ${JSON.stringify(analysis.processes.map((p) => [p.pid, p.ppid, p.argv]))}`);
    assert.deepStrictEqual(exec.exit, { kind: 'exited', code: 0 });
  });

  it('anonymous inodes (eventfd, epoll, timerfd) share one inode, and each is still named for what it is', async () => {
    const script = [
      'import ctypes, os, select, socket',
      'a, b = socket.socketpair()',
      'poller = select.epoll()  # kept: its fd closes with the object',
      'fds = [os.eventfd(0), poller.fileno(), ctypes.CDLL(None).timerfd_create(1, 0)]  # 1: CLOCK_MONOTONIC',
      'for fd in fds * 2:',
      "    socket.send_fds(a, [b'x'], [fd])",
      '    socket.recv_fds(b, 1, 1)',
    ].join('\n');
    const done = await run('python3', '-c', script).done;
    assert.strictEqual(done.code, 0, done.stderr);
    const handoffs = fdsJson(trace);
    const kinds = handoffs.map((h) => h.fdKind);
    assert.deepStrictEqual(kinds.slice(0, 3), ['eventfd', 'epoll', 'timerfd']);
    assert.deepStrictEqual(kinds.slice(3), kinds.slice(0, 3), 'the second round names them the same way');
    assert.ok(handoffs.every((h) => h.state === 'received'));
  });

  it('a descriptor nobody receives: in-flight while the receiver lives, lost once it closes its end', async () => {
    const proc = run(progs.fdpass, 'lost');
    const [, childPid] = await proc.waitForLine(/^child (\d+) waits for SIGUSR1$/);
    await proc.waitForLine(/^parent \d+ sent fd \d+ to child/);
    const inFlight = fdsJson(trace);
    assert.deepStrictEqual(inFlight.map((h) => [h.state, h.toPid, h.path]), [['in-flight', null, '/dev/null']]);
    process.kill(Number(childPid), 'SIGUSR1');
    const done = await proc.done;
    assert.strictEqual(done.code, 0, done.stderr);
    const lost = fdsJson(trace);
    assert.deepStrictEqual(lost.map((h) => [h.state, h.toPid]), [['lost', null]]);
    assert.match(lost[0].reason ?? '', /receiving end was closed/);
  });

  it('a control buffer too small: the fds that did not fit are truncated (with and without MSG_CTRUNC)', async () => {
    const done = await run(progs.fdpass, 'truncate').done;
    assert.strictEqual(done.code, 0, done.stderr);
    // socket_wrapper 1.3.5 does not set MSG_CTRUNC for a short buffer (the kernel would), only for none.
    assert.match(done.stdout, /received 1 of 3, flags 0x0$/m);
    assert.match(done.stdout, /received 0 of 2, flags 0x8$/m);
    const handoffs = fdsJson(trace);
    assert.deepStrictEqual(
      handoffs.map((h) => [h.path, h.state]),
      [['/dev/null', 'received'], ['/dev/zero', 'truncated'], ['/dev/urandom', 'truncated'], ['/dev/null', 'truncated'], ['/dev/full', 'truncated']],
    );
  });

  it('a fork after receiving: the socket is held by the receiver, then also by its child', async () => {
    const done = await run(progs.fdpass, 'fork-after', '7321').done;
    assert.strictEqual(done.code, 0, done.stderr);
    assert.match(done.stdout, /^parent read hello$/m);
    const [, parent] = /parent (\d+) passed accepted fd (\d+)/.exec(done.stdout) ?? [];
    const [, child, fd] = /child (\d+) received fd (\d+)/.exec(done.stdout) ?? [];
    const [, grandchild] = /grandchild (\d+) writes/.exec(done.stdout) ?? [];
    const { analysis } = await analyse(trace);
    const [h] = analysis.handoffs;
    assert.deepStrictEqual([analysis.handoffs.length, h.kind, h.fromPid, h.toPid, h.toFd, h.state], [1, 'tcp', Number(parent), Number(child), Number(fd), 'received']);
    assert.ok(h.local !== null && h.remote !== null && h.receivedTime !== null);
    const g = analysis.processes.find((p) => p.pid === Number(grandchild));
    assert.ok(g && g.exitTime !== null);
    assert.strictEqual(g.ppid, Number(child));
    // The accepted socket's holders: the parent before it passed it, the child after, the
    // grandchild while it ran; after everyone closed or exited, nobody.
    const socket = analysis.sockets.find((s) => s.local === h.local && s.remote === h.remote);
    assert.ok(socket);
    assert.deepStrictEqual(holdersAt(analysis, h.local, h.remote, socket.holds[0].from), [Number(parent)]);
    assert.ok(holdersAt(analysis, h.local, h.remote, h.receivedTime).includes(Number(child)));
    // (The parent may still be closing its copy then: it runs concurrently.)
    const whileGrandchildRan = holdersAt(analysis, h.local, h.remote, (g.startTime + g.exitTime) / 2);
    assert.ok(whileGrandchildRan.includes(Number(child)) && whileGrandchildRan.includes(Number(grandchild)), String(whileGrandchildRan));
    assert.deepStrictEqual(holdersAt(analysis, h.local, h.remote, (analysis.lastTime ?? 0) + 1), []);
  });

  it('a channel fd number used again for a new socketpair names the new one (raw close unseen)', async () => {
    const done = await run(progs.fdpass, 'reuse').done;
    assert.strictEqual(done.code, 0, done.stderr);
    const rounds = [...done.stdout.matchAll(/^round \d: fds (\d+),(\d+) inodes (\d+),(\d+)$/gm)];
    assert.strictEqual(rounds.length, 2);
    assert.deepStrictEqual([rounds[0][1], rounds[0][2]], [rounds[1][1], rounds[1][2]], 'the same fd numbers both times');
    const handoffs = fdsJson(trace);
    assert.deepStrictEqual(
      handoffs.map((h) => [h.state, h.via]),
      rounds.map((r) => ['received', `socketpair ${r[3]}↔${r[4]}`]),
    );
  });

  it('a vfork child\'s close is its own, not its parent\'s (it shares the parent\'s memory)', async () => {
    const done = await run(progs.fdpass, 'vfork').done;
    assert.strictEqual(done.code, 0, done.stderr);
    const [, parent, child, fd] = (/parent (\d+) vfork child (\d+) closed fd (\d+); then passed 1 fd/.exec(done.stdout) ?? []).map(Number);
    const { analysis } = await analyse(trace);
    const closes = fs.readFileSync(trace, 'latin1').split('\n').filter((l) => /^SWFD1\tclose\t/.test(l) && l.includes(`\tfd=${fd}`));
    assert.deepStrictEqual(closes.map((l) => Number(l.split('\t')[3])), [child], closes.join('\n'));
    assert.deepStrictEqual(analysis.processes.find((p) => p.pid === child)?.exit, { kind: 'exited', code: 0 });
    // The parent still holds its end: the handoff over it was received.
    assert.deepStrictEqual(analysis.handoffs.map((h) => [h.fromPid, h.toPid, h.state]), [[parent, parent, 'received']]);
  });

  it('threads passing concurrently on their own socketpairs: every pipe matched to its own receipt', async () => {
    const done = await run(progs.fdpass, 'threads', '4', '25').done;
    assert.strictEqual(done.code, 0, done.stderr);
    const sentInodes = [...done.stdout.matchAll(/^sent pipe (\d+)$/gm)].map((m) => m[1]).sort();
    assert.strictEqual(sentInodes.length, 100);
    const { analysis, stats } = await analyse(trace);
    assert.strictEqual(stats.malformed, 0);
    assert.strictEqual(analysis.handoffs.length, 100);
    for (const h of analysis.handoffs) {
      assert.strictEqual(h.state, 'received', JSON.stringify(h));
      assert.notStrictEqual(h.fromTid, h.toTid, 'sender and receiver are different threads');
      assert.strictEqual(h.fromPid, h.toPid);
    }
    // Each receipt carries the very pipe its send did (pipes have an inode each).
    assert.deepStrictEqual(analysis.handoffs.map((h) => /\[(\d+)\]/.exec(h.path ?? '')?.[1]).sort(), sentInodes);
    assert.strictEqual(new Set(analysis.handoffs.map((h) => h.via)).size, 4);
  });
});
