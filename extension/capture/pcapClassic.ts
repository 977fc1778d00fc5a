// Classic libpcap files: a 24-byte header, then 16-byte record headers each followed by
// the packet. Both byte orders, microsecond (a1b2c3d4) and nanosecond (a1b23c4d) magic.
// socket_wrapper writes this format (little-endian, µs, link type 101 raw IP).
import { u16, u32, u32be, u32le } from './bytes';
import { CaptureError } from './errors';
import { FormatParser, InterfaceInfo, MAX_CAPLEN, PacketRecord } from './record';

export const PCAP_HEADER_LEN = 24;
const RECORD_HEADER_LEN = 16;

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;
const MAGIC_US_SWAPPED = 0xd4c3b2a1;
const MAGIC_NS_SWAPPED = 0x4d3cb2a1;

/** Returns the parser for a classic pcap magic (first 4 bytes), or null if it is not one. */
export function detectClassic(b: Uint8Array, pos: number): ClassicPcapParser | null {
  const magic = u32le(b, pos);
  switch (magic) {
    case MAGIC_US: return new ClassicPcapParser(true, false);
    case MAGIC_NS: return new ClassicPcapParser(true, true);
    case MAGIC_US_SWAPPED: return new ClassicPcapParser(false, false);
    case MAGIC_NS_SWAPPED: return new ClassicPcapParser(false, true);
    default: return null;
  }
}

export class ClassicPcapParser implements FormatParser {
  readonly format = 'pcap';
  headerDone = false;
  interfaces: InterfaceInfo[] = [];
  packetCount = 0;
  private linkType = 0;
  /** Records longer than this are rejected: min(file snaplen, MAX_CAPLEN). */
  private maxCapLen = MAX_CAPLEN;
  /** Multiplier from the fraction field to nanoseconds. */
  private readonly fracToNs: number;

  get littleEndian(): boolean {
    return this.le;
  }

  constructor(
    /** File is little-endian. */
    readonly le: boolean,
    readonly nanosecond: boolean,
  ) {
    this.fracToNs = nanosecond ? 1 : 1000;
  }

  unitLength(b: Uint8Array, pos: number, avail: number, fileOffset: number): number {
    if (!this.headerDone) return avail >= PCAP_HEADER_LEN ? PCAP_HEADER_LEN : -PCAP_HEADER_LEN;
    if (avail < RECORD_HEADER_LEN) return -RECORD_HEADER_LEN;
    const capLen = u32(b, pos + 8, this.le);
    if (capLen > this.maxCapLen) throw this.tooLong(capLen, fileOffset);
    return RECORD_HEADER_LEN + capLen;
  }

  parseUnit(b: Uint8Array, pos: number, _len: number, fileOffset: number, rec: PacketRecord): boolean {
    if (!this.headerDone) {
      this.parseHeader(b, pos, fileOffset);
      return false;
    }
    const le = this.le;
    rec.bytes = b;
    rec.tsSec = u32(b, pos, le);
    rec.tsNsec = u32(b, pos + 4, le) * this.fracToNs;
    rec.capLen = u32(b, pos + 8, le);
    rec.origLen = u32(b, pos + 12, le);
    rec.dataStart = pos + RECORD_HEADER_LEN;
    rec.interfaceId = 0;
    rec.linkType = this.linkType;
    rec.recordOffset = fileOffset;
    rec.dataOffset = fileOffset + RECORD_HEADER_LEN;
    this.packetCount++;
    return true;
  }

  /**
   * The hot loop for big files: the same checks as unitLength + parseUnit, fused so each
   * record header is read once and no per-record dispatch happens.
   */
  parseRun(b: Uint8Array, pos: number, end: number, fileOffset: number, rec: PacketRecord, onPacket: (r: PacketRecord) => void): number {
    const le = this.le;
    const max = this.maxCapLen;
    const fracToNs = this.fracToNs;
    const linkType = this.linkType;
    const base = fileOffset - pos;
    let p = pos;
    rec.bytes = b;
    rec.interfaceId = 0;
    rec.linkType = linkType;
    while (end - p >= RECORD_HEADER_LEN) {
      const capLen = le ? u32le(b, p + 8) : u32be(b, p + 8);
      if (capLen > max) throw this.tooLong(capLen, base + p);
      const next = p + RECORD_HEADER_LEN + capLen;
      if (next > end) break;
      rec.tsSec = le ? u32le(b, p) : u32be(b, p);
      rec.tsNsec = (le ? u32le(b, p + 4) : u32be(b, p + 4)) * fracToNs;
      rec.capLen = capLen;
      rec.origLen = le ? u32le(b, p + 12) : u32be(b, p + 12);
      rec.dataStart = p + RECORD_HEADER_LEN;
      rec.recordOffset = base + p;
      rec.dataOffset = base + p + RECORD_HEADER_LEN;
      this.packetCount++;
      onPacket(rec);
      p = next;
    }
    return p;
  }

  private parseHeader(b: Uint8Array, pos: number, fileOffset: number): void {
    const major = u16(b, pos + 4, this.le);
    const minor = u16(b, pos + 6, this.le);
    if (major !== 2) {
      throw new CaptureError('bad-header', fileOffset + 4, `unsupported pcap version ${major}.${minor} (expected 2.x)`);
    }
    const snapLen = u32(b, pos + 16, this.le);
    // The low 16 bits are the link type; the high bits can carry FCS information.
    this.linkType = u32(b, pos + 20, this.le) & 0xffff;
    this.maxCapLen = snapLen === 0 ? MAX_CAPLEN : Math.min(snapLen, MAX_CAPLEN);
    this.interfaces = [{
      linkType: this.linkType,
      snapLen,
      unitsPerSecond: this.nanosecond ? 1e9 : 1e6,
      tsOffsetSec: 0,
      name: null,
    }];
    this.headerDone = true;
  }

  private tooLong(capLen: number, fileOffset: number): CaptureError {
    const limit = this.maxCapLen < MAX_CAPLEN ? `the snapshot length ${this.maxCapLen}` : `the maximum ${MAX_CAPLEN}`;
    return new CaptureError('record-too-long', fileOffset, `packet record claims ${capLen} captured bytes, more than ${limit}`);
  }
}
