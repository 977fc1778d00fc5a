// The fast path of `swdebug stats`: classic pcap (what socket_wrapper writes) counted in one
// tight loop, with the next chunk read on libuv's thread pool while this one is counted.
// It feeds every packet to the very same summarize / FlowTable.observe / CaptureStats.add as
// CaptureFile's indexing does, in the same order, so the counts are identical by
// construction; what it leaves out is the generic reader's per-record object and callback,
// which cost a quarter of the run on a big capture (most of it before the JIT warms up).
// Anything but a well-formed classic pcap read to its last byte (pcapng, a bad header or
// record, a truncated tail, a read error) returns null, and the caller counts the file the
// general way, which also words the error or warning.
import * as fs from 'fs';
import { u32be, u32le } from '../capture/bytes';
import { CaptureStats } from '../capture/captureStats';
import { newSummary, PacketSummary, summarize } from '../capture/decode/summary';
import { FlowTable } from '../capture/flows';
import { PCAP_HEADER_LEN } from '../capture/pcapClassic';
import { InterfaceInfo, MAX_CAPLEN } from '../capture/record';

/** What `swdebug stats` reports from, whichever way the file was read. */
export interface CaptureCounts {
  format: 'pcap' | 'pcapng' | null;
  interfaces: readonly InterfaceInfo[];
  stats: CaptureStats;
  flows: FlowTable;
}

const RECORD_HEADER_LEN = 16;
const PAGE = 4096;
/**
 * Bytes per read. 1 MiB measured best on the 300 MB benchmark capture: each chunk is still
 * in the CPU caches when it is counted right after the kernel copied it (4 MiB chunks spill).
 */
const CHUNK = 1024 * 1024;
/** Room before each chunk for the partial record carried over from the previous one (whole pages). */
const CARRY_ROOM = Math.ceil((RECORD_HEADER_LEN + MAX_CAPLEN) / PAGE) * PAGE;

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;
const MAGIC_US_SWAPPED = 0xd4c3b2a1;
const MAGIC_NS_SWAPPED = 0x4d3cb2a1;

/** Counts a classic pcap file; null when it is anything else or not wholly well-formed. */
export async function scanClassicPcap(file: string): Promise<CaptureCounts | null> {
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
    const magic = u32le(h, 0);
    const le = magic === MAGIC_US || magic === MAGIC_NS;
    const nanosecond = magic === MAGIC_NS || magic === MAGIC_NS_SWAPPED;
    if (!le && magic !== MAGIC_US_SWAPPED && magic !== MAGIC_NS_SWAPPED) return null;
    // The same header rules as ClassicPcapParser.parseHeader.
    if ((le ? h[4] | (h[5] << 8) : (h[4] << 8) | h[5]) !== 2) return null;
    const snapLen = le ? u32le(h, 16) : u32be(h, 16);
    const linkType = (le ? u32le(h, 20) : u32be(h, 20)) & 0xffff;
    const maxCapLen = snapLen === 0 ? MAX_CAPLEN : Math.min(snapLen, MAX_CAPLEN);
    const counts: CaptureCounts = {
      format: 'pcap',
      interfaces: [{ linkType, snapLen, unitsPerSecond: nanosecond ? 1e9 : 1e6, tsOffsetSec: 0, name: null }],
      stats: new CaptureStats(),
      flows: new FlowTable(),
    };
    const ok = await scanRecords(fd, le, nanosecond ? 1 : 1000, linkType, maxCapLen, counts);
    return ok ? counts : null;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads and counts every record after the file header; false at the first thing amiss. */
async function scanRecords(fd: number, le: boolean, fracToNs: number, linkType: number, maxCapLen: number, counts: CaptureCounts): Promise<boolean> {
  const buffers = [new Uint8Array(CARRY_ROOM + PAGE + CHUNK), new Uint8Array(CARRY_ROOM + PAGE + CHUNK)];
  /** Where in each buffer its read puts the file's bytes. */
  const starts = [0, 0];
  const summary = newSummary();
  let position = PCAP_HEADER_LEN;
  let carry = 0;
  let k = 0;
  let inFlight: Promise<number> | null = readChunk(fd, buffers, starts, 0, position);
  try {
    for (;;) {
      const n = await inFlight;
      inFlight = null;
      if (n === 0) break;
      position += n;
      // The next read fills the other buffer from starts[1 - k] on; the tail of this chunk
      // goes just before that, into bytes the read does not touch.
      inFlight = readChunk(fd, buffers, starts, 1 - k, position);
      const b = buffers[k];
      const end = starts[k] + n;
      const p = countRun(b, starts[k] - carry, end, le, fracToNs, linkType, maxCapLen, summary, counts.flows, counts.stats);
      if (p < 0) return false;
      carry = end - p;
      buffers[1 - k].set(b.subarray(p, end), starts[1 - k] - carry);
      k = 1 - k;
    }
  } finally {
    // Never leave a read writing into a buffer behind our back.
    if (inFlight !== null) await inFlight.catch(() => 0);
  }
  // A partial record at the end: the general path words the truncation warning.
  return carry === 0;
}

/**
 * Reads the next chunk into buffers[k]. The destination sits half a page away from the
 * file offset's place in its page: when the two are (nearly) the same modulo 4096 the
 * kernel's copy out of the page cache runs into 4K aliasing and took 2-6x as long on the
 * benchmark machine (a copy that ends up 8 bytes behind its source was the worst).
 */
function readChunk(fd: number, buffers: Uint8Array[], starts: number[], k: number, position: number): Promise<number> {
  const start = CARRY_ROOM + ((position + PAGE / 2) % PAGE);
  starts[k] = start;
  return new Promise((resolve, reject) => {
    fs.read(fd, buffers[k], start, CHUNK, position, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

/**
 * Counts the complete records in b[p, end); returns where the first incomplete one starts,
 * or -1 for a record longer than the snapshot length. The per-record work of
 * ClassicPcapParser.parseRun plus CaptureFile's indexing callback (without the index).
 */
function countRun(
  b: Uint8Array, p: number, end: number, le: boolean, fracToNs: number, linkType: number, maxCapLen: number,
  s: PacketSummary, flows: FlowTable, stats: CaptureStats,
): number {
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
