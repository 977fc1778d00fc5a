// The Sockets engine end to end on real programs under socket_wrapper: the rows the view
// and the CLI show, through the addon (sock_diag) and through the /proc/net/unix fallback.
import * as assert from 'assert';
import { loadAddon } from '../../../extension/native/addon';
import { listSockets } from '../../../extension/sockets/listing';
import type { SocketRow } from '../../../extension/sockets/rows';
import { startPeers, type WrappedPeers } from './wrappedPeers';

function native() {
  const loaded = loadAddon();
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.reason);
  return loaded.addon;
}

function find(rows: readonly SocketRow[], pid: number | undefined, fd: number): SocketRow {
  const row = rows.find((r) => r.pid === pid && r.fd === fd);
  assert.ok(row, `no row for pid ${pid} fd ${fd} in:\n${JSON.stringify(rows, null, 1)}`);
  return row;
}

for (const network of ['127.0.0.0', '10.53.57.0'] as const) {
  describe(`Sockets rows of real programs on ${network}`, function () {
    this.timeout(60_000);
    let peers: WrappedPeers;
    const at = (iface: number, port: number): string => `${network.split('.').slice(0, 3).join('.')}.${iface}:${port}`;

    before(async () => {
      peers = await startPeers(network);
    });
    after(async () => {
      await peers?.stop();
    });

    it('lists the listener, the accepted connection with unread bytes, UDP and IPv6 with who is on the other end', async () => {
      const listing = await listSockets(peers.dir, { addon: native(), ipv4Network: network });
      assert.strictEqual(listing.source, 'sock_diag');
      assert.strictEqual(listing.notice, null);
      const { rows } = listing;
      const server = peers.server.child.pid;
      const client = peers.client.child.pid;
      const ready = peers.clientReady.ready;
      assert.strictEqual(rows.length, 8);

      const listener = find(rows, server, peers.serverFds.tcp);
      assert.deepStrictEqual([listener.proto, listener.local, listener.state, listener.pendingAccepts, listener.backlog], ['tcp', at(10, 7777), 'listen', 1, 5]);

      const accepted = find(rows, server, peers.accepted.fd);
      assert.deepStrictEqual(
        [accepted.local, accepted.remote, accepted.direction, accepted.state, accepted.rq, accepted.peerPid],
        [at(10, 7777), ready.tcp, 'in', 'established', 3, client],
      );
      assert.strictEqual(peers.accepted.accepted, ready.tcp, 'the server saw the same client address');

      const outgoing = find(rows, client, peers.clientReady.fds.tcp);
      assert.deepStrictEqual([outgoing.local, outgoing.remote, outgoing.direction, outgoing.state, outgoing.peerPid], [ready.tcp, at(10, 7777), 'out', 'established', server]);
      assert.ok((outgoing.wq ?? 0) > 0, 'the client\'s sent bytes are still charged to it');

      const waiting = find(rows, client, peers.clientReady.fds.pending);
      assert.deepStrictEqual([waiting.local, waiting.remote, waiting.state], [ready.pending, at(10, 7777), 'connecting']);

      const udpServer = find(rows, server, peers.serverFds.udp);
      assert.deepStrictEqual([udpServer.proto, udpServer.local, udpServer.state, udpServer.rq], ['udp', at(10, 5353), 'bound', 7]);
      const udpClient = find(rows, client, peers.clientReady.fds.udp);
      assert.deepStrictEqual([udpClient.local, udpClient.remote, udpClient.state, udpClient.peerPid], [ready.udp, at(10, 5353), 'connected', server]);

      const six = find(rows, server, peers.serverFds.tcp6);
      assert.deepStrictEqual([six.family, six.local, six.state, six.pendingAccepts], ['ipv6', '[fd00::5357:5f0a]:8888', 'listen', 1]);
      const sixClient = find(rows, client, peers.clientReady.fds.tcp6);
      assert.deepStrictEqual([sixClient.local, sixClient.remote, sixClient.state], [ready.tcp6, '[fd00::5357:5f0a]:8888', 'connecting']);
      assert.ok(rows.every((r) => r.program === 'python3' && r.unixPath?.startsWith(`${peers.dir}/`)));
    });

    it('lists the same sockets and holders from /proc/net/unix without the addon, saying what is missing', async () => {
      const withAddon = await listSockets(peers.dir, { addon: native(), ipv4Network: network });
      const fallback = await listSockets(peers.dir, { ipv4Network: network });
      assert.strictEqual(fallback.source, 'proc');
      assert.match(fallback.notice ?? '', /native addon not loaded/);
      const key = (r: SocketRow): string => `${r.pid}/${r.fd} ${r.inode} ${r.proto} ${r.local} ${r.program}`;
      assert.deepStrictEqual(fallback.rows.map(key), withAddon.rows.map(key));
      assert.ok(fallback.rows.every((r) => r.rq === null && r.peerPid === null));
    });
  });
}
