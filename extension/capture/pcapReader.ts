// The incremental capture reader. Feed it the bytes of a pcap or pcapng file in chunks of
// any size, in file order (or let it read from a file descriptor): it calls back with each
// complete packet and keeps a partial trailing record until the rest arrives. That is what
// a file socket_wrapper is still appending to looks like. Bad input throws CaptureError;
// packets delivered before the error stay valid, and the error is sticky.
import * as fs from 'fs';
import { CaptureError } from './errors';
import { detectClassic } from './pcapClassic';
import { isPcapng, PcapngParser } from './pcapng';
import { copyRecord, FormatParser, InterfaceInfo, newRecord, OwnedPacket, PacketRecord } from './record';

export type PacketCallback = (record: PacketRecord) => void;

const INITIAL_PENDING = 64 * 1024;
const EMPTY = new Uint8Array(0);
const DEFAULT_READ_CHUNK = 8 * 1024 * 1024;

export class PcapReader {
  private parser: FormatParser | null = null;
  /** Bytes of the unit currently split across feeds; at most one unit. */
  private pending = new Uint8Array(INITIAL_PENDING);
  private pendingLen = 0;
  /** File offset of the first byte not yet consumed (= of pending[0] when pendingLen > 0). */
  private consumed = 0;
  private failure: CaptureError | null = null;
  private readonly rec = newRecord();

  /** 'pcap' or 'pcapng' once the first bytes were seen. */
  get format(): 'pcap' | 'pcapng' | null {
    return this.parser === null ? null : this.parser.format;
  }

  /** Interfaces of the current section (one for classic pcap), once its header was read. */
  get interfaces(): readonly InterfaceInfo[] {
    return this.parser === null ? [] : this.parser.interfaces;
  }

  /** Byte order of the file (pcapng: of the current section); true until known. */
  get littleEndian(): boolean {
    return this.parser === null ? true : this.parser.littleEndian;
  }

  /** Bytes of the file fully parsed: the next packet starts here. */
  get offset(): number {
    return this.consumed;
  }

  /** Bytes fed so far: offset plus the partial unit held back. */
  get fedBytes(): number {
    return this.consumed + this.pendingLen;
  }

  get packetCount(): number {
    return this.parser === null ? 0 : this.parser.packetCount;
  }

  get error(): CaptureError | null {
    return this.failure;
  }

  /**
   * Parses `chunk` (the file bytes right after the previous chunk). Calls `onPacket` for
   * every packet completed by it; the record and its bytes are only valid during the call.
   * The callback must not throw.
   */
  feed(chunk: Uint8Array, onPacket: PacketCallback): void {
    if (this.failure !== null) throw this.failure;
    try {
      this.feedInner(chunk, onPacket);
    } catch (e) {
      if (e instanceof CaptureError) this.failure = e;
      throw e;
    } finally {
      // The reused record must not keep the caller's (possibly huge) chunk alive.
      this.rec.bytes = EMPTY;
    }
  }

  /** The file is complete: throws if it stopped inside a header or a record, or was empty. */
  finish(): void {
    if (this.failure !== null) throw this.failure;
    let err: CaptureError | null = null;
    if (this.consumed === 0 && this.pendingLen === 0) {
      err = new CaptureError('empty-file', 0, 'the capture file is empty (no pcap header yet)');
    } else if (this.pendingLen > 0) {
      err = this.truncationError();
    }
    if (err !== null) {
      this.failure = err;
      throw err;
    }
  }

  /** Array form of feed (+ finish when `final`), for small inputs and tests. */
  collect(chunk: Uint8Array, final = false): { packets: OwnedPacket[]; error: CaptureError | null } {
    const packets: OwnedPacket[] = [];
    try {
      this.feed(chunk, (r) => packets.push(copyRecord(r)));
      if (final) this.finish();
    } catch (e) {
      if (e instanceof CaptureError) return { packets, error: e };
      throw e;
    }
    return { packets, error: null };
  }

