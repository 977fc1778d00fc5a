// The indexing fast path: the few numbers per packet that the index, the flow table and
// the statistics need (protocol, addresses as words, ports, TCP flags/seq/ack, payload
// length), written into one reused object. It shares every header decoder with the full
// decoder in decode/index.ts but builds no strings, so it costs a few dozen nanoseconds.
import { u32be } from '../bytes';
import { LINKTYPE_ETHERNET, LINKTYPE_IPV4, LINKTYPE_RAW, locateNetwork, newLinkLayer } from '../linkLayer';
import { parseIcmp } from './icmp';
import { parseIcmpv6 } from './icmpv6';
import { parseIpv4 } from './ipv4';
import { parseIpv6 } from './ipv6';
import { findTcpWindowScale, parseTcp } from './tcp';
import { newIcmpHeader, newIpHeader, newTcpHeader, newUdpHeader, OK, TCP_SYN } from './types';
import { parseUdp } from './udp';

/** Packet classes kept in the index (3 bits). */
export const KIND_NOT_IP = 0;
export const KIND_TCP = 1;
export const KIND_UDP = 2;
export const KIND_ICMP = 3;
export const KIND_ICMPV6 = 4;
export const KIND_OTHER_IP = 5;
export const KIND_NAMES: readonly string[] = ['other', 'tcp', 'udp', 'icmp', 'icmpv6', 'ip'];

export interface PacketSummary {
  kind: number;
  family: 0 | 4 | 6;
  /** IP protocol number (after IPv6 extension headers), -1 when not IP. */
  ipProtocol: number;
  /** Ethertype (or loopback address family) that was found, -1 when none. */
  etherType: number;
  /** Source then destination address as big-endian words (IPv4: words 0 and 4, the rest 0); only valid when family is not 0. */
  readonly addr: Uint32Array;
  /** -1 when the protocol has no ports or they were not captured. */
  sport: number;
  dport: number;
  /** TCP flag byte, 0 for other protocols. */
  tcpFlags: number;
  seq: number;
  ack: number;
  /** Window-scale shift from a SYN's options, -1 when absent. */
  tcpWscale: number;
  /** Transport payload length as the headers claim it. */
  payloadLength: number;
  /** IP fragment (of any position). */
  fragment: boolean;
  /** Some header was impossible or cut short. */
  malformed: boolean;
}

export function newSummary(): PacketSummary {
  return {
    kind: KIND_NOT_IP, family: 0, ipProtocol: -1, etherType: -1, addr: new Uint32Array(8), sport: -1, dport: -1,
    tcpFlags: 0, seq: 0, ack: 0, tcpWscale: -1, payloadLength: 0, fragment: false, malformed: false,
  };
}

// Scratch headers: one set per process is enough, the function never re-enters.
const link = newLinkLayer();
const ip = newIpHeader();
const tcp = newTcpHeader();
const udp = newUdpHeader();
const icmp = newIcmpHeader();

/**
 * Summarises the packet in b[start, end) captured with `linkType` into `out`; `wireLen` is
 * its original length (length fields claiming more than that are clamped, like Wireshark).
 */
export function summarize(b: Uint8Array, start: number, end: number, linkType: number, out: PacketSummary, wireLen = end - start): void {
  // Most packets are plain IPv4 TCP/UDP: take them straight from the bytes.
  if (linkType === LINKTYPE_RAW || linkType === LINKTYPE_IPV4) {
    if (summarizePlainIpv4(b, start, end, out)) return;
  } else if (linkType === LINKTYPE_ETHERNET && end - start >= 14 && b[start + 12] === 0x08 && b[start + 13] === 0x00) {
    if (summarizePlainIpv4(b, start + 14, end, out)) return;
  }
  summarizeGeneral(b, start, end, linkType, out, wireLen);
}

/**
 * The fast path, for an IPv4 header without options or fragmentation whose total length
 * fits the capture, carrying a sane non-SYN TCP header or a sane UDP header. The checks are
 * the ones parseIpv4/parseTcp/parseUdp make; anything they would flag, and SYNs (whose
 * options matter), go to summarizeGeneral. The fuzz test holds the two paths to agreement.
 * `swdebug stats` runs a C++ copy (SummarizePlainIpv4 in native/addon/pcap_counter.cc):
 * change both; test/unit/cli/stats.test.ts fails while they differ.
 */
