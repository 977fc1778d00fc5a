// Lanes by process, the webview's part: keeps what the host sent of the session's fd trace
// (process lanes, who owned which socket when, the handoffs) and maps each row's arrow from
// its endpoint lanes to the lanes of the processes that held those sockets at the packet's
// time. Rows themselves do not change: switching lanes, or a trace update while the session
// runs, only repaints. An endpoint no traced process owned at that time goes to an
// "unattributed" lane of its own (the host lists the ones it found; one a row needs that is
// not listed yet is added on the spot).
import {
  endpointOf, OwnerIndex, orderProcessLanes, packetMicros, relSeconds, UNATTRIBUTED_BASE, unattributedLane, type DiagramLane,
} from '../extension/panel/laneOwnership';
import type { HandoffEvent, Lane, PacketRow, ProcessView, TimeBase } from '../extension/panel/protocol';

export class ProcessLanes {
  private view: ProcessView | null = null;
  private index: OwnerIndex | null = null;
  private time: TimeBase | null = null;
  private readonly addressLanes = new Map<number, Lane>();
  /** Endpoint -> its unattributed lane id, stable for the capture. */
  private readonly unattributedIds = new Map<string, number>();
  private shown = new Set<string>();
  private cached: DiagramLane[] | null = null;
  /** Grows whenever the lane list changes: the diagram lays its lanes out again. */
  laneVersion = 0;

  get available(): boolean {
    return this.view !== null;
  }

  get handoffs(): readonly HandoffEvent[] {
    return this.view?.handoffs ?? [];
  }

  get totalHandoffs(): number {
    return this.view?.totalHandoffs ?? 0;
  }

  get timeBase(): TimeBase | null {
    return this.time;
  }

  setView(view: ProcessView | null): void {
    this.view = view;
    this.index = view === null ? null : new OwnerIndex(view.owners);
    this.changed();
  }

  setUnattributed(endpoints: readonly string[]): void {
    this.shown = new Set(endpoints);
    this.changed();
  }

  setAddressLanes(lanes: readonly Lane[]): void {
    this.addressLanes.clear();
    for (const l of lanes) this.addressLanes.set(l.id, l);
  }

  setTimeBase(time: TimeBase | null): void {
    this.time = time;
  }

  /** Another capture: nothing of the old one applies. */
  reset(): void {
    this.view = null;
    this.index = null;
    this.unattributedIds.clear();
    this.shown = new Set();
    this.changed();
  }

  /** Process lanes, then the unattributed endpoints' lanes. */
  lanes(): DiagramLane[] {
    if (this.cached === null) {
      const processes = this.view === null ? [] : orderProcessLanes(this.view.lanes);
      const endpoints = [...this.shown].sort();
      this.cached = [...processes, ...endpoints.map((e) => unattributedLane(this.idOf(e), e))];
    }
    return this.cached;
  }

  /** The row's arrow between process lanes (-1: an end the row does not have). */
  ends(row: PacketRow): { from: number; to: number } {
    const a = this.addressLanes.get(row.from);
    const b = this.addressLanes.get(row.to);
    if (this.index === null || this.time === null || a === undefined || b === undefined) return { from: -1, to: -1 };
    const src = endpointOf(a.host, a.port);
    const dst = endpointOf(b.host, b.port);
    const t = packetMicros(this.time, row.rel);
    return { from: this.index.ownerOf(src, dst, t) ?? this.unattributed(src), to: this.index.ownerOf(dst, src, t) ?? this.unattributed(dst) };
  }

  /**
   * The handoffs of the connections among `rows` (a filtered view): another connection's
   * handoff, or a file's, has nothing to do with what the filter kept.
   */
  handoffsOf(rows: readonly (PacketRow | undefined)[]): HandoffEvent[] {
    const pairs = new Set<string>();
    for (const row of rows) {
      const a = row === undefined ? undefined : this.addressLanes.get(row.from);
      const b = row === undefined ? undefined : this.addressLanes.get(row.to);
      if (a !== undefined && b !== undefined) pairs.add(`${endpointOf(a.host, a.port)}\u0000${endpointOf(b.host, b.port)}`);
    }
    return this.handoffs.filter((h) => h.local !== null && h.remote !== null && (pairs.has(`${h.local}\u0000${h.remote}`) || pairs.has(`${h.remote}\u0000${h.local}`)));
  }

  /** A row's time in µs since the epoch (null before the time base is known). */
  micros(row: PacketRow): number | null {
    return this.time === null ? null : packetMicros(this.time, row.rel);
  }

  /** A µs time as seconds since the first packet. */
  rel(micros: number): number | null {
    return this.time === null ? null : relSeconds(this.time, micros);
  }

  private unattributed(endpoint: string): number {
    if (!this.shown.has(endpoint)) {
      this.shown.add(endpoint);
      this.changed();
    }
    return this.idOf(endpoint);
  }

  private idOf(endpoint: string): number {
    let id = this.unattributedIds.get(endpoint);
    if (id === undefined) {
      id = UNATTRIBUTED_BASE + this.unattributedIds.size;
      this.unattributedIds.set(endpoint, id);
    }
    return id;
  }

  private changed(): void {
    this.cached = null;
    this.laneVersion++;
  }
}
