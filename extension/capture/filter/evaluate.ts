// Turns a parsed filter into a predicate over (packet number, capture). Leaves that depend
// only on the flow (addresses and ports without a direction, protocols) are computed once
// per flow and cached, so filtering by port costs an index lookup per packet. As in
// Wireshark, a field holds every value the packet carries (source and destination, and
// the header an ICMP error quotes); == / < / > ... hold when any value does, and "a != b"
// holds when the field is there and no value equals b (Wireshark 4's "all not equal").
import type { CaptureFile } from '../captureFile';
import { KIND_ICMP, KIND_ICMPV6 } from '../decode/summary';
import { NO_FLOW } from '../flows';
import { FieldDef } from './fields';
import { NetInfo } from './netInfo';
import { PacketContext } from './packetContext';
import { CompareOp, FilterNode } from './parser';
import { addressMatches, AddressValue } from './values';

type Pred = (c: PacketContext) => boolean;

/** What a filter reads, so callers can tell how costly it is. */
export interface FilterNeeds {
  /** Per-packet facts (direction, lengths): one windowed scan of the file. */
  facts: boolean;
  /** Payload bytes of every candidate packet. */
  payload: boolean;
}

export function compileNode(node: FilterNode, needs: FilterNeeds): Pred {
  switch (node.type) {
    case 'true':
      return () => true;
    case 'or': {
      const l = compileNode(node.left, needs);
      const r = compileNode(node.right, needs);
      return (c) => l(c) || r(c);
    }
    case 'and': {
      const l = compileNode(node.left, needs);
      const r = compileNode(node.right, needs);
      return (c) => l(c) && r(c);
    }
    case 'not': {
      const o = compileNode(node.operand, needs);
      return (c) => !o(c);
    }
    case 'bare':
      return bare(node.field, needs);
    case 'address': {
      const eq = address(node.field, node.value, needs);
      if (node.op === '==') return eq;
      const has = present(node.field, needs);
      return (c) => has(c) && !eq(c);
    }
    case 'integer':
      return integer(node.field, node.op, node.value, needs);
    case 'contains':
      return contains(node.field, node.value, needs);
  }
}

/** Caches a flow-only test per flow; packets outside flows (and ICMP) take `slow`. */
function perFlow(test: (c: PacketContext, flow: number) => boolean, slow: Pred): Pred {
  let cache = new Int8Array(64);
  return (c) => {
    if (!c.viaFlow) return slow(c);
    const f = c.flow;
    if (f >= cache.length) {
      const g = new Int8Array(Math.max(f + 1, cache.length * 2));
      g.set(cache);
      cache = g;
    }
    let v = cache[f];
    if (v === 0) {
      v = test(c, f) ? 1 : -1;
      cache[f] = v;
    }
    return v === 1;
  };
}

/** The slow path's values: the packet's own header and the one it quotes. */
function nets(c: PacketContext): NetInfo[] {
  const n = c.netInfo();
  if (n === null) return [];
  return n.quoted === null ? [n] : [n, n.quoted];
}

function protoOf(n: NetInfo, proto: 'tcp' | 'udp'): boolean {
  return n.protocol === (proto === 'tcp' ? 6 : 17);
}

function bare(field: FieldDef, needs: FilterNeeds): Pred {
  switch (field.kind) {
    case 'proto':
      return protocol(field.what);
    case 'flag': {
      const bit = field.bit ?? 0;
      return (c) => (c.viaFlow ? c.isTcp() && (c.tcpFlags & bit) !== 0 : nets(c).some((n) => n.tcpFlags >= 0 && (n.tcpFlags & bit) !== 0));
    }
    case 'bytes':
      needs.facts = true;
      return (c) => (field.proto === undefined || kindIs(c, field.proto)) && (field.what === 'frame' || c.payloadLength() > 0);
    case 'address':
      return (c) => (c.viaFlow ? field.family !== 6 || c.flowEnds(c.flow).family === 6 : nets(c).some((n) => field.family !== 6 || n.family === 6));
    case 'integer':
      // Present: ports on TCP/UDP, flow inside a flow, the rest always.
      return integer(field, '>=', 0, needs);
  }
}

