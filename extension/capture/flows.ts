// Conversations: packets grouped by 5-tuple (protocol, both addresses, both ports) with
// both directions in one flow, like Wireshark's Conversations. A hand-rolled open-addressing
// hash over typed arrays: a Map keyed by strings would cost more than the rest of indexing.
// Per flow it keeps packets, bytes, first/last time, the TCP handshake/teardown state and
// the per-direction bases that make Wireshark's relative sequence numbers.
import { formatIpWords } from './decode/address';
import { TcpBases } from './decode/index';
import { ipProtocolName } from './decode/protocols';
import { PacketSummary } from './decode/summary';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './decode/types';
import { NO_FLOW } from './packetIndex';

export { NO_FLOW };

export type TcpState = 'syn-sent' | 'syn-received' | 'established' | 'closing' | 'closed' | 'reset' | 'midstream';

export interface FlowEndpoint {
  addr: string;
  /** null for protocols without ports (ICMP...). */
  port: number | null;
}

export interface FlowInfo {
  id: number;
  family: 4 | 6;
  proto: string;
  ipProtocol: number;
  /** The side that opened it: the SYN sender for TCP, otherwise the first packet's source. */
  client: FlowEndpoint;
  server: FlowEndpoint;
  packets: number;
  /** Sum of the packets' on-the-wire lengths. */
  bytes: number;
  /** Epoch seconds. */
  firstTime: number;
  lastTime: number;
  tcpState: TcpState | null;
}

/** A FlowTable's columns, as another table of the same rules hands them over (native/addon/pcap_counter.h). */
export interface FlowColumns {
  count: number;
  keys: Uint32Array;
  packets: Uint32Array;
  bytes: Float64Array;
  first: Float64Array;
  last: Float64Array;
  state: Uint16Array;
  bases: Uint32Array;
  wscale: Int8Array;
}

// Key: [family<<8 | protocol, addrA x4, addrB x4, portA<<16 | portB], A = the smaller endpoint.
const KEY_WORDS = 10;

// State bits, per flow. "A"/"B" are the canonical sides.
const SYN_A = 1 << 0;
const SYN_B = 1 << 1;
const SYNACK_A = 1 << 2;
const SYNACK_B = 1 << 3;
const FIN_A = 1 << 4;
const FIN_B = 1 << 5;
const RST = 1 << 6;
const ESTABLISHED = 1 << 7;
const BASE_A = 1 << 8;
const BASE_B = 1 << 9;
const CLIENT_B = 1 << 10;
const HAS_PORTS = 1 << 11;

const INITIAL_FLOWS = 64;

export class FlowTable {
  private cap = INITIAL_FLOWS;
  private n = 0;
  private keys = new Uint32Array(INITIAL_FLOWS * KEY_WORDS);
  private packets = new Uint32Array(INITIAL_FLOWS);
  private bytes = new Float64Array(INITIAL_FLOWS);
  private first = new Float64Array(INITIAL_FLOWS);
  private last = new Float64Array(INITIAL_FLOWS);
  private state = new Uint16Array(INITIAL_FLOWS);
  /** Per direction (flow*2 + dir): TCP base sequence number; window-scale shift (-1 unknown, -2 none). */
  private bases = new Uint32Array(INITIAL_FLOWS * 2);
  private wscale = new Int8Array(INITIAL_FLOWS * 2);
  /** Open-addressing slots holding flow id + 1 (0 = empty); at most half full. */
  private slots = new Int32Array(INITIAL_FLOWS * 2);
  private readonly key = new Uint32Array(KEY_WORDS);
  /**
   * The two most recent flows and their keys: consecutive packets usually belong to one
   * of them (a request/response pair, two interleaved streams), which skips the hashing.
   */
  private readonly recentKeys = [new Uint32Array(KEY_WORDS), new Uint32Array(KEY_WORDS)];
  private readonly recentIds = [-1, -1];
  private dir = 0;

  get count(): number {
    return this.n;
  }

  /** Direction of the packet last passed to observe(): 0 = from side A, 1 = from side B. */
  get lastDirection(): number {
    return this.dir;
  }

  /** Bytes held by the typed arrays. */
  get memoryBytes(): number {
    return this.cap * (KEY_WORDS * 4 + 4 + 8 + 8 + 8 + 2 + 8 + 2) + this.slots.byteLength;
  }

