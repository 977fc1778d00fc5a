// The Packet Timeline's lanes by process, per panel: holds the process view of the session's
// fd trace (processView.ts), sends it to the webview when the trace changes and when the
// webview (re)starts, and while the webview shows lanes by process, works out which
// endpoints need an "unattributed" lane as packets arrive (at most every UNATTRIBUTED_MS:
// it walks the flow table). The controller owns one and forwards to it; no `vscode` here.
import type { TraceAnalysis } from '../fdtrace/analyze';
import type { CaptureSource } from './captureSource';
import { endpointOf, OwnerIndex, packetMicros } from './laneOwnership';
import { buildProcessView, unattributedEndpoints, type FlowSpan } from './processView';
import type { HostToWebview, LaneMode, ProcessView } from './protocol';
import { realTimers, Throttle, type Timers } from './throttle';

/** How often the unattributed endpoints are worked out again while packets arrive. */
export const UNATTRIBUTED_MS = 500;

/** What a test can see of a panel's lanes by process. */
export interface ProcessSnapshot {
  readonly laneMode: LaneMode;
  /** The session has an fd trace (lanes by process are available). */
  readonly hasTrace: boolean;
  /** "1235 prefork-server", in the trace's process order. */
  readonly processLanes: readonly string[];
  readonly unattributed: readonly string[];
  /** Handoffs in the view last sent. */
  readonly handoffs: number;
  /** `processes` messages sent (one per trace change or webview start). */
  readonly processMessages: number;
}

/** Where one packet's ends go with lanes by process (tests). */
export interface PacketAttribution {
  readonly n: number;
  /** µs since the epoch. */
  readonly time: number;
  readonly src: string;
  readonly dst: string;
  /** "1234 prefork-server", or "unattributed 127.0.0.11:40001". */
  readonly from: string;
  readonly to: string;
}

export class TimelineProcesses {
  private view: ProcessView | null = null;
  private analysis: TraceAnalysis | null = null;
  private index: OwnerIndex | null = null;
  private version = 0;
  private mode: LaneMode = 'addresses';
  private unattributed: string[] = [];
  private unattributedSent = false;
  /** What the unattributed list was last computed from: view version, flows, packets. */
  private computedFor = '';
  private messages = 0;
  private readonly throttle: Throttle;

  constructor(
    private readonly post: (message: HostToWebview) => void,
    /** The panel's capture now (a retargeted panel reads another). */
    private readonly source: () => CaptureSource,
    timers: Timers = realTimers,
  ) {
    this.throttle = new Throttle(UNATTRIBUTED_MS, () => this.refreshUnattributed(), timers);
  }

  get laneMode(): LaneMode {
    return this.mode;
  }

  /** The session's trace changed (null: none, or the panel shows another capture now). */
  setTrace(analysis: TraceAnalysis | null): void {
    if (analysis === this.analysis) return;
    this.analysis = analysis;
    this.view = analysis === null ? null : buildProcessView(analysis, ++this.version);
    this.index = this.view === null ? null : new OwnerIndex(this.view.owners);
    this.sendView();
    this.throttle.flushNow();
  }

  setMode(mode: LaneMode): void {
    this.mode = mode;
    this.throttle.flushNow();
  }

  /** The webview (re)started: everything again. */
  resend(): void {
    this.sendView();
    this.computedFor = '';
    this.unattributedSent = false;
    this.throttle.flushNow();
  }

  /** Packets arrived: the unattributed endpoints may have changed (worked out at most every UNATTRIBUTED_MS). */
  captureGrew(): void {
    if (this.mode === 'processes' && this.index !== null) this.throttle.request();
  }

  dispose(): void {
    this.throttle.dispose();
  }

  snapshot(): ProcessSnapshot {
    return {
      laneMode: this.mode,
      hasTrace: this.view !== null,
      processLanes: this.view?.lanes.map((l) => `${l.pid} ${l.name}`) ?? [],
      unattributed: this.unattributed,
      handoffs: this.view?.handoffs.length ?? 0,
      processMessages: this.messages,
    };
  }

  /** Every packet's lanes by process, the first `limit` packets (tests: what the diagram draws). */
  attribution(limit: number): PacketAttribution[] {
    const source = this.source();
    const view = this.view;
    const index = this.index;
    const base = source.timeBase();
    if (view === null || index === null || base === null) return [];
    const names = new Map(view.lanes.map((l) => [l.id, `${l.pid} ${l.name}`]));
    const lanes = source.lanes.lanes;
    const out: PacketAttribution[] = [];
    for (let p = 0; p < Math.min(limit, source.packetCount); p++) {
      const row = source.row(p);
      const a = lanes[row.from];
      const b = lanes[row.to];
      if (a === undefined || b === undefined) continue;
      const src = endpointOf(a.host, a.port);
      const dst = endpointOf(b.host, b.port);
      const t = packetMicros(base, row.rel);
      const name = (lane: number | null, endpoint: string): string => (lane === null ? `unattributed ${endpoint}` : (names.get(lane) ?? `lane ${lane}`));
      out.push({ n: p, time: t, src, dst, from: name(index.ownerOf(src, dst, t), src), to: name(index.ownerOf(dst, src, t), dst) });
    }
    return out;
  }

  private sendView(): void {
    this.messages++;
    this.post({ type: 'processes', view: this.view });
  }

  private refreshUnattributed(): void {
    if (this.mode !== 'processes' || this.index === null) return;
    const source = this.source();
    const flows = source.capture.flows;
    const key = `${source.path}/${this.version}/${flows.count}/${source.packetCount}`;
    if (key === this.computedFor) return;
    this.computedFor = key;
    const spans: FlowSpan[] = [];
    for (let i = 0; i < flows.count; i++) spans.push(flows.flow(i));
    const list = unattributedEndpoints(this.index, spans);
    if (this.unattributedSent && list.join('\n') === this.unattributed.join('\n')) return;
    this.unattributed = list;
    this.unattributedSent = true;
    this.post({ type: 'unattributed', endpoints: list });
  }
}
