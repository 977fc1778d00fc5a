// Builders for hand-made packets in tests: IPv4/IPv6 (with extension headers), TCP, UDP,
// ICMP/ICMPv6 and link-layer wrappers. Every length field can be overridden so tests can
// build exactly the malformed header they mean to.

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

function be16(v: number): number[] {
  return [(v >>> 8) & 0xff, v & 0xff];
}

function be32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

export function v4(addr: string): Uint8Array {
  const parts = addr.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(`bad IPv4 ${addr}`);
  return Uint8Array.from(parts);
}

export function v6(addr: string): Uint8Array {
  const [head, tail] = addr.includes('::') ? addr.split('::') : [addr, null];
  const words = (s: string): number[] => (s === '' ? [] : s.split(':').map((w) => parseInt(w, 16)));
  const h = words(head);
  const t = tail === null ? [] : words(tail);
  const all = tail === null ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  if (all.length !== 8) throw new Error(`bad IPv6 ${addr}`);
  return Uint8Array.from(all.flatMap(be16));
}

export interface Ipv4Options {
  src?: string;
  dst?: string;
  protocol: number;
  payload: Uint8Array;
  ttl?: number;
  id?: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** Bytes, multiple of 8. */
  fragOffset?: number;
  totalLength?: number;
  /** Header length in bytes (written as IHL = value / 4). */
  headerLength?: number;
  options?: Uint8Array;
  version?: number;
}

export function ipv4(o: Ipv4Options): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const hl = o.headerLength ?? 20 + opts.length;
  const flags = (o.dontFragment ? 0x4000 : 0) | (o.moreFragments ? 0x2000 : 0) | ((o.fragOffset ?? 0) / 8);
  const header = bytes(
    ((o.version ?? 4) << 4) | ((hl / 4) & 0x0f), 0, ...be16(o.totalLength ?? 20 + opts.length + o.payload.length),
    ...be16(o.id ?? 1), ...be16(flags), o.ttl ?? 64, o.protocol, 0, 0,
  );
  return concat(header, v4(o.src ?? '127.0.0.11'), v4(o.dst ?? '127.0.0.10'), opts, o.payload);
}

export interface Ipv6Extension {
  type: number;
  /** Body after the next-header byte (for the fragment header: 7 bytes). */
  body: Uint8Array;
}

export interface Ipv6Options {
  src?: string;
  dst?: string;
  /** Upper-layer protocol after the extension headers. */
  nextHeader: number;
  payload: Uint8Array;
  hopLimit?: number;
  payloadLength?: number;
  ext?: Ipv6Extension[];
  version?: number;
}

export function ipv6(o: Ipv6Options): Uint8Array {
  const ext = o.ext ?? [];
  const chain: Uint8Array[] = [];
  for (let i = 0; i < ext.length; i++) {
    const next = i + 1 < ext.length ? ext[i + 1].type : o.nextHeader;
    chain.push(concat(bytes(next), ext[i].body));
  }
  const rest = concat(...chain, o.payload);
  const first = ext.length > 0 ? ext[0].type : o.nextHeader;
  const header = bytes((o.version ?? 6) << 4, 0, 0, 0, ...be16(o.payloadLength ?? rest.length), first, o.hopLimit ?? 64);
  return concat(header, v6(o.src ?? 'fd00::5357:5f0b'), v6(o.dst ?? 'fd00::5357:5f0a'), rest);
}

/** A generic extension header body with `len8` extra 8-byte units (hdr ext len), zero-filled. */
export function extBody(len8 = 0): Uint8Array {
  const b = new Uint8Array(7 + 8 * len8);
  b[0] = len8;
  return b;
}

export function fragmentBody(offset: number, more: boolean, ident: number): Uint8Array {
  return bytes(0, ...be16(offset | (more ? 1 : 0)), ...be32(ident));
}

export interface TcpOptions {
  sport: number;
  dport: number;
  seq?: number;
  ack?: number;
  /** Flag byte (FIN 0x01 ... CWR 0x80). */
  flags?: number;
  ns?: boolean;
  window?: number;
  urgent?: number;
  options?: Uint8Array;
  payload?: Uint8Array;
  /** Header length in bytes as written (default 20 + options). */
  headerLength?: number;
}

export function tcp(o: TcpOptions): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const hl = o.headerLength ?? 20 + opts.length;
  return concat(bytes(
    ...be16(o.sport), ...be16(o.dport), ...be32(o.seq ?? 0), ...be32(o.ack ?? 0), ((hl / 4) << 4) | (o.ns ? 1 : 0),
    o.flags ?? 0, ...be16(o.window ?? 32767), 0, 0, ...be16(o.urgent ?? 0),
  ), opts, o.payload ?? new Uint8Array(0));
}

export interface UdpOptions {
  sport: number;
  dport: number;
  payload?: Uint8Array;
  length?: number;
  checksum?: number;
}

export function udp(o: UdpOptions): Uint8Array {
  const payload = o.payload ?? new Uint8Array(0);
  return concat(bytes(...be16(o.sport), ...be16(o.dport), ...be16(o.length ?? 8 + payload.length), ...be16(o.checksum ?? 0)), payload);
}

export interface IcmpOptions {
  type: number;
  code?: number;
  /** The 4 bytes after the checksum (echo id/seq, unused...). */
  rest?: Uint8Array;
  payload?: Uint8Array;
}

export function icmp(o: IcmpOptions): Uint8Array {
  return concat(bytes(o.type, o.code ?? 0, 0, 0), o.rest ?? new Uint8Array(4), o.payload ?? new Uint8Array(0));
}

export function echoRest(id: number, seq: number): Uint8Array {
  return bytes(...be16(id), ...be16(seq));
}

export function ethernet(etherType: number, payload: Uint8Array, vlans: number[] = []): Uint8Array {
  const macs = bytes(2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2);
  const tags = vlans.flatMap((id) => [0x81, 0x00, ...be16(id)]);
  return concat(macs, bytes(...tags, ...be16(etherType)), payload);
}

export function sll(protocol: number, payload: Uint8Array): Uint8Array {
  return concat(bytes(0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, ...be16(protocol)), payload);
}

export function sll2(protocol: number, payload: Uint8Array): Uint8Array {
  return concat(bytes(...be16(protocol), 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0), payload);
}

/** BSD loopback: the address family in the writer's byte order. */
export function nullLink(af: number, payload: Uint8Array, littleEndian = true): Uint8Array {
  const h = littleEndian ? bytes(af & 0xff, (af >>> 8) & 0xff, 0, 0) : bytes(...be32(af));
  return concat(h, payload);
}
