// "debugger": "cppdbg" / "gdb" with the real gdb: the environment that delegatedConfiguration
// hands over reaches the debuggee and not gdb. cppdbg's MIEngine turns "environment" into
// gdb `set environment` commands before `run`; Native Debug runs our "autorun" commands.
// Both are replayed here with gdb in batch mode, and the debuggee reports what it sees.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { delegatedConfiguration } from '../../extension/launch/delegate';
import { normalizeLaunchConfig } from '../../extension/launch/options';
import { prepareLaunch } from '../../extension/launch/prepare';
import { removeSessionDir } from '../../extension/launch/sessionDir';
import { FIXTURES } from './helpers';

const PROBE = path.join(FIXTURES, 'wrapped_probe.py');
const PORT = 7300;
/** The emulated socket file for TCP 127.0.0.10:7300: T + iface 0A + port in hex. */
const SOCKET_FILE = `T0A${PORT.toString(16).toUpperCase().padStart(4, '0')}`;

function runUnderGdb(setupCommands: string[], program: string, args: string[]): string {
  const ex = setupCommands.flatMap((c) => ['-ex', c]);
  return execFileSync('gdb', ['-nx', '-batch', ...ex, '-ex', 'run', '--args', program, ...args], {
    encoding: 'utf8',
    // gdb's own environment: the test runner's, without any preload.
    env: { ...process.env, LD_PRELOAD: '' },
    timeout: 60_000,
  });
}

describe('delegating to gdb (real gdb)', () => {
  for (const debuggerType of ['cppdbg', 'gdb'] as const) {
    it(`${debuggerType}: the debuggee runs wrapped, gdb does not`, async () => {
      const cfg = normalizeLaunchConfig({ program: '/usr/bin/python3', args: [PROBE, String(PORT)], debugger: debuggerType, socketWrapper: { pcap: false } }, { cwd: FIXTURES });
      const prepared = await prepareLaunch(cfg, { baseEnv: process.env });
      try {
        const config = delegatedConfiguration(cfg, prepared.programPath, prepared.delta, 'probe');
        let commands: string[];
        if (debuggerType === 'cppdbg') {
          assert.strictEqual(config.type, 'cppdbg');
          const environment = config.environment as { name: string; value: string }[];
          assert.ok(environment.some((e) => e.name === 'LD_PRELOAD' && e.value.includes('libsocket_wrapper.so')));
          commands = environment.map((e) => `set environment ${e.name}=${e.value}`);
        } else {
          assert.strictEqual(config.type, 'gdb');
          assert.strictEqual(config.env, undefined, 'Native Debug would give "env" to gdb itself');
          commands = config.autorun as string[];
        }
        const output = runUnderGdb(commands, prepared.programPath, prepared.args);
        assert.match(output, new RegExp(`probe: socket files \\[.*'${SOCKET_FILE}'.*\\]`), output);
        assert.match(output, /probe: gdb pid [1-9]\d* preloaded=False/, output);
      } finally {
        removeSessionDir(prepared.dir);
      }
    });
  }
});
