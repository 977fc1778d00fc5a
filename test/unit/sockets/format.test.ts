// Socket rows as text (tree labels, CLI table) and as Packet Timeline filter expressions.
import * as assert from 'assert';
import { flowFilter, splitEndpoint } from '../../../extension/sockets/flowFilter';
import { pendingLabel, rowLabel, rowsTable, unreadLabel } from '../../../extension/sockets/format';
import { joinRows, type SocketRow } from '../../../extension/sockets/rows';
import { snapshotFromNative } from '../../../extension/sockets/snapshot';
import { nativeFixture } from './fixtures';

describe('socket rows as text', () => {
  const rows = joinRows(snapshotFromNative(nativeFixture('sockdiag-tcp-udp-ipv6.json')));
  const byInode = (inode: number): SocketRow => {
    const row = rows.find((r) => r.inode === inode);
    assert.ok(row, `no row for inode ${inode}`);
    return row;
  };

  it('labels rows as "TCP local ← remote state"', () => {
    assert.strictEqual(rowLabel(byInode(151587)), 'TCP 127.0.0.10:7777 ← 127.0.0.11:25556 established');
    assert.strictEqual(rowLabel(byInode(150914)), 'TCP 127.0.0.11:25556 → 127.0.0.10:7777 established');
    assert.strictEqual(rowLabel(byInode(151584)), 'TCP 127.0.0.10:7777 listen');
    assert.strictEqual(rowLabel(byInode(151585)), 'UDP 127.0.0.10:5353 bound');
    assert.strictEqual(rowLabel(byInode(150917)), 'TCP [fd00::5357:5f0b]:25559 → [fd00::5357:5f0a]:8888 connecting');
  });

  it('says how many bytes wait unread, and how many connections wait for accept()', () => {
    assert.strictEqual(unreadLabel(byInode(151587)), '3 bytes unread');
    assert.strictEqual(unreadLabel({ ...byInode(151587), rq: 1 }), '1 byte unread');
    assert.strictEqual(unreadLabel(byInode(150914)), undefined);
    assert.strictEqual(unreadLabel({ ...byInode(150914), rq: null }), undefined);
    assert.strictEqual(pendingLabel(byInode(151584)), '1 waiting for accept()');
    assert.strictEqual(pendingLabel(byInode(150914)), undefined);
  });

  it('prints an aligned table with pending/backlog marked for listeners', () => {
    const lines = rowsTable(rows).trimEnd().split('\n');
    assert.match(lines[0], /^PID\s+FD\s+PROGRAM\s+PROTO\s+LOCAL\s+REMOTE\s+STATE\s+RQ\s+WQ\s+PEER\s+INODE$/);
    assert.strictEqual(lines.length, 9);
    assert.match(lines[1], /^15444\s+3\s+python3\s+TCP\s+127\.0\.0\.10:7777\s+\*\s+listen\s+1p\s+5b\s+-\s+151584$/);
    assert.match(lines[4], /^15444\s+6\s+python3\s+TCP\s+127\.0\.0\.10:7777\s+127\.0\.0\.11:25556\s+established\s+3\s+0\s+15556\s+151587$/);
    const stateColumn = lines[0].indexOf('STATE');
    assert.ok(lines.every((l) => /^\S/.test(l.slice(stateColumn))), 'columns line up');
  });
});

describe('Packet Timeline filter for a flow', () => {
  const base = joinRows(snapshotFromNative(nativeFixture('sockdiag-tcp-udp-ipv6.json')));
  const row = (inode: number): SocketRow => base.find((r) => r.inode === inode) as SocketRow;

  it('filters a listener on its port and address', () => {
    assert.strictEqual(flowFilter(row(151584)), 'tcp.port==7777 && ip.addr==127.0.0.10');
  });

  it('adds the remote port and address for a connection', () => {
    assert.strictEqual(flowFilter(row(151587)), 'tcp.port==7777 && ip.addr==127.0.0.10 && tcp.port==25556 && ip.addr==127.0.0.11');
    assert.strictEqual(flowFilter(row(150916)), 'udp.port==25558 && ip.addr==127.0.0.11 && udp.port==5353 && ip.addr==127.0.0.10');
  });

  it('uses ipv6.addr for IPv6 flows', () => {
    assert.strictEqual(flowFilter(row(151586)), 'tcp.port==8888 && ipv6.addr==fd00::5357:5f0a');
  });

  it('has none for a socket without an emulated address', () => {
    assert.strictEqual(flowFilter({ ...row(151584), proto: 'unix', local: null }), undefined);
  });

  it('splits IPv4 and bracketed IPv6 endpoints', () => {
    assert.deepStrictEqual(splitEndpoint('127.0.0.10:7777'), { host: '127.0.0.10', port: 7777 });
    assert.deepStrictEqual(splitEndpoint('[fd00::5357:5f0a]:53'), { host: 'fd00::5357:5f0a', port: 53 });
    assert.strictEqual(splitEndpoint('/tmp/x/T0A1E61'), undefined);
  });
});
