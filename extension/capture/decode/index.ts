// The full decoder: one captured packet in, a DecodedPacket out, with addresses and an
// Info text formatted the way Wireshark shows them. Used for the CLI listing and for the
// details the Packet Timeline asks for; the indexing loop uses decode/summary.ts instead.
import { etherTypeName, LINKTYPE_LOOP, LINKTYPE_NULL, locateNetwork, newLinkLayer } from '../linkLayer';
import { formatIp } from './address';
import { icmpInfo, isIcmpError, parseIcmp } from './icmp';
import { icmpv6Info, isIcmpv6Error, parseIcmpv6 } from './icmpv6';
import { parseIpv4 } from './ipv4';
import { parseIpv6 } from './ipv6';
import { ipProtocolName } from './protocols';
import { parseTcp, parseTcpOptions, tcpFlagLetters, tcpFlagNames, tcpInfo, TcpOptions } from './tcp';
import {
  DecodeStatus, IpHeader, MALFORMED, newIcmpHeader, newIpHeader, newTcpHeader, newUdpHeader, OK, TCP_SYN,
} from './types';
import { parseUdp, udpInfo } from './udp';

export interface DecodedTcp {
  /** Flag byte (FIN = 0x01 ... CWR = 0x80). */
  flags: number;
  /** One letter per set flag from "FSRPAUEC", in that order. */
  letters: string;
  /** Wireshark's "SYN, ACK". */
  names: string;
  seq: number;
  ack: number;
  /** Relative to the flow's bases when they were given, else equal to seq/ack. */
  relSeq: number;
  relAck: number;
  window: number;
  headerLength: number;
  urgent: number;
  options: TcpOptions;
}

/** The IP and transport header quoted inside an ICMP/ICMPv6 error message. */
export interface QuotedPacket {
  src: string;
  dst: string;
  proto: string;
  ipProtocol: number;
  sport: number | null;
  dport: number | null;
}

export interface DecodedIcmp {
  type: number;
  code: number;
  echoId: number | null;
  echoSeq: number | null;
  quoted: QuotedPacket | null;
}

export interface DecodedFragment {
  id: number;
  /** Offset in bytes. */
  offset: number;
  more: boolean;
}

export interface DecodedPacket {
  linkType: number;
  network: 'ipv4' | 'ipv6' | null;
  /** Wireshark's address text; "" when there is no IP header. */
  src: string;
  dst: string;
  /** "tcp", "udp", "icmp", "icmpv6", another IP protocol name, or a link-level name ("arp"). */
  proto: string;
  ipProtocol: number | null;
  /** TTL or hop limit. */
  ttl: number | null;
  sport: number | null;
  dport: number | null;
  tcp: DecodedTcp | null;
  icmp: DecodedIcmp | null;
  fragment: DecodedFragment | null;
  /** Offset of the transport payload from the first byte of the packet. */
  payloadOffset: number;
  /** Transport payload length as the headers claim it (Wireshark's Len=). */
  payloadLength: number;
  /** How much of that payload was captured. */
  payloadCaptured: number;
  /** Fewer bytes captured than the headers claim (snaplen). */
  truncated: boolean;
  /** Why a header could not be decoded, if one could not. */
  problem: string | null;
  info: string;
}

/** Numbers that turn raw TCP seq/ack into Wireshark's relative ones (from the flow table). */
export interface TcpBases {
  seqBase: number;
  ackBase: number;
  /** Window scale shift to apply, or -1 to show the raw window. */
  windowShift: number;
}

export interface DecodeOptions {
  tcpBases?: TcpBases;
  /** The packet's original (on-the-wire) length; defaults to the captured length. */
  wireLen?: number;
}

const link = newLinkLayer();
const ipScratch = newIpHeader();
const quotedIp = newIpHeader();

