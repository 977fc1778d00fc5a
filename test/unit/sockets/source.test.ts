// Choosing the socket source (addon or /proc fallback) and its typed errors, on a fake /proc.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { NativeUnixSocketList, SwdebugAddon } from '../../../extension/native/addon';
import { SocketsError } from '../../../extension/sockets/errors';
import { listSockets } from '../../../extension/sockets/listing';
import { readSocketSnapshot, socketDirs } from '../../../extension/sockets/source';
import { nativeFixture, textFixture } from './fixtures';

/** A fake /proc: the captured net/unix, moved to `dir`, and one process holding two of its sockets. */
function fakeProc(root: string, dir: string): void {
  fs.mkdirSync(path.join(root, 'net'), { recursive: true });
  fs.writeFileSync(path.join(root, 'net', 'unix'), textFixture('proc-net-unix-tcp-udp-ipv6.txt').replaceAll('/tmp/swx/', `${dir}/`));
  const fdDir = path.join(root, '15444', 'fd');
  fs.mkdirSync(fdDir, { recursive: true });
  fs.symlinkSync('socket:[151584]', path.join(fdDir, '3'));
  fs.symlinkSync('socket:[151587]', path.join(fdDir, '6'));
  fs.symlinkSync('/dev/null', path.join(fdDir, '0'));
  fs.writeFileSync(path.join(root, '15444', 'comm'), 'python3\n');
  fs.writeFileSync(path.join(root, '15444', 'cmdline'), 'python3\0server.py\0');
  fs.mkdirSync(path.join(root, 'self'));
}

function fakeAddon(list: (dirs: readonly string[]) => Promise<NativeUnixSocketList>): SwdebugAddon {
  return { abiVersion: 1, napiVersion: 8, sunPathMax: () => 108, kernelRelease: () => 'test', listUnixSockets: (dirs) => list(typeof dirs === 'string' ? [dirs] : dirs) };
}

function systemError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`failed: ${code}`), { code, errno: 1, syscall: 'socket' }, extra);
}

describe('socket snapshot sources', () => {
  let tmp: string;
  let proc: string;
  let dir: string;

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'swsock-unit-')));
    proc = path.join(tmp, 'proc');
    dir = path.join(tmp, 'swx');
    fs.mkdirSync(dir);
    fakeProc(proc, dir);
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('uses the addon when it is there, asking for the directory and its realpath', async () => {
    const link = path.join(tmp, 'link');
    fs.symlinkSync(dir, link);
    let asked: readonly string[] = [];
    const snapshot = await readSocketSnapshot(link, {
      addon: fakeAddon(async (dirs) => {
        asked = dirs;
        return nativeFixture('sockdiag-tcp-udp-ipv6.json');
      }),
    });
    assert.deepStrictEqual(asked, [link, dir]);
    assert.strictEqual(snapshot.source, 'sock_diag');
    assert.strictEqual(snapshot.notice, null);
    assert.strictEqual(snapshot.sockets.length, 8);
  });

  it('falls back to /proc/net/unix without the addon, and says what is missing', async () => {
    const listing = await listSockets(dir, { procRoot: proc });
    assert.strictEqual(listing.source, 'proc');
    assert.match(listing.notice ?? '', /native addon not loaded.*\/proc\/net\/unix.*no remote addresses, peers, queue sizes/);
    const held = listing.rows.filter((r) => r.pid !== null).map((r) => `${r.pid} ${r.fd} ${r.program} ${r.local} ${r.state} ${r.rq}`);
    assert.deepStrictEqual(held, ['15444 3 python3 127.0.0.10:7777 listen null', '15444 6 python3 127.0.0.10:7777 established null']);
    assert.strictEqual(listing.rows.length, 8);
    assert.ok(listing.rows.every((r) => r.remote === null && r.peerPid === null));
  });

  it('falls back when sock_diag is refused (EPERM), naming the reason', async () => {
    const snapshot = await readSocketSnapshot(dir, { addon: fakeAddon(() => Promise.reject(systemError('EPERM'))), procRoot: proc });
    assert.strictEqual(snapshot.source, 'proc');
    assert.match(snapshot.notice ?? '', /^sock_diag unavailable \(EPERM: failed: EPERM\)/);
  });

  it('fails with ENOENT for a directory that does not exist, whatever the source', async () => {
    for (const addon of [undefined, fakeAddon(() => Promise.reject(new Error('not reached')))]) {
      await assert.rejects(readSocketSnapshot(path.join(tmp, 'missing'), { addon, procRoot: proc }), (err: unknown) => {
        assert.ok(err instanceof SocketsError);
        assert.strictEqual(err.code, 'ENOENT');
        assert.match(err.message, /socket directory .*missing does not exist/);
        return true;
      });
    }
  });

  it('fails with ENOTDIR for a file, and passes on the addon\'s own directory errors', async () => {
    const file = path.join(tmp, 'file');
    fs.writeFileSync(file, '');
    await assert.rejects(readSocketSnapshot(file), (err: unknown) => err instanceof SocketsError && err.code === 'ENOTDIR');
    const vanished = fakeAddon(() => Promise.reject(systemError('ENOENT', { syscall: 'stat', path: dir })));
    await assert.rejects(readSocketSnapshot(dir, { addon: vanished }), (err: unknown) => err instanceof SocketsError && err.code === 'ENOENT');
  });

  it('lists a directory once when it is its own realpath', () => {
    assert.deepStrictEqual(socketDirs(dir), [dir]);
    assert.deepStrictEqual(socketDirs(`${dir}/`), [dir]);
  });
});