  /**
   * Reads from `fd` at the reader's own position (fedBytes) until end of file or `maxBytes`,
   * feeding every chunk. Returns the number of bytes read (0: nothing new).
   */
  feedFromFd(fd: number, onPacket: PacketCallback, options: { buffer?: Uint8Array; maxBytes?: number } = {}): number {
    const buffer = options.buffer ?? new Uint8Array(DEFAULT_READ_CHUNK);
    const maxBytes = options.maxBytes ?? Infinity;
    let total = 0;
    while (total < maxBytes) {
      const want = Math.min(buffer.length, maxBytes - total);
      let n: number;
      try {
        n = fs.readSync(fd, buffer, 0, want, this.fedBytes);
      } catch (e) {
        throw new CaptureError('io', this.fedBytes, `cannot read the capture file: ${(e as Error).message}`);
      }
      if (n === 0) break;
      total += n;
      this.feed(n === buffer.length ? buffer : buffer.subarray(0, n), onPacket);
    }
    return total;
  }

  private feedInner(chunk: Uint8Array, onPacket: PacketCallback): void {
    const n = chunk.length;
    let c = 0;
    // First complete the unit held back from earlier feeds, a few bytes at a time: only as
    // many as it needs, so the rest of the chunk can be parsed in place without copying.
    while (this.pendingLen > 0) {
      const need = this.unitLength(this.pending, 0, this.pendingLen, this.consumed);
      if (need > 0 && this.pendingLen >= need) {
        this.consumeUnit(this.pending, 0, need, onPacket);
        this.pendingLen = 0;
        break;
      }
      if (c >= n) return;
      const want = need < 0 ? -need : need;
      const take = Math.min(want - this.pendingLen, n - c);
      this.appendPending(chunk, c, take);
      c += take;
    }
    let p = c;
    while (p < n) {
      const parser = this.parser;
      if (parser !== null && parser.headerDone && parser.parseRun !== undefined) {
        const q = parser.parseRun(chunk, p, n, this.consumed, this.rec, onPacket);
        this.consumed += q - p;
        p = q;
        // parseRun stops at an incomplete record (or the end): the general path below
        // then works out how much it needs.
      }
      const len = this.unitLength(chunk, p, n - p, this.consumed);
      if (len < 0 || len > n - p) break;
      this.consumeUnit(chunk, p, len, onPacket);
      p += len;
    }
    if (p < n) this.appendPending(chunk, p, n - p);
  }

  private unitLength(b: Uint8Array, pos: number, avail: number, fileOffset: number): number {
    if (this.parser === null) {
      if (avail < 4) return -4;
      this.parser = detect(b, pos, fileOffset);
    }
    return this.parser.unitLength(b, pos, avail, fileOffset);
  }

  private consumeUnit(b: Uint8Array, pos: number, len: number, onPacket: PacketCallback): void {
    const offset = this.consumed;
    // Parse before advancing so that an error names the offset of the bad unit.
    const isPacket = (this.parser as FormatParser).parseUnit(b, pos, len, offset, this.rec);
    this.consumed = offset + len;
    if (isPacket) onPacket(this.rec);
  }

  private appendPending(src: Uint8Array, from: number, count: number): void {
    const needed = this.pendingLen + count;
    if (needed > this.pending.length) {
      let size = this.pending.length;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.pending.subarray(0, this.pendingLen));
      this.pending = grown;
    }
    this.pending.set(src.subarray(from, from + count), this.pendingLen);
    this.pendingLen = needed;
  }

  private truncationError(): CaptureError {
    const parser = this.parser;
    if (parser === null || !parser.headerDone) {
      return new CaptureError('truncated-header', this.consumed, `the capture file ends after ${this.pendingLen} bytes, inside its header`);
    }
    // The held-back bytes always start a unit; its length may or may not be known yet.
    let detail = '';
    try {
      const len = parser.unitLength(this.pending, 0, this.pendingLen, this.consumed);
      if (len > 0) detail = ` of ${len}`;
    } catch {
      // Already validated when it was fed; nothing more to say.
    }
    return new CaptureError('truncated-record', this.consumed, `the capture file ends inside a record: ${this.pendingLen}${detail} bytes present`);
  }
}

function detect(b: Uint8Array, pos: number, fileOffset: number): FormatParser {
  const classic = detectClassic(b, pos);
  if (classic !== null) return classic;
  if (isPcapng(b, pos)) return new PcapngParser();
  const magic = Array.from(b.subarray(pos, pos + 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
  throw new CaptureError('bad-magic', fileOffset, `not a pcap or pcapng file (first bytes ${magic})`);
}
