// What the filter reads about a packet, fetched lazily and cheaply: the packet index
// (kind, TCP flags, flow, captured length) first, then the flow's endpoints (once per
// flow), then the per-packet facts (direction, payload length, original length), and the
// packet's own bytes only for ICMP messages, packets outside flows and `contains`.
import type { CaptureFile } from '../captureFile';
import { KIND_ICMP, KIND_ICMPV6, KIND_TCP, KIND_UDP } from '../decode/summary';
import { NO_FLOW } from '../flows';
import { factsFor, PacketFacts } from '../packetFacts';
import { NetInfo, readNetInfo } from './netInfo';
import { parseAddress } from './values';

/** A flow's canonical ends (side A and side B), as bytes and ports. */
export interface FlowEnds {
  family: 4 | 6;
  protocol: number;
  a: Uint8Array;
  b: Uint8Array;
  /** -1 for protocols without ports. */
  portA: number;
  portB: number;
}

export class PacketContext {
  readonly facts: PacketFacts;
  private readonly ends: Array<FlowEnds | undefined> = [];
  private netFor = -1;
  private net: NetInfo | null = null;
  private payloadFor = -1;
  private payloadBytes: Uint8Array = new Uint8Array(0);

  /** The packet being evaluated. */
  i = -1;
  kind = 0;
  tcpFlags = 0;
  flow = NO_FLOW;
  /** An IP fragment after the first: no transport header (and no flow). */
  laterFragment = false;

  constructor(readonly capture: CaptureFile) {
    this.facts = factsFor(capture);
  }

  /** Moves to packet i: reads its index entry only. */
  load(i: number): void {
    const index = this.capture.index;
    this.i = i;
    const f = index.flags(i);
    this.kind = f.kind;
    this.tcpFlags = f.tcpFlags;
    // Later IP fragments have no ports and are in no flow; first fragments carry both.
    this.flow = index.flowId(i);
    this.laterFragment = f.fragment && this.flow === NO_FLOW;
  }

  /** Whether the packet's addresses and ports come from its flow (else from its bytes). */
  get viaFlow(): boolean {
    return this.flow !== NO_FLOW && this.kind !== KIND_ICMP && this.kind !== KIND_ICMPV6;
  }

  flowEnds(flow: number): FlowEnds {
    let e = this.ends[flow];
    if (e === undefined) {
      const flows = this.capture.flows;
      const info = flows.flow(flow);
      const clientIsA = flows.clientSide(flow) === 0;
      const client = parseAddress(info.client.addr);
      const server = parseAddress(info.server.addr);
      const empty = new Uint8Array(info.family === 4 ? 4 : 16);
      const ca = client?.bytes ?? empty;
      const sa = server?.bytes ?? empty;
      e = {
        family: info.family, protocol: info.ipProtocol,
        a: clientIsA ? ca : sa, b: clientIsA ? sa : ca,
        portA: (clientIsA ? info.client.port : info.server.port) ?? -1,
        portB: (clientIsA ? info.server.port : info.client.port) ?? -1,
      };
      this.ends[flow] = e;
    }
    return e;
  }

  /** 0: the packet comes from side A of its flow. Reads the facts. */
  dir(): number {
    this.facts.ensure(this.i + 1);
    return this.facts.dir(this.i);
  }

  /** Bytes-derived view (slow path), cached for the current packet; null without an IP header. */
  netInfo(): NetInfo | null {
    if (this.netFor !== this.i) {
      this.netFor = this.i;
      this.facts.ensure(this.i + 1);
      this.net = readNetInfo(this.capture.packetBytes(this.i), this.capture.index.linkType(this.i), this.facts.origLen(this.i));
    }
    return this.net;
  }

  payloadLength(): number {
    this.facts.ensure(this.i + 1);
    return this.facts.payloadLength(this.i);
  }

  origLen(): number {
    this.facts.ensure(this.i + 1);
    return this.facts.origLen(this.i);
  }

  payload(): Uint8Array {
    if (this.payloadFor !== this.i) {
      this.payloadFor = this.i;
      this.facts.ensure(this.i + 1);
      this.payloadBytes = this.facts.payload(this.i);
    }
    return this.payloadBytes;
  }

  isTcp(): boolean {
    return this.kind === KIND_TCP && !this.laterFragment;
  }

  isUdp(): boolean {
    return this.kind === KIND_UDP && !this.laterFragment;
  }
}
