// TCP mirror matching for socket_wrapper captures (the rule is in docs/dedupe.md).
//
// Data: the sender's records and the receiver's records of one direction are two tilings
// of the same byte stream, numbered alike (both processes count from the synthesized SYN),
// so a record that overlaps an earlier shown record's sequence range with the same bytes
// is the other process's record of it. Reads may split a send (recv(10) of 100 bytes) or
// merge several, so coverage is counted in bytes. The ACK field is the writer's own count
// of the other direction and differs between the copies: it is ignored.
//
// Control records: connect() writes SYN, SYN-ACK, ACK and accept() writes the same three,
// identical; close() writes the closer's FIN, a made-up FIN from the peer and an ACK, so
// each FIN appears twice (the closer's, and the peer's made-up one with a higher ACK). An
// auto-bound client's SYN may carry source 0.0.0.0: it is matched across flows by the
// destination, the ports and the sequence numbers.
import { CONFLICT, HANDSHAKE, IDENTICAL, MirrorSink, NEVER, PacketView, PayloadReader, SENDER_IS_COPY } from './sink';

const TCP_FIN = 0x01;
const TCP_SYN = 0x02;
const TCP_RST = 0x04;
const TCP_ACK = 0x10;

/** Unread records remembered per direction; older ones stay unpaired forever. */
const MAX_OPEN = 8192;
const MAX_SURPLUS = 1024;
const MAX_ALIASES = 4096;
/** Numbering differences tried between the two processes' records, most likely first. */
const SHIFTS: readonly number[] = [0, -1, 1, -2, 2];
const MAX_SHIFT = 2;

interface OpenRecord {
  packet: number;
  start: number;
  end: number;
  read: number;
  hash: number;
}

interface Surplus {
  /** The copy record whose bytes went beyond what was shown, and where it lies as a whole. */
  packet: number;
  recStart: number;
  recEnd: number;
  /** The part of it no shown record covers yet. */
  start: number;
  end: number;
}

interface Control {
  packet: number;
  seq: number;
  ack: number;
}

class Direction {
  /** Raw sequence number that offsets count from (the first one seen in this epoch). */
  base = -1;
  private based = false;
  /** Shown data records not wholly read yet, sorted by start (records in two numberings may overlap by a byte or two). */
  readonly open: OpenRecord[] = [];
  /** Bytes seen only in copies so far (the reader's record came before the sender's). */
  readonly surplus: Surplus[] = [];
  syn: Control | null = null;
  synAck: Control | null = null;
  ack: Control | null = null;
  fin: Control | null = null;
  finSeen = false;
  /** Longest data record seen: bounds the backward search for overlaps. */
  maxLen = 0;
  /** Numbering difference between copies and shown records that last matched. */
  shift = 0;

  /** Signed offset from the base: the other process may number one below the first record seen. */
  offset(seq: number): number {
    if (!this.based) {
      this.base = seq;
      this.based = true;
    }
    return (seq - this.base) | 0;
  }

  shifts(): readonly number[] {
    return this.shift === 0 ? SHIFTS : [this.shift, ...SHIFTS.filter((x) => x !== this.shift)];
  }
}

class FlowState {
  readonly dirs: [Direction, Direction] = [new Direction(), new Direction()];
}

/** A SYN's identity across flows: family, destination, both ports, seq and ack. */
export interface SynAlias {
  key: string;
  /** The source address is 0.0.0.0 or :: (an auto-bound client's first SYN). */
  unspecified: boolean;
}

export class TcpMirror {
  private readonly flows: Array<FlowState | undefined> = [];
  private readonly aliases = new Map<string, { packet: number; flow: number; unspecified: boolean }>();

  constructor(private readonly sink: MirrorSink, private readonly payload: PayloadReader) {}

