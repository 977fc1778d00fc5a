// Builds capture records like socket_wrapper's (classic pcap, raw IP, µs) for the benchmarks:
// TCP segments of a few conversations between emulated hosts, without the cost of a real run.
// One record per write(), as socket_wrapper writes them.

export const PCAP_HEADER = (() => {
  const b = Buffer.alloc(24);
  b.writeUInt32LE(0xa1b2c3d4, 0);
  b.writeUInt16LE(2, 4);
  b.writeUInt16LE(4, 6);
  b.writeUInt32LE(65535, 16);
  b.writeUInt32LE(101, 20);
  return b;
})();

/** Record `i` of a synthetic capture: 8 TCP flows between 127.0.0.10 and 127.0.0.11..14, with payloads. */
export function record(i: number, epochUs: number): Buffer {
  const flow = i % 8;
  const toServer = Math.floor(i / 8) % 2 === 0;
  const payload = 16 + (i % 48);
  const ipLen = 20 + 20 + payload;
  const b = Buffer.alloc(16 + ipLen);
  b.writeUInt32LE(Math.floor(epochUs / 1e6), 0);
  b.writeUInt32LE(epochUs % 1e6, 4);
  b.writeUInt32LE(ipLen, 8);
  b.writeUInt32LE(ipLen, 12);
  const ip = 16;
  b[ip] = 0x45;
  b.writeUInt16BE(ipLen, ip + 2);
  b.writeUInt16BE(i & 0xffff, ip + 4);
  b[ip + 8] = 64;
  b[ip + 9] = 6;
  const client = [127, 0, 0, 11 + (flow % 4)];
  const server = [127, 0, 0, 10];
  Buffer.from(toServer ? client : server).copy(b, ip + 12);
  Buffer.from(toServer ? server : client).copy(b, ip + 16);
  const tcp = ip + 20;
  const cport = 40000 + flow;
  b.writeUInt16BE(toServer ? cport : 7777, tcp);
  b.writeUInt16BE(toServer ? 7777 : cport, tcp + 2);
  b.writeUInt32BE((1000 + i * 64) >>> 0, tcp + 4);
  b.writeUInt32BE((5000 + i * 64) >>> 0, tcp + 8);
  b[tcp + 12] = 5 << 4;
  b[tcp + 13] = 0x18; // PSH ACK
  b.writeUInt16BE(32767, tcp + 14);
  b.write(`packet ${i} `.padEnd(payload, '.'), tcp + 20, 'latin1');
  return b;
}

/** A whole capture of `count` records as one buffer (for files read, not followed). */
export function captureOf(count: number, startUs = 1_764_072_000_000_000): Buffer {
  const parts: Buffer[] = [PCAP_HEADER];
  for (let i = 0; i < count; i++) parts.push(record(i, startUs + i * 37));
  return Buffer.concat(parts);
}
