// Per-packet facts that the packet index leaves out but the filter, the mirror matcher and
// stream reassembly need for every packet: direction within its flow, transport payload
// offset and length, original length, raw TCP seq/ack and a payload fingerprint. They are
// computed once, in file order, from large windowed reads (one read per ~1 MiB of packets,
// not one per packet), so a 700k-packet capture costs a few hundred milliseconds once, and a
// growing capture only costs its new packets. 24 bytes per packet, in typed arrays.
//
// One instance per CaptureFile (factsFor) so the engines share a single scan.
import type { CaptureFile } from './captureFile';
import { parseIpv4 } from './decode/ipv4';
import { parseIpv6 } from './decode/ipv6';
import { KIND_ICMP, KIND_ICMPV6, KIND_TCP, KIND_UDP, newSummary, PacketSummary, summarize } from './decode/summary';
import { newIpHeader, OK } from './decode/types';
import { NO_FLOW } from './flows';
import { locateNetwork, newLinkLayer } from './linkLayer';

/** Bytes per windowed read; a single larger packet gets a window of its own. */
const WINDOW_BYTES = 1 << 20;
const INITIAL = 1024;
/** Direction bit in dirOff (the rest is the payload offset, < 2^19). */
const DIR_BIT = 0x80000000;
/** Payload bytes hashed at each end: enough to tell messages apart, bounded per packet. */
const HASH_SPAN = 32;
/** A payload read that misses the recent windows starts this many packets earlier (the matcher looks back). */
const BEHIND = 64;
/** ...and reads this much: enough for its neighbours, small when an old record is looked up once. */
const MISS_WINDOW_BYTES = 256 * 1024;

export class PacketFacts {
  private n = 0;
  private cap = INITIAL;
  private dirOff = new Uint32Array(INITIAL);
  private payLen = new Uint32Array(INITIAL);
  private origLens = new Uint32Array(INITIAL);
  private seqs = new Uint32Array(INITIAL);
  private acks = new Uint32Array(INITIAL);
  private hashes = new Uint32Array(INITIAL);
  /** dataOffset of the last packet scanned: a different value later means the capture was reset. */
  private lastOffset = -1;
  private gen = 0;
  /** The capture's reset count these facts belong to. */
  private captureGeneration: number;
  /** The last two windows read, kept so payloads of packets in them need no read. */
  private recent: Array<{ first: number; last: number; base: number; buf: Buffer }> = [];
  private readonly summary: PacketSummary = newSummary();
  private readonly link = newLinkLayer();
  private readonly ip = newIpHeader();

  constructor(readonly capture: CaptureFile) {
    this.captureGeneration = capture.generation;
  }

  /** Packets whose facts are known: [0, count). */
  get count(): number {
    return this.n;
  }

  /** Changes whenever the facts start over (the capture was reset): dependent state must too. */
  get generation(): number {
    return this.gen;
  }

  /** Bytes held by the typed arrays. */
  get memoryBytes(): number {
    return this.cap * 24;
  }

  /**
   * Computes facts for packets [count, upTo) at least (default: every indexed packet), a
   * window at a time, and returns the new count. Starts over when the capture was reset
   * (fewer packets, or other offsets).
   */
  ensure(upTo: number = this.capture.index.count, maxWindows = Infinity): number {
    const index = this.capture.index;
    if (this.captureGeneration !== this.capture.generation || this.n > index.count || (this.n > 0 && index.dataOffset(this.n - 1) !== this.lastOffset)) {
      this.clear();
      this.captureGeneration = this.capture.generation;
    }
    // Whole windows (up to everything indexed) even when fewer packets were asked for:
    // callers walk forward packet by packet and would otherwise read one at a time.
    const end = Math.min(upTo, index.count);
    for (let w = 0; w < maxWindows && this.n < end; w++) this.scanWindow(index.count);
    return this.n;
  }

  /** 0: the packet's source is side A of its flow, 1: side B (0 for packets outside flows). */
  dir(i: number): 0 | 1 {
    return (this.dirOff[this.check(i)] & DIR_BIT) !== 0 ? 1 : 0;
  }

