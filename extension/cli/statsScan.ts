// The fast path of `swdebug stats`: classic pcap (what socket_wrapper writes) read in large
// chunks and counted by a RecordCounter. The native counter (cli/statsNative.ts over
// native/addon/pcap_counter.h) is used when the addon loads; ScriptRecordCounter below is
// the same loop in TypeScript, the fallback. Both feed every packet to the same rules as
// CaptureFile's indexing (summarize, FlowTable.observe, CaptureStats.add), in the same
// order, so the counts are identical; the unit tests hold all three to that. Reads are
// synchronous on purpose: on the shared 2-core machines the thread pool's wake-up per chunk
// cost more (10-15% of the run, measured under load) than overlapping the copy with the
// counting won. Anything but a well-formed classic pcap read to its last byte (pcapng, a
// bad header or record, a truncated tail, a read error) returns null, and the caller
// counts the file the general way, which also words the error or warning.
import * as fs from 'fs';
import { u32be, u32le } from '../capture/bytes';
import { CaptureStats } from '../capture/captureStats';
import { newSummary, summarize } from '../capture/decode/summary';
import { FlowTable } from '../capture/flows';
import { PCAP_HEADER_LEN } from '../capture/pcapClassic';
import { InterfaceInfo, MAX_CAPLEN } from '../capture/record';
import { nativeRecordCounter } from './statsNative';

/** What `swdebug stats` reports from, whichever way the file was read. */
export interface CaptureCounts {
  format: 'pcap' | 'pcapng' | null;
  interfaces: readonly InterfaceInfo[];
  stats: CaptureStats;
  flows: FlowTable;
}

const RECORD_HEADER_LEN = 16;
const PAGE = 4096;
/** Bytes per read: 1 MiB measured best on the 300 MB benchmark capture (256 KiB to 4 MiB tried). */
const CHUNK = 1024 * 1024;
/** Room before each chunk for the partial record carried over from the previous one (whole pages). */
const CARRY_ROOM = Math.ceil((RECORD_HEADER_LEN + MAX_CAPLEN) / PAGE) * PAGE;

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;
const MAGIC_US_SWAPPED = 0xd4c3b2a1;
const MAGIC_NS_SWAPPED = 0x4d3cb2a1;

/** What a RecordCounter is made for: one file's record format and link. */
export interface RecordFormat {
  littleEndian: boolean;
  nanosecond: boolean;
  linkType: number;
  /** Longest record allowed: the snap length, at most MAX_CAPLEN. */
  maxCapLen: number;
}

/** Counts the records of a file chunk by chunk, in file order. */
export interface RecordCounter {
  /** Counts the complete records in b[p, end); returns where the first incomplete one starts, or -1 for a record longer than maxCapLen. */
  count(b: Uint8Array, p: number, end: number): number;
  /** The totals, once every record was counted. */
  finish(): Pick<CaptureCounts, 'stats' | 'flows'>;
}

/** Which counter counts: 'auto' takes the native one when the addon loads, 'script' the TypeScript one. */
export type CounterChoice = 'auto' | 'script';

/** A classic pcap file header's record format and snap length; null when it is not one (ClassicPcapParser.parseHeader's rules). */
export function classicPcapHeader(h: Uint8Array): { format: RecordFormat; snapLen: number } | null {
  if (h.length < PCAP_HEADER_LEN) return null;
  const magic = u32le(h, 0);
  const le = magic === MAGIC_US || magic === MAGIC_NS;
  const nanosecond = magic === MAGIC_NS || magic === MAGIC_NS_SWAPPED;
  if (!le && magic !== MAGIC_US_SWAPPED && magic !== MAGIC_NS_SWAPPED) return null;
  if ((le ? h[4] | (h[5] << 8) : (h[4] << 8) | h[5]) !== 2) return null;
  const snapLen = le ? u32le(h, 16) : u32be(h, 16);
  const linkType = (le ? u32le(h, 20) : u32be(h, 20)) & 0xffff;
  const maxCapLen = snapLen === 0 ? MAX_CAPLEN : Math.min(snapLen, MAX_CAPLEN);
  return { format: { littleEndian: le, nanosecond, linkType, maxCapLen }, snapLen };
}