  /** Classifies TCP packet `i`; `alias` is given for SYNs only. */
  add(i: number, p: PacketView, alias: SynAlias | null): void {
    const f = p.tcpFlags;
    if (f & TCP_RST) {
      // Written once, by whoever saw the reset or the end of the stream: never mirrored.
      this.sink.show(i, NEVER);
      return;
    }
    if ((f & TCP_SYN) && !(f & TCP_ACK)) {
      this.syn(i, p, alias);
      return;
    }
    const flow = this.flow(p.flow);
    const d = flow.dirs[p.dir];
    if (f & TCP_SYN) {
      if (d.synAck !== null && d.synAck.seq === p.seq && d.synAck.ack === p.ack) {
        this.sink.copy(d.synAck.packet, i, true, IDENTICAL);
        d.synAck = null;
      } else {
        d.synAck = { packet: i, seq: p.seq, ack: p.ack };
        this.sink.show(i, HANDSHAKE);
      }
      return;
    }
    if (p.payloadLength > 0) {
      if (f & TCP_FIN) d.finSeen = true;
      this.data(i, p, d);
      return;
    }
    if (f & TCP_FIN) {
      d.finSeen = true;
      if (d.fin !== null) {
        // The closer's own FIN acknowledges what it read; the peer's made-up copy carries
        // the peer's send count after its own FIN, which is always higher.
        const copyIsSender = p.ack < d.fin.ack;
        this.sink.copy(d.fin.packet, i, true, copyIsSender ? SENDER_IS_COPY : 0);
        d.fin = null;
      } else {
        d.fin = { packet: i, seq: p.seq, ack: p.ack };
        this.sink.show(i);
      }
      return;
    }
    // A pure ACK: the handshake's third record (written by connect and by accept, which
    // may come after the client already closed), or, after a FIN the other way, the
    // closer's own teardown ACK (one per close, never mirrored).
    if (d.ack !== null && d.ack.seq === p.seq && d.ack.ack === p.ack) {
      this.sink.copy(d.ack.packet, i, true, IDENTICAL);
      d.ack = null;
    } else if (flow.dirs[1 - p.dir].finSeen) {
      this.sink.show(i, NEVER);
    } else {
      d.ack = { packet: i, seq: p.seq, ack: p.ack };
      this.sink.show(i, HANDSHAKE);
    }
  }

  private syn(i: number, p: PacketView, alias: SynAlias | null): void {
    const existing = this.flows[p.flow];
    const d = existing?.dirs[p.dir];
    if (d !== undefined && d.syn !== null && d.syn.seq === p.seq && d.syn.ack === p.ack) {
      this.sink.copy(d.syn.packet, i, true, IDENTICAL);
      if (alias !== null) this.aliases.delete(alias.key);
      d.syn = null;
      return;
    }
    const other = alias === null ? undefined : this.aliases.get(alias.key);
    if (alias !== null && other !== undefined && other.flow !== p.flow && other.unspecified !== alias.unspecified) {
      // The same SYN written with 0.0.0.0 by the client and with its address by the server.
      this.aliases.delete(alias.key);
      this.sink.copy(other.packet, i, true, IDENTICAL);
      this.flow(p.flow);
      return;
    }
    // A new connection (possibly reusing the ports of an old one) starts from scratch.
    const fresh = new FlowState();
    this.flows[p.flow] = fresh;
    const nd = fresh.dirs[p.dir];
    nd.offset(p.seq);
    nd.syn = { packet: i, seq: p.seq, ack: p.ack };
    this.sink.show(i, HANDSHAKE);
    if (alias !== null) {
      if (this.aliases.size >= MAX_ALIASES) {
        const oldest = this.aliases.keys().next();
        if (oldest.done !== true) this.aliases.delete(oldest.value);
      }
      this.aliases.set(alias.key, { packet: i, flow: p.flow, unspecified: alias.unspecified });
    }
  }

  private data(i: number, p: PacketView, d: Direction): void {
    const s = d.offset(p.seq);
    const e = s + p.payloadLength;
    if (p.payloadLength > d.maxLen) d.maxLen = p.payloadLength;
    // The two processes may number the stream one apart (a side whose accept() asked for
    // no address writes no handshake and counts from 0): try the shift this direction
    // used last, then none, then small ones, each only where the bytes agree.
    let conflict = false;
    for (const shift of d.shifts()) {
      const r = this.copyOf(i, p, d, s + shift, e + shift, shift === d.shift);
      if (r === 'copy') {
        d.shift = shift;
        return;
      }
      if (r === 'conflict' && shift === 0) conflict = true;
    }
    for (const shift of d.shifts()) {
      if (this.readBySurplus(i, p, d, s + shift, e + shift)) {
        d.shift = shift;
        return;
      }
    }
    this.sink.show(i, conflict ? CONFLICT : 0);
    if (!conflict) this.insertOpen(d, { packet: i, start: s, end: e, read: 0, hash: p.payloadHash });
  }