  /**
   * Adds a packet to its flow, creating the flow on first sight. Returns the flow id, or
   * NO_FLOW for packets without a usable 5-tuple (not IP, non-first fragments). Its rules
   * (and observeTcp's) have a C++ copy for `swdebug stats` (FlowCounter in
   * native/addon/pcap_counter.cc): change both; test/unit/cli/stats.test.ts fails while they differ.
   */
  observe(s: PacketSummary, time: number, wireLen: number): number {
    this.dir = 0;
    if (s.family === 0 || (s.fragment && s.sport < 0)) return NO_FLOW;
    // Consecutive packets mostly belong to one of the last two flows: match the packet's
    // own tuple against them (both ways round) before building a canonical key and hashing.
    const ids = this.recentIds;
    let id = -1;
    let dir = ids[0] >= 0 ? matchTuple(this.recentKeys[0], s) : -1;
    if (dir >= 0) {
      id = ids[0];
    } else if (ids[1] >= 0 && (dir = matchTuple(this.recentKeys[1], s)) >= 0) {
      id = ids[1];
    } else {
      dir = this.makeKey(s);
      id = this.findOrAdd(time, dir, s.sport >= 0);
      // Replace the older entry: swap the arrays so no copy of the kept one is needed.
      const older = this.recentKeys[1];
      this.recentKeys[1] = this.recentKeys[0];
      this.recentKeys[0] = older;
      ids[1] = ids[0];
      older.set(this.key);
      ids[0] = id;
    }
    this.dir = dir;
    this.packets[id]++;
    this.bytes[id] += wireLen;
    if (time < this.first[id]) this.first[id] = time;
    if (time > this.last[id]) this.last[id] = time;
    if (s.ipProtocol === 6 && s.sport >= 0) this.observeTcp(id, dir, s);
    return id;
  }

  /** Which side of its flow the packet's source is (0 = A), without changing anything. */
  directionOf(s: PacketSummary): number {
    return s.family === 0 ? 0 : this.makeKey(s);
  }

  /** Bases for relative seq/ack of a segment sent in direction `dir` of `flowId`. */
  tcpBases(flowId: number, dir: number): TcpBases {
    if (flowId >= this.n) return { seqBase: 0, ackBase: 0, windowShift: -1 };
    const st = this.state[flowId];
    const fwd = flowId * 2 + dir;
    const rev = flowId * 2 + (1 - dir);
    const fwdSet = (st & (dir === 0 ? BASE_A : BASE_B)) !== 0;
    const revSet = (st & (dir === 0 ? BASE_B : BASE_A)) !== 0;
    return {
      seqBase: fwdSet ? this.bases[fwd] : 0,
      ackBase: revSet ? this.bases[rev] : 0,
      windowShift: this.wscale[fwd] >= 0 ? this.wscale[fwd] : -1,
    };
  }

  /** Which canonical side (0 = A, 1 = B, as in lastDirection) is the flow's client right now. */
  clientSide(id: number): 0 | 1 {
    if (!(id >= 0 && id < this.n)) throw new RangeError(`flow ${id} does not exist (0..${this.n - 1})`);
    return (this.state[id] & CLIENT_B) !== 0 ? 1 : 0;
  }

  flow(id: number): FlowInfo {
    if (!(id >= 0 && id < this.n)) throw new RangeError(`flow ${id} does not exist (0..${this.n - 1})`);
    const k = id * KEY_WORDS;
    const meta = this.keys[k];
    const family = (meta >>> 8) === 6 ? 6 : 4;
    const proto = meta & 0xff;
    const st = this.state[id];
    const ports = this.keys[k + 9];
    const hasPorts = (st & HAS_PORTS) !== 0;
    const a: FlowEndpoint = { addr: formatIpWords(this.keys, k + 1, family), port: hasPorts ? ports >>> 16 : null };
    const b: FlowEndpoint = { addr: formatIpWords(this.keys, k + 5, family), port: hasPorts ? ports & 0xffff : null };
    const clientIsB = (st & CLIENT_B) !== 0;
    return {
      id, family, proto: ipProtocolName(proto), ipProtocol: proto,
      client: clientIsB ? b : a,
      server: clientIsB ? a : b,
      packets: this.packets[id],
      bytes: this.bytes[id],
      firstTime: this.first[id],
      lastTime: this.last[id],
      tcpState: proto === 6 && hasPorts ? tcpState(st) : null,
    };
  }

  flows(): FlowInfo[] {
    const out: FlowInfo[] = [];
    for (let i = 0; i < this.n; i++) out.push(this.flow(i));
    return out;
  }

