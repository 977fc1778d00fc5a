// UDP header (RFC 768): 8 bytes, whose length field must fit the IP payload.
import { u16be } from '../bytes';
import { DecodeStatus, MALFORMED, OK, TRUNCATED, UdpHeader } from './types';

/** Decodes the UDP header at b[start]; `claimedLength` is the IP payload length. */
export function parseUdp(b: Uint8Array, start: number, end: number, claimedLength: number, out: UdpHeader): DecodeStatus {
  out.problem = null;
  const avail = end - start;
  out.payloadStart = start + 8;
  out.payloadLength = 0;
  if (avail < 8) {
    if (avail >= 4) {
      out.sport = u16be(b, start);
      out.dport = u16be(b, start + 2);
    } else {
      out.sport = -1;
      out.dport = -1;
    }
    out.problem = claimedLength < 8
      ? `UDP datagram of ${claimedLength} bytes is shorter than a UDP header`
      : `UDP header needs 8 bytes, ${avail < 0 ? 0 : avail} captured`;
    return claimedLength < 8 ? MALFORMED : TRUNCATED;
  }
  out.sport = u16be(b, start);
  out.dport = u16be(b, start + 2);
  out.length = u16be(b, start + 4);
  out.checksum = u16be(b, start + 6);
  if (out.length < 8) {
    out.problem = `bogus UDP length ${out.length} (less than 8)`;
    return MALFORMED;
  }
  out.payloadLength = out.length - 8;
  if (out.length > claimedLength) {
    // Wireshark flags this but still reports the length the header claims.
    out.problem = `bogus UDP length ${out.length} (more than the IP payload's ${claimedLength} bytes)`;
    return MALFORMED;
  }
  return OK;
}

/**
 * Wireshark's Info column for UDP: "19061 → 9999 Len=1". `claimedLength` is the IP payload
 * length, to flag a UDP length field that claims more.
 */
export function udpInfo(h: UdpHeader, ipv6: boolean, claimedLength: number): string {
  const badLen = h.length > claimedLength ? ` [BAD UDP LENGTH ${h.length} > IP PAYLOAD LENGTH]` : '';
  // A zero checksum is legal for IPv4 and illegal for IPv6 (RFC 8200 §8.1); Wireshark says so.
  const badSum = ipv6 && h.checksum === 0 ? ' [ILLEGAL CHECKSUM (0)]' : '';
  return `${h.sport} → ${h.dport}${badLen} Len=${h.payloadLength}${badSum}`;
}
