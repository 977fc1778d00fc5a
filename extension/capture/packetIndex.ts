// The packet index: what the Packet Timeline needs per packet to draw a row without
// touching the file, in parallel typed arrays grown by doubling. A slot is exactly 24
// bytes (file offset 8, time 8, length+flags 4, flow id 4), so even right after a doubling
// the index costs at most 48 bytes per packet. Packet bytes are never kept: they are read
// back from the file by offset when someone asks for details.
import { KIND_NAMES } from './decode/summary';

export const NO_FLOW = 0xffffffff;

// lenFlags: captured length in the low 19 bits (the reader rejects anything above
// 262144 = 2^18), TCP flags in the next 8, then the packet kind, fragment and malformed bits.
const CAPLEN_MASK = 0x7ffff;
const TCP_SHIFT = 19;
const KIND_SHIFT = 27;
const FRAGMENT_BIT = 1 << 30;
const MALFORMED_BIT = 1 << 31;

const INITIAL_CAPACITY = 1024;

export interface IndexedPacketFlags {
  kind: number;
  tcpFlags: number;
  fragment: boolean;
  malformed: boolean;
}

export class PacketIndex {
  private capacity = INITIAL_CAPACITY;
  private size = 0;
  private offsets: Float64Array = new Float64Array(INITIAL_CAPACITY);
  /** Seconds since `baseSec` (the first packet's whole second): exact to the nanosecond for months. */
  private times: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private lenFlags: Uint32Array = new Uint32Array(INITIAL_CAPACITY);
  private flows: Uint32Array = new Uint32Array(INITIAL_CAPACITY);
  /** Index into linkTypeList per packet; only allocated once a second link type shows up. */
  private linkIds: Uint8Array | null = null;
  private readonly linkTypeList: number[] = [];
  private base = 0;

  get count(): number {
    return this.size;
  }

  /** Whole second that times are relative to (the first packet's). */
  get baseSec(): number {
    return this.base;
  }

  /** Bytes held by the typed arrays (capacity, not just the used part). */
  get memoryBytes(): number {
    return this.capacity * 24 + (this.linkIds === null ? 0 : this.linkIds.byteLength);
  }

  append(dataOffset: number, tsSec: number, tsNsec: number, capLen: number, linkType: number, flowId: number, f: IndexedPacketFlags): number {
    const i = this.size;
    if (i === this.capacity) this.grow();
    if (i === 0) this.base = tsSec;
    this.offsets[i] = dataOffset;
    this.times[i] = (tsSec - this.base) + tsNsec / 1e9;
    this.lenFlags[i] = ((capLen & CAPLEN_MASK) | ((f.tcpFlags & 0xff) << TCP_SHIFT) | ((f.kind & 7) << KIND_SHIFT)
      | (f.fragment ? FRAGMENT_BIT : 0) | (f.malformed ? MALFORMED_BIT : 0)) >>> 0;
    this.flows[i] = flowId;
    this.setLinkType(i, linkType);
    this.size = i + 1;
    return i;
  }

  /** File offset of the packet's first byte. */
  dataOffset(i: number): number {
    return this.offsets[this.check(i)];
  }

  /** Epoch seconds as a double (sub-microsecond digits may round). */
  time(i: number): number {
    return this.base + this.times[this.check(i)];
  }

  /** Seconds since the first packet. */
  relativeTime(i: number): number {
    return this.times[this.check(i)];
  }

  /** Exact epoch time split in seconds and nanoseconds. */
  timeParts(i: number): { sec: number; nsec: number } {
    const t = this.times[this.check(i)];
    let whole = Math.floor(t);
    let nsec = Math.round((t - whole) * 1e9);
    if (nsec >= 1e9) { whole += 1; nsec -= 1e9; }
    return { sec: this.base + whole, nsec };
  }

  capLen(i: number): number {
    return this.lenFlags[this.check(i)] & CAPLEN_MASK;
  }

  flowId(i: number): number {
    return this.flows[this.check(i)];
  }

  flags(i: number): IndexedPacketFlags {
    const v = this.lenFlags[this.check(i)];
    return {
      kind: (v >>> KIND_SHIFT) & 7,
      tcpFlags: (v >>> TCP_SHIFT) & 0xff,
      fragment: (v & FRAGMENT_BIT) !== 0,
      malformed: (v & MALFORMED_BIT) !== 0,
    };
  }

  kindName(i: number): string {
    return KIND_NAMES[(this.lenFlags[this.check(i)] >>> KIND_SHIFT) & 7] ?? 'other';
  }

  linkType(i: number): number {
    const id = this.linkIds === null ? 0 : this.linkIds[this.check(i)];
    return this.linkTypeList[id];
  }

  /** Packet numbers (0-based) of one flow, in file order. */
  packetsOfFlow(flowId: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.flows[i] === flowId) out.push(i);
    return out;
  }

  clear(): void {
    this.capacity = INITIAL_CAPACITY;
    this.size = 0;
    this.offsets = new Float64Array(INITIAL_CAPACITY);
    this.times = new Float64Array(INITIAL_CAPACITY);
    this.lenFlags = new Uint32Array(INITIAL_CAPACITY);
    this.flows = new Uint32Array(INITIAL_CAPACITY);
    this.linkIds = null;
    this.linkTypeList.length = 0;
    this.base = 0;
  }

  private setLinkType(i: number, linkType: number): void {
    let id = this.linkTypeList.indexOf(linkType);
    if (id === 0) return;
    if (id < 0) {
      // More than 256 link types in one file is not a capture anyone made; fold them into the first.
      if (this.linkTypeList.length >= 256) return;
      id = this.linkTypeList.push(linkType) - 1;
      if (id === 0) return;
    }
    if (this.linkIds === null) this.linkIds = new Uint8Array(this.capacity);
    this.linkIds[i] = id;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    this.offsets = growF64(this.offsets, cap);
    this.times = growF64(this.times, cap);
    this.lenFlags = growU32(this.lenFlags, cap);
    this.flows = growU32(this.flows, cap);
    if (this.linkIds !== null) {
      const ids = new Uint8Array(cap);
      ids.set(this.linkIds);
      this.linkIds = ids;
    }
    this.capacity = cap;
  }

  private check(i: number): number {
    if (!(i >= 0 && i < this.size)) throw new RangeError(`packet ${i} is not in the index (0..${this.size - 1})`);
    return i;
  }
}

function growF64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

function growU32(a: Uint32Array, cap: number): Uint32Array {
  const b = new Uint32Array(cap);
  b.set(a);
  return b;
}
