// pcapng files: a sequence of self-describing blocks. Handles SHB (byte order, new
// section), IDB (link type, snaplen, if_tsresol, if_tsoffset, if_name), EPB, SPB and the
// obsolete OPB; every other block type is skipped by its length. Several sections, each
// with its own byte order and interfaces, may follow one another.
import { u16, u32, u32le } from './bytes';
import { CaptureError } from './errors';
import { FormatParser, InterfaceInfo, MAX_BLOCK, MAX_CAPLEN, PacketRecord } from './record';
import { SplitTime, splitTimestamp, unitsPerSecond } from './timestamp';

const BT_SHB = 0x0a0d0d0a;
const BT_IDB = 0x00000001;
const BT_OPB = 0x00000002;
const BT_SPB = 0x00000003;
const BT_EPB = 0x00000006;
const BOM = 0x1a2b3c4d;
const BOM_SWAPPED = 0x4d3c2b1a;

const OPT_ENDOFOPT = 0;
const OPT_IF_NAME = 2;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

/** True when the first 4 bytes are the SHB block type (a palindrome: order-independent). */
export function isPcapng(b: Uint8Array, pos: number): boolean {
  return u32le(b, pos) === BT_SHB;
}

export class PcapngParser implements FormatParser {
  readonly format = 'pcapng';
  headerDone = false;
  interfaces: InterfaceInfo[] = [];
  packetCount = 0;
  /** Byte order of the current section. */
  private le = true;
  private readonly time: SplitTime = { sec: 0, nsec: 0 };

  get littleEndian(): boolean {
    return this.le;
  }

  unitLength(b: Uint8Array, pos: number, avail: number, fileOffset: number): number {
    if (avail < 8) return -8;
    let le = this.le;
    if (u32le(b, pos) === BT_SHB) {
      // A new section may switch byte order: the length is only readable after the BOM.
      if (avail < 12) return -12;
      le = this.sectionOrder(b, pos, fileOffset);
    } else if (!this.headerDone) {
      throw new CaptureError('bad-magic', fileOffset, 'pcapng file does not start with a Section Header Block');
    }
    const len = u32(b, pos + 4, le);
    if (len < 12 || len % 4 !== 0) {
      throw new CaptureError('bad-block', fileOffset, `pcapng block length ${len} is not a multiple of 4 of at least 12`);
    }
    if (len > MAX_BLOCK) {
      throw new CaptureError('bad-block', fileOffset, `pcapng block length ${len} exceeds the ${MAX_BLOCK}-byte limit`);
    }
    return len;
  }

  parseUnit(b: Uint8Array, pos: number, len: number, fileOffset: number, rec: PacketRecord): boolean {
    const isShb = u32le(b, pos) === BT_SHB;
    const le = isShb ? this.sectionOrder(b, pos, fileOffset) : this.le;
    if (u32(b, pos + len - 4, le) !== len) {
      throw new CaptureError('bad-block', fileOffset, `pcapng block trailer length ${u32(b, pos + len - 4, le)} differs from its header length ${len}`);
    }
    if (isShb) {
      this.parseShb(b, pos, len, fileOffset, le);
      return false;
    }
    switch (u32(b, pos, le)) {
      case BT_IDB: this.parseIdb(b, pos, len, fileOffset); return false;
      case BT_EPB: return this.parseEpb(b, pos, len, fileOffset, rec, false);
      case BT_OPB: return this.parseEpb(b, pos, len, fileOffset, rec, true);
      case BT_SPB: return this.parseSpb(b, pos, len, fileOffset, rec);
      default: return false; // NRB, ISB, DSB, custom...: not needed to list packets.
    }
  }

  private sectionOrder(b: Uint8Array, pos: number, fileOffset: number): boolean {
    const bom = u32le(b, pos + 8);
    if (bom === BOM) return true;
    if (bom === BOM_SWAPPED) return false;
    const kind = this.headerDone ? 'bad-block' : 'bad-magic';
    throw new CaptureError(kind, fileOffset + 8, `pcapng section header has byte-order magic 0x${bom.toString(16).padStart(8, '0')}`);
  }

  private parseShb(b: Uint8Array, pos: number, len: number, fileOffset: number, le: boolean): void {
    if (len < 28) throw new CaptureError('bad-header', fileOffset, `pcapng section header block is ${len} bytes, less than 28`);
    const major = u16(b, pos + 12, le);
    if (major !== 1) {
      throw new CaptureError('bad-header', fileOffset + 12, `unsupported pcapng version ${major}.${u16(b, pos + 14, le)} (expected 1.x)`);
    }
    this.le = le;
    this.interfaces = [];
    this.headerDone = true;
  }

