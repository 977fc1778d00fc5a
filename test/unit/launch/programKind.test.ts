import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { classifyProgram } from '../../../extension/launch/programKind';

describe('classifyProgram', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swd-kind-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs scripts with their interpreter and picks the matching debugger', () => {
    const py = path.join(dir, 'server.py');
    fs.writeFileSync(py, 'print(1)\n');
    assert.deepStrictEqual(classifyProgram(py, dir), { label: 'server.py', file: py, program: 'python3', args: [py], debuggerType: 'debugpy' });
    const js = path.join(dir, 'sub', 'client.js');
    fs.mkdirSync(path.dirname(js));
    fs.writeFileSync(js, '');
    assert.strictEqual(classifyProgram(js, dir)?.label, path.join('sub', 'client.js'));
    assert.strictEqual(classifyProgram(js, dir)?.debuggerType, 'node');
  });

  it('runs ELF executables directly, under gdb for Debug', () => {
    const elf = path.join(dir, 'a.out');
    fs.copyFileSync('/bin/true', elf);
    fs.chmodSync(elf, 0o755);
    assert.deepStrictEqual(classifyProgram(elf, dir), { label: 'a.out', file: elf, program: elf, args: [], debuggerType: 'cppdbg' });
  });

  it('skips files that are not executable, and executable data files', () => {
    const data = path.join(dir, 'notes.txt');
    fs.writeFileSync(data, 'hello');
    assert.strictEqual(classifyProgram(data, dir), undefined);
    fs.chmodSync(data, 0o755);
    assert.strictEqual(classifyProgram(data, dir), undefined);
    const script = path.join(dir, 'run-it');
    fs.writeFileSync(script, '#!/bin/sh\necho hi\n');
    fs.chmodSync(script, 0o755);
    assert.strictEqual(classifyProgram(script, dir)?.program, script);
  });
});