  /** A FlowTable holding the flows of `c`, in its order. */
  static fromColumns(c: FlowColumns): FlowTable {
    const t = new FlowTable();
    const n = c.count;
    const want = { keys: n * KEY_WORDS, packets: n, bytes: n, first: n, last: n, state: n, bases: n * 2, wscale: n * 2 };
    for (const [column, length] of Object.entries(want)) {
      if (c[column as keyof typeof want].length < length) throw new RangeError(`flow column ${column} holds fewer than ${length} entries`);
    }
    while (t.cap < n) t.growFlows();
    t.keys.set(c.keys.subarray(0, n * KEY_WORDS));
    t.packets.set(c.packets.subarray(0, n));
    t.bytes.set(c.bytes.subarray(0, n));
    t.first.set(c.first.subarray(0, n));
    t.last.set(c.last.subarray(0, n));
    t.state.set(c.state.subarray(0, n));
    t.bases.set(c.bases.subarray(0, n * 2));
    t.wscale.set(c.wscale.subarray(0, n * 2));
    t.n = n;
    t.rehash();
    return t;
  }

  clear(): void {
    Object.assign(this, new FlowTable());
  }

  /** Fills this.key canonically; returns 0 when the source is side A. */
  private makeKey(s: PacketSummary): number {
    const a = s.addr;
    const sp = s.sport >= 0 ? s.sport : 0;
    const dp = s.dport >= 0 ? s.dport : 0;
    // Compare (src addr, sport) with (dst addr, dport) to pick side A.
    let cmp = 0;
    for (let i = 0; i < 4 && cmp === 0; i++) cmp = a[i] - a[4 + i];
    if (cmp === 0) cmp = sp - dp;
    const dir = cmp <= 0 ? 0 : 1;
    const k = this.key;
    k[0] = (s.family << 8) | (s.ipProtocol & 0xff);
    const sa = dir === 0 ? 0 : 4;
    const sb = 4 - sa;
    k[1] = a[sa]; k[2] = a[sa + 1]; k[3] = a[sa + 2]; k[4] = a[sa + 3];
    k[5] = a[sb]; k[6] = a[sb + 1]; k[7] = a[sb + 2]; k[8] = a[sb + 3];
    k[9] = dir === 0 ? ((sp << 16) | dp) >>> 0 : ((dp << 16) | sp) >>> 0;
    return dir;
  }

  private findOrAdd(time: number, dir: number, hasPorts: boolean): number {
    const k = this.key;
    const mask = this.slots.length - 1;
    let h = hashKey(k) & mask;
    for (;;) {
      const slot = this.slots[h];
      if (slot === 0) break;
      const id = slot - 1;
      if (sameKeyAt(this.keys, id * KEY_WORDS, k)) return id;
      h = (h + 1) & mask;
    }
    const id = this.n;
    if (id === this.cap) {
      this.growFlows();
      return this.findOrAdd(time, dir, hasPorts);
    }
    this.keys.set(k, id * KEY_WORDS);
    this.first[id] = time;
    this.last[id] = time;
    this.state[id] = (dir === 1 ? CLIENT_B : 0) | (hasPorts ? HAS_PORTS : 0);
    this.wscale[id * 2] = -1;
    this.wscale[id * 2 + 1] = -1;
    this.slots[h] = id + 1;
    this.n = id + 1;
    return id;
  }

  private observeTcp(id: number, dir: number, s: PacketSummary): void {
    const f = s.tcpFlags;
    let st = this.state[id];
    const fwd = id * 2 + dir;
    const rev = id * 2 + (1 - dir);
    const fwdBase = dir === 0 ? BASE_A : BASE_B;
    const revBase = dir === 0 ? BASE_B : BASE_A;
    if (f & TCP_RST) st |= RST;
    if (f & TCP_FIN) st |= dir === 0 ? FIN_A : FIN_B;
    if (f & TCP_SYN) {
      if (f & TCP_ACK) {
        st |= dir === 0 ? SYNACK_A : SYNACK_B;
      } else {
        st |= dir === 0 ? SYN_A : SYN_B;
        // The SYN sender is the client, whoever happened to be written first.
        st = dir === 1 ? st | CLIENT_B : st & ~CLIENT_B;
      }
      this.noteWindowScale(fwd, rev, s.tcpWscale, (f & TCP_ACK) !== 0);
      // Wireshark's rule: a SYN sets its direction's base; otherwise the first segment
      // seen sets it to seq-1 and the first ACK sets the other direction's to ack-1.
      this.bases[fwd] = s.seq;
      st |= fwdBase;
    } else {
      if ((st & fwdBase) === 0) {
        this.bases[fwd] = (s.seq - 1) >>> 0;
        st |= fwdBase;
      }
      if ((f & TCP_ACK) && (st & (SYNACK_A | SYNACK_B))) st |= ESTABLISHED;
    }
    if ((f & TCP_ACK) && (st & revBase) === 0) {
      this.bases[rev] = (s.ack - 1) >>> 0;
      st |= revBase;
    }
    this.state[id] = st;
  }

