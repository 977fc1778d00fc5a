// A thin adapter between the capture engine (CaptureFile: index, flows, decoder) and what the
// panel shows: rows, details, conversations, lanes, the time base. It keeps the little state
// the engine does not (each flow's first packet, which flows already have lanes) and reads
// packet bytes only for the rows someone asked for. Nothing here touches `vscode`.
import { CaptureFile } from '../capture/captureFile';
import type { DecodedPacket } from '../capture/decode/index';
import { protocolLabel } from '../capture/decode/protocols';
import { NO_FLOW } from '../capture/flows';
import { arrowLabel } from './arrowLabel';
import { flowColor } from './colors';
import { detailsTree, endpointText } from './detailsTree';
import { LaneRegistry } from './lanes';
import type { ConversationRow, PacketDetails, PacketRow, TimeBase } from './protocol';

/** Lanes beyond this many make a diagram no one can read; further endpoints get no arrow. */
export const MAX_LANES = 128;

export class CaptureSource {
  readonly capture: CaptureFile;
  readonly lanes = new LaneRegistry();
  /** Flow id -> its first packet, filled as packets are indexed. */
  private firstPacket: number[] = [];
  private scanned = 0;
  private flowsWithLanes = 0;

  constructor(readonly path: string) {
    this.capture = CaptureFile.open(path);
  }

  get packetCount(): number {
    return this.capture.index.count;
  }

  get flowCount(): number {
    return this.capture.flows.count;
  }

  /**
   * Takes in packets indexed since the last call: their flows' first packets and the lanes of
   * new flows. Cheap (typed-array reads), so it runs after every read. Returns true when lanes were added.
   */
  absorb(): boolean {
    const index = this.capture.index;
    const count = index.count;
    for (let i = this.scanned; i < count; i++) {
      const f = index.flowId(i);
      if (f !== NO_FLOW && this.firstPacket[f] === undefined) this.firstPacket[f] = i;
    }
    this.scanned = count;
    const before = this.lanes.size;
    const flows = this.capture.flows;
    for (; this.flowsWithLanes < flows.count && this.lanes.size < MAX_LANES; this.flowsWithLanes++) {
      const info = flows.flow(this.flowsWithLanes);
      // Port-less flows (ICMP) get lanes only if a row needs one: their errors are drawn
      // between the ports of the packet they answer.
      if (info.client.port === null) continue;
      this.lanes.idOf(info.client.addr, info.client.port);
      this.lanes.idOf(info.server.addr, info.server.port);
    }
    return this.lanes.size > before;
  }

  timeBase(): TimeBase | null {
    const index = this.capture.index;
    if (index.count === 0) return null;
    return { baseSec: index.baseSec, firstOffset: index.relativeTime(0) };
  }

  /** Seconds since the first packet. */
  rel(packet: number): number {
    const index = this.capture.index;
    return index.relativeTime(packet) - index.relativeTime(0);
  }

  row(packet: number): PacketRow {
    const c = this.capture;
    const index = c.index;
    const d = c.decode(packet);
    const flow = index.flowId(packet);
    const t = index.relativeTime(packet);
    return {
      n: packet,
      rel: t - index.relativeTime(0),
      delta: packet > 0 ? t - index.relativeTime(packet - 1) : 0,
      src: d.src,
      dst: d.dst,
      proto: d.network === null && d.proto === 'unknown' ? '' : protocolLabel(d.proto),
      len: c.meta(packet).origLen,
      info: d.info,
      flow: flow === NO_FLOW ? -1 : flow,
      color: flowColor(flow === NO_FLOW ? -1 : flow),
      ...this.arrowEnds(d),
      label: arrowLabel(d),
      bad: d.problem !== null || d.truncated,
    };
  }

  details(packet: number): PacketDetails {
    const c = this.capture;
    const index = c.index;
    const meta = c.meta(packet);
    const bytes = c.packetBytes(packet);
    const d = c.decode(packet);
    const t = index.relativeTime(packet);
    const tree = detailsTree(d, {
      packet, capLen: meta.capLen, origLen: meta.origLen, sec: meta.sec, nsec: meta.nsec,
      rel: t - index.relativeTime(0), delta: packet > 0 ? t - index.relativeTime(packet - 1) : 0,
      linkType: meta.linkType, flow: meta.flowId === null ? null : c.flows.flow(meta.flowId),
    }, bytes);
    return { packet, tree, bytes: Uint8Array.from(bytes), payloadOffset: Math.min(d.payloadOffset, bytes.length), payloadCaptured: d.payloadCaptured };
  }

  /** Conversations in flow-id order (first seen first), at most `limit`. */
  conversations(limit: number): ConversationRow[] {
    const flows = this.capture.flows;
    const out: ConversationRow[] = [];
    const index = this.capture.index;
    const first = index.count > 0 ? index.time(0) : 0;
    for (let id = 0; id < Math.min(flows.count, limit); id++) {
      const f = flows.flow(id);
      out.push({
        id, proto: f.proto, client: endpointText(f.client.addr, f.client.port), server: endpointText(f.server.addr, f.server.port),
        packets: f.packets, bytes: f.bytes, start: f.firstTime - first, duration: f.lastTime - f.firstTime,
        state: f.tcpState, color: flowColor(id), firstPacket: this.firstPacket[id] ?? 0,
      });
    }
    return out;
  }

  firstPacketOf(flow: number): number | undefined {
    return this.firstPacket[flow];
  }

  close(): void {
    this.capture.close();
  }

  /**
   * Lanes of a row's arrow. An ICMP error about a packet goes back to the socket that sent
   * it: "port unreachable" for 127.0.0.11:40002 -> 127.0.0.10:9999 is drawn from :9999 to
   * :40002, between the lanes of that conversation rather than between two port-less lanes.
   */
  private arrowEnds(d: DecodedPacket): { from: number; to: number } {
    const q = d.icmp?.quoted;
    if (q !== undefined && q !== null && q.sport !== null && q.src === d.dst) {
      return { from: this.laneOf(d.src, q.dport), to: this.laneOf(d.dst, q.sport) };
    }
    return { from: this.laneOf(d.src, d.sport), to: this.laneOf(d.dst, d.dport) };
  }

  private laneOf(host: string, port: number | null): number {
    if (this.lanes.size >= MAX_LANES) return -1;
    return this.lanes.idOf(host, port);
  }
}