  /**
   * Whether record i, placed at [s, e) in the shown records' numbering, is a copy of the
   * open records it overlaps. A shift never seen before must fit wholly inside them (a
   * stray one-byte overlap of uniform data proves nothing); the usual one may reach past
   * them (a read merging a send whose own record is still to come).
   */
  private copyOf(i: number, p: PacketView, d: Direction, s: number, e: number, known: boolean): 'copy' | 'conflict' | 'none' {
    const overlaps = this.overlapping(d.open, d.maxLen, s, e);
    if (overlaps.length === 0) return 'none';
    let covered = 0;
    for (const o of overlaps) covered += Math.min(e, o.end) - Math.max(s, o.start);
    if (covered < e - s && !known) return 'none';
    if (!overlaps.every((o) => this.agree(o.packet, o.start, o.end, o.hash, i, s, e, p.payloadHash))) {
      // More than the numbering slack overlaps with other bytes: a receive matching no send.
      return covered >= e - s || covered > MAX_SHIFT ? 'conflict' : 'none';
    }
    const identical = overlaps.length === 1 && overlaps[0].start === s && overlaps[0].end === e;
    for (const o of overlaps) {
      o.read = Math.min(o.end - o.start, o.read + Math.min(e, o.end) - Math.max(s, o.start));
      const complete = o.read >= o.end - o.start;
      this.sink.copy(o.packet, i, complete, identical ? IDENTICAL : 0);
      if (!complete) this.sink.progress(o.packet, o.read);
    }
    const done = new Set(overlaps.filter((o) => o.read >= o.end - o.start));
    if (done.size > 0) {
      const kept = d.open.filter((o) => !done.has(o));
      d.open.length = 0;
      d.open.push(...kept);
    }
    // Bytes of this copy beyond the shown records: their own record is still to come.
    if (covered < e - s) this.addSurplus(d, i, s, e, overlaps);
    return 'copy';
  }

  /** Shown record i was already read by copies written before it (the reader wrote first). */
  private readBySurplus(i: number, p: PacketView, d: Direction, s: number, e: number): boolean {
    const sur = d.surplus.filter((x) => x.start < e && s < x.end);
    if (sur.length === 0 || !sur.every((x) => this.agree(x.packet, x.recStart, x.recEnd, 0, i, s, e, p.payloadHash))) return false;
    let read = 0;
    for (const x of sur) read += Math.min(e, x.end) - Math.max(s, x.start);
    read = Math.min(read, e - s);
    const complete = read >= e - s;
    this.sink.readBy(i, sur[sur.length - 1].packet, complete);
    this.consumeSurplus(d, s, e);
    if (!complete) {
      this.sink.progress(i, read);
      this.insertOpen(d, { packet: i, start: s, end: e, read, hash: p.payloadHash });
    }
    return true;
  }

  /** Open records overlapping [s, e): sorted by start, none longer than maxLen. */
  private overlapping(open: readonly OpenRecord[], maxLen: number, s: number, e: number): OpenRecord[] {
    let lo = 0;
    let hi = open.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (open[mid].start < e) lo = mid + 1;
      else hi = mid;
    }
    const out: OpenRecord[] = [];
    for (let k = lo - 1; k >= 0 && open[k].start + maxLen > s; k--) if (open[k].end > s) out.push(open[k]);
    return out.reverse();
  }

  /** Whether two records carry the same bytes where their ranges overlap. */
  private agree(a: number, as: number, ae: number, ah: number, b: number, bs: number, be: number, bh: number): boolean {
    // Same range: the fingerprints decide (they cover the length and both ends).
    if (as === bs && ae === be && ah !== 0 && bh !== 0) return ah === bh;
    const from = Math.max(as, bs);
    const to = Math.min(ae, be);
    const pa = this.payload(a);
    const pb = this.payload(b);
    for (let k = from; k < to; k++) {
      const ia = k - as;
      const ib = k - bs;
      // Bytes cut by the snapshot length cannot disagree.
      if (ia >= pa.length || ib >= pb.length) break;
      if (pa[ia] !== pb[ib]) return false;
    }
    return true;
  }

  private insertOpen(d: Direction, r: OpenRecord): void {
    const open = d.open;
    let k = open.length;
    while (k > 0 && open[k - 1].start > r.start) k--;
    open.splice(k, 0, r);
    if (open.length > MAX_OPEN) open.shift();
  }

  private addSurplus(d: Direction, packet: number, s: number, e: number, shown: readonly OpenRecord[]): void {
    let from = s;
    for (const o of shown) {
      if (o.start > from) d.surplus.push({ packet, recStart: s, recEnd: e, start: from, end: Math.min(e, o.start) });
      from = Math.max(from, o.end);
    }
    if (from < e) d.surplus.push({ packet, recStart: s, recEnd: e, start: from, end: e });
    if (d.surplus.length > MAX_SURPLUS) d.surplus.splice(0, d.surplus.length - MAX_SURPLUS);
  }

  private consumeSurplus(d: Direction, s: number, e: number): void {
    const kept: Surplus[] = [];
    for (const x of d.surplus) {
      if (x.end <= s || x.start >= e) { kept.push(x); continue; }
      if (x.start < s) kept.push({ ...x, end: s });
      if (x.end > e) kept.push({ ...x, start: e });
    }
    d.surplus.length = 0;
    d.surplus.push(...kept);
  }

  private flow(id: number): FlowState {
    let f = this.flows[id];
    if (f === undefined) {
      f = new FlowState();
      this.flows[id] = f;
    }
    return f;
  }
}
