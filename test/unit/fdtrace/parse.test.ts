// The fd trace line parser: every event of FORMAT.md, the value escaping, and lines that are
// not records (counted and skipped by the reader, never thrown).
import * as assert from 'assert';
import { unescapeValue } from '../../../extension/fdtrace/escape';
import { parseTraceLine } from '../../../extension/fdtrace/parse';
import { line } from './traceLines';

function parsed(text: string): ReturnType<typeof parseTraceLine> {
  return parseTraceLine(text, 7);
}

describe('fd trace parser', () => {
  it('parses a send with its channel, message and fd description', () => {
    const text = line('send', 1795611040885723, 3738, {
      sock: 3, sobj: '9:325908', speer: 325909, seq: 1, n: 2, i: 0, fd: 5,
      kind: 'sock', obj: '9:325910', fam: 'inet', stype: 'stream', local: '127.0.0.10:7777', upath: '/tmp/sw/T0A1E61',
    }, 3740);
    const r = parsed(text);
    assert.ok(r.ok);
    assert.deepStrictEqual(r.record, {
      time: 1795611040885723, pid: 3738, tid: 3740, line: 7, cut: false, event: 'send',
      channel: { fd: 3, obj: '9:325908', peerIno: 325909, path: null, peerPath: null },
      seq: 1, n: 2, i: 0, fd: 5, trunc: false, peek: false, dest: null,
      desc: { kind: 'sock', obj: '9:325910', fam: 'inet', stype: 'stream', local: '127.0.0.10:7777', remote: null, upath: '/tmp/sw/T0A1E61', uppath: null, path: null },
    });
  });

  it('parses process records: start with its argv, fork, exit, reap', () => {
    const start = parsed(line('start', 10, 100, { ppid: 1, exe: '/usr/bin/python3', argv: 'python3\0-c\0print("a b")' }));
    assert.ok(start.ok && start.record.event === 'start');
    assert.deepStrictEqual(start.record.argv, ['python3', '-c', 'print("a b")']);
    assert.strictEqual(start.record.ppid, 1);
    const fork = parsed(line('fork', 11, 101, { ppid: 100 }));
    assert.ok(fork.ok && fork.record.event === 'fork' && fork.record.ppid === 100);
    const exit = parsed(line('exit', 12, 101, { status: 3, how: '_exit' }));
    assert.ok(exit.ok && exit.record.event === 'exit' && exit.record.status === 3 && exit.record.how === '_exit');
    const reap = parsed(line('reap', 13, 100, { child: 101, signal: 15 }));
    assert.ok(reap.ok && reap.record.event === 'reap' && reap.record.signal === 15 && reap.record.code === null);
  });

  it('parses lifecycle records and the receipt flags', () => {
    const accept = parsed(line('accept', 1, 2, { fd: 6, lfd: 5, kind: 'sock', obj: '9:1', fam: 'inet6', stype: 'stream', local: '[fd00::5357:5f0a]:53' }));
    assert.ok(accept.ok && accept.record.event === 'accept' && accept.record.lfd === 5 && accept.record.desc.local === '[fd00::5357:5f0a]:53');
    const close = parsed(line('close', 1, 2, { fd: 6, replaced: 1 }));
    assert.ok(close.ok && close.record.event === 'close' && close.record.replaced);
    const recv = parsed(line('recv', 1, 2, { sock: 4, sobj: '9:2', speer: 0, seq: 3, n: 0, i: 0, fd: -1, trunc: 1 }));
    assert.ok(recv.ok && recv.record.event === 'recv' && recv.record.trunc && recv.record.desc === null && recv.record.fd === -1);
  });

  it('decodes %XX escapes and UTF-8 in values', () => {
    const r = parsed(line('send', 1, 2, { sock: 3, seq: 1, n: 1, i: 0, fd: 4, kind: 'file', obj: '1:2', path: '/tmp/a b\tc%/é.txt' }));
    assert.ok(r.ok && r.record.event === 'send');
    assert.strictEqual(r.record.desc?.path, '/tmp/a b\tc%/é.txt');
    // As the reader sees it: latin1, one char per byte.
    assert.strictEqual(unescapeValue(Buffer.from('/tmp/%C3%A9-é', 'utf8').toString('latin1')), '/tmp/é-é');
    assert.strictEqual(unescapeValue('50%'), undefined);
  });

  it('marks a record the tracer shortened', () => {
    const r = parsed(line('start', 1, 2, { argv: 'x', cut: 1 }));
    assert.ok(r.ok && r.record.cut);
  });

  it('reports an unknown event as unknown, not malformed', () => {
    assert.deepStrictEqual(parsed(line('mmap', 1, 2, { fd: 3 })), { ok: false, unknown: true, event: 'mmap' });
  });

  for (const [what, text] of [
    ['another magic', 'SWFD2\tsend\t1\t2\t2'],
    ['no magic at all', 'hello world'],
    ['too few fields', 'SWFD1\tfork\t1\t2'],
    ['a time that is not a number', 'SWFD1\tfork\t1.5\t2\t2'],
    ['a negative pid', 'SWFD1\tfork\t1\t-2\t2'],
    ['a field without a key', 'SWFD1\tfork\t1\t2\t2\t=3'],
    ['a field without =', 'SWFD1\tfork\t1\t2\t2\tppid'],
    ['a bad escape', 'SWFD1\tstart\t1\t2\t2\texe=%zz'],
    ['a missing required field', line('send', 1, 2, { sock: 3, n: 1, i: 0, fd: 4, kind: 'file' })],
    ['a non-numeric fd', line('close', 1, 2, { fd: 'x' })],
    ['a send without the fd kind', line('send', 1, 2, { sock: 3, seq: 1, n: 1, i: 0, fd: 4 })],
    ['an absurdly long number', line('close', 1, 2, { fd: '12345678901234567890' })],
  ] as const) {
    it(`reports ${what} as malformed, with a reason`, () => {
      const r = parsed(text);
      assert.ok(!r.ok && !r.unknown, JSON.stringify(r));
      assert.ok('reason' in r && r.reason.length > 0);
    });
  }
});
