// buildWrapperEnv, parseEnvFile and shellExports: what a wrapped program's environment holds.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { buildWrapperEnv, parseEnvFile, shellExports } from '../../../extension/launch/environment';

const LIB = '/usr/lib/libsocket_wrapper.so';

describe('buildWrapperEnv', () => {
  it('sets the wrapper variables and never mutates the base', () => {
    const base = { PATH: '/bin', HOME: '/root' };
    const frozen = { ...base };
    const { env, delta } = buildWrapperEnv({ base, libraryPath: LIB, dir: '/tmp/swd-x', pcapFile: '/tmp/swd-x/capture.pcap', options: { defaultIface: 12, ipv4Network: '10.53.57.0', mtu: 9000, maxSockets: 100, debugLevel: 3, disableDeepbind: true } });
    assert.deepStrictEqual(base, frozen);
    assert.deepStrictEqual(delta, {
      LD_PRELOAD: LIB,
      SOCKET_WRAPPER_DIR: '/tmp/swd-x',
      SOCKET_WRAPPER_DEFAULT_IFACE: '12',
      SOCKET_WRAPPER_IPV4_NETWORK: '10.53.57.0',
      SOCKET_WRAPPER_PCAP_FILE: '/tmp/swd-x/capture.pcap',
      SOCKET_WRAPPER_MTU: '9000',
      SOCKET_WRAPPER_MAX_SOCKETS: '100',
      SOCKET_WRAPPER_DEBUGLEVEL: '3',
      SOCKET_WRAPPER_DISABLE_DEEPBIND: '1',
    });
    assert.strictEqual(env.PATH, '/bin');
    assert.strictEqual(env.SOCKET_WRAPPER_DIR, '/tmp/swd-x');
    assert.deepStrictEqual(Object.keys(delta).slice(0, 2), ['LD_PRELOAD', 'SOCKET_WRAPPER_DIR']);
  });

  it('prepends the tracer and the library to an existing LD_PRELOAD, without duplicates', () => {
    const { delta } = buildWrapperEnv({ base: { LD_PRELOAD: '/opt/a.so /usr/lib64/libsocket_wrapper.so:/opt/b.so' }, libraryPath: LIB, tracerPath: '/ext/tracer.so', dir: '/d', options: {} });
    assert.strictEqual(delta.LD_PRELOAD, `/ext/tracer.so:${LIB}:/opt/a.so:/opt/b.so`);
    const noTrace = buildWrapperEnv({ base: {}, libraryPath: LIB, tracerPath: '/ext/tracer.so', dir: '/d', options: { fdTrace: false } });
    assert.strictEqual(noTrace.delta.LD_PRELOAD, LIB);
  });

  it('applies env file, then launch env (null removes), then the configuration', () => {
    const { env, delta } = buildWrapperEnv({
      base: { KEEP: 'k', DROP: 'd', LD_PRELOAD: '/base.so', SOCKET_WRAPPER_PCAP_FILE: '/stale.pcap' },
      libraryPath: LIB,
      dir: '/d',
      options: { defaultIface: 5 },
      envFileText: 'A=file\nB=file\nSOCKET_WRAPPER_DEFAULT_IFACE=7\n',
      userEnv: { B: 'user', DROP: null, LD_PRELOAD: '/user.so', SOCKET_WRAPPER_MTU: '1200' },
    });
    assert.strictEqual(env.A, 'file');
    assert.strictEqual(env.B, 'user');
    assert.strictEqual(env.KEEP, 'k');
    assert.ok(!('DROP' in env) && !('DROP' in delta));
    assert.strictEqual(env.LD_PRELOAD, `${LIB}:/user.so`, 'the user LD_PRELOAD replaces the base one and follows ours');
    assert.strictEqual(env.SOCKET_WRAPPER_DEFAULT_IFACE, '5', 'the configuration beats the env file');
    assert.strictEqual(env.SOCKET_WRAPPER_MTU, '1200', 'user env applies where the configuration says nothing');
    assert.ok(!('SOCKET_WRAPPER_PCAP_FILE' in env), 'stale SOCKET_WRAPPER_* from the base are dropped');
  });

  it('defaults the interface to 10 unless the env names one', () => {
    assert.strictEqual(buildWrapperEnv({ base: {}, libraryPath: LIB, dir: '/d', options: {} }).env.SOCKET_WRAPPER_DEFAULT_IFACE, '10');
    assert.strictEqual(buildWrapperEnv({ base: {}, libraryPath: LIB, dir: '/d', options: {}, userEnv: { SOCKET_WRAPPER_DEFAULT_IFACE: '3' } }).env.SOCKET_WRAPPER_DEFAULT_IFACE, '3');
  });

  it('sets SOCKET_WRAPPER_DIR_ALLOW_ORIG when asked', () => {
    assert.strictEqual(buildWrapperEnv({ base: {}, libraryPath: LIB, dir: '/d', options: {}, allowOrigDir: true }).delta.SOCKET_WRAPPER_DIR_ALLOW_ORIG, '1');
  });
});

describe('parseEnvFile', () => {
  it('reads NAME=value, export, comments, quotes and escapes', () => {
    const text = [
      '# a comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      '  SPACED = around  ',
      'SINGLE=\'it $is literal\\n\'',
      'DOUBLE="line1\\nline2 \\"q\\""',
      'INLINE=abc # trailing comment',
      'HASH=a#b',
      'EMPTY=',
      'not a line',
      '1BAD=x',
    ].join('\n');
    assert.deepStrictEqual(parseEnvFile(text), {
      PLAIN: 'value',
      EXPORTED: 'yes',
      SPACED: 'around',
      SINGLE: 'it $is literal\\n',
      DOUBLE: 'line1\nline2 "q"',
      INLINE: 'abc',
      HASH: 'a#b',
      EMPTY: '',
    });
  });

  it('accepts CRLF line ends', () => {
    assert.deepStrictEqual(parseEnvFile('A=1\r\nB="2"\r\n'), { A: '1', B: '2' });
  });
});

describe('shellExports', () => {
  const tricky: Record<string, string> = {
    LD_PRELOAD: '/a b/lib.so',
    QUOTE: "it's",
    DOLLAR: '$HOME `id` $(id) \\n',
    NEWLINE: 'a\nb',
    EMPTY: '',
  };

  it('writes single-quoted export lines', () => {
    assert.strictEqual(shellExports({ A: "x'y" }), "export A='x'\\''y'\n");
  });

  it('round-trips every value through bash unchanged', () => {
    const script = `${shellExports(tricky)}\nfor n in ${Object.keys(tricky).join(' ')}; do printf '%s\\0' "\${!n}"; done`;
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8', env: {} });
    assert.deepStrictEqual(out.split('\0').slice(0, -1), Object.values(tricky));
  });

  it('comments out names a shell cannot export', () => {
    assert.match(shellExports({ 'BAD-NAME': 'x' }), /^# skipped "BAD-NAME"/);
  });
});
