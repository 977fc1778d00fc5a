// The sequence diagram: one vertical lane per emulated endpoint (grouped by host), one arrow
// per packet from its source lane to its destination lane, in its flow's colour, labelled
// with flags and length. It lives in the packet list's sticky layer and draws exactly the
// rows the list shows, so the two always agree; in time-spaced mode the same rows are placed
// by capture time instead, on a zoomable axis.
//
// With lanes by process (webview/processLanes.ts) the lanes are processes instead, grouped
// by program, each arrow runs between the processes that held its sockets, and every fd
// handed from one process to another is drawn as a dashed arrow at its time: in row mode on
// the boundary between the two rows whose times bracket it, in time mode at its time.
//
// Drawn on canvases: labels come from packets, and canvas text can never become markup.
import { DEFAULT_LANE_OPTIONS, layoutLanes, placeLanes, type LaneLayout } from '../extension/panel/laneLayout';
import { placeHandoffs, type DiagramLane } from '../extension/panel/laneOwnership';
import type { HandoffEvent, Lane, PacketRow } from '../extension/panel/protocol';
import { durationText } from '../extension/panel/timeText';
import { HEAD_HEIGHT, ROW_HEIGHT } from './packetList';
import { theme, type Theme } from './theme';
import type { DiagramMode } from './vscodeApi';

export interface DiagramView {
  readonly first: number;
  readonly offset: number;
  readonly count: number;
  readonly height: number;
  readonly row: (position: number) => PacketRow | undefined;
  readonly rowCount: number;
  readonly selected: number | null;
  readonly mode: DiagramMode;
  readonly pxPerMs: number;
  /** Lanes by process: a row's arrow ends in these lanes rather than its own `from`/`to`. */
  readonly ends?: (row: PacketRow) => { from: number; to: number };
  /** Lanes by process: handoffs to draw between the rows. */
  readonly handoffs?: HandoffLayer;
}

export interface HandoffLayer {
  /** Sorted by time. */
  readonly events: readonly HandoffEvent[];
  /** A row's time in µs since the epoch (null: not known yet). */
  micros(row: PacketRow): number | null;
  /** A µs time as seconds since the first packet. */
  rel(micros: number): number | null;
}

export interface DiagramEvents {
  select(position: number): void;
  zoom(factor: number): void;
  /** The lanes were scrolled sideways: repaint. */
  changed(): void;
}

interface Drawn {
  readonly position: number;
  /** The arrow's y; its label sits above it. */
  readonly y: number;
  /** Top of the band that highlights it when selected. */
  readonly top: number;
  readonly row: PacketRow;
}

interface DrawnHandoff {
  readonly y: number;
  readonly h: HandoffEvent;
}

/** At most this many handoffs are drawn on one row boundary; the rest are counted in a note. */
const HANDOFFS_PER_BOUNDARY = 3;
const HANDOFF_GAP = 7;

/** In row mode the arrow runs in the lower part of its row, leaving the upper part to its label. */
const ARROW_Y = 15;

const AXIS_WIDTH = 44;
/** Time mode puts the first row in view this far below the top, under the axis origin label. */
const TIME_TOP = 22;

export class SequenceDiagram {
  readonly head: HTMLCanvasElement;
  readonly body: HTMLCanvasElement;
  private lanes: readonly Lane[] = [];
  /** The lanes come in diagram order with their own labels (lanes by process). */
  private ordered = false;
  private layout: LaneLayout | null = null;
  private drawnHandoffs: DrawnHandoff[] = [];
  private width = 320;
  private layoutMode: DiagramMode | null = null;
  /** Sideways scroll when the lanes need more width than the diagram has. */
  private scrollX = 0;
  private drawn: Drawn[] = [];
  private last: DiagramView | null = null;

  constructor(private readonly events: DiagramEvents) {
    this.head = document.createElement('canvas');
    this.head.className = 'lane-head';
    this.head.setAttribute('role', 'img');
    this.body = document.createElement('canvas');
    this.body.className = 'diagram';
    this.body.setAttribute('role', 'img');
    this.body.setAttribute('aria-label', 'Sequence diagram of the packets in view');
    this.body.addEventListener('mousedown', (e) => this.onClick(e));
    this.body.addEventListener('mousemove', (e) => this.onHover(e));
    this.body.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.head.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
  }

