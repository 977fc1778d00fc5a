// A capture file on disk, indexed: opens it (or waits for it: socket_wrapper creates the
// file only when the first wrapped process writes), reads it in large chunks, summarises
// every packet into the index, flow table and counters, and keeps reading what other
// processes append (readMore / follow). Packet bytes stay in the file and are read back
// by offset on demand, so memory grows with the packet count, not the file size.
import * as fs from 'fs';
import * as path from 'path';
import { CaptureStats } from './captureStats';
import { decodePacket, DecodedPacket, TcpBases } from './decode/index';
import { newSummary, summarize } from './decode/summary';
import { CaptureError } from './errors';
import { FlowTable, NO_FLOW } from './flows';
import { PacketIndex } from './packetIndex';
import { PcapReader } from './pcapReader';
import { InterfaceInfo, PacketRecord } from './record';
import { streamFile } from './streamFile';

// 4 MiB: large enough that per-read costs vanish, small enough to stay in the CPU caches
// between the read and the parse (16 MiB chunks measured slower than 1-4 MiB).
const DEFAULT_CHUNK = 4 * 1024 * 1024;
const MIN_READ = 64 * 1024;
/** Bytes of the file start compared on every readMore to notice a rewrite in place. */
const HEADER_PROBE = 24;

export interface CaptureFileOptions {
  /** Read size; large chunks make indexing run close to the disk's speed. Default 4 MiB. */
  chunkSize?: number;
  /** Keep the per-packet index (default true). `swdebug stats` needs only the counters. */
  index?: boolean;
}

export interface ReadMoreResult {
  /** Packets added by this call. */
  added: number;
  /** Bytes read by this call. */
  bytes: number;
  /** The file does not exist (yet). */
  waiting: boolean;
  /** Why reading stopped, if it did: bad data, or the file shrank or was replaced. Sticky. */
  error: CaptureError | null;
}

/** What the index knows about one packet, plus its on-the-wire length from the file. */
export interface PacketMeta {
  /** 0-based position in the file. */
  index: number;
  /** Epoch seconds. */
  time: number;
  sec: number;
  nsec: number;
  capLen: number;
  origLen: number;
  linkType: number;
  flowId: number | null;
  dataOffset: number;
}

export interface FollowHandle {
  dispose(): void;
}

export class CaptureFile {
  readonly index = new PacketIndex();
  readonly flows = new FlowTable();
  readonly stats = new CaptureStats();
  private reader = new PcapReader();
  /** Sticky: the first error of either the data or the file itself (shrank, replaced...). */
  private failure: CaptureError | null = null;
  private fd: number | null = null;
  private ino = -1;
  private dev = -1;
  private header: Buffer | null = null;
  private readonly chunkSize: number;
  private readonly keepIndex: boolean;
  private readonly summary = newSummary();
  private readonly onRecord = (r: PacketRecord): void => this.addRecord(r);
  private added = 0;
  /** A readMoreAsync is under way: another read now would feed the reader out of order. */
  private reading = false;
  private resets = 0;

