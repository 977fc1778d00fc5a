// Stream reassembly for Follow Stream: the payload of one flow, per direction, in stream
// order. TCP segments are placed by sequence number: duplicates and overlaps (what a
// mirrored socket_wrapper record or a retransmission looks like) are trimmed, segments
// that arrive early wait for the gap before them, and a gap nobody fills is reported as
// missing bytes. UDP and other protocols give one segment per datagram. Segments are
// references (packet, offset, length) into the file, read on demand, so memory stays at a
// few bytes per segment; update() extends the stream as the capture grows.
//
// With a mirror matcher, received copies are skipped: only one record of each send is
// used. socket_wrapper's two processes may number a stream one apart, so in that mode a
// segment starting a byte or two off the expected position is taken as contiguous.
import type { CaptureFile } from './captureFile';
import { KIND_TCP, KIND_UDP } from './decode/summary';
import type { MirrorMatcher } from './dedupe';
import { NO_FLOW } from './flows';
import { factsFor, PacketFacts } from './packetFacts';

const TCP_SYN = 0x02;
/** Early segments kept waiting for a gap to fill; past this the gap is declared missing. */
const MAX_PENDING = 4096;
/** Numbering slack between socket_wrapper's processes when copies are skipped. */
const MIRROR_SLACK = 2;

export interface StreamSegmentRef {
  /** 0: client to server, 1: server to client (as the flow table sees the client now). */
  dir: 0 | 1;
  packet: number;
  /** Offset of the bytes inside the packet's captured data. */
  offset: number;
  length: number;
  /** Bytes of this direction missing right before this segment (a gap nobody filled). */
  missingBefore: number;
}

export interface StreamOptions {
  /** Skip received copies (the matcher is brought up to date by update()). */
  mirror?: MirrorMatcher | null;
}

interface Pending {
  packet: number;
  offset: number;
  start: number;
  end: number;
}

class Side {
  /** Next stream position expected; null until the first segment (or SYN) sets the base. */
  next: number | null = null;
  base = 0;
  readonly pending: Pending[] = [];
  bytes = 0;
  duplicateBytes = 0;
}

export class StreamAssembler {
  readonly protocol: 'tcp' | 'udp' | 'other';
  private readonly facts: PacketFacts;
  private scanned = 0;
  private n = 0;
  private packets = new Uint32Array(256);
  private offsets = new Uint32Array(256);
  private lengths = new Uint32Array(256);
  private missing = new Uint32Array(256);
  private sides = new Uint8Array(256);
  private readonly state: [Side, Side] = [new Side(), new Side()];
  private readonly mirror: MirrorMatcher | null;
  private readonly generation: number;

  constructor(readonly capture: CaptureFile, readonly flow: number, options: StreamOptions = {}) {
    this.generation = capture.generation;
    const info = capture.flows.flow(flow);
    this.protocol = info.ipProtocol === 6 ? 'tcp' : info.ipProtocol === 17 ? 'udp' : 'other';
    this.facts = factsFor(capture);
    this.mirror = options.mirror ?? null;
  }

  /** Segments so far. */
  get count(): number {
    return this.n;
  }

  /** Payload bytes per direction [client to server, server to client] so far. */
  get totals(): [number, number] {
    const cs = this.capture.flows.clientSide(this.flow);
    return [this.state[cs].bytes, this.state[1 - cs].bytes];
  }

  /** Reads the packets indexed since the last call and extends the stream. */
  update(): void {
    const index = this.capture.index;
    const end = index.count;
    if (end < this.scanned || this.capture.generation !== this.generation) throw new RangeError('the capture was reset: make a new StreamAssembler');
    if (this.mirror !== null) this.mirror.update(end);
    this.facts.ensure(end);
    for (let i = this.scanned; i < end; i++) {
      if (index.flowId(i) !== this.flow) continue;
      if (this.mirror !== null && i < this.mirror.processed && this.mirror.isCopy(i)) continue;
      this.add(i);
    }
    this.scanned = end;
  }

  segment(k: number): StreamSegmentRef {
    if (!(k >= 0 && k < this.n)) throw new RangeError(`segment ${k} does not exist (0..${this.n - 1})`);
    const cs = this.capture.flows.clientSide(this.flow);
    return {
      dir: this.sides[k] === cs ? 0 : 1, packet: this.packets[k], offset: this.offsets[k], length: this.lengths[k],
      missingBefore: this.missing[k],
    };
  }

  /** Segments [from, to), plus (with `pending`) those still waiting for a gap, as if it were missing. */
  segments(from = 0, to = this.n, pending = false): StreamSegmentRef[] {
    const out: StreamSegmentRef[] = [];
    for (let k = Math.max(0, from); k < Math.min(to, this.n); k++) out.push(this.segment(k));
    if (pending) {
      const cs = this.capture.flows.clientSide(this.flow);
      for (const side of [0, 1] as const) {
        const st = this.state[side];
        let next = st.next ?? 0;
        for (const p of st.pending) {
          if (p.end <= next) continue;
          const skip = Math.max(0, next - p.start);
          out.push({ dir: side === cs ? 0 : 1, packet: p.packet, offset: p.offset + skip, length: p.end - p.start - skip, missingBefore: Math.max(0, p.start - next) });
          next = p.end;
        }
      }
    }
    return out;
  }

