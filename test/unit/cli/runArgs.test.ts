// swdebug run option parsing.
import * as assert from 'assert';
import { parseRunArgs } from '../../../extension/cli/runArgs';

describe('parseRunArgs', () => {
  it('maps options to a raw launch configuration', () => {
    const r = parseRunArgs(['--dir', 'd', '--iface=11', '--debug-level', '3', '--library', '/l.so', '--env', 'A=b=c', '--fd-trace', 'fd.log', '--', 'prog', '--flag'], '/ws');
    assert.deepStrictEqual(r.raw, {
      program: 'prog',
      args: ['--flag'],
      cwd: '/ws',
      env: { A: 'b=c', SWDEBUG_FD_TRACE: '/ws/fd.log' },
      socketWrapper: { dir: 'd', defaultIface: 11, debugLevel: 3, library: '/l.so', pcap: true },
    });
  });

  it('captures by default only into a kept directory', () => {
    assert.strictEqual((parseRunArgs(['prog'], '/').raw.socketWrapper as { pcap: unknown }).pcap, false);
    assert.strictEqual((parseRunArgs(['--session', 's', 'prog'], '/').raw.socketWrapper as { pcap: unknown }).pcap, true);
    assert.strictEqual((parseRunArgs(['--capture', 'prog'], '/').raw.socketWrapper as { pcap: unknown }).pcap, true);
    assert.strictEqual((parseRunArgs(['--dir', 'd', '--no-capture', 'prog'], '/').raw.socketWrapper as { pcap: unknown }).pcap, false);
    assert.strictEqual((parseRunArgs(['--pcap', 'x.pcap', 'prog'], '/').raw.socketWrapper as { pcap: unknown }).pcap, 'x.pcap');
  });

  it('stops at the first non-option: the program and its own options', () => {
    assert.deepStrictEqual(parseRunArgs(['python3', '-u', 'x.py'], '/').raw.args, ['-u', 'x.py']);
  });

  it('keeps bad numbers as text for the validator, and rejects unknown options', () => {
    assert.strictEqual((parseRunArgs(['--mtu', 'big', 'p'], '/').raw.socketWrapper as { mtu: unknown }).mtu, 'big');
    assert.throws(() => parseRunArgs(['--frobnicate', 'p'], '/'), { code: 'invalid-config', message: 'unknown option --frobnicate' });
    assert.throws(() => parseRunArgs(['--dir'], '/'), { message: '--dir needs a value' });
    assert.throws(() => parseRunArgs(['--dir', 'd'], '/'), { message: /no program given/ });
    assert.ok(parseRunArgs(['-h'], '/').help);
  });
});
