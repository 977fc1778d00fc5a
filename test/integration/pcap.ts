// Just enough pcap reading for the tests: checks the header socket_wrapper writes and lists
// the TCP SYNs (without ACK) in a raw-IPv4 capture. The real decoder lives in extension/capture.
import * as assert from 'assert';

export interface Syn {
  src: string;
  dst: string;
  dstPort: number;
}

const ip = (b: Buffer, at: number): string => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;

export function tcpSyns(file: Buffer): Syn[] {
  assert.ok(file.length >= 24, 'capture shorter than the pcap header');
  assert.strictEqual(file.readUInt32LE(0), 0xa1b2c3d4, 'pcap magic (little-endian, microseconds)');
  assert.strictEqual(file.readUInt32LE(20), 101, 'link type 101 (raw IP)');
  const syns: Syn[] = [];
  for (let at = 24; at + 16 <= file.length; ) {
    const incl = file.readUInt32LE(at + 8);
    const pkt = file.subarray(at + 16, at + 16 + incl);
    at += 16 + incl;
    if (pkt.length < 20 || pkt[0] >> 4 !== 4 || pkt[9] !== 6) {
      continue;
    }
    const tcp = (pkt[0] & 0x0f) * 4;
    if (pkt.length < tcp + 14) {
      continue;
    }
    const flags = pkt[tcp + 13];
    if ((flags & 0x02) !== 0 && (flags & 0x10) === 0) {
      syns.push({ src: ip(pkt, 12), dst: ip(pkt, 16), dstPort: pkt.readUInt16BE(tcp + 2) });
    }
  }
  return syns;
}