  /**
   * Wireshark's window-scale bookkeeping (verify_tcp_window_scaling): a shift comes only
   * from a SYN's option; a SYN without one, or a SYN-ACK answering a SYN without one,
   * means "never scale" (-2) for the directions concerned. -1 stays "unknown".
   */
  private noteWindowScale(fwd: number, rev: number, shift: number, synAck: boolean): void {
    if (shift >= 0) this.wscale[fwd] = Math.min(shift, 14);
    if (this.wscale[fwd] === -1) {
      this.wscale[fwd] = -2;
      this.wscale[rev] = -2;
    } else if (synAck && this.wscale[rev] === -2) {
      this.wscale[fwd] = -2;
    }
  }

  private growFlows(): void {
    const cap = this.cap * 2;
    this.keys = grow(this.keys, new Uint32Array(cap * KEY_WORDS));
    this.packets = grow(this.packets, new Uint32Array(cap));
    this.bytes = grow(this.bytes, new Float64Array(cap));
    this.first = grow(this.first, new Float64Array(cap));
    this.last = grow(this.last, new Float64Array(cap));
    this.state = grow(this.state, new Uint16Array(cap));
    this.bases = grow(this.bases, new Uint32Array(cap * 2));
    this.wscale = grow(this.wscale, new Int8Array(cap * 2));
    this.cap = cap;
    this.rehash();
  }

  /** Rebuilds the hash slots for the flows there are: a table twice the flow capacity. */
  private rehash(): void {
    const slots = new Int32Array(this.cap * 2);
    const mask = slots.length - 1;
    const k = new Uint32Array(KEY_WORDS);
    for (let id = 0; id < this.n; id++) {
      for (let w = 0; w < KEY_WORDS; w++) k[w] = this.keys[id * KEY_WORDS + w];
      let h = hashKey(k) & mask;
      while (slots[h] !== 0) h = (h + 1) & mask;
      slots[h] = id + 1;
    }
    this.slots = slots;
  }
}

function grow<T extends Uint32Array | Float64Array | Uint16Array | Int8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Whether packet `s` belongs to the flow with key `k`: 0 when its source is side A, 1 when
 * it is side B, -1 when it is another flow. Same answer as makeKey + a key comparison.
 */
function matchTuple(k: Uint32Array, s: PacketSummary): number {
  if (k[0] !== (((s.family << 8) | (s.ipProtocol & 0xff)) >>> 0)) return -1;
  const a = s.addr;
  const sp = s.sport >= 0 ? s.sport : 0;
  const dp = s.dport >= 0 ? s.dport : 0;
  if (k[9] === (((sp << 16) | dp) >>> 0) && a[0] === k[1] && a[4] === k[5]
    && a[1] === k[2] && a[2] === k[3] && a[3] === k[4] && a[5] === k[6] && a[6] === k[7] && a[7] === k[8]) return 0;
  if (k[9] === (((dp << 16) | sp) >>> 0) && a[0] === k[5] && a[4] === k[1]
    && a[1] === k[6] && a[2] === k[7] && a[3] === k[8] && a[5] === k[2] && a[6] === k[3] && a[7] === k[4]) return 1;
  return -1;
}

/** sameKey against the key stored at keys[base...], without a subarray allocation. */
function sameKeyAt(keys: Uint32Array, base: number, k: Uint32Array): boolean {
  return keys[base + 9] === k[9] && keys[base + 1] === k[1] && keys[base + 5] === k[5] && keys[base] === k[0]
    && keys[base + 2] === k[2] && keys[base + 3] === k[3] && keys[base + 4] === k[4]
    && keys[base + 6] === k[6] && keys[base + 7] === k[7] && keys[base + 8] === k[8];
}

/** FNV-style word mixing with a murmur3 finaliser: cheap, and the finaliser spreads the bits. */
function hashKey(k: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < KEY_WORDS; i++) h = Math.imul(h ^ k[i], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function tcpState(st: number): TcpState {
  if (st & RST) return 'reset';
  if ((st & FIN_A) && (st & FIN_B)) return 'closed';
  if (st & (FIN_A | FIN_B)) return 'closing';
  if (st & ESTABLISHED) return 'established';
  if (st & (SYNACK_A | SYNACK_B)) return 'syn-received';
  if (st & (SYN_A | SYN_B)) return 'syn-sent';
  return 'midstream';
}
