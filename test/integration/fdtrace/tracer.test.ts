// The tracer must change nothing the program sees: without SWDEBUG_FD_TRACE it passes
// everything through; with it, the program's own fd numbers and errno values are what they
// would be without it; a program that closes every fd neither loses the trace nor receives
// trace records in a file it opens next; exec keeps tracing; no record exceeds PIPE_BUF.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { LIBRARY, removeDir, shortTmpDir } from '../helpers';
import { analyse, tracerOrFail } from './support';

/**
 * The interpreter itself, not a launcher script in front of it (pyenv's shims are bash
 * scripts that would add their own processes to the trace).
 */
const PYTHON = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim() || 'python3';

/** Runs python3 -c SCRIPT under socket_wrapper, with the tracer preloaded before it or not. */
function python(script: string, dir: string, trace: string | undefined, tracer: string | undefined): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, SOCKET_WRAPPER_DIR: dir, SOCKET_WRAPPER_DEFAULT_IFACE: '10', LD_PRELOAD: tracer ? `${tracer}:${LIBRARY}` : LIBRARY };
  delete env.SWDEBUG_FD_TRACE;
  if (trace !== undefined) {
    env.SWDEBUG_FD_TRACE = trace;
  }
  const run = spawnSync(PYTHON, ['-c', script], { env, encoding: 'utf8', cwd: dir });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const PROBE = [
  'import errno, os, socket',
  "fd = os.open('/dev/null', os.O_RDONLY)",
  's = socket.socket()',
  'try:',
  "    s.connect(('127.0.0.10', 7399))",
  'except OSError as e:',
  '    err = errno.errorcode[e.errno]',
  'try:',
  '    os.close(12345)',
  'except OSError as e:',
  '    bad = errno.errorcode[e.errno]',
  "print(fd, s.fileno(), err, bad)",
].join('\n');

describe('fd tracer: transparency (real socket_wrapper)', function () {
  this.timeout(60_000);
  let tracer: string;
  let work: string;

  before(() => (tracer = tracerOrFail()));
  beforeEach(() => (work = shortTmpDir('swfx-')));
  afterEach(() => removeDir(work));

  it('passes everything through when SWDEBUG_FD_TRACE is not set', () => {
    const without = python(PROBE, work, undefined, undefined);
    const inert = python(PROBE, work, undefined, tracer);
    assert.strictEqual(inert.code, 0, inert.stderr);
    assert.strictEqual(inert.stdout, without.stdout);
    assert.deepStrictEqual(fs.readdirSync(work), []);
  });

  it('leaves the program\'s fd numbers and errno values as they are without it', async () => {
    const trace = path.join(work, 'fd.trace');
    const without = python(PROBE, work, undefined, undefined);
    const traced = python(PROBE, work, trace, tracer);
    assert.strictEqual(traced.code, 0, traced.stderr);
    // Nothing listens on 127.0.0.10:7399: socket_wrapper says EHOSTUNREACH, with us or not.
    assert.match(without.stdout, /^\d+ \d+ EHOSTUNREACH EBADF\n$/);
    assert.strictEqual(traced.stdout, without.stdout);
    const { analysis, stats } = await analyse(trace);
    assert.strictEqual(stats.malformed, 0);
    assert.strictEqual(analysis.processes.length, 1);
  });

  it('keeps tracing after the program closes every fd, and never writes into the program\'s files', async () => {
    const trace = path.join(work, 'fd.trace');
    const own = path.join(work, 'own.txt');
    const script = [
      'import os, socket',
      'os.closerange(3, 65536)', // a daemon closing every fd it inherited (close_range)
      `f = os.open(${JSON.stringify(own)}, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)`,
      'a, b = socket.socketpair()',
      "socket.send_fds(a, [b'x'], [f])",
      'msg, fds, flags, addr = socket.recv_fds(b, 1, 1)',
      "os.write(f, b'mine\\n')",
      'print(f, fds[0])',
    ].join('\n');
    const run = python(script, work, trace, tracer);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.strictEqual(fs.readFileSync(own, 'utf8'), 'mine\n');
    const [f, got] = run.stdout.trim().split(' ').map(Number);
    assert.strictEqual(f, 3, 'the program gets the lowest fd, as without the tracer');
    const { analysis } = await analyse(trace);
    assert.deepStrictEqual(analysis.handoffs.map((h) => [h.fromFd, h.toFd, h.path, h.state]), [[f, got, own, 'received']]);
  });

  it('follows exec: the same pid starts again with its new command line', async () => {
    const trace = path.join(work, 'fd.trace');
    const run = python("import os; os.execv('/bin/sh', ['sh', '-c', 'exit 3'])", work, trace, tracer);
    assert.strictEqual(run.code, 3);
    const { analysis } = await analyse(trace);
    assert.strictEqual(analysis.processes.length, 1);
    const [p] = analysis.processes;
    assert.deepStrictEqual([p.argv, p.execs, p.exit], [['sh', '-c', 'exit 3'], 1, { kind: 'exited', code: 3 }]);
  });

  it('shortens a record that would exceed PIPE_BUF, and marks it', async () => {
    const trace = path.join(work, 'fd.trace');
    // A path of about 3000 bytes, mostly spaces: escaped (%20) it cannot fit in 4096 bytes.
    let deep = work;
    for (let i = 0; i < 12; i++) {
      deep = path.join(deep, `${' '.repeat(240)}${i}`);
    }
    fs.mkdirSync(deep, { recursive: true });
    const file = path.join(deep, 'f');
    fs.writeFileSync(file, '');
    const script = ['import socket', `f = open(${JSON.stringify(file)})`, 'a, b = socket.socketpair()', "socket.send_fds(a, [b'x'], [f.fileno()])", 'socket.recv_fds(b, 1, 1)'].join('\n');
    const run = python(script, work, trace, tracer);
    assert.strictEqual(run.code, 0, run.stderr);
    const lines = fs.readFileSync(trace, 'latin1').split('\n').filter(Boolean);
    assert.ok(lines.every((l) => l.length + 1 <= 4096), `longest record ${Math.max(...lines.map((l) => l.length))} bytes`);
    const passes = lines.filter((l) => /\t(send|recv)\t/.test(l));
    assert.strictEqual(passes.length, 2);
    assert.ok(passes.every((l) => l.endsWith('\tcut=1')));
    const { analysis, stats } = await analyse(trace);
    assert.strictEqual(stats.malformed, 0);
    assert.deepStrictEqual(analysis.handoffs.map((h) => h.state), ['received']);
    assert.ok(file.startsWith(analysis.handoffs[0].path ?? '?'), 'a prefix of the path');
  });
});
