// Shapes shared by the header decoders. Each decoder fills a caller-owned, reused object
// and returns a status, so the indexing loop allocates nothing per packet; the friendly
// DecodedPacket (decode/index.ts) is built from these only when someone asks for it.

/** The header is complete and sane. */
export const OK = 0;
/** The capture stops inside the header (snaplen or a cut file): fields read so far are set. */
export const TRUNCATED = 1;
/** The header is impossible (bad version, length fields contradict each other...). */
export const MALFORMED = 2;
export type DecodeStatus = typeof OK | typeof TRUNCATED | typeof MALFORMED;

/** IPv4 or IPv6 header, with IPv6 extension headers folded in. */
export interface IpHeader {
  version: 4 | 6;
  /** Bytes from the start of the IP header to the upper-layer header (incl. IPv6 extensions). */
  headerLength: number;
  /** Upper-layer protocol number after any IPv6 extension headers. */
  protocol: number;
  /** Absolute offsets (into the packet buffer) of the addresses: 4 or 16 bytes each. */
  srcOffset: number;
  dstOffset: number;
  /** Absolute offset of the upper-layer header. */
  payloadStart: number;
  /** Absolute end of the upper-layer data that was captured (never past the claimed length). */
  payloadEnd: number;
  /** Upper-layer length the header claims (total/payload length minus headers). */
  payloadLength: number;
  ttl: number;
  /** IPv4 identification, or IPv6 fragment header identification (0 if none). */
  ident: number;
  dontFragment: boolean;
  /** A fragment (MF set or offset > 0); the upper header is only present when fragOffset is 0. */
  isFragment: boolean;
  /** Fragment offset in bytes. */
  fragOffset: number;
  moreFragments: boolean;
  /** Count of IPv6 extension headers walked. */
  extHeaders: number;
  /** Fewer bytes were captured than the header says the packet has. */
  truncated: boolean;
  problem: string | null;
  /** The length field claimed more than the packet had on the wire; it was clamped. */
  lengthProblem: string | null;
}

export function newIpHeader(): IpHeader {
  return {
    version: 4, headerLength: 0, protocol: -1, srcOffset: 0, dstOffset: 0, payloadStart: 0, payloadEnd: 0,
    payloadLength: 0, ttl: 0, ident: 0, dontFragment: false, isFragment: false, fragOffset: 0,
    moreFragments: false, extHeaders: 0, truncated: false, problem: null, lengthProblem: null,
  };
}

/** TCP flag bits as in byte 13 of the header. */
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;
export const TCP_CWR = 0x80;

export interface TcpHeader {
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  /** Byte 13: CWR ECE URG ACK PSH RST SYN FIN. */
  flags: number;
  /** The AE/NS bit (byte 12, bit 0). */
  ns: boolean;
  headerLength: number;
  window: number;
  checksum: number;
  urgent: number;
  /** Absolute offset of the payload and its length as the IP header claims it. */
  payloadStart: number;
  payloadLength: number;
  problem: string | null;
}

export function newTcpHeader(): TcpHeader {
  return {
    sport: 0, dport: 0, seq: 0, ack: 0, flags: 0, ns: false, headerLength: 0, window: 0, checksum: 0,
    urgent: 0, payloadStart: 0, payloadLength: 0, problem: null,
  };
}

export interface UdpHeader {
  sport: number;
  dport: number;
  /** The UDP length field (header + payload). */
  length: number;
  checksum: number;
  payloadStart: number;
  payloadLength: number;
  problem: string | null;
}

export function newUdpHeader(): UdpHeader {
  return { sport: 0, dport: 0, length: 0, checksum: 0, payloadStart: 0, payloadLength: 0, problem: null };
}

/** ICMP or ICMPv6 header; `quoted*` describe the offending packet inside error messages. */
export interface IcmpHeader {
  type: number;
  code: number;
  checksum: number;
  /** Echo identifier and sequence (-1 when not an echo). */
  echoId: number;
  echoSeq: number;
  /** Absolute offset of the quoted IP header inside an error message, or -1. */
  quotedStart: number;
  /** Absolute offset and length of the data after the 8-byte ICMP header. */
  payloadStart: number;
  payloadLength: number;
  problem: string | null;
}

export function newIcmpHeader(): IcmpHeader {
  return { type: 0, code: 0, checksum: 0, echoId: -1, echoSeq: -1, quotedStart: -1, payloadStart: 0, payloadLength: 0, problem: null };
}