/** Decodes the packet in b[start, end) captured with link type `linkType`. Never throws. */
export function decodePacket(b: Uint8Array, linkType: number, start = 0, end = b.length, options: DecodeOptions = {}): DecodedPacket {
  const d: DecodedPacket = {
    linkType, network: null, src: '', dst: '', proto: 'unknown', ipProtocol: null, ttl: null, sport: null, dport: null,
    tcp: null, icmp: null, fragment: null, payloadOffset: 0, payloadLength: 0, payloadCaptured: 0, truncated: false,
    problem: null, info: '',
  };
  if (end > b.length) end = b.length;
  if (!locateNetwork(linkType, b, start, end, link)) {
    if (link.problem !== null) d.problem = link.problem;
    else if (linkType !== LINKTYPE_NULL && linkType !== LINKTYPE_LOOP) d.proto = etherTypeName(link.etherType);
    d.payloadOffset = Math.min(link.offset, end - start);
    d.payloadLength = d.payloadCaptured = end - start - d.payloadOffset;
    d.info = d.problem ?? `${d.proto === 'unknown' ? 'Unknown' : d.proto.toUpperCase()} packet`;
    return d;
  }
  const ipStart = start + link.offset;
  const ip = ipScratch;
  const wireLen = options.wireLen !== undefined && options.wireLen > end - start ? options.wireLen : end - start;
  const st = link.family === 4 ? parseIpv4(b, ipStart, end, ip, start + wireLen) : parseIpv6(b, ipStart, end, ip, start + wireLen);
  d.network = link.family === 4 ? 'ipv4' : 'ipv6';
  d.proto = d.network;
  if (st !== OK) {
    d.problem = ip.problem;
    d.truncated = st !== MALFORMED;
    d.payloadOffset = ipStart - start;
    d.info = `[${st === MALFORMED ? 'Malformed Packet' : 'Packet size limited during capture'}]`;
    return d;
  }
  d.src = formatIp(b, ip.srcOffset, ip.version);
  d.dst = formatIp(b, ip.dstOffset, ip.version);
  d.ipProtocol = ip.protocol;
  d.proto = ipProtocolName(ip.protocol);
  d.ttl = ip.ttl;
  d.truncated = ip.truncated;
  d.problem = ip.lengthProblem;
  d.payloadOffset = ip.payloadStart - start;
  d.payloadLength = ip.payloadLength;
  d.payloadCaptured = ip.payloadEnd - ip.payloadStart;
  if (ip.isFragment) d.fragment = { id: ip.ident, offset: ip.fragOffset, more: ip.moreFragments };
  if (ip.fragOffset !== 0) {
    d.info = fragmentInfo(ip);
    return d;
  }
  const transport = decodeTransport(b, ip, d, options);
  // Like Wireshark (which waits for reassembly), a first fragment is shown as a fragment.
  if (d.fragment !== null && transport === OK) d.info = fragmentInfo(ip);
  return d;
}

