// Capture files for the panel's tests: a TCP echo conversation between two emulated hosts
// (handshake, data both ways, teardown) and a UDP exchange, as socket_wrapper writes them
// (raw IP, µs timestamps), with any payload, so tests can put hostile bytes on the wire.
import { pcapFile, pcapHeader, pcapRecord, type PcapPacket } from '../../capture/support/files';
import { ipv4, tcp, udp } from '../../capture/support/packets';

export const CLIENT = { addr: '127.0.0.11', port: 41234 };
export const SERVER = { addr: '127.0.0.10', port: 7777 };

const SYN = 0x02;
const ACK = 0x10;
const PSH = 0x08;
const FIN = 0x01;

function seg(from: typeof CLIENT, to: typeof CLIENT, flags: number, seq: number, ack: number, payload = new Uint8Array(0)): Uint8Array {
  return ipv4({ src: from.addr, dst: to.addr, protocol: 6, payload: tcp({ sport: from.port, dport: to.port, flags, seq, ack, payload }) });
}

/** The packets of one echo exchange of `messages`, 1 ms apart from `startSec`. */
export function echoPackets(messages: readonly string[], startSec = 1_700_000_000, startUsec = 250_000): PcapPacket[] {
  const c = CLIENT;
  const s = SERVER;
  const data: Uint8Array[] = [seg(c, s, SYN, 1000, 0), seg(s, c, SYN | ACK, 5000, 1001), seg(c, s, ACK, 1001, 5001)];
  let cs = 1001;
  let ss = 5001;
  for (const m of messages) {
    const bytes = new TextEncoder().encode(m);
    data.push(seg(c, s, PSH | ACK, cs, ss, bytes));
    cs += bytes.length;
    data.push(seg(s, c, PSH | ACK, ss, cs, bytes));
    ss += bytes.length;
  }
  data.push(seg(c, s, FIN | ACK, cs, ss), seg(s, c, FIN | ACK, ss, cs + 1), seg(c, s, ACK, cs + 1, ss + 1));
  return data.map((d, i) => {
    const us = startUsec + i * 1000;
    return { data: d, tsSec: startSec + Math.floor(us / 1e6), tsFrac: us % 1e6 };
  });
}

export function udpPacket(payload: string, tsSec = 1_700_000_001, tsFrac = 0): PcapPacket {
  const bytes = new TextEncoder().encode(payload);
  return { data: ipv4({ src: '127.0.0.12', dst: '127.0.0.10', protocol: 17, payload: udp({ sport: 5353, dport: 53, payload: bytes }) }), tsSec, tsFrac };
}

export function captureBytes(packets: PcapPacket[]): Uint8Array {
  return pcapFile(packets);
}

export { pcapHeader, pcapRecord };