  private constructor(readonly path: string, options: CaptureFileOptions) {
    this.chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK);
    this.keepIndex = options.index ?? true;
  }

  /** Opens `file`; it need not exist yet (readMore reports `waiting` until it does). */
  static open(file: string, options: CaptureFileOptions = {}): CaptureFile {
    return new CaptureFile(path.resolve(file), options);
  }

  /** Opens and reads the whole file as it is now; the caller decides whether it is final. */
  static load(file: string, options: CaptureFileOptions = {}): { capture: CaptureFile; result: ReadMoreResult } {
    const capture = CaptureFile.open(file, options);
    return { capture, result: capture.readMore() };
  }

  /** How many times reset() ran: state derived from packet numbers or flow ids is stale when it changes. */
  get generation(): number {
    return this.resets;
  }

  get format(): 'pcap' | 'pcapng' | null {
    return this.reader.format;
  }

  get interfaces(): readonly InterfaceInfo[] {
    return this.reader.interfaces;
  }

  get packetCount(): number {
    return this.reader.packetCount;
  }

  /** Bytes of the file consumed so far (complete records only). */
  get offset(): number {
    return this.reader.offset;
  }

  get error(): CaptureError | null {
    return this.failure;
  }

  /**
   * Reads everything appended since the last call and indexes it. Bad data and a changed
   * file come back in the result, not as exceptions. While a readMoreAsync is under way it
   * returns at once with nothing added (that read, or the next call, picks the data up).
   */
  readMore(): ReadMoreResult {
    const result: ReadMoreResult = { added: 0, bytes: 0, waiting: false, error: this.failure };
    if (result.error !== null || this.reading) return result;
    this.added = 0;
    try {
      if (!this.ensureOpen()) {
        result.waiting = true;
        return result;
      }
      const size = this.checkUnchanged();
      result.bytes = this.reader.feedFromFd(this.fd as number, this.onRecord, { buffer: new Uint8Array(this.readSize(size)) });
      this.rememberHeader();
    } catch (e) {
      if (!(e instanceof CaptureError)) throw e;
      result.error = this.failure = e;
    }
    result.added = this.added;
    return result;
  }

  /**
   * readMore for big files: the same result, but the next chunk is read on libuv's thread
   * pool while this one is parsed, so indexing costs about max(read, parse) instead of
   * their sum, and the event loop breathes between chunks.
   */
  async readMoreAsync(): Promise<ReadMoreResult> {
    const result: ReadMoreResult = { added: 0, bytes: 0, waiting: false, error: this.failure };
    if (result.error !== null || this.reading) return result;
    this.added = 0;
    this.reading = true;
    try {
      if (!this.ensureOpen()) {
        result.waiting = true;
        return result;
      }
      const size = this.checkUnchanged();
      result.bytes = await streamFile(this.fd as number, this.reader, this.onRecord, { chunkSize: this.readSize(size) });
      this.rememberHeader();
    } catch (e) {
      if (!(e instanceof CaptureError)) throw e;
      result.error = this.failure = e;
    } finally {
      this.reading = false;
    }
    result.added = this.added;
    return result;
  }

  /**
   * Declares the file complete (the programs writing it have exited). Returns the problem
   * with its end, if any: 'truncated-record' means every earlier packet is fine.
   */
  finish(): CaptureError | null {
    if (this.failure !== null) return this.failure;
    if (this.fd === null) {
      return new CaptureError('io', 0, `cannot open ${this.path}: no such file (no wrapped process wrote a packet yet?)`);
    }
    try {
      this.reader.finish();
    } catch (e) {
      if (e instanceof CaptureError) return (this.failure = e);
      throw e;
    }
    return null;
  }

  /** Forgets everything and starts again from byte 0 (after a replaced or rewritten file). */
  reset(): void {
    this.resets++;
    this.closeFd();
    this.reader = new PcapReader();
    this.failure = null;
    this.index.clear();
    this.flows.clear();
    Object.assign(this.stats, new CaptureStats());
    this.header = null;
  }

  /** Index entry of packet `i` (0-based) plus its original length read back from the file. */
  meta(i: number): PacketMeta {
    const { sec, nsec } = this.index.timeParts(i);
    const flowId = this.index.flowId(i);
    const capLen = this.index.capLen(i);
    const dataOffset = this.index.dataOffset(i);
    return {
      index: i, time: sec + nsec / 1e9, sec, nsec, capLen, origLen: this.readPacket(i, 0).origLen,
      linkType: this.index.linkType(i), flowId: flowId === NO_FLOW ? null : flowId, dataOffset,
    };
  }

  /**
   * Bytes [offset, offset + length) of the file in one read: for engines that walk many
   * packets (filter, de-duplication, streams) and read a window of them at once instead of
   * one read per packet. Offsets come from index.dataOffset.
   */
  readBytes(offset: number, length: number): Buffer {
    return this.readAt(offset, length);
  }

  /** Byte order of the record headers: the original length is the u32 just before each packet's data. */
  get littleEndian(): boolean {
    return this.reader.littleEndian;
  }

  /** The captured bytes of packet `i`, read from the file. */
  packetBytes(i: number): Uint8Array {
    return this.readPacket(i, this.index.capLen(i)).bytes;
  }

  /** Packet `i` fully decoded, with TCP numbers relative to its flow like Wireshark's. */
  decode(i: number): DecodedPacket {
    const { bytes, origLen } = this.readPacket(i, this.index.capLen(i));
    const linkType = this.index.linkType(i);
    const flowId = this.index.flowId(i);
    let tcpBases: TcpBases | undefined;
    if (flowId !== NO_FLOW) {
      summarize(bytes, 0, bytes.length, linkType, this.summary, origLen);
      if (this.summary.ipProtocol === 6) tcpBases = this.flows.tcpBases(flowId, this.flows.directionOf(this.summary));
    }
    return decodePacket(bytes, linkType, 0, bytes.length, { tcpBases, wireLen: origLen });
  }

  /**
   * Reads `length` packet bytes and the original length in one read: in pcap records and
   * in every pcapng packet block the original length is the 4 bytes right before the data.
   * (Its byte order is the current section's: a pcapng file whose sections switch byte
   * order would need it per packet, which no writer we know of produces.)
   */
  private readPacket(i: number, length: number): { bytes: Uint8Array; origLen: number } {
    const raw = this.readAt(this.index.dataOffset(i) - 4, 4 + length);
    const origLen = this.reader.littleEndian ? raw.readUInt32LE(0) : raw.readUInt32BE(0);
    return { bytes: raw.subarray(4), origLen };
  }

  /**
   * Calls `onUpdate` whenever readMore finds packets or an error, until disposed. Polls
   * every `intervalMs` and also wakes on fs.watch events for lower latency where they work.
   */
  follow(onUpdate: (r: ReadMoreResult) => void, options: { intervalMs?: number } = {}): FollowHandle {
    let reported: CaptureError | null = null;
    let disposed = false;
    let scheduled = false;
    const tick = (): void => {
      scheduled = false;
      if (disposed) return;
      const r = this.readMore();
      if (r.error !== null && r.error === reported) return;
      if (r.error !== null) reported = r.error;
      if (r.added > 0 || r.error !== null) onUpdate(r);
    };
    const timer = setInterval(tick, options.intervalMs ?? 250);
    let watcher: fs.FSWatcher | null = null;
    try {
      // Watch the directory: the file may not exist yet, and renames replace it.
      watcher = fs.watch(path.dirname(this.path), (_event, name) => {
        if (name !== null && name !== path.basename(this.path)) return;
        if (!scheduled) {
          scheduled = true;
          setImmediate(tick);
        }
      });
      watcher.on('error', () => watcher?.close());
    } catch {
      watcher = null; // Polling alone still works.
    }
    setImmediate(tick);
    return {
      dispose: () => {
        disposed = true;
        clearInterval(timer);
        watcher?.close();
      },
    };
  }

  close(): void {
    this.closeFd();
  }

  private addRecord(r: PacketRecord): void {
    const s = this.summary;
    summarize(r.bytes, r.dataStart, r.dataStart + r.capLen, r.linkType, s, r.origLen);
    const time = r.tsSec + r.tsNsec / 1e9;
    const flowId = this.flows.observe(s, time, r.origLen);
    if (this.keepIndex) this.index.append(r.dataOffset, r.tsSec, r.tsNsec, r.capLen, r.linkType, flowId, s);
    this.stats.add(s, r.linkType, r.tsSec, r.tsNsec, r.capLen, r.origLen);
    this.added++;
  }

  private ensureOpen(): boolean {
    if (this.fd !== null) return true;
    let fd: number;
    try {
      fd = fs.openSync(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new CaptureError('io', 0, `cannot open ${this.path}: ${(e as Error).message}`);
    }
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) {
      fs.closeSync(fd);
      throw new CaptureError('io', 0, `${this.path} is a directory, not a capture file`);
    }
    this.fd = fd;
    this.ino = st.ino;
    this.dev = st.dev;
    return true;
  }

  /**
   * Read buffers live for one call only, sized to what was appended (at least 64 KiB, at
   * most the chunk size): between calls a followed capture holds nothing but its index.
   */
  private readSize(fileSize: number): number {
    const pending = Math.max(0, fileSize - this.reader.fedBytes);
    return Math.min(this.chunkSize, Math.max(MIN_READ, pending));
  }

  /** Detects the three ways a followed file can change under us; returns its size. */
  private checkUnchanged(): number {
    const fd = this.fd as number;
    const size = fs.fstatSync(fd).size;
    if (size < this.reader.fedBytes) {
      throw new CaptureError('file-shrank', size, `the capture file shrank to ${size} bytes after ${this.reader.fedBytes} were read`);
    }
    let st: fs.Stats | null = null;
    try {
      st = fs.statSync(this.path);
    } catch {
      st = null;
    }
    if (st === null || st.ino !== this.ino || st.dev !== this.dev) {
      const what = st === null ? 'was deleted' : 'was replaced by another file';
      throw new CaptureError('file-replaced', this.reader.fedBytes, `the capture file ${what} while it was being read`);
    }
    if (this.header !== null) {
      const now = this.readAt(0, this.header.length);
      if (!now.equals(this.header)) {
        throw new CaptureError('header-changed', 0, 'the capture file header changed: it was rewritten while being read');
      }
    }
    return size;
  }

  private rememberHeader(): void {
    if (this.header === null && this.reader.fedBytes >= HEADER_PROBE) this.header = this.readAt(0, HEADER_PROBE);
  }

  private readAt(offset: number, length: number): Buffer {
    if (this.fd === null) throw new CaptureError('io', offset, `${this.path} is not open`);
    const buf = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, buf, done, length - done, offset + done);
      if (n === 0) throw new CaptureError('io', offset + done, `the capture file ends before byte ${offset + length}`);
      done += n;
    }
    return buf;
  }

  private closeFd(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }
}