function summarizePlainIpv4(b: Uint8Array, ip: number, end: number, out: PacketSummary): boolean {
  const avail = end - ip;
  if (avail < 28 || b[ip] !== 0x45) return false;
  const total = (b[ip + 2] << 8) | b[ip + 3];
  // Beyond the capture means truncated or clamped; fragments carry partial transport data.
  if (total < 28 || total > avail || (b[ip + 6] & 0x3f) !== 0 || b[ip + 7] !== 0) return false;
  const protocol = b[ip + 9];
  const ps = ip + 20;
  const claimed = total - 20;
  if (protocol === 6) {
    if (claimed < 20) return false;
    const hl = (b[ps + 12] >> 4) * 4;
    const flags = b[ps + 13];
    if (hl < 20 || hl > claimed || (flags & TCP_SYN) !== 0) return false;
    out.kind = KIND_TCP;
    out.tcpFlags = flags;
    out.seq = u32be(b, ps + 4);
    out.ack = u32be(b, ps + 8);
    out.payloadLength = claimed - hl;
  } else if (protocol === 17) {
    const ulen = (b[ps + 4] << 8) | b[ps + 5];
    if (claimed < 8 || ulen < 8 || ulen > claimed) return false;
    out.kind = KIND_UDP;
    out.tcpFlags = 0;
    out.seq = 0;
    out.ack = 0;
    out.payloadLength = ulen - 8;
  } else {
    return false;
  }
  out.family = 4;
  out.ipProtocol = protocol;
  out.etherType = 0x0800;
  out.sport = (b[ps] << 8) | b[ps + 1];
  out.dport = (b[ps + 2] << 8) | b[ps + 3];
  out.tcpWscale = -1;
  out.fragment = false;
  out.malformed = false;
  const a = out.addr;
  a[0] = u32be(b, ip + 12);
  a[1] = 0; a[2] = 0; a[3] = 0;
  a[4] = u32be(b, ip + 16);
  a[5] = 0; a[6] = 0; a[7] = 0;
  return true;
}

/** summarize without the fast path: every header through its decoder. */
export function summarizeGeneral(b: Uint8Array, start: number, end: number, linkType: number, out: PacketSummary, wireLen = end - start): void {
  out.kind = KIND_NOT_IP;
  out.family = 0;
  out.ipProtocol = -1;
  out.sport = -1;
  out.dport = -1;
  out.tcpFlags = 0;
  out.seq = 0;
  out.ack = 0;
  out.tcpWscale = -1;
  out.payloadLength = 0;
  out.fragment = false;
  out.malformed = false;
  const a = out.addr;
  if (!locateNetwork(linkType, b, start, end, link)) {
    out.etherType = link.etherType;
    out.malformed = link.problem !== null;
    return;
  }
  out.etherType = link.etherType;
  const ipStart = start + link.offset;
  const wireEnd = start + (wireLen > end - start ? wireLen : end - start);
  const st = link.family === 4 ? parseIpv4(b, ipStart, end, ip, wireEnd) : parseIpv6(b, ipStart, end, ip, wireEnd);
  if (st !== OK) {
    // Without a whole IP header the addresses are unreliable: keep the packet out of flows.
    out.malformed = true;
    return;
  }
  out.family = link.family;
  out.ipProtocol = ip.protocol;
  out.fragment = ip.isFragment;
  if (link.family === 4) {
    a[0] = u32be(b, ip.srcOffset);
    a[1] = 0; a[2] = 0; a[3] = 0;
    a[4] = u32be(b, ip.dstOffset);
    a[5] = 0; a[6] = 0; a[7] = 0;
  } else {
    for (let i = 0; i < 4; i++) {
      a[i] = u32be(b, ip.srcOffset + 4 * i);
      a[4 + i] = u32be(b, ip.dstOffset + 4 * i);
    }
  }
  out.payloadLength = ip.payloadLength;
  const p = ip.protocol;
  out.kind = p === 6 ? KIND_TCP : p === 17 ? KIND_UDP : p === 1 && link.family === 4 ? KIND_ICMP : p === 58 ? KIND_ICMPV6 : KIND_OTHER_IP;
  // Only a first fragment carries the upper-layer header.
  if (ip.fragOffset !== 0) return;
  const ps = ip.payloadStart;
  const pe = ip.payloadEnd;
  const claimed = ip.payloadLength;
  switch (out.kind) {
    case KIND_TCP: {
      const s = parseTcp(b, ps, pe, claimed, tcp);
      if (tcp.sport >= 0) { out.sport = tcp.sport; out.dport = tcp.dport; }
      if (pe - ps >= 20) {
        out.tcpFlags = tcp.flags;
        out.seq = tcp.seq;
        out.ack = tcp.ack;
        out.payloadLength = tcp.payloadLength;
        if (s === OK && (tcp.flags & TCP_SYN) !== 0) out.tcpWscale = findTcpWindowScale(b, ps + 20, ps + tcp.headerLength);
      }
      if (s !== OK) out.malformed = true;
      break;
    }
    case KIND_UDP: {
      const s = parseUdp(b, ps, pe, claimed, udp);
      if (udp.sport >= 0) { out.sport = udp.sport; out.dport = udp.dport; }
      out.payloadLength = udp.payloadLength;
      if (s !== OK) out.malformed = true;
      break;
    }
    case KIND_ICMP:
    case KIND_ICMPV6: {
      const s = out.kind === KIND_ICMP ? parseIcmp(b, ps, pe, claimed, icmp) : parseIcmpv6(b, ps, pe, claimed, icmp);
      out.payloadLength = icmp.payloadLength;
      if (s !== OK) out.malformed = true;
      break;
    }
    default:
      break;
  }
}
