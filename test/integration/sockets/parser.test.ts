// The addon's unix_diag parser under AddressSanitizer and UBSan: fuzz_netlink.cc checks it
// on well-formed answers, then on 100,000 damaged ones (cut, flipped, lengths rewritten).
// Built here with the same warnings-as-errors flags as the addon, plus the sanitizers.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';

describe('unix_diag parser under AddressSanitizer', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'swsk-fuzz-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('parses well-formed answers and survives damaged ones without a memory error', () => {
    const binary = path.join(tmp, 'fuzz_netlink');
    execFileSync(
      'g++',
      [
        '-std=c++17', '-O1', '-g', '-Wall', '-Wextra', '-Werror',
        '-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer',
        '-I', path.join(ROOT, 'native', 'addon'),
        '-o', binary,
        path.join(ROOT, 'test', 'integration', 'sockets', 'fuzz_netlink.cc'),
        path.join(ROOT, 'native', 'addon', 'sockdiag_netlink.cc'),
      ],
      { stdio: 'pipe' },
    );
    const run = spawnSync(binary, ['100000'], { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0' } });
    assert.strictEqual(run.status, 0, `fuzz_netlink failed (status ${run.status}, signal ${run.signal}):\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^100000 damaged answers parsed without a memory error/);
    console.log(`      (${run.stdout.trim()})`);
  });
});
