// TCP header (RFC 9293) and its options. Option parsing walks kind/length pairs and stops
// at the first one that would read past the header, so a hostile length byte can neither
// loop forever (length 0/1) nor read outside the packet.
import { u16be, u32be } from '../bytes';
import {
  DecodeStatus, MALFORMED, OK, TcpHeader, TRUNCATED,
  TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG,
} from './types';

/**
 * Decodes the TCP header at b[start]; `end` is where the captured bytes stop and
 * `claimedLength` the segment length from the IP header.
 */
export function parseTcp(b: Uint8Array, start: number, end: number, claimedLength: number, out: TcpHeader): DecodeStatus {
  out.problem = null;
  const avail = end - start;
  if (avail < 20) {
    // Ports are worth having even from a cut header (ICMP quotes carry just 8 bytes).
    if (avail >= 4) {
      out.sport = u16be(b, start);
      out.dport = u16be(b, start + 2);
    } else {
      out.sport = -1;
      out.dport = -1;
    }
    // Cut by the capture (snaplen), or the segment itself is too short to be TCP.
    out.problem = claimedLength < 20
      ? `TCP segment of ${claimedLength} bytes is shorter than a TCP header`
      : `TCP header needs 20 bytes, ${avail < 0 ? 0 : avail} captured`;
    return claimedLength < 20 ? MALFORMED : TRUNCATED;
  }
  out.sport = u16be(b, start);
  out.dport = u16be(b, start + 2);
  out.seq = u32be(b, start + 4);
  out.ack = u32be(b, start + 8);
  const hl = (b[start + 12] >> 4) * 4;
  out.ns = (b[start + 12] & 1) !== 0;
  out.flags = b[start + 13];
  out.window = u16be(b, start + 14);
  out.checksum = u16be(b, start + 16);
  out.urgent = u16be(b, start + 18);
  out.headerLength = hl;
  out.payloadStart = start + hl;
  out.payloadLength = claimedLength - hl;
  if (hl < 20) {
    out.payloadStart = start + 20;
    out.payloadLength = 0;
    out.problem = `bogus TCP header length ${hl} (less than 20)`;
    return MALFORMED;
  }
  if (hl > claimedLength) {
    out.payloadLength = 0;
    out.problem = `bogus TCP header length ${hl} (more than the segment's ${claimedLength} bytes)`;
    return MALFORMED;
  }
  if (hl > avail) {
    out.problem = `TCP options cut: header is ${hl} bytes, ${avail} captured`;
    return TRUNCATED;
  }
  return OK;
}

/** Letters for the flag bits, in the order of the swdebug JSON contract: FSRPAUEC. */
const FLAG_LETTERS = 'FSRPAUEC';

export function tcpFlagLetters(flags: number): string {
  let s = '';
  for (let i = 0; i < 8; i++) if (flags & (1 << i)) s += FLAG_LETTERS[i];
  return s;
}

/** Wireshark's "[SYN, ACK]" names, lowest bit first. */
export function tcpFlagNames(flags: number, ns = false): string {
  const names: string[] = [];
  if (flags & TCP_FIN) names.push('FIN');
  if (flags & TCP_SYN) names.push('SYN');
  if (flags & TCP_RST) names.push('RST');
  if (flags & TCP_PSH) names.push('PSH');
  if (flags & TCP_ACK) names.push('ACK');
  if (flags & TCP_URG) names.push('URG');
  if (flags & TCP_ECE) names.push('ECE');
  if (flags & TCP_CWR) names.push('CWR');
  if (ns) names.push('AE');
  return names.length === 0 ? '<None>' : names.join(', ');
}

export interface TcpOptions {
  mss: number | null;
  /** Window scale shift count. */
  wscale: number | null;
  sackPermitted: boolean;
  tsVal: number | null;
  tsEcr: number | null;
  /** SACK blocks as [left, right] pairs. */
  sack: Array<[number, number]>;
  /** Option kinds present, in order (including NOP and EOL). */
  kinds: number[];
  /** Set when an option's length was impossible: parsing stopped there. */
  problem: string | null;
}