  /** Endpoint lanes (ordered by address here), or lanes by process in their own order (`ordered`). */
  setLanes(lanes: readonly Lane[] | readonly DiagramLane[], ordered = false): void {
    this.lanes = lanes;
    this.ordered = ordered;
    this.layout = null;
    // What the header shows, as text for assistive technology (and tests): the canvas has none.
    const titles = lanes.map((l) => ('title' in l ? l.title : l.port === null ? l.host : `${l.host}:${l.port}`));
    this.head.setAttribute('aria-label', `${ordered ? 'Process lanes' : 'Endpoint lanes'}: ${titles.join(', ')}`);
  }

  get laneCount(): number {
    return this.lanes.length;
  }

  /** The width the lanes would like (the panel gives at most part of its width). */
  preferredWidth(): number {
    const n = Math.max(2, this.lanes.length);
    return DEFAULT_LANE_OPTIONS.margin * 2 + (n - 1) * 112 + AXIS_WIDTH;
  }

  setWidth(width: number): void {
    const w = Math.max(120, Math.round(width));
    if (w === this.width) return;
    this.width = w;
    this.layout = null;
  }

  get currentWidth(): number {
    return this.width;
  }

  render(view: DiagramView): void {
    this.last = view;
    const t = theme();
    const layout = this.ensureLayout(view.mode);
    this.scrollX = Math.max(0, Math.min(this.scrollX, layout.width - this.width));
    this.drawHead(t, layout);
    this.drawBody(t, layout, view);
  }

  private ensureLayout(mode: DiagramMode): LaneLayout {
    if (this.layout === null || this.layoutMode !== mode) {
      // Time mode keeps room on the left for its axis labels.
      const margin = mode === 'time' ? AXIS_WIDTH + 24 : DEFAULT_LANE_OPTIONS.margin;
      const options = { ...DEFAULT_LANE_OPTIONS, margin, width: this.width };
      this.layout = this.ordered ? placeLanes(this.lanes as readonly DiagramLane[], options) : layoutLanes(this.lanes, options);
      this.layoutMode = mode;
    }
    return this.layout;
  }

