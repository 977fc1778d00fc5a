// The indexing fast path must agree with the full decoder on everything both report.
import * as assert from 'assert';
import { decodePacket } from '../../../extension/capture/decode/index';
import { KIND_ICMP, KIND_ICMPV6, KIND_NOT_IP, KIND_OTHER_IP, KIND_TCP, KIND_UDP, newSummary, summarize } from '../../../extension/capture/decode/summary';
import { CaptureStats } from '../../../extension/capture/captureStats';
import { bytes, ethernet, icmp, ipv4, ipv6, tcp, udp } from './support/packets';

const CASES: Array<[string, Uint8Array, number, number]> = [
  ['tcp', ipv4({ protocol: 6, payload: tcp({ sport: 1, dport: 2, flags: 0x18, seq: 5, ack: 6, payload: bytes(1, 2) }) }), 101, KIND_TCP],
  ['udp6', ipv6({ nextHeader: 17, payload: udp({ sport: 3, dport: 4, payload: bytes(1) }) }), 101, KIND_UDP],
  ['icmp', ipv4({ protocol: 1, payload: icmp({ type: 8 }) }), 101, KIND_ICMP],
  ['icmp6', ipv6({ nextHeader: 58, payload: icmp({ type: 128 }) }), 101, KIND_ICMPV6],
  ['gre', ipv4({ protocol: 47, payload: new Uint8Array(4) }), 101, KIND_OTHER_IP],
  ['arp', ethernet(0x0806, new Uint8Array(28)), 1, KIND_NOT_IP],
  ['cut', ipv4({ protocol: 6, payload: tcp({ sport: 1, dport: 2 }) }).subarray(0, 30), 101, KIND_TCP],
];

describe('capture/decode/summary', () => {
  for (const [name, p, lt, kind] of CASES) {
    it(`agrees with decodePacket: ${name}`, () => {
      const s = newSummary();
      summarize(p, 0, p.length, lt, s);
      const d = decodePacket(p, lt);
      assert.strictEqual(s.kind, kind);
      assert.strictEqual(s.sport, d.sport ?? -1);
      assert.strictEqual(s.dport, d.dport ?? -1);
      assert.strictEqual(s.ipProtocol, d.ipProtocol ?? -1);
      assert.strictEqual(s.tcpFlags, d.tcp?.flags ?? 0);
      if (d.tcp) assert.deepStrictEqual([s.seq, s.ack], [d.tcp.seq, d.tcp.ack]);
      if (d.problem === null && d.network !== null) assert.strictEqual(s.payloadLength, d.payloadLength);
      assert.strictEqual(s.malformed, d.problem !== null && d.problem !== undefined && !/exceeds/.test(d.problem));
    });
  }

  it('reads window scale only from SYNs and counts protocols in the stats', () => {
    const syn = ipv4({ protocol: 6, payload: tcp({ sport: 1, dport: 2, flags: 2, options: bytes(1, 3, 3, 9) }) });
    const s = newSummary();
    summarize(syn, 0, syn.length, 101, s);
    assert.strictEqual(s.tcpWscale, 9);
    const stats = new CaptureStats();
    for (const [, p, lt] of CASES) {
      summarize(p, 0, p.length, lt, s);
      stats.add(s, lt, 10, 0, p.length, p.length + 1);
    }
    const snap = stats.snapshot();
    assert.strictEqual(snap.packets, CASES.length);
    assert.deepStrictEqual(snap.protocols, { tcp: 2, arp: 1, gre: 1, icmp: 1, icmpv6: 1, udp: 1 });
    assert.strictEqual(snap.bytes, snap.capturedBytes + CASES.length);
    assert.strictEqual(snap.malformed, 1);
    assert.deepStrictEqual([snap.firstTime, snap.lastTime, snap.duration], [10, 10, 0]);
    assert.deepStrictEqual(new CaptureStats().snapshot().firstTime, null);
  });
});
