// socket_wrapper mirror de-duplication. When both ends of a conversation are wrapped and
// share one pcap, most packets are written twice: by the sender when it sends and by the
// receiver when it reads. The matcher walks the capture in file order (incrementally: call
// update() as the capture grows) and gives every packet a role:
//   sent            shown; the peer's record of it was found (sentAt / receivedAt)
//   received-copy   hidden; the other process's record of an earlier shown packet (partner)
//   unpaired-send   shown; the peer has not read it (yet) (or has not accepted / closed)
//   unpaired-receive shown; a receive whose bytes match no send (e.g. after MSG_PEEK)
//   single          shown; written once by nature (RST, teardown ACK, ICMP) or its flow
//                   shows no sign of a second writer
// Whether a packet is hidden is decided when it is processed and never changes: the first
// record of a pair is the one shown. Roles of shown packets may still change as copies
// arrive. The matching rule and its limits are in docs/dedupe.md.
import type { CaptureFile } from './captureFile';
import { KIND_TCP, KIND_UDP } from './decode/summary';
import { NO_FLOW } from './flows';
import { detectSocketWrapper, SocketWrapperDetection } from './mirror/detect';
import { COMPLETE, CONFLICT, COPY, HANDSHAKE, IDENTICAL, MirrorSink, NEVER, PacketView, SENDER_IS_COPY, SHOWN } from './mirror/sink';
import { SynAlias, TcpMirror } from './mirror/tcpMirror';
import { UdpMirror } from './mirror/udpMirror';
import { factsFor, PacketFacts } from './packetFacts';

export type MirrorRole = 'sent' | 'received-copy' | 'unpaired-send' | 'unpaired-receive' | 'single';

export interface MirrorEntry {
  role: MirrorRole;
  /**
   * The other record (0-based packet number): for a shown packet its first copy, for a
   * copy the shown packet it duplicates; -1 when there is none.
   */
  partner: number;
  /** Epoch seconds on the sender's record; null for single packets. */
  sentAt: number | null;
  /** Epoch seconds on the receiver's record that completed the read; null: not (wholly) read. */
  receivedAt: number | null;
  /** Payload bytes the peer has read, when it read only part of it so far. */
  readBytes: number | null;
  /** The two records are byte-identical, so which one the sender wrote is a guess (the earlier). */
  identical: boolean;
}

const INITIAL = 1024;
const TCP_SYN = 0x02;
/** flowPaired bits: some pair was found in the flow; a data pair was. */
const PAIRED = 1;
const DATA_PAIRED = 2;
const TCP_ACK = 0x10;

export class MirrorMatcher {
  private n = 0;
  private cap = INITIAL;
  private codes = new Uint8Array(INITIAL);
  private partners = new Int32Array(INITIAL).fill(-1);
  /** Shown: the copy that completed (or so far advanced) its read. */
  private readers = new Int32Array(INITIAL).fill(-1);
  private shownList = new Uint32Array(INITIAL);
  private shown = 0;
  private pairs = 0;
  /** The facts' generation this state was built from (it changes when the capture is reset). */
  private generation = 0;
  private readonly partial = new Map<number, number>();
  private flowPaired = new Uint8Array(64);
  private readonly capturingHosts = new Set<string>();
  private tcp: TcpMirror;
  private udp: UdpMirror;
  private readonly facts: PacketFacts;
  private readonly sink: MirrorSink;
  private readonly view: PacketView = { flow: -1, dir: 0, tcpFlags: 0, seq: 0, ack: 0, payloadLength: 0, payloadHash: 0 };

  constructor(readonly capture: CaptureFile, facts?: PacketFacts) {
    this.facts = facts ?? factsFor(capture);
    this.sink = this.makeSink();
    const read = (i: number): Uint8Array => this.facts.payload(i);
    this.tcp = new TcpMirror(this.sink, read);
    this.udp = new UdpMirror(this.sink, read);
  }

  /** Packets classified so far: [0, processed). */
  get processed(): number {
    return this.n;
  }

  /** Pairs of mirrored records found so far. */
  get pairCount(): number {
    return this.pairs;
  }

  /** Shown packets so far (the length of the de-duplicated view). */
  get shownCount(): number {
    return this.shown;
  }

