// resolveProgram: shell-like lookup and the messages for a missing or non-executable program.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveProgram } from '../../../extension/launch/program';

describe('resolveProgram', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swp-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'script.js'), '', { mode: 0o644 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('resolves a path with a slash against cwd', () => {
    assert.strictEqual(resolveProgram('./bin/tool', dir, ''), path.join(dir, 'bin', 'tool'));
    assert.strictEqual(resolveProgram(path.join(dir, 'bin', 'tool'), '/', ''), path.join(dir, 'bin', 'tool'));
  });

  it('searches PATH for a bare name, an empty entry meaning cwd', () => {
    assert.strictEqual(resolveProgram('tool', '/', `/nonexistent:${dir}/bin`), path.join(dir, 'bin', 'tool'));
    assert.strictEqual(resolveProgram('tool', path.join(dir, 'bin'), '/nonexistent:'), path.join(dir, 'bin', 'tool'));
    assert.match(resolveProgram('sh', '/', '/usr/bin:/bin'), /^\/(usr\/)?bin\/sh$/);
  });

  it('names the program, cwd and PATH when it is not found', () => {
    assert.throws(() => resolveProgram('nope', '/work', '/a:/b'), { code: 'program-not-found', message: 'program "nope" not found on PATH (cwd /work; PATH searched: /a:/b)' });
    assert.throws(() => resolveProgram('./nope', dir, ''), { code: 'program-not-found', message: new RegExp(`not a file \\(relative paths are resolved from cwd ${dir}\\)`) });
    assert.throws(() => resolveProgram('./bin', dir, ''), { code: 'program-not-found' });
  });

  it('requires an executable unless a script debugger runs it', () => {
    assert.throws(() => resolveProgram('./script.js', dir, ''), { code: 'program-not-found', message: /is not executable/ });
    assert.strictEqual(resolveProgram('./script.js', dir, '', { mustBeExecutable: false }), path.join(dir, 'script.js'));
    assert.strictEqual(resolveProgram('script.js', dir, '', { mustBeExecutable: false }), path.join(dir, 'script.js'));
  });
});
