// parseWrapperLogLine against lines captured from a real run of libsocket_wrapper 1.3.5 at
// SOCKET_WRAPPER_DEBUGLEVEL=3 (test/fixtures/wrapper-log/debuglevel3.txt: a python echo server
// and client, plus the ERROR printed for a too long SOCKET_WRAPPER_DIR).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { explainErrno, parseWrapperLogLine } from '../../../extension/launch/wrapperLog';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'wrapper-log', 'debuglevel3.txt');

describe('parseWrapperLogLine', () => {
  const lines = fs.readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.length > 0);

  it('recognises every captured line, at every level', () => {
    const parsed = lines.map((l) => parseWrapperLogLine(l));
    assert.ok(parsed.every((p) => p !== undefined), lines.filter((_l, i) => parsed[i] === undefined).join('\n'));
    const levels = new Set(parsed.map((p) => p?.level));
    assert.deepStrictEqual([...levels].sort(), ['debug', 'error', 'trace', 'warn']);
  });

  it('splits a line into its parts', () => {
    assert.deepStrictEqual(parseWrapperLogLine('SWRAP_WARN[python3 (8859)] - convert_in_un_remote: str[8.8.8.8] prt[53]'), {
      level: 'warn', prog: 'python3', pid: 8859, func: 'convert_in_un_remote', text: 'str[8.8.8.8] prt[53]',
    });
    const error = lines.find((l) => l.startsWith('SWRAP_ERROR'));
    assert.deepStrictEqual(parseWrapperLogLine(error ?? ''), { level: 'error', prog: 'python3', pid: 16483, func: 'socket_wrapper_dir', text: 'SOCKET_WRAPPER_DIR is too long' });
    assert.strictEqual(parseWrapperLogLine('SWRAP_TRACE[my prog (x) (12)] - swrap_close: Remove wrapper for fd=4\r')?.prog, 'my prog (x)');
  });

  it('ignores program output', () => {
    for (const line of ['Traceback (most recent call last):', 'SWRAP_BOGUS[a (1)] - f: t', 'listening on 0.0.0.0:7001', '']) {
      assert.strictEqual(parseWrapperLogLine(line), undefined, line);
    }
  });
});

describe('explainErrno', () => {
  it('explains EHOSTUNREACH and ENETUNREACH under socket_wrapper', () => {
    assert.match(explainErrno('connect to 127.0.0.10:7999 failed: No route to host') ?? '', /nothing listens .* ECONNREFUSED/);
    assert.match(explainErrno('OSError: [Errno 113] No route to host') ?? '', /EHOSTUNREACH/);
    assert.match(explainErrno('Error: connect ENETUNREACH 8.8.8.8:53') ?? '', /outside the emulated network/);
    assert.strictEqual(explainErrno('Connection refused'), undefined);
  });
});
