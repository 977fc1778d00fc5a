import * as assert from 'assert';
import * as os from 'os';
import { remainingVariable, substituteDeep, substituteKnown, type VariableContext } from '../../../extension/launch/variables';

const ctx: VariableContext = {
  workspaceFolder: '/work/echo',
  folders: { echo: '/work/echo', other: '/work/other' },
  file: '/work/echo/src/server.py',
  env: { HOME: '/home/u', EMPTY: '' },
  cwd: '/tmp',
};

describe('substituteKnown', () => {
  it('replaces the predefined path variables', () => {
    assert.strictEqual(substituteKnown('${workspaceFolder}/a.out', ctx), '/work/echo/a.out');
    assert.strictEqual(substituteKnown('${workspaceFolder:other}/x', ctx), '/work/other/x');
    assert.strictEqual(substituteKnown('${fileDirname}|${fileBasename}|${fileBasenameNoExtension}|${fileExtname}', ctx), '/work/echo/src|server.py|server|.py');
    assert.strictEqual(substituteKnown('${relativeFile}', ctx), 'src/server.py');
    assert.strictEqual(substituteKnown('${workspaceFolderBasename}', ctx), 'echo');
    assert.strictEqual(substituteKnown('${userHome}', ctx), os.homedir());
    assert.strictEqual(substituteKnown('${cwd}${/}x', ctx), '/tmp/x');
  });

  it('reads ${env:NAME}, empty when unset, as VS Code does', () => {
    assert.strictEqual(substituteKnown('${env:HOME}/.cache', ctx), '/home/u/.cache');
    assert.strictEqual(substituteKnown('[${env:NOPE}]', ctx), '[]');
  });

  it('leaves variables only VS Code can resolve, and reports them', () => {
    const v = substituteKnown('${workspaceFolder}/${input:port}', ctx);
    assert.strictEqual(v, '/work/echo/${input:port}');
    assert.strictEqual(remainingVariable(v), '${input:port}');
    assert.strictEqual(remainingVariable('/plain/path'), undefined);
    assert.strictEqual(substituteKnown('${file}', { env: {}, cwd: '/' }), '${file}');
  });

  it('substitutes deep inside arrays and objects, leaving other values alone', () => {
    const out = substituteDeep({ a: ['${workspaceFolder}', 3, true, null], b: { c: '${env:HOME}' } }, ctx);
    assert.deepStrictEqual(out, { a: ['/work/echo', 3, true, null], b: { c: '/home/u' } });
  });
});
