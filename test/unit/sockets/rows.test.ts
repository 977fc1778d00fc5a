// Joining captured sock_diag answers into Sockets rows: states, directions, peers, queues, holders.
import * as assert from 'assert';
import { joinRows, type SocketRow } from '../../../extension/sockets/rows';
import { snapshotFromNative, type SocketSnapshot } from '../../../extension/sockets/snapshot';
import { nativeFixture } from './fixtures';

/** The fields a person reads, in one line per row. */
function line(r: SocketRow): string {
  const arrow = r.direction === 'in' ? '<-' : r.direction === 'out' ? '->' : '';
  return [r.pid, r.fd, r.proto, r.local, arrow, r.remote ?? '', r.state, `rq=${r.rq}`, `wq=${r.wq}`, `peer=${r.peerPid ?? '-'}`].join(' ').replace(/\s+/g, ' ');
}

describe('joining sockets into rows', () => {
  const tcpUdpIpv6 = snapshotFromNative(nativeFixture('sockdiag-tcp-udp-ipv6.json'));

  it('shows listeners, accepted and pending connections, UDP and IPv6 of a server and a client', () => {
    const rows = joinRows(tcpUdpIpv6);
    assert.deepStrictEqual(rows.map(line), [
      '15444 3 tcp 127.0.0.10:7777 listen rq=0 wq=0 peer=-',
      '15444 4 udp 127.0.0.10:5353 bound rq=7 wq=0 peer=-',
      '15444 5 tcp [fd00::5357:5f0a]:8888 listen rq=0 wq=0 peer=-',
      '15444 6 tcp 127.0.0.10:7777 <- 127.0.0.11:25556 established rq=3 wq=0 peer=15556',
      '15556 3 tcp 127.0.0.11:25556 -> 127.0.0.10:7777 established rq=0 wq=768 peer=15444',
      '15556 4 tcp 127.0.0.11:25557 -> 127.0.0.10:7777 connecting rq=0 wq=768 peer=-',
      '15556 5 udp 127.0.0.11:25558 -> 127.0.0.10:5353 connected rq=0 wq=768 peer=15444',
      '15556 6 tcp [fd00::5357:5f0b]:25559 -> [fd00::5357:5f0a]:8888 connecting rq=0 wq=0 peer=-',
    ]);
  });

  it('reports a listener\'s pending connections and backlog instead of queue bytes', () => {
    const [listener] = joinRows(tcpUdpIpv6);
    assert.strictEqual(listener.pendingAccepts, 1);
    assert.strictEqual(listener.backlog, 5);
    assert.strictEqual(listener.unixPath, '/tmp/swx/T0A1E61');
    assert.strictEqual(listener.program, 'python3');
    assert.match(listener.command ?? '', /swx_srv\.py$/);
  });

  it('gives the accepted socket its listener\'s path and the client as peer', () => {
    const accepted = joinRows(tcpUdpIpv6).find((r) => r.inode === 151587);
    assert.ok(accepted);
    assert.strictEqual(accepted.unixPath, '/tmp/swx/T0A1E61');
    assert.strictEqual(accepted.peerInode, 150914);
    assert.strictEqual(accepted.pendingAccepts, null);
  });

  it('shows a closed peer, unread bytes and both holders of a forked socket on 10.53.57.0', () => {
    const rows = joinRows(snapshotFromNative(nativeFixture('sockdiag-closed-peer-forked.json')), { ipv4Network: '10.53.57.0' });
    assert.deepStrictEqual(rows.map(line), [
      '22092 3 tcp 10.53.57.20:80 listen rq=0 wq=0 peer=-',
      '22092 4 tcp 10.53.57.20:80 <- closed rq=5 wq=0 peer=-',
      '22135 3 udp [fd00::5357:5f15]:53 bound rq=0 wq=0 peer=-',
      '22177 3 tcp 10.53.57.20:80 listen rq=0 wq=0 peer=-',
      '22177 4 tcp 10.53.57.20:80 <- closed rq=5 wq=0 peer=-',
    ]);
  });

  it('keeps a socket nobody holds as one row without a process', () => {
    const snapshot: SocketSnapshot = {
      ...tcpUdpIpv6,
      sockets: tcpUdpIpv6.sockets.map((s) => (s.inode === 151585 ? { ...s, holders: [] } : s)),
    };
    const udp = joinRows(snapshot).filter((r) => r.inode === 151585);
    assert.strictEqual(udp.length, 1);
    assert.strictEqual(udp[0].pid, null);
    assert.strictEqual(udp[0].fd, null);
    assert.strictEqual(udp[0].program, null);
    assert.strictEqual(joinRows(snapshot).at(-1)?.inode, 151585, 'rows without a process come last');
  });

  it('names an unnamed client of an emulated server through its peer', () => {
    const snapshot: SocketSnapshot = {
      ...tcpUdpIpv6,
      sockets: tcpUdpIpv6.sockets.map((s) => (s.inode === 150914 ? { ...s, name: null } : s)),
    };
    const client = joinRows(snapshot).find((r) => r.inode === 150914);
    assert.ok(client);
    assert.strictEqual(client.proto, 'tcp');
    assert.strictEqual(client.local, null);
    assert.strictEqual(client.remote, '127.0.0.10:7777');
    const accepted = joinRows(snapshot).find((r) => r.inode === 151587);
    assert.strictEqual(accepted?.remote, null, 'the server side no longer knows the client address');
  });

  it('lets an endpoint resolver (the fd tracer, later) fill only what the kernel left empty', () => {
    const snapshot: SocketSnapshot = {
      ...tcpUdpIpv6,
      sockets: tcpUdpIpv6.sockets.map((s) => (s.inode === 150914 ? { ...s, name: null } : s)),
    };
    const seen: number[] = [];
    const rows = joinRows(snapshot, {
      resolveEndpoint: (socket, holder) => {
        seen.push(socket.inode);
        return socket.inode === 151587 ? { remote: '127.0.0.11:25556', local: 'ignored' } : holder?.fd === 3 && socket.inode === 150914 ? { local: '127.0.0.11:25556' } : undefined;
      },
    });
    assert.strictEqual(rows.find((r) => r.inode === 151587)?.remote, '127.0.0.11:25556');
    assert.strictEqual(rows.find((r) => r.inode === 151587)?.local, '127.0.0.10:7777', 'a hint never overrides the kernel');
    assert.strictEqual(rows.find((r) => r.inode === 150914)?.local, '127.0.0.11:25556');
    assert.strictEqual(seen.length, rows.length);
  });
});
