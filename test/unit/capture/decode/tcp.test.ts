// TCP header, flags, options (including hostile option lengths) and the Info text.
import * as assert from 'assert';
import {
  findTcpWindowScale, parseTcp, parseTcpOptions, tcpFlagLetters, tcpFlagNames, tcpInfo,
} from '../../../../extension/capture/decode/tcp';
import { MALFORMED, newTcpHeader, OK, TRUNCATED } from '../../../../extension/capture/decode/types';
import { bytes, tcp } from '../support/packets';

function parse(b: Uint8Array, claimed = b.length): [number, ReturnType<typeof newTcpHeader>] {
  const h = newTcpHeader();
  return [parseTcp(b, 0, b.length, claimed, h), h];
}

const OPTIONS = bytes(2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7);

describe('capture/decode/tcp', () => {
  it('decodes ports, numbers, flags, window and payload', () => {
    const [st, h] = parse(tcp({ sport: 7777, dport: 16030, seq: 0xfffffff0, ack: 5, flags: 0x12, window: 32767, payload: bytes(1, 2, 3) }));
    assert.strictEqual(st, OK);
    assert.deepStrictEqual([h.sport, h.dport, h.seq, h.ack, h.flags, h.window, h.headerLength, h.payloadStart, h.payloadLength],
      [7777, 16030, 0xfffffff0, 5, 0x12, 32767, 20, 20, 3]);
  });

  it('spells flags as FSRPAUEC letters and Wireshark names', () => {
    assert.strictEqual(tcpFlagLetters(0x02), 'S');
    assert.strictEqual(tcpFlagLetters(0x12), 'SA');
    assert.strictEqual(tcpFlagLetters(0x19), 'FPA');
    assert.strictEqual(tcpFlagLetters(0xff), 'FSRPAUEC');
    assert.strictEqual(tcpFlagLetters(0), '');
    assert.strictEqual(tcpFlagNames(0x12), 'SYN, ACK');
    assert.strictEqual(tcpFlagNames(0xff, true), 'FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE');
    assert.strictEqual(tcpFlagNames(0), '<None>');
  });

  it('parses MSS, window scale, SACK permitted, timestamps and SACK blocks', () => {
    const o = parseTcpOptions(OPTIONS, 0, OPTIONS.length);
    assert.deepStrictEqual([o.mss, o.wscale, o.sackPermitted, o.tsVal, o.tsEcr, o.problem], [1460, 7, true, 1, 0, null]);
    const sack = bytes(1, 1, 5, 18, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 40);
    assert.deepStrictEqual(parseTcpOptions(sack, 0, sack.length).sack, [[10, 20], [30, 40]]);
    assert.strictEqual(findTcpWindowScale(OPTIONS, 0, OPTIONS.length), 7);
    assert.strictEqual(findTcpWindowScale(bytes(1, 0, 3, 3, 7), 0, 5), -1, 'after end of options');
  });

  it('stops at hostile option lengths instead of looping or overrunning', () => {
    for (const opts of [bytes(2, 0, 0, 0), bytes(2, 1, 0, 0), bytes(8, 40, 0, 0), bytes(1, 1, 1, 5)]) {
      const o = parseTcpOptions(opts, 0, opts.length);
      assert.ok(o.problem !== null, `options ${Array.from(opts).join(',')}`);
      assert.strictEqual(findTcpWindowScale(opts, 0, opts.length), -1);
    }
    // Wrong lengths for known kinds are skipped, not believed.
    const o = parseTcpOptions(bytes(2, 3, 5, 3, 4, 7, 1, 1), 0, 8);
    assert.deepStrictEqual([o.mss, o.wscale], [null, null]);
  });

  it('tells a cut header (snaplen) from a segment too short to be TCP', () => {
    const seg = tcp({ sport: 1000, dport: 80, flags: 2 });
    const [st1, h1] = parse(seg.subarray(0, 12), 20);
    assert.strictEqual(st1, TRUNCATED);
    assert.deepStrictEqual([h1.sport, h1.dport], [1000, 80]);
    const [st2, h2] = parse(seg.subarray(0, 12), 12);
    assert.strictEqual(st2, MALFORMED);
    assert.match(h2.problem ?? '', /shorter than a TCP header/);
    const [st3, h3] = parse(seg.subarray(0, 3), 20);
    assert.strictEqual(st3, TRUNCATED);
    assert.deepStrictEqual([h3.sport, h3.dport], [-1, -1]);
  });

  it('rejects bogus data offsets', () => {
    const [st1, h1] = parse(tcp({ sport: 1, dport: 2, headerLength: 16 }));
    assert.strictEqual(st1, MALFORMED);
    assert.match(h1.problem ?? '', /header length 16/);
    const [st2] = parse(tcp({ sport: 1, dport: 2, headerLength: 60 }));
    assert.strictEqual(st2, MALFORMED, 'header longer than the segment');
    const [st3] = parse(tcp({ sport: 1, dport: 2, headerLength: 60 }), 100);
    assert.strictEqual(st3, TRUNCATED, 'options cut by the capture');
  });

  it('writes Wireshark\'s Info text', () => {
    const [, h] = parse(tcp({ sport: 7777, dport: 16030, seq: 1000, ack: 2001, flags: 0x12, window: 32767 }));
    assert.strictEqual(tcpInfo(h, { seq: 0, ack: 1, window: 32767, ackBase: 2000 }, null), '7777 → 16030 [SYN, ACK] Seq=0 Ack=1 Win=32767 Len=0');
    const [, syn] = parse(tcp({ sport: 1000, dport: 80, flags: 0x02, window: 65535, options: OPTIONS }));
    const opts = parseTcpOptions(OPTIONS, 0, OPTIONS.length);
    assert.strictEqual(tcpInfo(syn, { seq: 0, ack: 0, window: 65535, ackBase: 0 }, opts),
      '1000 → 80 [SYN] Seq=0 Win=65535 Len=0 MSS=1460 SACK_PERM TSval=1 TSecr=0 WS=128');
    const [, urg] = parse(tcp({ sport: 1, dport: 2, flags: 0x30, urgent: 7, payload: bytes(1) }));
    assert.strictEqual(tcpInfo(urg, { seq: 5, ack: 6, window: 100, ackBase: 0 }, null), '1 → 2 [ACK, URG] Seq=5 Ack=6 Win=100 Urg=7 Len=1');
    const sackOpts = bytes(1, 1, 5, 10, 0, 0, 0x13, 0x91, 0, 0, 0x13, 0x99);
    const [, sack] = parse(tcp({ sport: 1, dport: 2, flags: 0x10, options: sackOpts }));
    assert.strictEqual(tcpInfo(sack, { seq: 3, ack: 1, window: 64256, ackBase: 5000 }, parseTcpOptions(sackOpts, 0, 12)),
      '1 → 2 [ACK] Seq=3 Ack=1 Win=64256 Len=0 SLE=9 SRE=17');
  });
});