  private context(canvas: HTMLCanvasElement, height: number): CanvasRenderingContext2D | null {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(this.width * dpr);
    const h = Math.round(height * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      canvas.style.width = `${this.width}px`;
      canvas.style.height = `${height}px`;
    }
    const ctx = canvas.getContext('2d');
    if (ctx === null) return null;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, height);
    return ctx;
  }

  private drawHead(t: Theme, layout: LaneLayout): void {
    const ctx = this.context(this.head, HEAD_HEIGHT);
    if (ctx === null) return;
    ctx.translate(-this.scrollX, 0);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    if (layout.lanes.length === 0) {
      ctx.fillStyle = t.muted;
      ctx.font = `12px ${t.font}`;
      ctx.fillText('Endpoints appear here', this.scrollX + this.width / 2, 24);
      return;
    }
    layout.groups.forEach((g, i) => {
      const span = g.x1 - g.x0;
      // A host label may use the room up to half-way to its neighbours; long IPv6 addresses
      // lose their middle, not the interface id at their end.
      const prev = layout.groups[i - 1];
      const next = layout.groups[i + 1];
      const centre = (g.x0 + g.x1) / 2;
      const left = prev === undefined ? this.scrollX : (prev.x1 + g.x0) / 2;
      const right = next === undefined ? this.scrollX + this.width : (g.x1 + next.x0) / 2;
      ctx.fillStyle = t.foreground;
      ctx.font = `600 12px ${t.font}`;
      // Centred over its lanes when there is room, else moved sideways within its share.
      const text = fitMiddle(ctx, g.host, right - left - 8);
      const half = ctx.measureText(text).width / 2;
      ctx.fillText(text, Math.max(left + 4 + half, Math.min(right - 4 - half, centre)), 15);
      if (span > 0) {
        ctx.strokeStyle = t.muted;
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(g.x0, 22.5);
        ctx.lineTo(g.x1, 22.5);
        ctx.stroke();
      }
    });
    ctx.font = `12px ${t.monoFont}`;
    ctx.fillStyle = t.muted;
    for (const lane of layout.lanes) {
      ctx.fillText(fit(ctx, lane.port === null ? lane.label : `:${lane.label}`, layout.spacing - 6), lane.x, 35);
    }
  }

  private drawBody(t: Theme, layout: LaneLayout, v: DiagramView): void {
    const ctx = this.context(this.body, v.height);
    this.drawn = [];
    if (ctx === null) return;
    ctx.save();
    ctx.translate(-this.scrollX, 0);
    // Lane lines.
    ctx.strokeStyle = t.lane;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    for (const lane of layout.lanes) {
      const x = Math.round(lane.x) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, 0);
      ctx.lineTo(x, v.height);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    const rows: Drawn[] = v.mode === 'rows' ? this.rowSpaced(v) : this.timeSpaced(v);
    this.drawn = rows;
    ctx.font = `11px ${t.font}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    const sel = rows.find((d) => d.position === v.selected);
    if (sel !== undefined) {
      ctx.fillStyle = t.selection;
      ctx.fillRect(this.scrollX, sel.top, this.width, ROW_HEIGHT);
    }
    // Packets microseconds apart share a pixel row in time mode: draw them all, label only
    // those with room (the selected one always).
    let lastLabel = -Infinity;
    for (const d of rows) {
      const selected = d === sel;
      const nearSelected = sel !== undefined && !selected && Math.abs(d.y - sel.y) < 13;
      const labelled = selected || (!nearSelected && d.y - lastLabel >= 13);
      if (labelled) lastLabel = d.y;
      this.arrow(ctx, t, layout, d, selected, labelled);
    }
    this.drawnHandoffs = v.handoffs === undefined ? [] : this.handoffs(ctx, t, layout, v, v.handoffs, rows);
    ctx.restore();
    if (v.mode === 'time' && rows.length > 0) this.axis(ctx, t, v, rows[0].row.rel);
    if (layout.width > this.width) {
      // Where the visible part is among all lanes (wheel sideways or Shift+wheel to move).
      ctx.fillStyle = t.muted;
      ctx.globalAlpha = 0.5;
      ctx.fillRect((this.scrollX / layout.width) * this.width, v.height - 4, (this.width / layout.width) * this.width, 3);
      ctx.globalAlpha = 1;
    }
  }

  private rowSpaced(v: DiagramView): Drawn[] {
    const out: Drawn[] = [];
    for (let k = 0; k < v.count; k++) {
      const row = v.row(v.first + k);
      const top = v.offset + k * ROW_HEIGHT;
      if (row !== undefined) out.push({ position: v.first + k, y: top + ARROW_Y, top, row });
    }
    return out;
  }

  /** Pixels per millisecond that fit rows [first, first + count) into the height (time mode's Fit). */
  static fitScale(v: Pick<DiagramView, 'first' | 'count' | 'height' | 'row'>): number | null {
    const a = v.row(v.first);
    const b = v.row(v.first + Math.max(0, v.count - 1));
    if (a === undefined || b === undefined || b.rel <= a.rel) return null;
    return (v.height - TIME_TOP - ROW_HEIGHT) / ((b.rel - a.rel) * 1000);
  }

  /** Rows from the first in view, placed by their time since it, until the canvas is full. */
  private timeSpaced(v: DiagramView): Drawn[] {
    const out: Drawn[] = [];
    const first = v.row(v.first);
    if (first === undefined) return out;
    const pxPerSec = v.pxPerMs * 1000;
    for (let p = v.first; p < v.rowCount; p++) {
      const row = v.row(p);
      if (row === undefined) break;
      const y = TIME_TOP + (row.rel - first.rel) * pxPerSec;
      if (y > v.height + ROW_HEIGHT) break;
      out.push({ position: p, y, top: y - ARROW_Y, row });
    }
    return out;
  }

  /** The time axis of time mode: a tick every "nice" step at least 48 px apart, times since the first row in view. */
  private axis(ctx: CanvasRenderingContext2D, t: Theme, v: DiagramView, t0: number): void {
    const pxPerSec = v.pxPerMs * 1000;
    const step = niceStep(48 / pxPerSec);
    ctx.fillStyle = t.background;
    ctx.globalAlpha = 0.85;
    ctx.fillRect(0, 0, AXIS_WIDTH + 8, v.height);
    ctx.globalAlpha = 1;
    ctx.font = `10px ${t.font}`;
    ctx.fillStyle = t.muted;
    ctx.strokeStyle = t.muted;
    ctx.lineWidth = 1;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(`t = ${t0.toFixed(6)} s`, 8, 7);
    for (let k = 0; TIME_TOP + k * step * pxPerSec < v.height; k++) {
      const y = Math.round(TIME_TOP + k * step * pxPerSec) + 0.5;
      ctx.beginPath();
      ctx.moveTo(0, y);
      ctx.lineTo(5, y);
      ctx.stroke();
      if (k > 0) ctx.fillText(`+${durationText(k * step)}`, 8, y);
    }
  }

  /** Where the handoffs go: their y, row boundaries in row mode, their time in time mode. */
  private handoffs(ctx: CanvasRenderingContext2D, t: Theme, layout: LaneLayout, v: DiagramView, layer: HandoffLayer, rows: readonly Drawn[]): DrawnHandoff[] {
    const events = layer.events;
    if (events.length === 0 || rows.length === 0) return [];
    const placed: DrawnHandoff[] = [];
    if (v.mode === 'rows') {
      const above = v.first > 0 ? v.row(v.first - 1) : undefined;
      const before = v.first === 0 ? -Infinity : above === undefined ? null : layer.micros(above);
      const times: (number | null)[] = [];
      for (let k = 0; k < v.count; k++) {
        const row = v.row(v.first + k);
        times.push(row === undefined ? null : layer.micros(row));
      }
      const byBoundary = new Map<number, number[]>();
      for (const [i, k] of placeHandoffs(events, times, before, v.first + v.count >= v.rowCount)) {
        const list = byBoundary.get(k) ?? [];
        list.push(i);
        byBoundary.set(k, list);
      }
      for (const [k, list] of byBoundary) {
        const boundary = v.offset + k * ROW_HEIGHT;
        const shown = list.slice(0, HANDOFFS_PER_BOUNDARY);
        // Centred on the boundary, spread a little when several share it.
        shown.forEach((i, j) => placed.push({ y: boundary + (j - (shown.length - 1) / 2) * HANDOFF_GAP, h: events[i] }));
        if (list.length > shown.length) this.note(ctx, t, `+${list.length - shown.length} more handoffs`, boundary);
      }
    } else {
      const first = rows[0].row.rel;
      const pxPerSec = v.pxPerMs * 1000;
      for (const h of events) {
        const rel = layer.rel(h.time);
        if (rel === null) continue;
        const y = TIME_TOP + (rel - first) * pxPerSec;
        if (y >= 0 && y <= v.height) placed.push({ y, h });
      }
    }
    let lastLabel = -Infinity;
    for (const d of placed) {
      const labelled = Math.abs(d.y - lastLabel) >= 12;
      if (labelled) lastLabel = d.y;
      this.handoffArrow(ctx, t, layout, d, labelled);
    }
    return placed;
  }

  /** A handoff: a dashed arrow from the sender's lane to the receiver's, a square at the sender. */
  private handoffArrow(ctx: CanvasRenderingContext2D, t: Theme, layout: LaneLayout, d: DrawnHandoff, labelled: boolean): void {
    const h = d.h;
    const x1 = h.fromLane === null ? undefined : layout.xById.get(h.fromLane);
    const x2Known = h.toLane === null ? undefined : layout.xById.get(h.toLane);
    if (x1 === undefined && x2Known === undefined) return;
    const y = Math.round(d.y) + 0.5;
    // Not received (or the sender untraced): a short stub ending in a cross.
    const x2 = x2Known ?? (x1 as number) + 28;
    const from = x1 ?? x2 - 28;
    ctx.save();
    ctx.strokeStyle = t.foreground;
    ctx.fillStyle = t.foreground;
    ctx.globalAlpha = 0.9;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([5, 3]);
    ctx.beginPath();
    ctx.moveTo(from, y);
    ctx.lineTo(x2, y);
    ctx.stroke();
    ctx.setLineDash([]);
    if (x2Known !== undefined && x2Known !== from) {
      const dir = x2 > from ? 1 : -1;
      ctx.beginPath();
      ctx.moveTo(x2 - dir * 7, y - 4);
      ctx.lineTo(x2, y);
      ctx.lineTo(x2 - dir * 7, y + 4);
      ctx.stroke();
    } else if (x2Known === undefined) {
      ctx.beginPath();
      ctx.moveTo(x2 - 3, y - 3);
      ctx.lineTo(x2 + 3, y + 3);
      ctx.moveTo(x2 + 3, y - 3);
      ctx.lineTo(x2 - 3, y + 3);
      ctx.stroke();
    }
    if (x1 !== undefined) ctx.fillRect(x1 - 3, y - 3, 6, 6);
    ctx.restore();
    if (labelled) {
      // Beside the arrow, on its line, where packet labels (centred between their lanes) are
      // not: right of it when there is room, else left of it.
      const right = Math.max(from, x2) + 8;
      const roomRight = this.scrollX + this.width - right - 4;
      const left = Math.min(from, x2) - 8;
      if (roomRight >= 80 || roomRight >= left - this.scrollX) this.label(ctx, t, h.label, right, y + 5, 'left', roomRight, false, true);
      else this.label(ctx, t, h.label, left, y + 5, 'right', left - this.scrollX - 4, false, true);
    }
  }

  /** A small note at the right edge (e.g. how many handoffs a boundary could not show). */
  private note(ctx: CanvasRenderingContext2D, t: Theme, text: string, y: number): void {
    ctx.save();
    ctx.font = `italic 10px ${t.font}`;
    ctx.fillStyle = t.muted;
    ctx.textAlign = 'right';
    ctx.fillText(text, this.scrollX + this.width - 6, y + 12);
    ctx.restore();
  }

  private arrow(ctx: CanvasRenderingContext2D, t: Theme, layout: LaneLayout, d: Drawn, selected: boolean, labelled: boolean): void {
    const color = d.row.color >= 0 ? t.flow[d.row.color] : t.muted;
    const ends = this.last?.ends?.(d.row) ?? d.row;
    const x1 = layout.xById.get(ends.from);
    const x2 = layout.xById.get(ends.to);
    const y = Math.round(d.y) + 0.5;
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = selected ? 2.5 : 1.5;
    if (x1 === undefined || x2 === undefined) {
      // One end unknown (no IP header, or past the lane limit): a dot where we can.
      const x = x1 ?? x2;
      if (x !== undefined) {
        ctx.beginPath();
        ctx.arc(x, y, 3, 0, Math.PI * 2);
        ctx.fill();
      }
      return;
    }
    if (x1 === x2) {
      // To itself (the same endpoint): a small loop.
      ctx.beginPath();
      ctx.moveTo(x1, y - 5);
      ctx.bezierCurveTo(x1 + 28, y - 7, x1 + 28, y + 7, x1 + 2, y + 5);
      ctx.stroke();
      if (labelled) this.label(ctx, t, d.row.label, x1 + 34, y + 4, 'left', 120, selected);
      return;
    }
    const dir = x2 > x1 ? 1 : -1;
    const head = 7;
    ctx.beginPath();
    ctx.moveTo(x1, y);
    ctx.lineTo(x2 - dir * head, y);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(x2, y);
    ctx.lineTo(x2 - dir * head, y - 4);
    ctx.lineTo(x2 - dir * head, y + 4);
    ctx.closePath();
    ctx.fill();
    ctx.beginPath();
    ctx.arc(x1, y, 2.5, 0, Math.PI * 2);
    ctx.fill();
    if (labelled) this.label(ctx, t, d.row.label, (x1 + x2) / 2, y - 3, 'center', Math.abs(x2 - x1) - 16, selected);
  }

  private label(ctx: CanvasRenderingContext2D, t: Theme, text: string, x: number, y: number, align: CanvasTextAlign, max: number, selected: boolean, italic = false): void {
    if (max < 16 || text === '') return;
    ctx.font = `${italic ? 'italic ' : ''}${selected ? '600 ' : ''}11px ${t.font}`;
    const s = fit(ctx, text, max);
    const w = ctx.measureText(s).width;
    const left = align === 'center' ? x - w / 2 : align === 'right' ? x - w : x;
    // A backdrop keeps the label readable over lane lines and neighbouring arrows.
    ctx.fillStyle = selected ? t.selection : t.background;
    ctx.globalAlpha = selected ? 1 : 0.85;
    ctx.fillRect(left - 2, y - 10, w + 4, 11);
    ctx.globalAlpha = 1;
    ctx.fillStyle = t.foreground;
    ctx.textAlign = 'left';
    ctx.fillText(s, left, y - 1);
    ctx.textAlign = 'center';
  }

  private hit(e: MouseEvent): Drawn | undefined {
    const rect = this.body.getBoundingClientRect();
    const y = e.clientY - rect.top;
    let best: Drawn | undefined;
    const mid = (d: Drawn): number => d.top + ROW_HEIGHT / 2;
    for (const d of this.drawn) if (Math.abs(mid(d) - y) <= ROW_HEIGHT / 2 && (best === undefined || Math.abs(mid(d) - y) < Math.abs(mid(best) - y))) best = d;
    return best;
  }

  private onClick(e: MouseEvent): void {
    if (e.button !== 0) return;
    const d = this.hit(e);
    if (d !== undefined) this.events.select(d.position);
  }

  private onHover(e: MouseEvent): void {
    const y = e.clientY - this.body.getBoundingClientRect().top;
    const h = this.drawnHandoffs.find((x) => Math.abs(x.y - y) <= 3);
    const d = h === undefined ? this.hit(e) : undefined;
    // title is an attribute set as text: a packet's Info cannot inject markup through it.
    const text = h !== undefined ? handoffTitle(h.h) : d === undefined ? '' : `No. ${d.row.n + 1}: ${d.row.src} → ${d.row.dst}  ${d.row.info}`;
    if (this.body.title !== text) this.body.title = text;
  }

  private onWheel(e: WheelEvent): void {
    if ((e.ctrlKey || e.metaKey) && this.last?.mode === 'time') {
      e.preventDefault();
      this.events.zoom(e.deltaY < 0 ? 1.25 : 0.8);
      return;
    }
    const sideways = e.shiftKey ? e.deltaY : Math.abs(e.deltaX) > Math.abs(e.deltaY) ? e.deltaX : 0;
    const overflow = this.layout !== null && this.layout.width > this.width;
    if (sideways === 0 || !overflow) return;
    e.preventDefault();
    this.scrollX += sideways;
    this.events.changed();
  }
}

function handoffTitle(h: HandoffEvent): string {
  const from = h.fromPid === null ? 'an untraced process' : `pid ${h.fromPid} fd ${h.fromFd ?? '?'}`;
  const to = h.toPid === null ? `nobody (${h.state})` : `pid ${h.toPid} fd ${h.toFd ?? '?'}`;
  return `Handoff: ${from} → ${to}: ${h.object} (${h.state}), via ${h.via}`;
}

/** 1, 2 or 5 times a power of ten, at least `min` seconds. */
function niceStep(min: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(min, 1e-9)));
  for (const m of [1, 2, 5, 10]) if (m * p >= min) return m * p;
  return 10 * p;
}

/** Text with its middle replaced by an ellipsis to fit `max` pixels ("fd00::…5f0a"). */
function fitMiddle(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  for (let keep = text.length - 1; keep > 1; keep--) {
    const head = Math.ceil(keep / 2);
    const s = `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
    if (ctx.measureText(s).width <= max) return s;
  }
  return fit(ctx, text, max);
}

/** Text cut with an ellipsis to fit `max` pixels. */
function fit(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= max) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${text.slice(0, lo)}…`;
}