function kindIs(c: PacketContext, proto: 'tcp' | 'udp'): boolean {
  return proto === 'tcp' ? c.isTcp() : c.isUdp();
}

function protocol(what: string): Pred {
  switch (what) {
    case 'tcp':
    case 'udp': {
      return (c) => kindIs(c, what) || ((c.kind === KIND_ICMP || c.kind === KIND_ICMPV6) && nets(c).some((n, k) => k > 0 && protoOf(n, what)));
    }
    case 'icmp':
      return (c) => c.kind === KIND_ICMP;
    case 'icmpv6':
      return (c) => c.kind === KIND_ICMPV6;
    case 'ip':
    case 'ipv6': {
      const fam = what === 'ip' ? 4 : 6;
      return perFlow((c, f) => c.flowEnds(f).family === fam, (c) => c.netInfo()?.family === fam);
    }
    default:
      return () => false;
  }
}

function address(field: FieldDef, v: AddressValue, needs: FilterNeeds): Pred {
  const alen = v.family === 4 ? 4 : 16;
  const hit = (bytes: Uint8Array): boolean => bytes.length === alen && addressMatches(v, bytes, 0);
  const slow: Pred = (c) => nets(c).some((n) => n.family === v.family && (
    (field.what !== 'dst' && hit(n.src)) || (field.what !== 'src' && hit(n.dst))));
  if (field.what === 'any') {
    return perFlow((c, f) => {
      const e = c.flowEnds(f);
      return e.family === v.family && (hit(e.a) || hit(e.b));
    }, slow);
  }
  // A direction: which end is the source needs the packet's direction (the facts).
  needs.facts = true;
  const src = field.what === 'src';
  const sideA = perFlowPair((c, f) => { const e = c.flowEnds(f); return e.family === v.family && hit(e.a); });
  const sideB = perFlowPair((c, f) => { const e = c.flowEnds(f); return e.family === v.family && hit(e.b); });
  return (c) => {
    if (!c.viaFlow) return slow(c);
    const fromA = c.dir() === 0;
    // The source is side A when the packet goes A -> B.
    return (src === fromA ? sideA : sideB)(c);
  };
}

/** Per-flow cache without a slow path (the caller has already checked viaFlow). */
function perFlowPair(test: (c: PacketContext, flow: number) => boolean): Pred {
  return perFlow(test, () => false);
}

function compare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '>=': return a >= b;
  }
}

/**
 * The packet has the field at all (for flags: it has TCP flags, set or not). "a != b" needs
 * it, as in Wireshark 4: `tcp.port != 80` keeps TCP packets on other ports, not UDP ones.
 */
function present(field: FieldDef, needs: FilterNeeds): Pred {
  if (field.kind === 'flag') return integer({ ...field, what: 'tcpflags' }, '>=', 0, needs);
  return bare(field, needs);
}

function integer(field: FieldDef, op: CompareOp, value: number, needs: FilterNeeds): Pred {
  // "a != b": the field is there and no value of it equals b.
  if (op === '!=') {
    const eq = integer(field, '==', value, needs);
    const has = present(field, needs);
    return (c) => has(c) && !eq(c);
  }
  const cmp = (x: number): boolean => x >= 0 && compare(op, x, value);
  switch (field.what) {
    case 'port':
    case 'srcport':
    case 'dstport':
      return ports(field, cmp, needs);
    case 'tcpflags':
      return (c) => (c.viaFlow ? c.isTcp() && cmp(c.tcpFlags) : nets(c).some((n) => n.tcpFlags >= 0 && cmp(n.tcpFlags)));
    case 'flag': {
      const bit = field.bit ?? 0;
      const flagValue = (flags: number): number => ((flags & bit) !== 0 ? 1 : 0);
      return (c) => (c.viaFlow ? c.isTcp() && cmp(flagValue(c.tcpFlags)) : nets(c).some((n) => n.tcpFlags >= 0 && cmp(flagValue(n.tcpFlags))));
    }
    case 'len':
      needs.facts = true;
      return (c) => (field.proto === undefined || kindIs(c, field.proto)) && cmp(c.payloadLength());
    case 'framelen':
      needs.facts = true;
      return (c) => cmp(c.origLen());
    case 'caplen':
      return (c) => cmp(c.capture.index.capLen(c.i));
    case 'number':
      return (c) => cmp(c.i + 1);
    case 'flow':
      return (c) => c.flow !== NO_FLOW && cmp(c.flow);
    default:
      return () => false;
  }
}