  private parseIdb(b: Uint8Array, pos: number, len: number, fileOffset: number): void {
    if (len < 20) throw new CaptureError('bad-block', fileOffset, `pcapng interface description block is ${len} bytes, less than 20`);
    const le = this.le;
    const linkType = u16(b, pos + 8, le);
    const snapLen = u32(b, pos + 12, le);
    let units = 1e6;
    let tsOffsetSec = 0;
    let name: string | null = null;
    // Options are advisory: a malformed option list ends the list rather than the file.
    let p = pos + 16;
    const end = pos + len - 4;
    while (p + 4 <= end) {
      const code = u16(b, p, le);
      const olen = u16(b, p + 2, le);
      if (code === OPT_ENDOFOPT || p + 4 + olen > end) break;
      const v = p + 4;
      if (code === OPT_IF_TSRESOL && olen >= 1) {
        units = unitsPerSecond(b[v]);
        if (units === 0) throw new CaptureError('bad-block', fileOffset + (v - pos), `unsupported pcapng if_tsresol 0x${b[v].toString(16)}`);
      } else if (code === OPT_IF_TSOFFSET && olen >= 8) {
        const lo = u32(b, le ? v : v + 4, le);
        const hi = u32(b, le ? v + 4 : v, le) | 0; // signed seconds
        tsOffsetSec = hi * 4294967296 + lo;
      } else if (code === OPT_IF_NAME && olen > 0) {
        name = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(v, v + Math.min(olen, 256))).replace(/\0+$/, '');
      }
      p = v + ((olen + 3) & ~3);
    }
    this.interfaces.push({ linkType, snapLen, unitsPerSecond: units, tsOffsetSec, name });
  }

  /** EPB, or OPB when `obsolete` (16-bit interface id followed by a drops counter). */
  private parseEpb(b: Uint8Array, pos: number, len: number, fileOffset: number, rec: PacketRecord, obsolete: boolean): boolean {
    const le = this.le;
    if (len < 32) throw new CaptureError('bad-block', fileOffset, `pcapng packet block is ${len} bytes, less than 32`);
    const ifId = obsolete ? u16(b, pos + 8, le) : u32(b, pos + 8, le);
    const iface = this.iface(ifId, fileOffset);
    const capLen = u32(b, pos + 20, le);
    if (capLen > len - 32) {
      throw new CaptureError('bad-block', fileOffset, `pcapng packet block claims ${capLen} captured bytes but holds at most ${len - 32}`);
    }
    checkCapLen(capLen, iface, fileOffset);
    splitTimestamp(u32(b, pos + 12, le), u32(b, pos + 16, le), iface.unitsPerSecond, this.time);
    rec.bytes = b;
    rec.tsSec = this.time.sec + iface.tsOffsetSec;
    rec.tsNsec = this.time.nsec;
    rec.capLen = capLen;
    rec.origLen = u32(b, pos + 24, le);
    rec.dataStart = pos + 28;
    rec.interfaceId = ifId;
    rec.linkType = iface.linkType;
    rec.recordOffset = fileOffset;
    rec.dataOffset = fileOffset + 28;
    this.packetCount++;
    return true;
  }

  /** SPB: no timestamp, no captured length; interface 0; data up to the block end. */
  private parseSpb(b: Uint8Array, pos: number, len: number, fileOffset: number, rec: PacketRecord): boolean {
    if (len < 16) throw new CaptureError('bad-block', fileOffset, `pcapng simple packet block is ${len} bytes, less than 16`);
    const iface = this.iface(0, fileOffset);
    const origLen = u32(b, pos + 8, this.le);
    let capLen = Math.min(origLen, len - 16);
    if (iface.snapLen !== 0) capLen = Math.min(capLen, iface.snapLen);
    checkCapLen(capLen, iface, fileOffset);
    rec.bytes = b;
    rec.tsSec = 0;
    rec.tsNsec = 0;
    rec.capLen = capLen;
    rec.origLen = origLen;
    rec.dataStart = pos + 12;
    rec.interfaceId = 0;
    rec.linkType = iface.linkType;
    rec.recordOffset = fileOffset;
    rec.dataOffset = fileOffset + 12;
    this.packetCount++;
    return true;
  }

  private iface(id: number, fileOffset: number): InterfaceInfo {
    const iface = this.interfaces[id];
    if (iface === undefined) {
      throw new CaptureError('bad-block', fileOffset + 8, `pcapng packet refers to interface ${id}, but the section describes ${this.interfaces.length}`);
    }
    return iface;
  }
}

function checkCapLen(capLen: number, iface: InterfaceInfo, fileOffset: number): void {
  if (capLen > MAX_CAPLEN) {
    throw new CaptureError('record-too-long', fileOffset, `packet block claims ${capLen} captured bytes, more than the maximum ${MAX_CAPLEN}`);
  }
  if (iface.snapLen !== 0 && capLen > iface.snapLen) {
    throw new CaptureError('record-too-long', fileOffset, `packet block claims ${capLen} captured bytes, more than the interface snapshot length ${iface.snapLen}`);
  }
}
