// /proc/<pid>/stat parsing, including command names with spaces and parentheses.
import * as assert from 'assert';
import { findTree, parseProcStat } from '../../../extension/launch/procScan';

describe('procScan', () => {
  it('parses stat lines whose command contains ") "', () => {
    assert.deepStrictEqual(parseProcStat('1234 (my (odd) prog) S 1 1234 1234 0 -1 4194560'), { pid: 1234, ppid: 1, pgid: 1234, state: 'S' });
    assert.strictEqual(parseProcStat('garbage'), undefined);
  });

  it('finds this process tree from /proc', () => {
    assert.ok(findTree(process.pid, undefined).length === 0, 'the caller itself is never part of a tree');
    assert.deepStrictEqual(findTree(2 ** 22 + 1, undefined), []);
  });
});