  /** Offset of the transport payload from the packet's first byte. */
  payloadOffset(i: number): number {
    return this.dirOff[this.check(i)] & ~DIR_BIT;
  }

  /** Transport payload length as the headers claim it (what `len` filters on). */
  payloadLength(i: number): number {
    return this.payLen[this.check(i)];
  }

  /** Payload bytes actually in the file (the claimed length cut by the snapshot length). */
  payloadCaptured(i: number): number {
    const off = this.payloadOffset(i);
    const capLen = this.capture.index.capLen(i);
    return Math.max(0, Math.min(this.payLen[i], capLen - off));
  }

  /** Length on the wire (frame.len). */
  origLen(i: number): number {
    return this.origLens[this.check(i)];
  }

  /** Raw TCP sequence and acknowledgement numbers (0 for other protocols). */
  seq(i: number): number {
    return this.seqs[this.check(i)];
  }

  ack(i: number): number {
    return this.acks[this.check(i)];
  }

  /** Fingerprint of the captured payload (length plus its first and last 32 bytes); 0 when empty. */
  payloadHash(i: number): number {
    return this.hashes[this.check(i)];
  }

  /**
   * The captured payload bytes of packet i: from the last windows read when it is in one
   * (the matcher compares records a few packets apart), else read from the file. A view:
   * copy what you keep.
   */
  payload(i: number): Uint8Array {
    const len = this.payloadCaptured(i);
    if (len === 0) return new Uint8Array(0);
    const at = this.capture.index.dataOffset(i) + this.payloadOffset(i);
    let w = this.recent.find((r) => i >= r.first && i <= r.last);
    if (w === undefined) w = this.readWindow(Math.max(0, i - BEHIND), i);
    return w.buf.subarray(at - w.base, at - w.base + len);
  }

  /** Reads packets [first, ...) up to MISS_WINDOW_BYTES (at least through `need`) and keeps them as recent. */
  private readWindow(first: number, need: number): { first: number; last: number; base: number; buf: Buffer } {
    const index = this.capture.index;
    const base = index.dataOffset(first) - 4;
    let last = first;
    while (last + 1 < this.n && (last < need || index.dataOffset(last + 1) + index.capLen(last + 1) - base <= MISS_WINDOW_BYTES)) last++;
    const w = { first, last, base, buf: this.capture.readBytes(base, index.dataOffset(last) + index.capLen(last) - base) };
    this.remember(w);
    return w;
  }

  private remember(w: { first: number; last: number; base: number; buf: Buffer }): void {
    this.recent.push(w);
    if (this.recent.length > 2) this.recent.shift();
  }

  clear(): void {
    this.n = 0;
    this.cap = INITIAL;
    this.dirOff = new Uint32Array(INITIAL);
    this.payLen = new Uint32Array(INITIAL);
    this.origLens = new Uint32Array(INITIAL);
    this.seqs = new Uint32Array(INITIAL);
    this.acks = new Uint32Array(INITIAL);
    this.hashes = new Uint32Array(INITIAL);
    this.lastOffset = -1;
    this.recent = [];
    this.gen++;
  }