  /**
   * Classifies the packets indexed since the last call (up to `upTo`, default all). Starts
   * over when the capture was reset. Returns the number processed.
   */
  update(upTo: number = this.capture.index.count): number {
    // One window of facts at a time, matched while its bytes are still in memory.
    for (;;) {
      // ensure(0) scans nothing but notices a reset capture.
      this.facts.ensure(this.facts.count > this.n ? 0 : upTo, 1);
      if (this.facts.generation !== this.generation) {
        this.clear();
        this.generation = this.facts.generation;
      }
      const end = Math.min(upTo, this.facts.count);
      if (this.n >= end) return this.n;
      while (this.n < end) this.step(this.n++);
    }
  }

  /** Hidden in the de-duplicated view (final once processed). */
  isCopy(i: number): boolean {
    return (this.codes[this.check(i)] & COPY) !== 0;
  }

  role(i: number): MirrorRole {
    const c = this.codes[this.check(i)];
    if (c & COPY) return 'received-copy';
    if (c & CONFLICT) return 'unpaired-receive';
    if (this.partners[i] >= 0 || this.readers[i] >= 0) return 'sent';
    if (c & NEVER) return 'single';
    if (c & HANDSHAKE) {
      const flow = this.capture.index.flowId(i);
      if (flow < this.flowPaired.length && (this.flowPaired[flow] & DATA_PAIRED) !== 0) return 'single';
    }
    return this.expectsCopy(i) ? 'unpaired-send' : 'single';
  }

  /** The other record of packet i, -1 when none. */
  partner(i: number): number {
    const p = this.partners[this.check(i)];
    return p >= 0 ? p : this.readers[i];
  }

  entry(i: number): MirrorEntry {
    const role = this.role(i);
    const index = this.capture.index;
    if (role === 'received-copy') {
      const shown = this.partners[i];
      const e = this.entry(shown);
      return { ...e, role, partner: shown };
    }
    const c = this.codes[i];
    const own = index.time(i);
    const partner = this.partner(i);
    const readBytes = this.partial.get(i) ?? null;
    const identical = (c & IDENTICAL) !== 0;
    if (role === 'single' || role === 'unpaired-receive') return { role, partner, sentAt: null, receivedAt: null, readBytes: null, identical: false };
    if (partner < 0) return { role, partner, sentAt: own, receivedAt: null, readBytes, identical: false };
    const reader = this.readers[i] >= 0 ? this.readers[i] : partner;
    const other = index.time(reader);
    const complete = (c & COMPLETE) !== 0;
    if (c & SENDER_IS_COPY) return { role, partner, sentAt: other, receivedAt: own, readBytes, identical };
    // Identical records: the earlier timestamp is the send (a reader woken by the send
    // often writes its record before the sender gets to write its own).
    if (identical) return { role, partner, sentAt: Math.min(own, other), receivedAt: Math.max(own, other), readBytes, identical };
    return { role, partner, sentAt: own, receivedAt: complete ? other : null, readBytes, identical };
  }

  /** The de-duplicated view: shown packet numbers in file order. */
  shownPacket(row: number): number {
    if (!(row >= 0 && row < this.shown)) throw new RangeError(`row ${row} is not in the view (0..${this.shown - 1})`);
    return this.shownList[row];
  }