  /** The bytes of segment `ref`, read from the file. */
  bytes(ref: StreamSegmentRef): Uint8Array {
    if (ref.length === 0) return new Uint8Array(0);
    return this.capture.readBytes(this.capture.index.dataOffset(ref.packet) + ref.offset, ref.length);
  }

  private add(i: number): void {
    const f = this.facts;
    const index = this.capture.index;
    const side = f.dir(i);
    const st = this.state[side];
    const { kind, tcpFlags } = index.flags(i);
    const len = f.payloadCaptured(i);
    const off = f.payloadOffset(i);
    if (kind !== KIND_TCP) {
      if (len === 0 || (kind !== KIND_UDP && this.protocol !== 'other')) return;
      // A shown datagram may be the reader's short read of it: the sender's copy has it all.
      const p = this.mirror !== null ? this.mirror.partner(i) : -1;
      if (p >= 0 && f.payloadCaptured(p) > len) this.emit(p, side, f.payloadOffset(p), f.payloadCaptured(p), 0);
      else this.emit(i, side, off, len, 0);
      return;
    }
    const seq = f.seq(i);
    if (tcpFlags & TCP_SYN) {
      // A SYN numbers the stream from its sequence number + 1. A later SYN is a new
      // connection on the same ports when it numbers differently, or when the matcher
      // says it is no copy; otherwise it is the other process's record of the same one.
      const base = (seq + 1) >>> 0;
      if (st.next === null || base !== st.base || this.mirror !== null) {
        while (st.pending.length > 0) this.flush(st, side, true);
        st.base = base;
        st.next = 0;
      }
      return;
    }
    if (len === 0) return;
    if (st.next === null) {
      st.base = seq;
      st.next = 0;
    }
    const s = (seq - st.base) | 0;
    this.place(st, side, { packet: i, offset: off, start: s, end: s + len });
  }

  private place(st: Side, side: number, seg: Pending): void {
    const next = st.next ?? 0;
    const slack = this.mirror !== null ? MIRROR_SLACK : 0;
    if (slack > 0 && seg.start !== next && Math.abs(seg.start - next) <= slack && seg.end - seg.start > slack) {
      // The other process's numbering: the segment follows on from the last one.
      const len = seg.end - seg.start;
      seg = { ...seg, start: next, end: next + len };
    }
    if (seg.end <= next) {
      st.duplicateBytes += seg.end - seg.start;
      return;
    }
    if (seg.start > next) {
      this.wait(st, side, seg);
      return;
    }
    const skip = next - seg.start;
    st.duplicateBytes += skip;
    this.emit(seg.packet, side, seg.offset + skip, seg.end - next, 0);
    st.next = seg.end;
    this.flush(st, side, false);
  }

  private wait(st: Side, side: number, seg: Pending): void {
    let k = st.pending.length;
    while (k > 0 && st.pending[k - 1].start > seg.start) k--;
    st.pending.splice(k, 0, seg);
    if (st.pending.length > MAX_PENDING) this.flush(st, side, true);
  }

  /** Emits waiting segments that now follow on; with `force`, the first one across its gap. */
  private flush(st: Side, side: number, force: boolean): void {
    while (st.pending.length > 0) {
      const p = st.pending[0];
      const next = st.next ?? 0;
      if (p.end <= next) {
        st.pending.shift();
        st.duplicateBytes += p.end - p.start;
        continue;
      }
      if (p.start > next && !force) return;
      st.pending.shift();
      const skip = Math.max(0, next - p.start);
      this.emit(p.packet, side, p.offset + skip, p.end - p.start - skip, Math.max(0, p.start - next));
      st.next = p.end;
      force = false;
    }
  }

  private emit(packet: number, side: number, offset: number, length: number, missingBefore: number): void {
    if (this.n === this.packets.length) this.grow();
    const k = this.n++;
    this.packets[k] = packet;
    this.offsets[k] = offset;
    this.lengths[k] = length;
    this.missing[k] = missingBefore;
    this.sides[k] = side;
    this.state[side].bytes += length;
  }

  private grow(): void {
    const cap = this.packets.length * 2;
    const g32 = (a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> => {
      const b = new Uint32Array(cap);
      b.set(a);
      return b;
    };
    this.packets = g32(this.packets);
    this.offsets = g32(this.offsets);
    this.lengths = g32(this.lengths);
    this.missing = g32(this.missing);
    const s = new Uint8Array(cap);
    s.set(this.sides);
    this.sides = s;
  }
}

/** Whether a flow id exists in the capture (the CLI and the panel get it from users). */
export function isFlow(capture: CaptureFile, flow: number): boolean {
  return Number.isInteger(flow) && flow >= 0 && flow < capture.flows.count && flow !== NO_FLOW;
}
