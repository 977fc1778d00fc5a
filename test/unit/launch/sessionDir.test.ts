// The sun_path check (exactly at and one over the limit) and the private session directory.
import * as assert from 'assert';
import * as fs from 'fs';
import { checkSocketDirLength, createPrivateSessionDir, namedSessionDir, removeSessionDir, SOCKET_NAME_EXAMPLE } from '../../../extension/launch/sessionDir';

describe('sessionDir', () => {
  // dir + '/' + 7-character name + NUL = 108 → the longest dir is 99 bytes.
  const dirOf = (bytes: number): string => `/${'a'.repeat(bytes - 1)}`;

  it('accepts a directory exactly at the limit and rejects one byte more', () => {
    assert.strictEqual(Buffer.byteLength(`${dirOf(99)}/${SOCKET_NAME_EXAMPLE}`) + 1, 108);
    assert.doesNotThrow(() => checkSocketDirLength(dirOf(99)));
    assert.throws(() => checkSocketDirLength(dirOf(100)), (err: Error & { code?: string }) => {
      assert.strictEqual(err.code, 'dir-too-long');
      assert.match(err.message, /needs 109 bytes .* sun_path holds 108/);
      return true;
    });
  });

  it('counts bytes, not characters', () => {
    assert.throws(() => checkSocketDirLength(`/${'é'.repeat(50)}`), { code: 'dir-too-long' });
    assert.doesNotThrow(() => checkSocketDirLength('/x', 11));
    assert.throws(() => checkSocketDirLength('/xy', 11), { code: 'dir-too-long' });
  });

  it('creates a short private directory and removes it', () => {
    const dir = createPrivateSessionDir();
    try {
      assert.match(dir, /\/swd-[A-Za-z0-9]{6}$/);
      assert.strictEqual(fs.statSync(dir).mode & 0o777, 0o700);
      fs.writeFileSync(`${dir}/capture.pcap`, '');
    } finally {
      removeSessionDir(dir);
    }
    assert.ok(!fs.existsSync(dir));
  });

  it('gives a named session one private directory and refuses odd names', () => {
    const name = `unit-${process.pid}`;
    const dir = namedSessionDir(name);
    try {
      assert.strictEqual(namedSessionDir(name), dir);
      assert.strictEqual(fs.statSync(dir).mode & 0o777, 0o700);
    } finally {
      removeSessionDir(dir);
    }
    assert.throws(() => namedSessionDir('../x'), { code: 'invalid-config' });
  });
});