function ports(field: FieldDef, cmp: (x: number) => boolean, needs: FilterNeeds): Pred {
  const protos: Array<'tcp' | 'udp'> = field.proto === undefined ? ['tcp', 'udp'] : [field.proto];
  const wantProto = (protocol: number): boolean => protos.some((p) => protocol === (p === 'tcp' ? 6 : 17));
  const slow: Pred = (c) => nets(c).some((n) => wantProto(n.protocol) && (
    (field.what !== 'dstport' && cmp(n.sport)) || (field.what !== 'srcport' && cmp(n.dport))));
  if (field.what === 'port') {
    return perFlow((c, f) => {
      const e = c.flowEnds(f);
      return wantProto(e.protocol) && (cmp(e.portA) || cmp(e.portB));
    }, slow);
  }
  needs.facts = true;
  const src = field.what === 'srcport';
  const sideA = perFlowPair((c, f) => { const e = c.flowEnds(f); return wantProto(e.protocol) && cmp(e.portA); });
  const sideB = perFlowPair((c, f) => { const e = c.flowEnds(f); return wantProto(e.protocol) && cmp(e.portB); });
  return (c) => {
    if (!c.viaFlow) return slow(c);
    const fromA = c.dir() === 0;
    return (src === fromA ? sideA : sideB)(c);
  };
}

function contains(field: FieldDef, needle: Uint8Array, needs: FilterNeeds): Pred {
  needs.facts = true;
  needs.payload = true;
  if (field.what === 'frame') return (c) => indexOf(c.capture.packetBytes(c.i), needle) >= 0;
  return (c) => (field.proto === undefined || kindIs(c, field.proto)) && indexOf(c.payload(), needle) >= 0;
}

/** First position of `needle` in `hay`, -1 if absent (Buffer's native search when possible). */
export function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  if (needle.length > hay.length) return -1;
  const h = Buffer.isBuffer(hay) ? hay : Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength);
  return h.indexOf(needle);
}

interface Bound {
  readonly context: PacketContext;
  readonly pred: Pred;
  readonly generation: number;
}

/**
 * A compiled filter, bound to no capture: test(i, capture) evaluates it. Per-capture state
 * (the packet context and the per-flow caches) is made on first use and again after the
 * capture was reset, since flow ids then mean other flows.
 */
export class CompiledFilter {
  private readonly bound = new WeakMap<CaptureFile, Bound>();

  constructor(
    readonly expression: string,
    private readonly tree: FilterNode,
    readonly needs: Readonly<FilterNeeds>,
  ) {}

  /** The filter matches every packet (an empty expression). */
  get matchesAll(): boolean {
    return this.tree.type === 'true';
  }

  /** Whether packet i (0-based) of `capture` passes. */
  test(i: number, capture: CaptureFile): boolean {
    if (this.tree.type === 'true') return true;
    let b = this.bound.get(capture);
    if (b === undefined || b.generation !== capture.generation) {
      b = { context: new PacketContext(capture), pred: compileNode(this.tree, { facts: false, payload: false }), generation: capture.generation };
      this.bound.set(capture, b);
    }
    b.context.load(i);
    return b.pred(b.context);
  }
}
