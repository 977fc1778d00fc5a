// ICMP for IPv4 (RFC 792): type, code, echo id/sequence, and for error messages the
// offset of the quoted IP header of the packet that caused them. socket_wrapper writes a
// "Destination unreachable" with the offending datagram quoted when nobody listens.
import { u16be } from '../bytes';
import { DecodeStatus, IcmpHeader, MALFORMED, OK, TRUNCATED } from './types';

/** Shared by ICMP and ICMPv6: both have type, code, checksum, a 4-byte rest, then data. */
export function parseIcmpCommon(
  b: Uint8Array, start: number, end: number, claimedLength: number, out: IcmpHeader,
  isEcho: (type: number) => boolean, isError: (type: number) => boolean, name: string,
): DecodeStatus {
  out.problem = null;
  out.echoId = -1;
  out.echoSeq = -1;
  out.quotedStart = -1;
  out.payloadStart = start + 8;
  out.payloadLength = claimedLength > 8 ? claimedLength - 8 : 0;
  const avail = end - start;
  out.type = avail >= 1 ? b[start] : -1;
  out.code = avail >= 2 ? b[start + 1] : -1;
  if (avail < 4) {
    out.problem = claimedLength < 4
      ? `${name} message of ${claimedLength} bytes is shorter than its header`
      : `${name} header needs 4 bytes, ${avail < 0 ? 0 : avail} captured`;
    return claimedLength < 4 ? MALFORMED : TRUNCATED;
  }
  out.checksum = u16be(b, start + 2);
  if (isEcho(out.type)) {
    if (avail < 8) {
      out.problem = claimedLength < 8
        ? `${name} echo message of ${claimedLength} bytes is shorter than its header`
        : `${name} echo header needs 8 bytes, ${avail} captured`;
      return claimedLength < 8 ? MALFORMED : TRUNCATED;
    }
    out.echoId = u16be(b, start + 4);
    out.echoSeq = u16be(b, start + 6);
  } else if (isError(out.type) && avail > 8) {
    out.quotedStart = start + 8;
  }
  return OK;
}

const isEcho4 = (t: number): boolean => t === 0 || t === 8;
/** Destination unreachable, source quench, redirect, time exceeded, parameter problem. */
const isError4 = (t: number): boolean => t === 3 || t === 4 || t === 5 || t === 11 || t === 12;

export function parseIcmp(b: Uint8Array, start: number, end: number, claimedLength: number, out: IcmpHeader): DecodeStatus {
  return parseIcmpCommon(b, start, end, claimedLength, out, isEcho4, isError4, 'ICMP');
}

export function isIcmpError(type: number): boolean {
  return isError4(type);
}

const TYPES: Record<number, string> = {
  0: 'Echo (ping) reply', 3: 'Destination unreachable', 4: 'Source quench (flow control)', 5: 'Redirect',
  6: 'Alternate host address', 8: 'Echo (ping) request', 9: 'Router advertisement', 10: 'Router solicitation',
  11: 'Time-to-live exceeded', 12: 'Parameter problem', 13: 'Timestamp request', 14: 'Timestamp reply',
  15: 'Information request', 16: 'Information reply', 17: 'Address mask request', 18: 'Address mask reply',
  30: 'Traceroute', 42: 'Extended Echo request', 43: 'Extended Echo reply',
};

const CODES: Record<number, readonly string[]> = {
  3: [
    'Network unreachable', 'Host unreachable', 'Protocol unreachable', 'Port unreachable', 'Fragmentation needed',
    'Source route failed', 'Destination network unknown', 'Destination host unknown', 'Source host isolated',
    'Network administratively prohibited', 'Host administratively prohibited', 'Network unreachable for TOS',
    'Host unreachable for TOS', 'Communication administratively filtered', 'Host precedence violation',
    'Precedence cutoff in effect',
  ],
  5: ['Redirect for network', 'Redirect for host', 'Redirect for TOS and network', 'Redirect for TOS and host'],
  11: ['Time to live exceeded in transit', 'Fragment reassembly time exceeded'],
  12: ['Pointer indicates the error', 'Required option missing', 'Bad length'],
};

export function icmpTypeName(type: number): string {
  return TYPES[type] ?? `Unknown ICMP (obsolete or malformed?) (type ${type})`;
}

/** Wireshark's Info column for ICMP: "Destination unreachable (Port unreachable)". */
export function icmpInfo(h: IcmpHeader, ttl: number): string {
  // Wireshark pads the type name to 20 columns ("%-20s"), hence "reply    id=".
  let s = icmpTypeName(h.type).padEnd(20);
  const codes = CODES[h.type];
  if (codes !== undefined) s += ` (${codes[h.code] ?? `Unknown code ${h.code}`})`;
  if (h.echoId >= 0) {
    // Wireshark prints the sequence number read both ways: hosts disagree on its byte order.
    const le = ((h.echoSeq & 0xff) << 8) | (h.echoSeq >> 8);
    s += ` id=0x${h.echoId.toString(16).padStart(4, '0')}, seq=${h.echoSeq}/${le}, ttl=${ttl}`;
  }
  return s.trimEnd();
}