function decodeTransport(b: Uint8Array, ip: IpHeader, d: DecodedPacket, options: DecodeOptions): DecodeStatus {
  const ps = ip.payloadStart;
  const pe = ip.payloadEnd;
  const start = ps - d.payloadOffset;
  // A first fragment holds only the start of the transport message: its length fields
  // describe the reassembled whole, so they cannot be checked against this fragment.
  const claimed = ip.isFragment ? 0x7fffffff : ip.payloadLength;
  let st: DecodeStatus = OK;
  let problem: string | null = null;
  switch (ip.protocol) {
    case 6: {
      const h = newTcpHeader();
      st = parseTcp(b, ps, pe, claimed, h);
      problem = h.problem;
      if (h.sport >= 0) { d.sport = h.sport; d.dport = h.dport; }
      if (pe - ps < 20) break;
      const tcpOptions = parseTcpOptions(b, ps + 20, Math.min(ps + h.headerLength, pe));
      const bases = options.tcpBases;
      const relSeq = bases ? (h.seq - bases.seqBase) >>> 0 : h.seq;
      const relAck = bases ? (h.ack - bases.ackBase) >>> 0 : h.ack;
      // The window of a SYN is never scaled (RFC 7323 §2.2).
      const shift = bases && (h.flags & TCP_SYN) === 0 ? bases.windowShift : -1;
      if (ip.isFragment) h.payloadLength = Math.max(0, ip.payloadLength - h.headerLength);
      d.tcp = {
        flags: h.flags, letters: tcpFlagLetters(h.flags), names: tcpFlagNames(h.flags, h.ns), seq: h.seq, ack: h.ack,
        relSeq, relAck, window: h.window, headerLength: h.headerLength, urgent: h.urgent, options: tcpOptions,
      };
      d.payloadOffset = h.payloadStart - start;
      d.payloadLength = h.payloadLength;
      d.payloadCaptured = Math.max(0, pe - h.payloadStart);
      const window = shift >= 0 ? h.window * 2 ** shift : h.window;
      d.info = tcpInfo(h, { seq: relSeq, ack: relAck, window, ackBase: bases ? bases.ackBase : 0 }, tcpOptions);
      break;
    }
    case 17: {
      const h = newUdpHeader();
      st = parseUdp(b, ps, pe, claimed, h);
      problem = h.problem;
      if (h.sport >= 0) { d.sport = h.sport; d.dport = h.dport; }
      if (st === OK || (pe - ps >= 8 && h.length >= 8)) {
        d.payloadOffset = h.payloadStart - start;
        d.payloadLength = h.payloadLength;
        d.payloadCaptured = Math.max(0, Math.min(pe, h.payloadStart + h.payloadLength) - h.payloadStart);
        d.info = udpInfo(h, ip.version === 6, claimed);
        // A length beyond the IP payload is flagged in the info text, as Wireshark does.
        if (st !== OK) {
          d.problem = problem;
          return st;
        }
      }
      break;
    }
    case 1:
    case 58: {
      const v6 = ip.protocol === 58;
      if (v6 !== (ip.version === 6)) { d.info = `${ipProtocolName(ip.protocol).toUpperCase()} over IPv${ip.version}`; break; }
      const h = newIcmpHeader();
      st = v6 ? parseIcmpv6(b, ps, pe, claimed, h) : parseIcmp(b, ps, pe, claimed, h);
      problem = h.problem;
      if (h.type < 0 || h.code < 0) break;
      d.icmp = {
        type: h.type, code: h.code, echoId: h.echoId >= 0 ? h.echoId : null, echoSeq: h.echoSeq >= 0 ? h.echoSeq : null,
        quoted: h.quotedStart >= 0 && (v6 ? isIcmpv6Error(h.type) : isIcmpError(h.type)) ? decodeQuoted(b, h.quotedStart, pe, v6 ? 6 : 4) : null,
      };
      d.payloadOffset = Math.min(h.payloadStart, pe) - start;
      d.payloadLength = ip.isFragment ? Math.max(0, ip.payloadLength - 8) : h.payloadLength;
      d.payloadCaptured = Math.max(0, pe - h.payloadStart);
      d.info = v6 ? icmpv6Info(h, ip.ttl) : icmpInfo(h, ip.ttl);
      break;
    }
    default:
      d.info = `${d.proto === `ip-proto-${ip.protocol}` ? `IP protocol ${ip.protocol}` : d.proto.toUpperCase()} (${ip.payloadLength} bytes)`;
      break;
  }
  if (st !== OK) {
    d.problem = problem ?? 'bad transport header';
    // Wireshark's form: the ports it could read, then the reason, without a space.
    const ports = d.sport !== null ? `${d.sport} → ${d.dport}` : '';
    d.info = `${ports}[${st === MALFORMED ? 'Malformed Packet' : 'Packet size limited during capture'}]`;
  }
  return st;
}

/** Wireshark's text for a fragment it has not reassembled. */
function fragmentInfo(ip: IpHeader): string {
  if (ip.version === 4) {
    const name = ipProtocolName(ip.protocol).toUpperCase();
    return `Fragmented IP protocol (proto=${name} ${ip.protocol}, off=${ip.fragOffset}, ID=${ip.ident.toString(16).padStart(4, '0')})`;
  }
  return `IPv6 fragment (off=${ip.fragOffset} more=${ip.moreFragments ? 'y' : 'n'} ident=0x${ip.ident.toString(16).padStart(8, '0')} nxt=${ip.protocol})`;
}

/** The IP header (and ports) an ICMP error quotes; null when too little of it is there. */
function decodeQuoted(b: Uint8Array, qs: number, end: number, version: 4 | 6): QuotedPacket | null {
  const q = quotedIp;
  const st = version === 4 ? parseIpv4(b, qs, end, q) : parseIpv6(b, qs, end, q);
  if (st !== OK) return null;
  const hasPorts = (q.protocol === 6 || q.protocol === 17) && q.fragOffset === 0 && q.payloadEnd - q.payloadStart >= 4;
  return {
    src: formatIp(b, q.srcOffset, version),
    dst: formatIp(b, q.dstOffset, version),
    proto: ipProtocolName(q.protocol),
    ipProtocol: q.protocol,
    sport: hasPorts ? (b[q.payloadStart] << 8) | b[q.payloadStart + 1] : null,
    dport: hasPorts ? (b[q.payloadStart + 2] << 8) | b[q.payloadStart + 3] : null,
  };
}
