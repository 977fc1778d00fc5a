// Handoffs and processes as text and JSON (the view's rows, `swdebug fds` lines and its
// --json contract), the Packet Timeline filter, and the command's arguments.
import * as assert from 'assert';
import { analyzeTrace } from '../../../extension/fdtrace/analyze';
import { parseFdsArgs } from '../../../extension/fdtrace/cliArgs';
import type { Handoff } from '../../../extension/fdtrace/handoffs';
import { handoffJson, processJson } from '../../../extension/fdtrace/json';
import { exitLabel, handoffLabel, handoffLine, objectLabel, processLabel } from '../../../extension/fdtrace/text';
import { handoffFilter } from '../../../extension/fdtrace/timelineFilter';
import { FILE, message, pairEnd, rec } from './traceLines';

const base: Handoff = {
  id: 'x', time: 1795611040885723, sentTime: 1795611040885723, receivedTime: 1795611040885900,
  fromPid: 1234, fromTid: 1234, fromFd: 5, toPid: 1235, toTid: 1235, toFd: 7,
  via: 'socketpair 1↔2', viaPath: null, kind: 'tcp', fdKind: 'sock', family: 'ipv4',
  local: '127.0.0.10:7777', remote: '127.0.0.11:40001', direction: 'in', listening: false,
  path: null, obj: '9:1', state: 'received', reason: null, endedTime: null, index: 0, count: 1,
};

describe('fd handoffs as text', () => {
  it('reads "fd 5 → pid 1235 fd 7: TCP 127.0.0.10:7777 ← 127.0.0.11:40001 (received)"', () => {
    assert.strictEqual(handoffLabel(base), 'fd 5 → pid 1235 fd 7: TCP 127.0.0.10:7777 ← 127.0.0.11:40001 (received)');
    assert.strictEqual(handoffLine(base), 'pid 1234 fd 5 → pid 1235 fd 7: TCP 127.0.0.10:7777 ← 127.0.0.11:40001 (received)');
    assert.strictEqual(handoffLabel({ ...base, toPid: null, toFd: null, state: 'in-flight' }), 'fd 5 → not received yet: TCP 127.0.0.10:7777 ← 127.0.0.11:40001 (in-flight)');
    assert.strictEqual(handoffLabel({ ...base, toPid: null, toFd: null, state: 'lost' }), 'fd 5 → nobody: TCP 127.0.0.10:7777 ← 127.0.0.11:40001 (lost)');
    assert.strictEqual(handoffLine({ ...base, fromPid: null, fromFd: null }), 'untraced process fd ? → pid 1235 fd 7: TCP 127.0.0.10:7777 ← 127.0.0.11:40001 (received)');
  });

  it('names each kind of passed fd', () => {
    assert.strictEqual(objectLabel({ ...base, direction: 'out' }), 'TCP 127.0.0.10:7777 → 127.0.0.11:40001');
    assert.strictEqual(objectLabel({ ...base, direction: null }), 'TCP 127.0.0.10:7777 ↔ 127.0.0.11:40001');
    assert.strictEqual(objectLabel({ ...base, remote: null, listening: true }), 'TCP 127.0.0.10:7777 listening');
    assert.strictEqual(objectLabel({ ...base, kind: 'udp', remote: null }), 'UDP 127.0.0.10:7777');
    assert.strictEqual(objectLabel({ ...base, kind: 'unix', local: '/run/a.sock', path: '/run/a.sock', remote: null }), 'unix socket /run/a.sock');
    assert.strictEqual(objectLabel({ ...base, kind: 'file', fdKind: 'file', path: '/etc/hostname' }), 'file /etc/hostname');
    assert.strictEqual(objectLabel({ ...base, kind: 'file', fdKind: 'memfd', path: '/memfd:x (deleted)' }), 'memfd /memfd:x (deleted)');
    assert.strictEqual(objectLabel({ ...base, kind: 'pipe', fdKind: 'pipe', path: 'pipe:[700]' }), 'pipe [700]');
    assert.strictEqual(objectLabel({ ...base, kind: 'other', fdKind: 'eventfd', path: 'anon_inode:[eventfd]' }), 'eventfd');
  });

  it('builds the timeline filter of a passed IP socket, and none for a file', () => {
    assert.strictEqual(handoffFilter(base), 'tcp.port==7777 && ip.addr==127.0.0.10 && tcp.port==40001 && ip.addr==127.0.0.11');
    assert.strictEqual(handoffFilter({ ...base, kind: 'udp', remote: null }), 'udp.port==7777 && ip.addr==127.0.0.10');
    assert.strictEqual(handoffFilter({ ...base, local: '[fd00::5357:5f0a]:53', remote: null }), 'tcp.port==53 && ipv6.addr==fd00::5357:5f0a');
    assert.strictEqual(handoffFilter({ ...base, kind: 'file', local: null }), undefined);
  });

  it('writes the --json contract fields, times in epoch seconds', () => {
    const json = handoffJson(base);
    for (const key of ['time', 'fromPid', 'fromFd', 'toPid', 'toFd', 'via', 'kind', 'local', 'remote', 'path', 'state']) {
      assert.ok(key in json, `no ${key}`);
    }
    assert.strictEqual(json.time, 1795611040.885723);
    assert.strictEqual(JSON.stringify(json.time), '1795611040.885723');
    assert.strictEqual(json.receivedTime, 1795611040.8859);
  });

  it('labels processes and how they ended', () => {
    const a = analyzeTrace([
      rec('start', 1, 10, { ppid: 1, exe: '/srv/prefork-server', argv: '/srv/prefork-server\0--workers\x002' }),
      rec('fork', 2, 11, { ppid: 10 }),
      rec('reap', 3, 10, { child: 11, signal: 15 }),
      ...message('send', 4, 10, 1, pairEnd(3, 1, 2), [{ fd: 5, ...FILE }]),
    ]);
    assert.strictEqual(processLabel(a.processes[0]), 'prefork-server (pid 10)');
    assert.strictEqual(exitLabel(a.processes[1].exit, true), 'killed by SIGTERM');
    assert.strictEqual(exitLabel({ kind: 'exited', code: 0 }, true), 'exited 0');
    assert.strictEqual(exitLabel(null, false), 'running');
    assert.deepStrictEqual(processJson(a.processes[1]), { pid: 11, ppid: 10, argv: ['/srv/prefork-server', '--workers', '2'], exe: '/srv/prefork-server', start: 0.000002, end: 0.000003, status: 'killed by SIGTERM', exitCode: null, signal: 15 });
  });

  it('parses swdebug fds arguments', () => {
    assert.deepStrictEqual(parseFdsArgs(['t.log', '--json']), { file: 't.log', json: true, processes: false });
    assert.deepStrictEqual(parseFdsArgs(['--processes', 't.log']), { file: 't.log', json: false, processes: true });
    assert.deepStrictEqual(parseFdsArgs(['-h']), { help: true });
    assert.deepStrictEqual(parseFdsArgs([]), { error: 'no trace file given' });
    assert.match((parseFdsArgs(['a', 'b']) as { error: string }).error, /one trace file only/);
    assert.match((parseFdsArgs(['a', '--xml']) as { error: string }).error, /unknown option/);
  });
});
