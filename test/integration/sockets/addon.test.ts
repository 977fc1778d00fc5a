// The native addon's listUnixSockets against real programs under the real socket_wrapper,
// checked against `ss -xapn` on the same sockets: inodes, peers, queue numbers, holders.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadAddon, type NativeSystemError, type NativeUnixSocket, type SwdebugAddon } from '../../../extension/native/addon';
import { ssUnixSockets } from './ss';
import { startPeers, type WrappedPeers } from './wrappedPeers';

function addon(): SwdebugAddon {
  const loaded = loadAddon();
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.reason);
  return loaded.addon;
}

function byName(sockets: readonly NativeUnixSocket[], base: string): NativeUnixSocket[] {
  return sockets.filter((s) => s.name !== null && path.basename(s.name) === base);
}

describe('native listUnixSockets under socket_wrapper', function () {
  this.timeout(60_000);
  let peers: WrappedPeers;

  before(async () => {
    peers = await startPeers();
  });
  after(async () => {
    await peers?.stop();
  });

  it('reports the same sockets, peers, queues and holders as ss -xp', async () => {
    const list = await addon().listUnixSockets([peers.dir]);
    const ss = ssUnixSockets(peers.dir);
    assert.strictEqual(ss.length, 8, `ss sees:\n${JSON.stringify(ss, null, 1)}`);
    const ours = [...list.sockets].sort((a, b) => a.inode - b.inode);
    assert.deepStrictEqual(
      ours.map((s) => ({ inode: s.inode, path: s.name, peer: s.peer, rq: s.rq, wq: s.wq, holders: s.holders.map((h) => `${h.pid}/${h.fd}`).sort() })),
      ss.map((s) => ({ inode: s.inode, path: s.path, peer: s.peer, rq: s.rq, wq: s.wq, holders: s.holders })),
    );
    const comms = new Set(list.processes.map((p) => p.comm));
    assert.deepStrictEqual([...comms], ['python3']);
    assert.deepStrictEqual(list.processes.map((p) => p.pid).sort(), [peers.server.child.pid, peers.client.child.pid].sort());
    assert.ok(list.processes.every((p) => p.cmdline.some((a) => a.endsWith('peers.py'))));
  });

  it('sees the accepted connection\'s unread bytes and the listener\'s waiting connections', async () => {
    const { sockets } = await addon().listUnixSockets(peers.dir);
    const serverPid = peers.server.child.pid;
    const [listener] = byName(sockets, 'T0A1E61').filter((s) => s.state === 10);
    assert.ok(listener, 'no TCP listener T0A1E61');
    const accepted = byName(sockets, 'T0A1E61').find((s) => s.holders.some((h) => h.pid === serverPid && h.fd === peers.accepted.fd));
    assert.ok(accepted, 'the accepted socket should carry its listener\'s name');
    assert.strictEqual(accepted.rq, 3, 'the client sent "abc" and the server never read it');
    const client = sockets.find((s) => s.inode === accepted.peer);
    assert.ok(client?.holders.some((h) => h.pid === peers.client.child.pid && h.fd === peers.clientReady.fds.tcp));
    assert.strictEqual(listener.rq, 1, 'one connection waits for accept()');
    assert.strictEqual(listener.wq, 5, 'listen(5)');
    const waiting = sockets.find((s) => s.inode === listener.pending[0]);
    assert.ok(waiting?.holders.some((h) => h.fd === peers.clientReady.fds.pending), 'the pending list names the waiting client');
    const [udp] = byName(sockets, 'U0A14E9');
    assert.strictEqual(udp.type, 'dgram');
    assert.strictEqual(udp.rq, 7, 'one 7-byte datagram waits');
    const [six] = byName(sockets, 'X0A22B8');
    assert.strictEqual(six.state, 10);
    assert.strictEqual(six.pending.length, 1);
  });

  it('works off the main thread: the event loop keeps turning while listings run', async () => {
    const native = addon();
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 1);
    const started = process.hrtime.bigint();
    const results = await Promise.all(Array.from({ length: 20 }, () => native.listUnixSockets(peers.dir)));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    clearInterval(ticker);
    assert.ok(results.every((r) => r.sockets.length === 8));
    assert.ok(ticks > 0, 'timers ran while the 20 listings were under way');
    console.log(`      (20 concurrent listings in ${ms.toFixed(0)} ms)`);
  });

  it('rejects a bad directory with a typed error, and a relative path with a TypeError', async () => {
    const missing = path.join(peers.dir, 'missing');
    await assert.rejects(addon().listUnixSockets([missing]), (err: NativeSystemError) => {
      assert.strictEqual(err.code, 'ENOENT');
      assert.strictEqual(err.errno, 2);
      assert.strictEqual(err.syscall, 'stat');
      assert.strictEqual(err.path, missing);
      assert.match(err.message, /No such file or directory/);
      return true;
    });
    const file = path.join(peers.dir, 'a-file');
    fs.writeFileSync(file, '');
    await assert.rejects(addon().listUnixSockets(file), (err: NativeSystemError) => err.code === 'ENOTDIR' && err.path === file);
    assert.throws(() => addon().listUnixSockets('relative/dir'), TypeError);
    assert.throws(() => addon().listUnixSockets([]), TypeError);
  });
});
