// Builders for whole capture files: classic pcap (either byte order, µs or ns) and pcapng
// (sections, interfaces with options, EPB/SPB/OPB and arbitrary blocks).

export interface PcapPacket {
  data: Uint8Array;
  tsSec?: number;
  /** µs or ns depending on the file. */
  tsFrac?: number;
  origLen?: number;
  /** Captured length as written (defaults to data.length). */
  capLen?: number;
}

export interface PcapFileOptions {
  littleEndian?: boolean;
  nanosecond?: boolean;
  linkType?: number;
  snapLen?: number;
  version?: [number, number];
}

class Writer {
  private readonly parts: number[] = [];
  constructor(private readonly le: boolean) {}
  u8(v: number): this { this.parts.push(v & 0xff); return this; }
  u16(v: number): this {
    if (this.le) this.parts.push(v & 0xff, (v >>> 8) & 0xff);
    else this.parts.push((v >>> 8) & 0xff, v & 0xff);
    return this;
  }
  u32(v: number): this {
    const b = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    this.parts.push(...(this.le ? b.reverse() : b));
    return this;
  }
  raw(b: Uint8Array | number[]): this { for (const x of b) this.parts.push(x); return this; }
  pad4(): this { while (this.parts.length % 4 !== 0) this.parts.push(0); return this; }
  get length(): number { return this.parts.length; }
  bytes(): Uint8Array { return Uint8Array.from(this.parts); }
}

export function pcapHeader(o: PcapFileOptions = {}): Uint8Array {
  const w = new Writer(o.littleEndian ?? true);
  w.u32(o.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4);
  const [major, minor] = o.version ?? [2, 4];
  w.u16(major).u16(minor).u32(0).u32(0).u32(o.snapLen ?? 65535).u32(o.linkType ?? 101);
  return w.bytes();
}

export function pcapRecord(p: PcapPacket, o: PcapFileOptions = {}): Uint8Array {
  const w = new Writer(o.littleEndian ?? true);
  w.u32(p.tsSec ?? 1700000000).u32(p.tsFrac ?? 0).u32(p.capLen ?? p.data.length).u32(p.origLen ?? p.data.length).raw(p.data);
  return w.bytes();
}

export function pcapFile(packets: PcapPacket[], o: PcapFileOptions = {}): Uint8Array {
  const parts = [pcapHeader(o), ...packets.map((p) => pcapRecord(p, o))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

export interface PcapngInterface {
  linkType: number;
  snapLen?: number;
  /** Raw if_tsresol byte. */
  tsresol?: number;
  /** if_tsoffset seconds. */
  tsoffset?: number;
  name?: string;
}

/** Chainable pcapng writer; each call appends one block. */
export class PcapngBuilder {
  private readonly blocks: Uint8Array[] = [];

  constructor(private le = true) {}

  /** A new section, optionally switching byte order. */
  shb(o: { littleEndian?: boolean; major?: number; bom?: number } = {}): this {
    if (o.littleEndian !== undefined) this.le = o.littleEndian;
    const body = new Writer(this.le).u32(o.bom ?? 0x1a2b3c4d).u16(o.major ?? 1).u16(0).u32(0xffffffff).u32(0xffffffff);
    return this.block(0x0a0d0d0a, body.bytes());
  }

  idb(i: PcapngInterface): this {
    const w = new Writer(this.le).u16(i.linkType).u16(0).u32(i.snapLen ?? 0);
    const plain = w.length;
    if (i.name !== undefined) {
      const name = new TextEncoder().encode(i.name);
      w.u16(2).u16(name.length).raw(name).pad4();
    }
    if (i.tsresol !== undefined) w.u16(9).u16(1).u8(i.tsresol).pad4();
    if (i.tsoffset !== undefined) {
      const lo = i.tsoffset >>> 0;
      const hi = Math.floor(i.tsoffset / 4294967296);
      w.u16(14).u16(8);
      if (this.le) w.u32(lo).u32(hi); else w.u32(hi).u32(lo);
    }
    // opt_endofopt only after options: a bare IDB is 20 bytes.
    if (w.length > plain) w.u16(0).u16(0);
    return this.block(1, w.bytes());
  }

  /** Enhanced packet; `ts` in the interface's ticks. */
  epb(ifId: number, ts: bigint, data: Uint8Array, o: { origLen?: number; capLen?: number; comment?: string } = {}): this {
    const w = new Writer(this.le).u32(ifId).u32(Number(ts >> 32n)).u32(Number(ts & 0xffffffffn))
      .u32(o.capLen ?? data.length).u32(o.origLen ?? data.length).raw(data).pad4();
    if (o.comment !== undefined) {
      const c = new TextEncoder().encode(o.comment);
      w.u16(1).u16(c.length).raw(c).pad4().u16(0).u16(0);
    }
    return this.block(6, w.bytes());
  }

  /** Obsolete packet block: 16-bit interface id and a drops counter. */
  opb(ifId: number, ts: bigint, data: Uint8Array, origLen = data.length): this {
    const w = new Writer(this.le).u16(ifId).u16(0).u32(Number(ts >> 32n)).u32(Number(ts & 0xffffffffn))
      .u32(data.length).u32(origLen).raw(data).pad4();
    return this.block(2, w.bytes());
  }

  spb(data: Uint8Array, origLen = data.length): this {
    return this.block(3, new Writer(this.le).u32(origLen).raw(data).pad4().bytes());
  }

  /** Any block: total length fields are computed unless overridden. */
  block(type: number, body: Uint8Array, o: { length?: number; trailer?: number } = {}): this {
    const len = o.length ?? 12 + body.length;
    const w = new Writer(this.le).u32(type).u32(len).raw(body).u32(o.trailer ?? len);
    this.blocks.push(w.bytes());
    return this;
  }

  build(): Uint8Array {
    const out = new Uint8Array(this.blocks.reduce((n, b) => n + b.length, 0));
    let off = 0;
    for (const b of this.blocks) { out.set(b, off); off += b.length; }
    return out;
  }
}
