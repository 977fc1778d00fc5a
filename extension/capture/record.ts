// Types shared by the pcap and pcapng parsers and the reader that drives them.

/** Largest captured length accepted for one packet (libpcap's MAXIMUM_SNAPLEN). */
export const MAX_CAPLEN = 262144;

/** Largest pcapng block accepted: bounds what a half-written or hostile file can make us buffer. */
export const MAX_BLOCK = 16 * 1024 * 1024;

/** One capture interface: classic pcap has exactly one, pcapng one per IDB in a section. */
export interface InterfaceInfo {
  readonly linkType: number;
  /** 0 means "no limit" (some writers leave it unset). */
  readonly snapLen: number;
  /** Timestamp ticks per second: 1e6 for classic µs pcap, 1e9 for ns, any for pcapng. */
  readonly unitsPerSecond: number;
  /** pcapng if_tsoffset: seconds added to every timestamp. */
  readonly tsOffsetSec: number;
  readonly name: string | null;
}

/**
 * A packet as the reader hands it to its callback. The same object is reused for every
 * packet and `bytes` is the reader's or the caller's buffer: copy what you keep.
 */
export interface PacketRecord {
  /** Holds the packet: its bytes are bytes[dataStart, dataStart + capLen). */
  bytes: Uint8Array;
  dataStart: number;
  capLen: number;
  /** Length on the wire (may exceed capLen when the writer truncated it to the snaplen). */
  origLen: number;
  tsSec: number;
  /** 0..999999999 for sane files; a hostile µs field can push it higher, never negative. */
  tsNsec: number;
  interfaceId: number;
  linkType: number;
  /** File offset of the record header (pcap) or block (pcapng). */
  recordOffset: number;
  /** File offset of the first packet byte. */
  dataOffset: number;
}

/** A packet with its own copy of the bytes, for callers that want arrays, not callbacks. */
export interface OwnedPacket {
  readonly data: Uint8Array;
  readonly origLen: number;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly interfaceId: number;
  readonly linkType: number;
  readonly recordOffset: number;
  readonly dataOffset: number;
}

export function newRecord(): PacketRecord {
  return {
    bytes: new Uint8Array(0),
    dataStart: 0,
    capLen: 0,
    origLen: 0,
    tsSec: 0,
    tsNsec: 0,
    interfaceId: 0,
    linkType: 0,
    recordOffset: 0,
    dataOffset: 0,
  };
}

export function copyRecord(r: PacketRecord): OwnedPacket {
  return {
    data: r.bytes.slice(r.dataStart, r.dataStart + r.capLen),
    origLen: r.origLen,
    tsSec: r.tsSec,
    tsNsec: r.tsNsec,
    interfaceId: r.interfaceId,
    linkType: r.linkType,
    recordOffset: r.recordOffset,
    dataOffset: r.dataOffset,
  };
}

/**
 * One file format's unit parser. A "unit" is the file header, a record or a block: the
 * reader only ever hands a parser complete units, so parsers never see partial data.
 */
export interface FormatParser {
  readonly format: 'pcap' | 'pcapng';
  /**
   * Length of the unit starting at b[pos] given `avail` bytes, or -n when n bytes are
   * needed before the length is known. Must not change state: it may be asked twice.
   * Throws CaptureError as soon as the visible bytes are bad.
   */
  unitLength(b: Uint8Array, pos: number, avail: number, fileOffset: number): number;
  /** Consumes one complete unit; fills `rec` and returns true when it is a packet. */
  parseUnit(b: Uint8Array, pos: number, len: number, fileOffset: number, rec: PacketRecord): boolean;
  /**
   * Optional fast path: consumes every complete unit in b[pos, end), calling `onPacket`
   * for each packet, and returns where the first incomplete unit starts. `fileOffset` is
   * the file offset of b[pos]. Only called once the header is done.
   */
  parseRun?(b: Uint8Array, pos: number, end: number, fileOffset: number, rec: PacketRecord, onPacket: (r: PacketRecord) => void): number;
  /** Packets delivered so far. */
  readonly packetCount: number;
  /** True once the file header (or first SHB) has been consumed. */
  readonly headerDone: boolean;
  /** Byte order of the file (pcapng: of the current section). */
  readonly littleEndian: boolean;
  readonly interfaces: readonly InterfaceInfo[];
}