/** Counts a classic pcap file; null when it is anything else or not wholly well-formed. */
export async function scanClassicPcap(file: string, counter: CounterChoice = 'auto'): Promise<CaptureCounts | null> {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return null;
    const h = new Uint8Array(PCAP_HEADER_LEN);
    if (fs.readSync(fd, h, 0, PCAP_HEADER_LEN, 0) !== PCAP_HEADER_LEN) return null;
    const header = classicPcapHeader(h);
    if (header === null) return null;
    const { format, snapLen } = header;
    const { linkType, nanosecond } = format;
    const records = (counter === 'auto' ? nativeRecordCounter(format) : null) ?? new ScriptRecordCounter(format);
    if (!scanRecords(fd, records)) return null;
    return {
      format: 'pcap',
      interfaces: [{ linkType, snapLen, unitsPerSecond: nanosecond ? 1e9 : 1e6, tsOffsetSec: 0, name: null }],
      ...records.finish(),
    };
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads every record after the file header and hands the chunks to `records`; false at the
 * first thing amiss. Each read lands half a page away from the file offset's place in its
 * page: when the two are (nearly) equal modulo 4096 the kernel's copy out of the page cache
 * runs into 4K aliasing and took 2-6x as long on the benchmark machine (a copy 8 bytes
 * behind its source was the worst).
 */
function scanRecords(fd: number, records: RecordCounter): boolean {
  const b = new Uint8Array(CARRY_ROOM + PAGE + CHUNK);
  let position = PCAP_HEADER_LEN;
  /** Bytes of a record cut by the previous read, which ended at tailEnd. */
  let carry = 0;
  let tailEnd = 0;
  for (;;) {
    const start = CARRY_ROOM + ((position + PAGE / 2) % PAGE);
    if (carry > 0) b.copyWithin(start - carry, tailEnd - carry, tailEnd);
    const n = fs.readSync(fd, b, start, CHUNK, position);
    if (n === 0) break;
    position += n;
    const end = start + n;
    const p = records.count(b, start - carry, end);
    if (p < 0) return false;
    carry = end - p;
    tailEnd = end;
  }
  // A partial record at the end: the general path words the truncation warning.
  return carry === 0;
}

/** The counting loop in TypeScript: ClassicPcapParser.parseRun's checks, then CaptureFile's indexing callback (no index). */
export class ScriptRecordCounter implements RecordCounter {
  private readonly summary = newSummary();
  private readonly flows = new FlowTable();
  private readonly stats = new CaptureStats();
  private readonly fracToNs: number;

  constructor(private readonly format: RecordFormat) {
    this.fracToNs = format.nanosecond ? 1 : 1000;
  }

  count(b: Uint8Array, p: number, end: number): number {
    const { littleEndian: le, linkType, maxCapLen } = this.format;
    const { summary: s, flows, stats, fracToNs } = this;
    while (end - p >= RECORD_HEADER_LEN) {
      const capLen = le ? u32le(b, p + 8) : u32be(b, p + 8);
      if (capLen > maxCapLen) return -1;
      const data = p + RECORD_HEADER_LEN;
      const next = data + capLen;
      if (next > end) break;
      const sec = le ? u32le(b, p) : u32be(b, p);
      const nsec = (le ? u32le(b, p + 4) : u32be(b, p + 4)) * fracToNs;
      const origLen = le ? u32le(b, p + 12) : u32be(b, p + 12);
      summarize(b, data, next, linkType, s, origLen);
      flows.observe(s, sec + nsec / 1e9, origLen);
      stats.add(s, linkType, sec, nsec, capLen, origLen);
      p = next;
    }
    return p;
  }

  finish(): Pick<CaptureCounts, 'stats' | 'flows'> {
    return { stats: this.stats, flows: this.flows };
  }
}