  /** Reads one window of packets starting at this.n (at most `end`) and records their facts. */
  private scanWindow(end: number): void {
    const index = this.capture.index;
    const first = this.n;
    // The 4 bytes before each packet's data hold its original length (pcap and pcapng alike).
    const base = index.dataOffset(first) - 4;
    let last = first;
    while (last + 1 < end && index.dataOffset(last + 1) + index.capLen(last + 1) - base <= WINDOW_BYTES) last++;
    const buf = this.capture.readBytes(base, index.dataOffset(last) + index.capLen(last) - base);
    const le = this.capture.littleEndian;
    const flows = this.capture.flows;
    const s = this.summary;
    for (let i = first; i <= last; i++) {
      if (i === this.cap) this.grow();
      const start = index.dataOffset(i) - base;
      const capLen = index.capLen(i);
      const stop = start + capLen;
      const origLen = le ? buf.readUInt32LE(start - 4) : buf.readUInt32BE(start - 4);
      const linkType = index.linkType(i);
      summarize(buf, start, stop, linkType, s, origLen);
      const dir = index.flowId(i) !== NO_FLOW ? flows.directionOf(s) : 0;
      const off = this.payloadStart(buf, start, stop, linkType, s, origLen) - start;
      // Transport payload for TCP/UDP/ICMP, the IP payload for other protocols and fragments.
      const claimed = s.family !== 0 ? s.payloadLength : 0;
      const captured = Math.max(0, Math.min(claimed, capLen - off));
      this.dirOff[i] = ((dir === 1 ? DIR_BIT : 0) | (off & ~DIR_BIT)) >>> 0;
      this.payLen[i] = claimed;
      this.origLens[i] = origLen;
      this.seqs[i] = s.kind === KIND_TCP ? s.seq : 0;
      this.acks[i] = s.kind === KIND_TCP ? s.ack : 0;
      this.hashes[i] = captured > 0 ? hashPayload(buf, start + off, captured) : 0;
    }
    this.n = last + 1;
    this.lastOffset = index.dataOffset(last);
    this.remember({ first, last, base, buf });
  }

  /**
   * Absolute offset in b of the transport payload (as decodePacket computes it), or `end`
   * when there is none to be found. Every read is bounded by `end`.
   */
  private payloadStart(b: Uint8Array, start: number, end: number, linkType: number, s: PacketSummary, wireLen: number): number {
    if (s.family === 0 || !locateNetwork(linkType, b, start, end, this.link)) return end;
    const ipStart = start + this.link.offset;
    const wireEnd = start + Math.max(wireLen, end - start);
    const st = this.link.family === 4 ? parseIpv4(b, ipStart, end, this.ip, wireEnd) : parseIpv6(b, ipStart, end, this.ip, wireEnd);
    if (st !== OK) return end;
    const ts = this.ip.payloadStart;
    if (this.ip.fragOffset !== 0) return Math.min(end, ts);
    switch (s.kind) {
      case KIND_TCP: {
        if (ts + 13 > end) return end;
        const hl = (b[ts + 12] >> 4) * 4;
        return Math.min(end, ts + Math.max(20, hl));
      }
      case KIND_UDP:
      case KIND_ICMP:
      case KIND_ICMPV6:
        return Math.min(end, ts + 8);
      default:
        return Math.min(end, ts);
    }
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = (a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> => {
      const b = new Uint32Array(cap);
      b.set(a);
      return b;
    };
    this.dirOff = g(this.dirOff);
    this.payLen = g(this.payLen);
    this.origLens = g(this.origLens);
    this.seqs = g(this.seqs);
    this.acks = g(this.acks);
    this.hashes = g(this.hashes);
    this.cap = cap;
  }

  private check(i: number): number {
    if (!(i >= 0 && i < this.n)) throw new RangeError(`packet ${i} has no facts yet (0..${this.n - 1})`);
    return i;
  }
}

/**
 * FNV-1a over the length and at most the first and last HASH_SPAN bytes of b[from, from+len):
 * O(1) per packet whatever its size. Equal hashes are a hint, compared bytes are the proof;
 * callers that must be sure read the bytes.
 */
export function hashPayload(b: Uint8Array, from: number, len: number): number {
  let h = 0x811c9dc5 ^ len;
  h = Math.imul(h, 0x01000193);
  const head = Math.min(len, HASH_SPAN);
  for (let k = 0; k < head; k++) h = Math.imul(h ^ b[from + k], 0x01000193);
  const tailStart = Math.max(head, len - HASH_SPAN);
  for (let k = tailStart; k < len; k++) h = Math.imul(h ^ b[from + k], 0x01000193);
  return (h >>> 0) || 1;
}

const registry = new WeakMap<CaptureFile, PacketFacts>();

/** The shared facts of a capture (created on first use). */
export function factsFor(capture: CaptureFile): PacketFacts {
  let f = registry.get(capture);
  if (f === undefined) {
    f = new PacketFacts(capture);
    registry.set(capture, f);
  }
  return f;
}

