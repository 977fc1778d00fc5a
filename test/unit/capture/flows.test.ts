// Conversations: both directions in one flow, TCP state, Wireshark's relative-sequence
// bases and window-scale rules, and a table that grows past thousands of flows.
import * as assert from 'assert';
import { newSummary, PacketSummary, summarize } from '../../../extension/capture/decode/summary';
import { FlowTable, NO_FLOW } from '../../../extension/capture/flows';
import { bytes, fragmentBody, icmp, ipv4, ipv6, tcp, udp } from './support/packets';

function sum(p: Uint8Array): PacketSummary {
  const s = newSummary();
  summarize(p, 0, p.length, 101, s);
  return s;
}

function seg(from: 'c' | 's', flags: number, seq: number, ack: number, options?: Uint8Array, window = 1000): PacketSummary {
  const c = { addr: '10.0.0.1', port: 40000 };
  const s = { addr: '10.0.0.2', port: 80 };
  const [a, b] = from === 'c' ? [c, s] : [s, c];
  return sum(ipv4({ protocol: 6, src: a.addr, dst: b.addr, payload: tcp({ sport: a.port, dport: b.port, flags, seq, ack, options, window }) }));
}

const WS7 = bytes(3, 3, 7, 0);

describe('capture/flows', () => {
  it('puts both directions of a 5-tuple in one flow and keeps protocols and ports apart', () => {
    const t = new FlowTable();
    const f1 = t.observe(seg('c', 2, 100, 0), 1, 40);
    assert.strictEqual(t.lastDirection === 0 || t.lastDirection === 1, true);
    const d1 = t.lastDirection;
    const f2 = t.observe(seg('s', 0x12, 500, 101), 2, 40);
    assert.strictEqual(f2, f1);
    assert.strictEqual(t.lastDirection, 1 - d1);
    const u = t.observe(sum(ipv4({ protocol: 17, src: '10.0.0.1', dst: '10.0.0.2', payload: udp({ sport: 40000, dport: 80 }) })), 3, 28);
    assert.notStrictEqual(u, f1);
    const other = t.observe(sum(ipv4({ protocol: 6, src: '10.0.0.1', dst: '10.0.0.2', payload: tcp({ sport: 40001, dport: 80 }) })), 4, 40);
    assert.strictEqual(t.count, 3);
    const info = t.flow(f1);
    assert.deepStrictEqual([info.proto, info.client, info.server, info.packets, info.bytes, info.firstTime, info.lastTime],
      ['tcp', { addr: '10.0.0.1', port: 40000 }, { addr: '10.0.0.2', port: 80 }, 2, 80, 1, 2]);
    assert.strictEqual(t.flow(other).tcpState, 'midstream');
    assert.strictEqual(t.flow(u).tcpState, null);
  });

  it('makes the SYN sender the client even when the SYN-ACK was written first', () => {
    const t = new FlowTable();
    const f = t.observe(seg('s', 0x12, 500, 101), 1, 40);
    t.observe(seg('c', 2, 100, 0), 0.5, 40);
    const info = t.flow(f);
    assert.strictEqual(info.client.port, 40000);
    assert.strictEqual(info.firstTime, 0.5, 'first time is the earliest, not the first seen');
  });

  it('follows the TCP state through handshake, data, teardown and reset', () => {
    const t = new FlowTable();
    const f = t.observe(seg('c', 0x02, 100, 0), 1, 40);
    assert.strictEqual(t.flow(f).tcpState, 'syn-sent');
    t.observe(seg('s', 0x12, 500, 101), 1, 40);
    assert.strictEqual(t.flow(f).tcpState, 'syn-received');
    t.observe(seg('c', 0x10, 101, 501), 1, 40);
    assert.strictEqual(t.flow(f).tcpState, 'established');
    t.observe(seg('c', 0x11, 101, 501), 1, 40);
    assert.strictEqual(t.flow(f).tcpState, 'closing');
    t.observe(seg('s', 0x11, 501, 102), 1, 40);
    assert.strictEqual(t.flow(f).tcpState, 'closed');
    t.observe(seg('s', 0x04, 502, 0), 1, 40);
    assert.strictEqual(t.flow(f).tcpState, 'reset');
  });

  it('computes relative sequence bases the way Wireshark does', () => {
    const t = new FlowTable();
    const f = t.observe(seg('c', 0x02, 1000, 0), 1, 40);
    const dc = t.lastDirection;
    assert.deepStrictEqual(t.tcpBases(f, dc), { seqBase: 1000, ackBase: 0, windowShift: -1 });
    t.observe(seg('s', 0x12, 7000, 1001), 1, 40);
    assert.deepStrictEqual(t.tcpBases(f, 1 - dc), { seqBase: 7000, ackBase: 1000, windowShift: -1 });
    assert.deepStrictEqual(t.tcpBases(f, dc), { seqBase: 1000, ackBase: 7000, windowShift: -1 });
    // Mid-stream: the first segment sets seq-1, its ack sets the other side's ack-1.
    const m = new FlowTable();
    const g = m.observe(seg('c', 0x18, 5001, 9001), 1, 45);
    const dm = m.lastDirection;
    assert.deepStrictEqual(m.tcpBases(g, dm), { seqBase: 5000, ackBase: 9000, windowShift: -1 });
    assert.deepStrictEqual(m.tcpBases(g, 1 - dm), { seqBase: 9000, ackBase: 5000, windowShift: -1 });
    assert.deepStrictEqual(m.tcpBases(99, 0), { seqBase: 0, ackBase: 0, windowShift: -1 }, 'unknown flow');
  });

  it('applies Wireshark\'s window-scale rules', () => {
    const both = new FlowTable();
    const f = both.observe(seg('c', 2, 1, 0, WS7), 1, 44);
    const dc = both.lastDirection;
    both.observe(seg('s', 0x12, 1, 2, bytes(3, 3, 2, 0)), 1, 44);
    assert.strictEqual(both.tcpBases(f, dc).windowShift, 7);
    assert.strictEqual(both.tcpBases(f, 1 - dc).windowShift, 2);
    // A SYN without the option: never scale, either way.
    const none = new FlowTable();
    const g = none.observe(seg('c', 2, 1, 0), 1, 40);
    none.observe(seg('s', 0x12, 1, 2, WS7), 1, 44);
    assert.strictEqual(none.tcpBases(g, 0).windowShift, -1);
    assert.strictEqual(none.tcpBases(g, 1).windowShift, -1);
    // A later SYN (flags soup) without options does not cancel a known scale.
    both.observe(seg('c', 0xff, 1, 2), 1, 40);
    assert.strictEqual(both.tcpBases(f, dc).windowShift, 7);
  });

  it('keys IPv6, ICMP (no ports) and skips packets without a 5-tuple', () => {
    const t = new FlowTable();
    const a = t.observe(sum(ipv6({ nextHeader: 17, src: 'fd00::1', dst: 'fd00::2', payload: udp({ sport: 1, dport: 2 }) })), 1, 48);
    const b = t.observe(sum(ipv6({ nextHeader: 17, src: 'fd00::2', dst: 'fd00::1', payload: udp({ sport: 2, dport: 1 }) })), 2, 48);
    assert.strictEqual(a, b);
    assert.deepStrictEqual(t.flow(a).client, { addr: 'fd00::1', port: 1 });
    const i = t.observe(sum(ipv4({ protocol: 1, payload: icmp({ type: 8 }) })), 3, 28);
    assert.deepStrictEqual([t.flow(i).proto, t.flow(i).client.port], ['icmp', null]);
    const later = sum(ipv6({ nextHeader: 17, payload: new Uint8Array(8), ext: [{ type: 44, body: fragmentBody(8, false, 1) }] }));
    assert.strictEqual(t.observe(later, 4, 56), NO_FLOW);
    const junk = newSummary();
    summarize(bytes(0x45, 0), 0, 2, 101, junk);
    assert.strictEqual(t.observe(junk, 5, 2), NO_FLOW);
    assert.strictEqual(t.count, 2);
    assert.throws(() => t.flow(7), RangeError);
  });

  it('grows and rehashes past thousands of flows without losing any', () => {
    const t = new FlowTable();
    const ids: number[] = [];
    for (let i = 0; i < 5000; i++) {
      ids.push(t.observe(sum(ipv4({ protocol: 17, src: `10.${i >> 8}.${i & 255}.1`, dst: '10.0.0.2', payload: udp({ sport: 1000 + i, dport: 53 }) })), i, 28));
    }
    assert.strictEqual(t.count, 5000);
    for (let i = 0; i < 5000; i += 7) {
      const again = t.observe(sum(ipv4({ protocol: 17, src: '10.0.0.2', dst: `10.${i >> 8}.${i & 255}.1`, payload: udp({ sport: 53, dport: 1000 + i }) })), i, 28);
      assert.strictEqual(again, ids[i]);
    }
    assert.strictEqual(t.flows().length, 5000);
    assert.ok(t.memoryBytes > 0);
    t.clear();
    assert.strictEqual(t.count, 0);
  });
});