  /** Row of packet i in the view, or -1 when it is hidden or not processed yet. */
  rowOf(i: number): number {
    let lo = 0;
    let hi = this.shown;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.shownList[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.shown && this.shownList[lo] === i ? lo : -1;
  }

  /** Whether this capture looks like socket_wrapper's with mirrored pairs (dedupe on by default). */
  detect(): SocketWrapperDetection {
    return detectSocketWrapper(this.capture, this.pairs);
  }

  clear(): void {
    this.n = 0;
    this.cap = INITIAL;
    this.codes = new Uint8Array(INITIAL);
    this.partners = new Int32Array(INITIAL).fill(-1);
    this.readers = new Int32Array(INITIAL).fill(-1);
    this.shownList = new Uint32Array(INITIAL);
    this.shown = 0;
    this.pairs = 0;
    this.partial.clear();
    this.flowPaired = new Uint8Array(64);
    this.capturingHosts.clear();
    const read = (i: number): Uint8Array => this.facts.payload(i);
    this.tcp = new TcpMirror(this.sink, read);
    this.udp = new UdpMirror(this.sink, read);
  }

  private step(i: number): void {
    if (i >= this.cap) this.grow();
    const index = this.capture.index;
    const flow = index.flowId(i);
    const { kind, tcpFlags, fragment } = index.flags(i);
    if (flow === NO_FLOW || fragment || (kind !== KIND_TCP && kind !== KIND_UDP)) {
      this.sink.show(i, NEVER);
      return;
    }
    const v = this.view;
    const f = this.facts;
    v.flow = flow;
    v.dir = f.dir(i);
    v.tcpFlags = tcpFlags;
    v.seq = f.seq(i);
    v.ack = f.ack(i);
    v.payloadLength = f.payloadLength(i);
    v.payloadHash = f.payloadHash(i);
    if (kind === KIND_UDP) this.udp.add(i, v);
    else this.tcp.add(i, v, (tcpFlags & TCP_SYN) && !(tcpFlags & TCP_ACK) ? this.synAlias(flow, v) : null);
  }

  /** Identity of a SYN across flows: the client's copy may say 0.0.0.0 where the server's has the address. */
  private synAlias(flow: number, v: PacketView): SynAlias {
    const info = this.capture.flows.flow(flow);
    const fromClient = v.dir === this.capture.flows.clientSide(flow);
    const src = fromClient ? info.client : info.server;
    const dst = fromClient ? info.server : info.client;
    return {
      key: `${info.family}|${dst.addr}|${dst.port}|${src.port}|${v.seq}|${v.ack}`,
      unspecified: src.addr === '0.0.0.0' || src.addr === '::',
    };
  }

  /** A shown packet without a copy: is one expected (both ends seem to write this file)? */
  private expectsCopy(i: number): boolean {
    const flow = this.capture.index.flowId(i);
    if (flow === NO_FLOW) return false;
    if (flow < this.flowPaired.length && this.flowPaired[flow] !== 0) return true;
    if (this.capturingHosts.size === 0) return false;
    const info = this.capture.flows.flow(flow);
    const fromClient = this.facts.dir(i) === this.capture.flows.clientSide(flow);
    return this.capturingHosts.has((fromClient ? info.server : info.client).addr);
  }

  private notePair(shown: number, copy: number): void {
    this.pairs++;
    const data = this.facts.payloadLength(shown) > 0 ? DATA_PAIRED : 0;
    for (const p of [shown, copy]) {
      const flow = this.capture.index.flowId(p);
      if (flow === NO_FLOW) continue;
      if (flow >= this.flowPaired.length) {
        const g = new Uint8Array(Math.max(flow + 1, this.flowPaired.length * 2));
        g.set(this.flowPaired);
        this.flowPaired = g;
      }
      const before = this.flowPaired[flow];
      this.flowPaired[flow] = before | PAIRED | data;
      if (before !== 0) continue;
      const info = this.capture.flows.flow(flow);
      this.capturingHosts.add(info.client.addr);
      this.capturingHosts.add(info.server.addr);
    }
  }

  private makeSink(): MirrorSink {
    return {
      show: (i, bits = 0) => {
        this.codes[i] = SHOWN | bits;
        if (this.shown === this.shownList.length) {
          const g = new Uint32Array(this.shownList.length * 2);
          g.set(this.shownList);
          this.shownList = g;
        }
        this.shownList[this.shown++] = i;
      },
      copy: (shown, copy, complete, bits = 0) => {
        this.codes[copy] = COPY;
        // A read that merged several sends points at the first of them.
        if (this.partners[copy] < 0) this.partners[copy] = shown;
        if (this.partners[shown] < 0) this.partners[shown] = copy;
        this.readers[shown] = copy;
        this.codes[shown] |= bits;
        if (complete) {
          this.codes[shown] |= COMPLETE;
          this.partial.delete(shown);
        }
        this.notePair(shown, copy);
      },
      readBy: (shown, by, complete) => {
        this.readers[shown] = by;
        if (complete) this.codes[shown] |= COMPLETE;
        this.notePair(shown, by);
      },
      progress: (shown, readBytes) => {
        this.partial.set(shown, readBytes);
      },
    };
  }

  private grow(): void {
    const cap = this.cap * 2;
    const codes = new Uint8Array(cap);
    codes.set(this.codes);
    const partners = new Int32Array(cap).fill(-1);
    partners.set(this.partners);
    const readers = new Int32Array(cap).fill(-1);
    readers.set(this.readers);
    this.codes = codes;
    this.partners = partners;
    this.readers = readers;
    this.cap = cap;
  }

  private check(i: number): number {
    if (!(i >= 0 && i < this.n)) throw new RangeError(`packet ${i} is not classified yet (0..${this.n - 1})`);
    return i;
  }
}

const registry = new WeakMap<CaptureFile, MirrorMatcher>();

/** The shared matcher of a capture (created on first use; call update() before asking). */
export function matcherFor(capture: CaptureFile): MirrorMatcher {
  let m = registry.get(capture);
  if (m === undefined) {
    m = new MirrorMatcher(capture);
    registry.set(capture, m);
  }
  return m;
}
