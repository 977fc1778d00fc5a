// Addresses, protocol, ports and TCP flags read straight from a packet's bytes, with the
// packet an ICMP/ICMPv6 error quotes. The filter's slow path: for ICMP messages (Wireshark
// matches ip.addr, tcp.port, udp... against the quoted header too) and for packets outside
// any flow. Every read is bounded by the captured bytes.
import { isIcmpError } from '../decode/icmp';
import { isIcmpv6Error } from '../decode/icmpv6';
import { parseIpv4 } from '../decode/ipv4';
import { parseIpv6 } from '../decode/ipv6';
import { IpHeader, MALFORMED, newIpHeader } from '../decode/types';
import { locateNetwork, newLinkLayer } from '../linkLayer';

export interface NetInfo {
  family: 4 | 6;
  src: Uint8Array;
  dst: Uint8Array;
  /** IP protocol number. */
  protocol: number;
  /** -1 when absent (not TCP/UDP, a later fragment, or not captured). */
  sport: number;
  dport: number;
  /** TCP flag byte, -1 when absent. */
  tcpFlags: number;
  /** The header an ICMP error message quotes. */
  quoted: NetInfo | null;
}

const link = newLinkLayer();

/** The packet's IP-level facts, or null when it has no readable IP header. */
export function readNetInfo(b: Uint8Array, linkType: number, wireLen: number): NetInfo | null {
  if (!locateNetwork(linkType, b, 0, b.length, link)) return null;
  return readIp(b, link.offset, b.length, link.family === 6 ? 6 : 4, Math.max(wireLen, b.length), true);
}

function readIp(b: Uint8Array, start: number, end: number, family: 4 | 6, wireEnd: number, outer: boolean): NetInfo | null {
  const ip: IpHeader = newIpHeader();
  const st = family === 4 ? parseIpv4(b, start, end, ip, wireEnd) : parseIpv6(b, start, end, ip, wireEnd);
  if (st === MALFORMED || ip.srcOffset + (family === 4 ? 8 : 32) > end) return null;
  const alen = family === 4 ? 4 : 16;
  const info: NetInfo = {
    family, src: b.slice(ip.srcOffset, ip.srcOffset + alen), dst: b.slice(ip.dstOffset, ip.dstOffset + alen),
    protocol: ip.protocol, sport: -1, dport: -1, tcpFlags: -1, quoted: null,
  };
  if (ip.protocol < 0 || ip.fragOffset !== 0) return info;
  const ts = ip.payloadStart;
  const te = Math.min(end, ip.payloadEnd);
  if ((ip.protocol === 6 || ip.protocol === 17) && ts + 4 <= te) {
    info.sport = (b[ts] << 8) | b[ts + 1];
    info.dport = (b[ts + 2] << 8) | b[ts + 3];
    if (ip.protocol === 6 && ts + 14 <= te) info.tcpFlags = b[ts + 13];
  }
  // Only the outer packet's error message quotes another one (no recursion into quotes).
  const icmp = (ip.protocol === 1 && family === 4) || (ip.protocol === 58 && family === 6);
  if (outer && icmp && ts + 8 < te) {
    const type = b[ts];
    const isError = family === 4 ? isIcmpError(type) : isIcmpv6Error(type);
    const qs = ts + 8;
    if (isError && qs < te) {
      const qfam = b[qs] >> 4;
      if (qfam === 4 || qfam === 6) info.quoted = readIp(b, qs, te, qfam, Infinity, false);
    }
  }
  return info;
}
