// Cross-checks the tracer with `strace -f -yy`: socket_wrapper appends one pipe fd (its socket
// metadata) to every SCM_RIGHTS message it sends and strips it on receipt, so strace sees
// N+1 fds where the program passed N. The tracer sits before socket_wrapper and must record
// exactly the program's N, on both sides.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeTrace } from '../../../extension/fdtrace/analyze';
import { readTraceFile } from '../../../extension/fdtrace/follow';
import { ensureCliBuilt, removeDir, shortTmpDir, swdebug } from '../helpers';
import { buildPrograms, tracerOrFail, type Programs } from './support';

interface StraceFds {
  readonly call: 'sendmsg' | 'recvmsg';
  /** fd number and strace's -yy annotation, in message order. */
  readonly fds: readonly { fd: number; what: string }[];
}

/** The text inside balanced brackets starting at `open` (the index of a '['). */
function bracketed(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    depth += text[i] === '[' ? 1 : text[i] === ']' ? -1 : 0;
    if (depth === 0) {
      return text.slice(open + 1, i);
    }
  }
  throw new Error(`unbalanced brackets in ${text}`);
}

/** SCM_RIGHTS fd lists in one strace -yy output file. */
function straceRights(file: string): StraceFds[] {
  const out: StraceFds[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const call = /^(sendmsg|recvmsg)\(/.exec(line)?.[1] as StraceFds['call'] | undefined;
    const at = line.indexOf('cmsg_type=SCM_RIGHTS, cmsg_data=[');
    if (call === undefined || at < 0) {
      continue;
    }
    const list = bracketed(line, line.indexOf('[', at + 'cmsg_type=SCM_RIGHTS, cmsg_data='.length - 1));
    const fds = [...list.matchAll(/(?:^|, )(\d+)<((?:[^<>]|<[^>]*>)*)>/g)].map((m) => ({ fd: Number(m[1]), what: m[2] }));
    out.push({ call, fds });
  }
  return out;
}

describe('fd tracer vs strace -f -yy (real socket_wrapper)', function () {
  this.timeout(60_000);
  let bin: string;
  let progs: Programs;
  let work: string;

  before(function () {
    this.timeout(180_000);
    tracerOrFail();
    ensureCliBuilt();
    bin = shortTmpDir('swfs-');
    progs = buildPrograms(bin);
    work = shortTmpDir('swfz-');
  });
  after(() => {
    removeDir(bin);
    removeDir(work);
  });

  it('records the program\'s own fds where strace shows socket_wrapper\'s extra pipe', async () => {
    const trace = path.join(work, 'fd.trace');
    const prefix = path.join(work, 'strace');
    const file = path.join(work, 'passed.txt');
    fs.writeFileSync(file, 'x');
    const done = await swdebug(
      ['--dir', work, '--no-capture', '--fd-trace', trace, '--', 'strace', '-ff', '-yy', '-e', 'trace=sendmsg,recvmsg', '-o', prefix, progs.fdpass, 'six', '7341', file],
      { cwd: work },
    ).done;
    assert.strictEqual(done.code, 0, done.stderr);

    const seen = fs.readdirSync(work).filter((f) => f.startsWith('strace.')).flatMap((f) => straceRights(path.join(work, f)));
    const sent = seen.filter((s) => s.call === 'sendmsg');
    const received = seen.filter((s) => s.call === 'recvmsg');
    assert.strictEqual(sent.length, 1, JSON.stringify(seen));
    assert.strictEqual(received.length, 1, JSON.stringify(seen));
    // strace: the six fds plus socket_wrapper's metadata pipe, on both sides.
    assert.strictEqual(sent[0].fds.length, 7);
    assert.strictEqual(received[0].fds.length, 7);
    assert.match(sent[0].fds[6].what, /^pipe:\[\d+\]$/);
    assert.match(received[0].fds[6].what, /^pipe:\[\d+\]$/);

    const { records } = await readTraceFile(trace);
    const handoffs = analyzeTrace(records).handoffs;
    assert.deepStrictEqual(handoffs.map((h) => h.fromFd), sent[0].fds.slice(0, 6).map((f) => f.fd));
    assert.deepStrictEqual(handoffs.map((h) => h.toFd), received[0].fds.slice(0, 6).map((f) => f.fd));
    // And the same objects: strace's path for the file, its pipe inode for the pipe.
    assert.strictEqual(sent[0].fds[2].what, handoffs[2].path);
    assert.strictEqual(sent[0].fds[3].what, handoffs[3].path);
  });
});
