// ICMPv6 (RFC 4443) and the neighbour-discovery types worth naming. Error messages (types
// 1-4) quote as much of the offending IPv6 packet as fits; socket_wrapper writes
// "Destination Unreachable (Address unreachable)" for IPv6 sends where nobody listens.
import { parseIcmpCommon } from './icmp';
import { DecodeStatus, IcmpHeader } from './types';

const isEcho6 = (t: number): boolean => t === 128 || t === 129;
const isError6 = (t: number): boolean => t >= 1 && t <= 4;

export function parseIcmpv6(b: Uint8Array, start: number, end: number, claimedLength: number, out: IcmpHeader): DecodeStatus {
  return parseIcmpCommon(b, start, end, claimedLength, out, isEcho6, isError6, 'ICMPv6');
}

export function isIcmpv6Error(type: number): boolean {
  return isError6(type);
}

const TYPES: Record<number, string> = {
  1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problem',
  128: 'Echo (ping) request', 129: 'Echo (ping) reply', 130: 'Multicast Listener Query',
  131: 'Multicast Listener Report', 132: 'Multicast Listener Done', 133: 'Router Solicitation',
  134: 'Router Advertisement', 135: 'Neighbor Solicitation', 136: 'Neighbor Advertisement', 137: 'Redirect',
  143: 'Multicast Listener Report Message v2',
};

const CODES: Record<number, readonly string[]> = {
  1: [
    'No route to destination', 'Administratively prohibited', 'Beyond scope of source address', 'Address unreachable',
    'Port unreachable', 'Source address failed ingress/egress policy', 'Reject route to destination',
    'Error in Source Routing Header',
  ],
  3: ['Hop limit exceeded in transit', 'Fragment reassembly time exceeded'],
  4: ['Erroneous header field encountered', 'Unrecognized Next Header type encountered', 'Unrecognized IPv6 option encountered'],
};

export function icmpv6TypeName(type: number): string {
  return TYPES[type] ?? `Unknown ICMPv6 type ${type}`;
}

/** Wireshark's Info column for ICMPv6: "Destination Unreachable (Address unreachable)". */
export function icmpv6Info(h: IcmpHeader, hopLimit: number): string {
  let s = icmpv6TypeName(h.type);
  const codes = CODES[h.type];
  if (codes !== undefined) s += ` (${codes[h.code] ?? `Unknown code ${h.code}`})`;
  if (h.echoId >= 0) s += ` id=0x${h.echoId.toString(16).padStart(4, '0')}, seq=${h.echoSeq}, hop limit=${hopLimit}`;
  return s;
}
