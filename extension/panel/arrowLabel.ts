// The short text on a sequence-diagram arrow: what a person scanning the diagram needs to
// tell a handshake from data from a teardown ("SYN", "PSH ACK 20", "UDP 42", "echo request").
import type { DecodedPacket } from '../capture/decode/index';
import { icmpTypeName } from '../capture/decode/icmp';
import { icmpv6TypeName } from '../capture/decode/icmpv6';

const TCP_BITS: ReadonlyArray<[number, string]> = [
  [0x02, 'SYN'], [0x01, 'FIN'], [0x04, 'RST'], [0x08, 'PSH'], [0x10, 'ACK'], [0x20, 'URG'], [0x40, 'ECE'], [0x80, 'CWR'],
];

export function arrowLabel(d: DecodedPacket): string {
  if (d.fragment !== null && d.fragment.offset > 0) return 'fragment';
  if (d.tcp !== null) {
    const flags = d.tcp.flags;
    const names = TCP_BITS.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
    const text = names.length > 0 ? names.join(' ') : 'TCP';
    return d.payloadLength > 0 ? `${text} ${d.payloadLength}` : text;
  }
  if (d.proto === 'udp') return `UDP ${d.payloadLength}`;
  if (d.icmp !== null) {
    const name = d.proto === 'icmpv6' ? icmpv6TypeName(d.icmp.type) : icmpTypeName(d.icmp.type);
    return shorten(name.replace('(ping) ', '').toLowerCase(), 28);
  }
  return shorten(d.proto.toUpperCase(), 16);
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
