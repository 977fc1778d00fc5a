// delegatedConfiguration per debugger: the wrapper env goes where only the debuggee gets it,
// and debuggerConfig is merged over the result.
import * as assert from 'assert';
import { DEFERRED_DIR_VAR, NODE_PRELOAD_SOURCE, PYTHON_SHIM_SOURCE, ensureNodePreload } from '../../../extension/launch/debuggeeShims';
import { DELEGATABLE, delegatedConfiguration } from '../../../extension/launch/delegate';
import { normalizeLaunchConfig, type LaunchConfig } from '../../../extension/launch/options';
import * as fs from 'fs';

const delta = { LD_PRELOAD: '/lib/libsocket_wrapper.so', SOCKET_WRAPPER_DIR: '/tmp/swd-a', SOCKET_WRAPPER_DEFAULT_IFACE: '10' };
const shims = { nodePreloadPath: '/x/node-preload.js', pythonShimPath: '/x/python-shim.py' };

function cfg(debuggerName: string, extra: Record<string, unknown> = {}): LaunchConfig {
  return normalizeLaunchConfig({ program: 'prog', args: ['a b', "c'd"], debugger: debuggerName, ...extra }, { cwd: '/ws' });
}

describe('delegatedConfiguration', () => {
  it('covers every delegatable debugger', () => {
    for (const d of DELEGATABLE) {
      const out = delegatedConfiguration(cfg(d), '/ws/prog', delta, 'n', shims);
      assert.strictEqual(out.request, 'launch');
      assert.strictEqual(out.name, 'n');
      assert.strictEqual(out.cwd, '/ws');
    }
  });

  it('cppdbg: environment array, gdb, internal console', () => {
    const out = delegatedConfiguration(cfg('cppdbg', { debuggerConfig: { stopAtEntry: true, environment: [{ name: 'X', value: '1' }, { name: 'LD_PRELOAD', value: '/asan.so' }] } }), '/ws/prog', delta, 'n', shims);
    assert.strictEqual(out.type, 'cppdbg');
    assert.strictEqual(out.program, '/ws/prog');
    assert.deepStrictEqual(out.args, ['a b', "c'd"]);
    assert.strictEqual(out.MIMode, 'gdb');
    assert.strictEqual(out.externalConsole, false);
    assert.strictEqual(out.stopAtEntry, true, 'debuggerConfig wins');
    assert.deepStrictEqual(out.environment, [
      { name: 'LD_PRELOAD', value: '/lib/libsocket_wrapper.so:/asan.so' },
      { name: 'SOCKET_WRAPPER_DIR', value: '/tmp/swd-a' },
      { name: 'SOCKET_WRAPPER_DEFAULT_IFACE', value: '10' },
      { name: 'X', value: '1' },
    ]);
  });

  it('lldb (CodeLLDB): env object and terminal', () => {
    const out = delegatedConfiguration(cfg('lldb', { console: 'integratedTerminal', debuggerConfig: { env: { RUST_LOG: 'debug' } } }), '/ws/prog', delta, 'n', shims);
    assert.strictEqual(out.type, 'lldb');
    assert.strictEqual(out.terminal, 'integrated');
    assert.deepStrictEqual(out.env, { ...delta, RUST_LOG: 'debug' });
  });

  it('gdb (Native Debug): target, shell-quoted arguments, env through gdb "set environment"', () => {
    const out = delegatedConfiguration(cfg('gdb', { debuggerConfig: { autorun: ['break main'], type: 'lldb' } }), '/ws/prog', delta, 'n', shims);
    assert.strictEqual(out.type, 'gdb', 'debuggerConfig cannot change the type');
    assert.strictEqual(out.target, '/ws/prog');
    assert.strictEqual(out.arguments, `'a b' 'c'\\''d'`);
    assert.ok(!('env' in out), 'Native Debug applies "env" to gdb itself, so it is not used');
    assert.deepStrictEqual(out.autorun, [
      'set environment LD_PRELOAD=/lib/libsocket_wrapper.so',
      'set environment SOCKET_WRAPPER_DIR=/tmp/swd-a',
      'set environment SOCKET_WRAPPER_DEFAULT_IFACE=10',
      'break main',
    ]);
  });

  it('node and pwa-node: js-debug type node, socket directory deferred to the preload shim', () => {
    for (const d of ['node', 'pwa-node']) {
      const out = delegatedConfiguration(cfg(d, { debuggerConfig: { env: { NODE_OPTIONS: '--max-old-space-size=100', A: 'b' } } }), '/ws/server.js', delta, 'n', shims);
      assert.strictEqual(out.type, 'node');
      assert.strictEqual(out.program, '/ws/server.js');
      assert.strictEqual(out.runtimeExecutable, 'node');
      assert.strictEqual(out.console, 'internalConsole');
      assert.strictEqual(out.autoAttachChildProcesses, false);
      assert.deepStrictEqual(out.env, {
        LD_PRELOAD: '/lib/libsocket_wrapper.so',
        SOCKET_WRAPPER_DEFAULT_IFACE: '10',
        [DEFERRED_DIR_VAR]: '/tmp/swd-a',
        NODE_OPTIONS: '--require /x/node-preload.js --max-old-space-size=100',
        A: 'b',
      });
    }
  });

  it('node: "program": "node" with the script in args, and a preload path with spaces', () => {
    const c = normalizeLaunchConfig({ program: 'node', args: ['server.js', '--port', '1'], debugger: 'node' }, { cwd: '/ws' });
    const out = delegatedConfiguration(c, '/usr/bin/node', delta, 'n', { nodePreloadPath: '/my dir/p.js' });
    assert.strictEqual(out.runtimeExecutable, '/usr/bin/node');
    assert.strictEqual(out.program, '/ws/server.js');
    assert.deepStrictEqual(out.args, ['--port', '1']);
    assert.strictEqual((out.env as Record<string, string>).NODE_OPTIONS, '--require "/my dir/p.js"');
    const bad = normalizeLaunchConfig({ program: 'node', args: ['--inspect'], debugger: 'node' }, { cwd: '/ws' });
    assert.throws(() => delegatedConfiguration(bad, '/usr/bin/node', delta, 'n', shims), { code: 'invalid-config' });
  });

  it('debugpy: the shim runs the program after debugpy connected; python interpreter unwrapped', () => {
    const out = delegatedConfiguration(cfg('debugpy', { console: 'integratedTerminal' }), '/ws/server.py', delta, 'n', shims);
    assert.strictEqual(out.type, 'debugpy');
    assert.strictEqual(out.program, '/x/python-shim.py');
    assert.deepStrictEqual(out.args, ['/ws/server.py', 'a b', "c'd"]);
    assert.strictEqual(out.console, 'integratedTerminal');
    assert.strictEqual(out.subProcess, false);
    assert.deepStrictEqual(out.env, { LD_PRELOAD: '/lib/libsocket_wrapper.so', SOCKET_WRAPPER_DEFAULT_IFACE: '10', [DEFERRED_DIR_VAR]: '/tmp/swd-a' });
    const m = delegatedConfiguration(normalizeLaunchConfig({ program: 'python3', args: ['-m', 'http.server'], debugger: 'debugpy' }, { cwd: '/ws' }), '/usr/bin/python3', delta, 'n', shims);
    assert.strictEqual(m.python, '/usr/bin/python3');
    assert.deepStrictEqual(m.args, ['-m', 'http.server']);
  });

  it('writes the shims into a private per-user directory, once', () => {
    const base = fs.mkdtempSync('/tmp/swdu-');
    try {
      const file = ensureNodePreload(base);
      assert.strictEqual(ensureNodePreload(base), file);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), NODE_PRELOAD_SOURCE);
      assert.strictEqual(fs.statSync(`${base}/swdebug-${process.getuid?.() ?? 0}`).mode & 0o777, 0o700);
      assert.ok(PYTHON_SHIM_SOURCE.includes('runpy.run_path'));
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