/** Parses the options in b[start, end) (the bytes between the fixed header and the data). */
export function parseTcpOptions(b: Uint8Array, start: number, end: number): TcpOptions {
  const o: TcpOptions = { mss: null, wscale: null, sackPermitted: false, tsVal: null, tsEcr: null, sack: [], kinds: [], problem: null };
  let p = start;
  while (p < end) {
    const kind = b[p];
    o.kinds.push(kind);
    if (kind === 0) break; // End of option list.
    if (kind === 1) { p++; continue; } // NOP.
    if (p + 2 > end) { o.problem = `TCP option ${kind} has no length byte`; break; }
    const len = b[p + 1];
    if (len < 2 || p + len > end) { o.problem = `TCP option ${kind} has bogus length ${len}`; break; }
    const v = p + 2;
    switch (kind) {
      case 2: if (len === 4) o.mss = u16be(b, v); break;
      case 3: if (len === 3) o.wscale = b[v]; break;
      case 4: if (len === 2) o.sackPermitted = true; break;
      case 5:
        for (let q = v; q + 8 <= p + len; q += 8) o.sack.push([u32be(b, q), u32be(b, q + 4)]);
        break;
      case 8: if (len === 10) { o.tsVal = u32be(b, v); o.tsEcr = u32be(b, v + 4); } break;
      default: break;
    }
    p += len;
  }
  return o;
}

/** Relative (Wireshark-style) numbers for the info text; absolute when no base is known. */
export interface TcpInfoNumbers {
  seq: number;
  ack: number;
  /** Window after scaling, when the scale is known. */
  window: number;
  /** What was subtracted from the ack number (SACK edges are shown relative to it). */
  ackBase: number;
}

/** Wireshark's Info column for a TCP segment: "7777 → 16030 [SYN, ACK] Seq=0 Ack=1 Win=32767 Len=0 MSS=1460". */
export function tcpInfo(h: TcpHeader, n: TcpInfoNumbers, options: TcpOptions | null): string {
  let s = `${h.sport} → ${h.dport} [${tcpFlagNames(h.flags, h.ns)}] Seq=${n.seq}`;
  if (h.flags & TCP_ACK) s += ` Ack=${n.ack}`;
  s += ` Win=${n.window}`;
  if (h.flags & TCP_URG) s += ` Urg=${h.urgent}`;
  s += ` Len=${h.payloadLength}`;
  if (options !== null) {
    // Wireshark lists these in the order the options appear.
    for (const kind of options.kinds) {
      if (kind === 2 && options.mss !== null) s += ` MSS=${options.mss}`;
      else if (kind === 3 && options.wscale !== null) s += ` WS=${2 ** Math.min(options.wscale, 14)}`;
      else if (kind === 4 && options.sackPermitted) s += ' SACK_PERM';
      else if (kind === 8 && options.tsVal !== null) s += ` TSval=${options.tsVal} TSecr=${options.tsEcr}`;
      else if (kind === 5) for (const [l, r] of options.sack) s += ` SLE=${(l - n.ackBase) >>> 0} SRE=${(r - n.ackBase) >>> 0}`;
    }
  }
  return s;
}

/** The window-scale shift from the options in b[start, end), or -1; allocation-free for the index. */
export function findTcpWindowScale(b: Uint8Array, start: number, end: number): number {
  let p = start;
  while (p < end) {
    const kind = b[p];
    if (kind === 0) return -1;
    if (kind === 1) { p++; continue; }
    if (p + 2 > end) return -1;
    const len = b[p + 1];
    if (len < 2 || p + len > end) return -1;
    if (kind === 3 && len === 3) return b[p + 2];
    p += len;
  }
  return -1;
}
