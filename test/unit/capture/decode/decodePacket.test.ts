// The full decoder: layers put together into a DecodedPacket with Wireshark-like text.
import * as assert from 'assert';
import { decodePacket } from '../../../../extension/capture/decode/index';
import {
  bytes, concat, echoRest, ethernet, fragmentBody, icmp, ipv4, ipv6, nullLink, tcp, udp,
} from '../support/packets';

describe('capture/decode/index (decodePacket)', () => {
  it('decodes TCP over raw IPv4, relative to the given bases', () => {
    const p = ipv4({ protocol: 6, src: '127.0.0.10', dst: '127.0.0.11', payload: tcp({ sport: 7777, dport: 16030, seq: 5000, ack: 101, flags: 0x12 }) });
    const d = decodePacket(p, 101, 0, p.length, { tcpBases: { seqBase: 5000, ackBase: 100, windowShift: -1 } });
    assert.strictEqual(d.network, 'ipv4');
    assert.deepStrictEqual([d.src, d.dst, d.proto, d.ipProtocol, d.sport, d.dport, d.ttl], ['127.0.0.10', '127.0.0.11', 'tcp', 6, 7777, 16030, 64]);
    assert.ok(d.tcp);
    assert.deepStrictEqual([d.tcp.letters, d.tcp.names, d.tcp.seq, d.tcp.ack, d.tcp.relSeq, d.tcp.relAck], ['SA', 'SYN, ACK', 5000, 101, 0, 1]);
    assert.strictEqual(d.info, '7777 → 16030 [SYN, ACK] Seq=0 Ack=1 Win=32767 Len=0');
    assert.deepStrictEqual([d.payloadOffset, d.payloadLength, d.payloadCaptured, d.problem], [40, 0, 0, null]);
    const abs = decodePacket(p, 101);
    assert.strictEqual(abs.info, '7777 → 16030 [SYN, ACK] Seq=5000 Ack=101 Win=32767 Len=0', 'absolute without bases');
  });

  it('scales the window of non-SYN segments when the flow knows the shift', () => {
    const p = ipv4({ protocol: 6, payload: tcp({ sport: 1, dport: 2, flags: 0x10, window: 502 }) });
    const d = decodePacket(p, 101, 0, p.length, { tcpBases: { seqBase: 0, ackBase: 0, windowShift: 7 } });
    assert.match(d.info, /Win=64256/);
  });

  it('decodes UDP over IPv6 behind Ethernet with a VLAN tag, with the payload located', () => {
    const payload = bytes(1, 2, 3, 4, 5);
    const frame = ethernet(0x86dd, ipv6({ nextHeader: 17, payload: udp({ sport: 53, dport: 5353, payload, checksum: 1 }) }), [42]);
    const d = decodePacket(frame, 1);
    assert.deepStrictEqual([d.network, d.src, d.dst, d.proto, d.sport, d.dport], ['ipv6', 'fd00::5357:5f0b', 'fd00::5357:5f0a', 'udp', 53, 5353]);
    assert.strictEqual(d.info, '53 → 5353 Len=5');
    assert.deepStrictEqual([d.payloadOffset, d.payloadLength, d.payloadCaptured], [18 + 40 + 8, 5, 5]);
    assert.deepStrictEqual(Array.from(frame.subarray(d.payloadOffset, d.payloadOffset + d.payloadLength)), Array.from(payload));
  });

  it('decodes the quoted datagram of an ICMP unreachable, as socket_wrapper writes it', () => {
    const offending = ipv4({ protocol: 17, src: '127.0.0.11', dst: '127.0.0.10', payload: udp({ sport: 19061, dport: 9999, payload: bytes(0x78) }) });
    const p = ipv4({ protocol: 1, src: '127.0.0.10', dst: '127.0.0.11', payload: icmp({ type: 3, code: 1, payload: offending }) });
    const d = decodePacket(p, 101);
    assert.strictEqual(d.proto, 'icmp');
    assert.deepStrictEqual([d.sport, d.dport, d.tcp], [null, null, null]);
    assert.ok(d.icmp);
    assert.deepStrictEqual([d.icmp.type, d.icmp.code], [3, 1]);
    assert.deepStrictEqual(d.icmp.quoted, { src: '127.0.0.11', dst: '127.0.0.10', proto: 'udp', ipProtocol: 17, sport: 19061, dport: 9999 });
    assert.strictEqual(d.info, 'Destination unreachable (Host unreachable)');
    // A quote cut to the IP header plus 8 bytes still yields the ports.
    const short = ipv4({ protocol: 1, payload: icmp({ type: 3, code: 3, payload: offending.subarray(0, 28) }) });
    assert.deepStrictEqual([decodePacket(short, 101).icmp?.quoted?.sport], [19061]);
    // A quote too short for an IP header yields none.
    const tiny = ipv4({ protocol: 1, payload: icmp({ type: 3, code: 3, payload: offending.subarray(0, 10) }) });
    assert.strictEqual(decodePacket(tiny, 101).icmp?.quoted, null);
  });

  it('decodes ICMPv6 unreachable quoting an IPv6 TCP segment, and echo', () => {
    const offending = ipv6({ nextHeader: 6, payload: tcp({ sport: 19204, dport: 9997, flags: 2 }) });
    const p = ipv6({ nextHeader: 58, src: 'fd00::5357:5f0a', dst: 'fd00::5357:5f0b', payload: icmp({ type: 1, code: 3, payload: offending }) });
    const d = decodePacket(p, 101);
    assert.strictEqual(d.proto, 'icmpv6');
    assert.deepStrictEqual(d.icmp?.quoted, { src: 'fd00::5357:5f0b', dst: 'fd00::5357:5f0a', proto: 'tcp', ipProtocol: 6, sport: 19204, dport: 9997 });
    assert.strictEqual(d.info, 'Destination Unreachable (Address unreachable)');
    const echo = ipv6({ nextHeader: 58, payload: icmp({ type: 128, rest: echoRest(7, 9) }) });
    assert.deepStrictEqual([decodePacket(echo, 101).icmp?.echoId, decodePacket(echo, 101).icmp?.echoSeq], [7, 9]);
  });

  it('shows fragments as Wireshark does before reassembly; only the first has ports', () => {
    const first = ipv4({ protocol: 17, id: 0x4d2, moreFragments: true, payload: udp({ sport: 53, dport: 5353, payload: new Uint8Array(40) }).subarray(0, 30) });
    const d1 = decodePacket(first, 101);
    assert.deepStrictEqual([d1.proto, d1.sport, d1.dport, d1.problem], ['udp', 53, 5353, null]);
    assert.deepStrictEqual(d1.fragment, { id: 0x4d2, offset: 0, more: true });
    assert.strictEqual(d1.info, 'Fragmented IP protocol (proto=UDP 17, off=0, ID=04d2)');
    const later = ipv4({ protocol: 17, id: 0x4d2, fragOffset: 24, payload: new Uint8Array(16) });
    const d2 = decodePacket(later, 101);
    assert.deepStrictEqual([d2.sport, d2.dport], [null, null]);
    assert.strictEqual(d2.info, 'Fragmented IP protocol (proto=UDP 17, off=24, ID=04d2)');
    const v6frag = ipv6({ nextHeader: 17, payload: new Uint8Array(8), ext: [{ type: 44, body: fragmentBody(8, false, 0xabcd) }] });
    assert.strictEqual(decodePacket(v6frag, 101).info, 'IPv6 fragment (off=8 more=n ident=0x0000abcd nxt=17)');
  });

  it('writes Wireshark\'s markers for cut and malformed transport headers', () => {
    const full = ipv4({ protocol: 6, payload: tcp({ sport: 1000, dport: 80, flags: 2, payload: new Uint8Array(100) }) });
    const cut = decodePacket(full.subarray(0, 30), 101, 0, 30, { wireLen: full.length });
    assert.strictEqual(cut.info, '1000 → 80[Packet size limited during capture]');
    assert.strictEqual(cut.truncated, true);
    assert.match(cut.problem ?? '', /TCP header needs 20 bytes, 10 captured/);
    const short = ipv4({ protocol: 6, payload: tcp({ sport: 1000, dport: 80 }).subarray(0, 12) });
    assert.strictEqual(decodePacket(short, 101).info, '1000 → 80[Malformed Packet]');
    const ipCut = decodePacket(full.subarray(0, 10), 101, 0, 10, { wireLen: full.length });
    assert.deepStrictEqual([ipCut.src, ipCut.proto, ipCut.info], ['', 'ipv4', '[Packet size limited during capture]']);
    const badUdp = ipv4({ protocol: 17, payload: udp({ sport: 1, dport: 2, payload: bytes(1, 2, 3), length: 40 }) });
    assert.strictEqual(decodePacket(badUdp, 101).info, '1 → 2 [BAD UDP LENGTH 40 > IP PAYLOAD LENGTH] Len=32');
  });

  it('clamps IP lengths to the wire length and says so', () => {
    const p = ipv6({ nextHeader: 6, payload: tcp({ sport: 19204, dport: 9997, flags: 2 }), payloadLength: 60 });
    const d = decodePacket(p, 101, 0, p.length, { wireLen: p.length });
    assert.strictEqual(d.payloadLength, 0);
    assert.match(d.info, /Len=0$/);
    assert.match(d.problem ?? '', /payload length 60 exceeds/);
  });

  it('names non-IP and other-protocol packets', () => {
    const arp = decodePacket(ethernet(0x0806, new Uint8Array(28)), 1);
    assert.deepStrictEqual([arp.network, arp.proto, arp.src, arp.info], [null, 'arp', '', 'ARP packet']);
    assert.deepStrictEqual([decodePacket(nullLink(99, new Uint8Array(20)), 0).proto], ['unknown']);
    const gre = decodePacket(ipv4({ protocol: 47, payload: new Uint8Array(8) }), 101);
    assert.deepStrictEqual([gre.proto, gre.info], ['gre', 'GRE (8 bytes)']);
    const odd = decodePacket(ipv4({ protocol: 253, payload: new Uint8Array(3) }), 101);
    assert.deepStrictEqual([odd.proto, odd.info], ['ip-proto-253', 'IP protocol 253 (3 bytes)']);
    const mixed = decodePacket(ipv6({ nextHeader: 1, payload: icmp({ type: 8 }) }), 101);
    assert.strictEqual(mixed.info, 'ICMP over IPv6');
    assert.match(decodePacket(bytes(0x45), 999).problem ?? '', /unsupported link type/);
  });

  it('decodes a packet in the middle of a larger buffer without reading outside it', () => {
    const p = ipv4({ protocol: 17, payload: udp({ sport: 5, dport: 6, payload: bytes(9, 9) }) });
    const buf = concat(new Uint8Array(7).fill(0xff), p, new Uint8Array(9).fill(0xff));
    const d = decodePacket(buf, 101, 7, 7 + p.length);
    assert.deepStrictEqual([d.sport, d.dport, d.payloadOffset, d.payloadLength], [5, 6, 28, 2]);
    assert.strictEqual(decodePacket(buf, 101, 7, 7 + 28, { wireLen: p.length }).info, '5 → 6 Len=2');
    assert.strictEqual(decodePacket(buf, 101, 7, 7 + 25, { wireLen: p.length }).info, '5 → 6[Packet size limited during capture]');
    assert.strictEqual(decodePacket(buf, 101, 7, 7 + 25).info, '5 → 6[Malformed Packet]', 'the wire length defaults to the captured one');
  });
});
