// `swdebug doctor` on this machine: the distro's libsocket_wrapper, the addon and the tracer
// that `npm ci` built are all found; a missing tracer is named, with exit code 1.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, ensureCliBuilt, ROOT } from './helpers';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

describe('swdebug doctor', () => {
  before(() => ensureCliBuilt());

  it('finds libsocket_wrapper, the native addon and the fd tracer', () => {
    const r = spawnSync(CLI, ['doctor', '--json'], { encoding: 'utf8' });
    const checks = JSON.parse(r.stdout) as Check[];
    assert.deepStrictEqual(checks.map((c) => [c.name, c.ok]), [['libsocket_wrapper', true], ['native addon', true], ['fd tracer', true]], r.stdout);
    assert.strictEqual(r.status, 0);
    assert.match(checks[0].detail, /libsocket_wrapper\.so/);
  });

  it('names what is missing and exits 1 (a copy of the CLI without the tracer)', () => {
    const copy = fs.mkdtempSync('/tmp/swd-doctor-');
    try {
      fs.cpSync(path.join(ROOT, 'package.json'), path.join(copy, 'package.json'));
      fs.cpSync(path.join(ROOT, 'bin'), path.join(copy, 'bin'), { recursive: true });
      fs.cpSync(path.join(ROOT, 'dist', 'cli.js'), path.join(copy, 'dist', 'cli.js'));
      fs.mkdirSync(path.join(copy, 'build', 'Release'), { recursive: true });
      fs.cpSync(path.join(ROOT, 'build', 'Release', 'swdebug_addon.node'), path.join(copy, 'build', 'Release', 'swdebug_addon.node'));
      const r = spawnSync(path.join(copy, 'bin', 'swdebug'), ['doctor'], { encoding: 'utf8' });
      assert.strictEqual(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /fd tracer: unavailable: .*libswdebug_fdtrace\.so is not built/);
      assert.match(r.stdout, /native addon: ok/);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
