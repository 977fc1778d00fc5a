// normalizeLaunchConfig: defaults, and an 'invalid-config' error naming the attribute for each
// kind of mistake.
import * as assert from 'assert';
import { normalizeLaunchConfig } from '../../../extension/launch/options';

const ok = (raw: Record<string, unknown>) => normalizeLaunchConfig({ program: 'a.out', ...raw }, { cwd: '/work' });
const fails = (raw: Record<string, unknown>, message: RegExp) =>
  assert.throws(() => ok(raw), (err: unknown) => {
    assert.ok(err instanceof Error && err.name === 'LaunchError');
    assert.strictEqual((err as { code?: string }).code, 'invalid-config');
    assert.match(err.message, message);
    return true;
  });

describe('normalizeLaunchConfig', () => {
  it('fills in defaults and ignores VS Code attributes', () => {
    assert.deepStrictEqual(ok({ type: 'socket_wrapper', request: 'launch', name: 'x', preLaunchTask: 'build' }), {
      program: 'a.out', args: [], cwd: '/work', env: {}, console: 'debugConsole', debugger: 'none', debuggerConfig: {}, socketWrapper: {},
    });
  });

  it('resolves a relative cwd and keeps every valid option', () => {
    const cfg = ok({
      cwd: 'sub', args: ['-v'], env: { A: '1', B: null }, envFile: '.env', console: 'integratedTerminal', debugger: 'cppdbg', debuggerConfig: { MIMode: 'gdb' },
      socketWrapper: { dir: '/tmp/d', session: 's', defaultIface: 64, ipv4Network: '10.53.57.0', pcap: 'c.pcap', fdTrace: false, mtu: 512, maxSockets: 1, debugLevel: 0, disableDeepbind: true, library: '/l.so' },
    });
    assert.strictEqual(cfg.cwd, '/work/sub');
    assert.strictEqual(cfg.envFile, '.env');
    assert.deepStrictEqual(cfg.env, { A: '1', B: null });
    assert.strictEqual(cfg.socketWrapper.mtu, 512);
    assert.strictEqual(cfg.socketWrapper.pcap, 'c.pcap');
  });

  it('rejects wrong types and out-of-range values, naming the attribute', () => {
    fails({ program: '' }, /^program must be a non-empty string/);
    fails({ args: 'x' }, /^args must be an array of strings/);
    fails({ args: [1] }, /^args must be/);
    fails({ env: { A: 1 } }, /^env\.A must be a string, or null/);
    fails({ console: 'externalTerminal' }, /^console must be one of/);
    fails({ debugger: 'vsdbg' }, /^debugger must be one of "none", "cppdbg"/);
    fails({ debuggerConfig: [] }, /^debuggerConfig must be an object/);
    fails({ socketWrapper: { defaultIface: 0 } }, /^socketWrapper\.defaultIface must be an integer from 1 to 64 \(got 0\)/);
    fails({ socketWrapper: { defaultIface: 65 } }, /defaultIface/);
    fails({ socketWrapper: { defaultIface: 1.5 } }, /defaultIface/);
    fails({ socketWrapper: { mtu: 511 } }, /^socketWrapper\.mtu must be an integer from 512 to 32768/);
    fails({ socketWrapper: { mtu: 32769 } }, /mtu/);
    fails({ socketWrapper: { debugLevel: 4 } }, /^socketWrapper\.debugLevel must be an integer from 0 to 3/);
    fails({ socketWrapper: { maxSockets: 0 } }, /maxSockets/);
    fails({ socketWrapper: { ipv4Network: '10.0.0.0' } }, /^socketWrapper\.ipv4Network must be one of "127\.0\.0\.0", "10\.53\.57\.0"/);
    fails({ socketWrapper: { pcap: 1 } }, /^socketWrapper\.pcap must be true, false or a file path/);
    fails({ socketWrapper: { fdTrace: 'yes' } }, /^socketWrapper\.fdTrace must be true or false/);
    fails({ socketWrapper: { dir: '' } }, /^socketWrapper\.dir must be a non-empty string/);
    fails({ socketWrapper: { iface: 3 } }, /^socketWrapper\.iface is not a socket_wrapper option/);
    fails({ socketWrapper: 'x' }, /^socketWrapper must be an object/);
  });
});
