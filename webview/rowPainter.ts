// Draws the packet list's rows on a canvas: what the person sees of the list. Why a canvas:
// while scrolling, a frame that brings a screenful of new rows made Chromium restyle, lay out,
// paint and raster some two hundred text cells; where it rasters in software (VS Code on a
// VM, over remote desktop) that alone took the frame past 16 ms. Filling the same text onto
// a canvas takes a tenth of that. The ARIA grid rows stay in the DOM above the canvas, fully
// transparent, for screen readers, tooltips and tests (packetList.ts keeps them in step).
//
// Every string is drawn with fillText: packet text never becomes markup here either.
import type { PacketRow } from '../extension/panel/protocol';
import type { RowCells } from './rowCells';
import { theme, type Theme } from './theme';

/** One column, in CSS pixels from the canvas's left edge (read from the grid's headers). */
export interface Column {
  readonly left: number;
  readonly width: number;
  readonly align: 'left' | 'right';
  readonly mono: boolean;
}

export interface RowsInView {
  /** Virtual pixel at the canvas's top. */
  readonly top: number;
  readonly first: number;
  readonly count: number;
  readonly rowHeight: number;
  readonly selected: number | null;
  readonly hovered: number | null;
  /** The grid has focus: the selection takes the active colours and the focus outline. */
  readonly focused: boolean;
  /** The rows in view, from `first`, and what their cells say. */
  readonly rows: readonly (PacketRow | undefined)[];
  readonly cells: readonly RowCells[];
}

const PADDING = 6;
/** Width of the flow's colour stripe at the left of the No. cell. */
const STRIPE = 3;

export class RowPainter {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private columns: readonly Column[] = [];
  private width = 0;
  private height = 0;
  private ratio = 1;
  /** Measured text widths per font, for the ellipsis; cleared when they grow large. */
  private readonly widths = new Map<string, Map<string, number>>();
  private measured = 0;

  constructor() {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'rows-canvas';
    this.canvas.setAttribute('aria-hidden', 'true');
    const ctx = this.canvas.getContext('2d', { alpha: true });
    if (ctx === null) throw new Error('no 2D canvas context');
    this.ctx = ctx;
  }

  setColumns(columns: readonly Column[]): void {
    this.columns = columns;
  }

  /** Sizes the canvas to its box (CSS pixels) at the screen's pixel ratio. */
  setSize(width: number, height: number): void {
    const ratio = window.devicePixelRatio || 1;
    if (width === this.width && height === this.height && ratio === this.ratio) return;
    this.width = width;
    this.height = height;
    this.ratio = ratio;
    this.canvas.width = Math.max(1, Math.round(width * ratio));
    this.canvas.height = Math.max(1, Math.round(height * ratio));
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
  }

  /** Redraws every row in view. */
  paint(v: RowsInView): void {
    const t = theme();
    const ctx = this.ctx;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.textBaseline = 'middle';
    for (let k = 0; k < v.count; k++) {
      const position = v.first + k;
      // Whole device pixels, so text and stripes stay sharp at fractional scroll positions.
      const y = Math.round((position * v.rowHeight - v.top) * this.ratio) / this.ratio;
      this.paintRow(t, v, k, y);
    }
  }

  /** Row k of those in view, its top at y. */
  private paintRow(t: Theme, v: RowsInView, k: number, y: number): void {
    const ctx = this.ctx;
    const h = v.rowHeight;
    const position = v.first + k;
    const row = v.rows[k];
    const selected = position === v.selected;
    const background = selected ? (v.focused ? t.list.activeSelection : t.list.inactiveSelection) : position === v.hovered ? t.list.hover : null;
    if (background !== null) {
      ctx.fillStyle = background;
      ctx.fillRect(0, y, this.width, h);
    }
    if (selected && v.focused) {
      ctx.strokeStyle = t.list.focusOutline;
      ctx.lineWidth = 1;
      ctx.strokeRect(0.5, y + 0.5, this.width - 1, h - 1);
    }
    if (row !== undefined && row.color >= 0 && this.columns.length > 0) {
      ctx.fillStyle = t.flow[row.color % t.flow.length];
      ctx.fillRect(this.columns[0].left, y, STRIPE, h);
    }
    const cells = v.cells[k];
    const base = row === undefined ? t.muted
      : selected ? (v.focused ? t.list.activeSelectionForeground : t.list.inactiveSelectionForeground)
        : row.bad ? t.list.error : t.foreground;
    const unread = row !== undefined && !selected && cells.mirror?.unread === true;
    const middle = y + h / 2;
    for (let i = 0; i < this.columns.length && i < cells.texts.length; i++) {
      const c = this.columns[i];
      const text = cells.texts[i];
      if (text === '') continue;
      // The last column runs to the canvas's edge (the rows are narrower than the headers by
      // the scrollbar).
      const width = i === this.columns.length - 1 ? this.width - c.left : c.width;
      const font = c.mono ? t.list.monoFont : t.list.font;
      if (ctx.font !== font) ctx.font = font;
      const shown = this.fit(text, width - 2 * PADDING, font);
      ctx.fillStyle = i === 6 && unread ? t.list.warning : base;
      if (c.align === 'right') {
        ctx.textAlign = 'right';
        ctx.fillText(shown, c.left + width - PADDING, middle);
      } else {
        ctx.textAlign = 'left';
        ctx.fillText(shown, c.left + PADDING, middle);
      }
    }
  }

  /** The text, or as much of it as fits followed by "…" (what text-overflow: ellipsis did). */
  private fit(text: string, room: number, font: string): string {
    if (room <= 0) return '';
    if (this.measure(text, font) <= room) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.ctx.measureText(`${text.slice(0, mid)}…`).width <= room) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo)}…`;
  }

  private measure(text: string, font: string): number {
    if (this.measured > 20_000) {
      this.widths.clear();
      this.measured = 0;
    }
    let byText = this.widths.get(font);
    if (byText === undefined) {
      byText = new Map();
      this.widths.set(font, byText);
    }
    let w = byText.get(text);
    if (w === undefined) {
      w = this.ctx.measureText(text).width;
      byText.set(text, w);
      this.measured++;
    }
    return w;
  }
}
