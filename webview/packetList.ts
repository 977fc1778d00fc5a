// The virtualized packet list: an ARIA grid whose scroll container holds a spacer as tall as
// all rows (capped, see virtualWindow.ts) and a sticky layer with only the rows in view. The
// sequence diagram sits in the same sticky layer, left of the rows, so both scroll as one.
//
// The rows are drawn twice. What the person sees is a canvas (rowPainter.ts says why), redrawn
// every frame. Above it, fully transparent, are the ARIA grid's rows: a small pool of elements
// re-filled with the same text (rowCells.ts) for screen readers, tooltips and tests. While the
// person scrolls (wheel, scrollbar), those are brought up to date only once the scrolling
// rests, so a scrolling frame does no DOM work; the keyboard and everything else update them
// at once (aria-activedescendant must name the row that is there).
//
// The DOM rows sit on a "track", their own layer TRACK_ROWS rows tall with each row at its
// fixed place on it; moving the view moves the track, and a row that stays in view keeps its
// element (a row's pool slot is its position modulo the pool size). The track is re-based
// (every row moves once) when the view nears either of its ends.
//
// The list knows positions, not packets: it draws whatever the row store has for a position
// (or a placeholder while the host is asked), and reports selection and scrolling upward.
import type { PacketRow, TimeBase } from '../extension/panel/protocol';
import type { TimeMode } from '../extension/panel/timeText';
import {
  isAtEnd, pageRows, scrollTopAtEnd, scrollTopFor, spacerHeight, virtualTop,
  type ScrollGeometry, type VisibleRows,
} from '../extension/panel/virtualWindow';
import { el, setText } from './dom';
import { rowCells, type RowCells } from './rowCells';
import { RowPainter, type Column } from './rowPainter';

export const ROW_HEIGHT = 22;
export const HEAD_HEIGHT = 40;
/** Rows on the track; its layer keeps the same bounds between re-bases. */
const TRACK_ROWS = 4096;
/** Scrolling rests when no scroll event came for this long: the DOM rows catch up. */
const SCROLL_REST_MS = 120;

const COLUMNS: ReadonlyArray<{ title: string; className: string }> = [
  { title: 'No.', className: 'no num mono' },
  { title: 'Time', className: 'time num mono' },
  { title: 'Source', className: 'src' },
  { title: 'Destination', className: 'dst' },
  { title: 'Protocol', className: 'proto' },
  { title: 'Length', className: 'len num mono' },
  { title: 'Info', className: 'info' },
];

export interface ListEvents {
  /** A row was chosen by click or keyboard. */
  select(position: number): void;
  /** The person scrolled (wheel, scrollbar, keys): live following should stop unless at the end. */
  userScrolled(atEnd: boolean): void;
  /** Anything moved: the view needs a repaint. */
  changed(): void;
}

export interface RowSource {
  row(position: number): PacketRow | undefined;
}

interface PooledRow {
  readonly el: HTMLDivElement;
  readonly cells: HTMLDivElement[];
  position: number;
  /** What the cells were filled from, to skip unchanged rows. */
  filled: PacketRow | null;
  timeMode: TimeMode | null;
}

export class PacketList {
  /** role=grid: headers, the diagram and the rows. */
  readonly root: HTMLDivElement;
  readonly heads: HTMLDivElement;
  readonly scroller: HTMLDivElement;
  readonly sticky: HTMLDivElement;
  /** Slots for the diagram's two canvases (head and body) and its splitter. */
  readonly headSlot: HTMLDivElement;
  readonly bodySlot: HTMLDivElement;
  private readonly rowsEl: HTMLDivElement;
  /** The rows' own layer, see the top of the file. */
  private readonly track: HTMLDivElement;
  /** Position of the row at the track's top. */
  private anchor = 0;
  private readonly spacer: HTMLDivElement;
  private readonly pool: PooledRow[] = [];
  private rowCount = 0;
  private viewportHeight = 0;
  /** Exact virtual top; the native scrollTop only approximates it when the spacer is capped. */
  private top = 0;
  /** scrollTop we set ourselves, to tell our scrolling from the person's. */
  private ownScrollTop: number | null = null;
  private selected: number | null = null;
  private readonly painter = new RowPainter();
  private readonly gridHead: HTMLDivElement;
  /** The rows' box, CSS pixels: the canvas's size. */
  private rowsWidth = 0;
  private rowsHeight = 0;
  /** The row under the mouse pointer: its y in the rows' box, null when outside. */
  private pointerY: number | null = null;
  private focused = false;
  /** The person is scrolling: the DOM rows wait (see the top of the file). */
  private scrolling = false;
  private restTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the canvas last showed, published on the grid for benchmarks and tests. */
  private shownFirst = -2;
  private shownPending = -1;
  private shownNewest: number | null | undefined = undefined;

  constructor(private readonly events: ListEvents) {
    this.root = el('div', 'main');
    this.root.setAttribute('role', 'grid');
    this.root.setAttribute('aria-label', 'Packets');
    this.root.setAttribute('aria-colcount', String(COLUMNS.length));
    this.root.tabIndex = 0;

    this.heads = el('div', 'heads');
    this.heads.setAttribute('role', 'presentation');
    this.headSlot = el('div');
    this.headSlot.style.display = 'contents';
    const gridHead = el('div', 'grid-head');
    this.gridHead = gridHead;
    gridHead.setAttribute('role', 'row');
    gridHead.setAttribute('aria-rowindex', '1');
    for (const c of COLUMNS) {
      const h = el('div', c.className.replace('mono', ''), c.title);
      h.setAttribute('role', 'columnheader');
      gridHead.appendChild(h);
    }
    this.heads.append(this.headSlot, gridHead);

    this.scroller = el('div', 'scroller');
    this.scroller.setAttribute('role', 'presentation');
    this.sticky = el('div', 'sticky');
    this.sticky.setAttribute('role', 'presentation');
    this.bodySlot = el('div');
    this.bodySlot.style.display = 'contents';
    this.rowsEl = el('div', 'rows');
    this.rowsEl.setAttribute('role', 'rowgroup');
    this.rowsEl.appendChild(this.painter.canvas);
    this.track = el('div', 'track');
    this.track.setAttribute('role', 'presentation');
    this.track.style.height = `${TRACK_ROWS * ROW_HEIGHT}px`;
    this.rowsEl.appendChild(this.track);
    this.sticky.append(this.bodySlot, this.rowsEl);
    this.spacer = el('div', 'spacer');
    this.spacer.setAttribute('aria-hidden', 'true');
    this.scroller.append(this.sticky, this.spacer);
    this.root.append(this.heads, this.scroller);

    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.rowsEl.addEventListener('mousedown', (e) => this.onRowMouse(e));
    this.rowsEl.addEventListener('mousemove', (e) => this.onPointer(e.clientY));
    this.rowsEl.addEventListener('mouseleave', () => this.onPointer(null));
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    this.root.addEventListener('focusin', () => this.onFocus(true));
    this.root.addEventListener('focusout', (e) => this.onFocus(this.root.contains(e.relatedTarget as Node | null)));
    new ResizeObserver(() => this.layout()).observe(this.scroller);
    new ResizeObserver(() => this.measureRows()).observe(this.rowsEl);
    // A new pixel ratio (another screen, zoom) comes with a resize of the window: a sharp canvas again.
    window.addEventListener('resize', () => this.measureRows());
    new ResizeObserver(() => this.measureColumns()).observe(gridHead);
  }

  geometry(): ScrollGeometry {
    return { rowCount: this.rowCount, rowHeight: ROW_HEIGHT, viewportHeight: this.viewportHeight };
  }

  visible(): VisibleRows {
    if (this.rowCount === 0) return { first: 0, count: 0, offset: 0 };
    const first = Math.min(this.rowCount - 1, Math.floor(this.top / ROW_HEIGHT));
    const offset = first * ROW_HEIGHT - this.top;
    const count = Math.max(0, Math.min(this.rowCount - first, Math.ceil((this.viewportHeight - offset) / ROW_HEIGHT)));
    return { first, count, offset };
  }

  get bodyHeight(): number {
    return this.viewportHeight;
  }

  get count(): number {
    return this.rowCount;
  }

  /** Row elements in the DOM: the pool, never more than a screenful. */
  get domRows(): number {
    return this.pool.length;
  }

  atEnd(): boolean {
    return isAtEnd(this.scroller.scrollTop, this.geometry());
  }

  setRowCount(count: number): void {
    if (count === this.rowCount) return;
    this.rowCount = count;
    this.root.setAttribute('aria-rowcount', String(count + 1));
    this.spacer.style.height = `${Math.max(0, spacerHeight(this.geometry()) - this.viewportHeight)}px`;
    this.clampTop();
  }

  setSelected(position: number | null): void {
    this.selected = position;
  }

  /** Puts virtual pixel `top` at the top of the viewport. */
  scrollToTop(top: number): void {
    const g = this.geometry();
    this.top = Math.max(0, Math.min(top, Math.max(0, this.rowCount * ROW_HEIGHT - this.viewportHeight)));
    const st = scrollTopFor(this.top, g);
    this.ownScrollTop = st;
    this.scroller.scrollTop = st;
    this.events.changed();
  }

  scrollToEnd(): void {
    const g = this.geometry();
    this.top = Math.max(0, this.rowCount * ROW_HEIGHT - this.viewportHeight);
    const st = scrollTopAtEnd(g);
    this.ownScrollTop = st;
    this.scroller.scrollTop = st;
    this.events.changed();
  }

  /** Scrolls as little as needed to show row `position` whole. */
  reveal(position: number): void {
    const rowTop = position * ROW_HEIGHT;
    if (rowTop < this.top) this.scrollToTop(rowTop);
    else if (rowTop + ROW_HEIGHT > this.top + this.viewportHeight) this.scrollToTop(rowTop + ROW_HEIGHT - this.viewportHeight);
  }

  /** Scrolls by `rows` rows (the diagram forwards its wheel this way when it has its own). */
  scrollByPixels(dy: number): void {
    this.scroller.scrollTop += dy;
  }

  /** Draws the rows in view, and fills the ARIA rows unless the person is scrolling. Returns the newest packet shown with data. */
  render(source: RowSource, timeMode: TimeMode, timeBase: TimeBase | null, tzOffsetMinutes: number): number | null {
    const v = this.visible();
    // Each row in view is looked up and put into words once a frame, for the canvas and the DOM.
    const rows = Array.from({ length: v.count }, (_, k) => source.row(v.first + k));
    const cells = rows.map((row, k) => rowCells(v.first + k, row, timeMode, timeBase, tzOffsetMinutes));
    let newest: number | null = null;
    let pending = 0;
    for (const row of rows) {
      if (row === undefined) pending++;
      else if (newest === null || row.n > newest) newest = row.n;
    }
    // Sized here, as the pixel ratio may have changed without a resize (another screen).
    this.painter.setSize(this.rowsWidth, this.rowsHeight);
    this.painter.paint({
      top: this.top, first: v.first, count: v.count, rowHeight: ROW_HEIGHT,
      selected: this.selected, hovered: this.hovered(), focused: this.focused, rows, cells,
    });
    this.publishShown(v.count > 0 ? v.first : -1, pending, newest);
    if (!this.scrolling) this.fillDomRows(v, rows, cells, timeMode);
    return newest;
  }

  /** The row under the pointer, from where the pointer is and where the view is now. */
  private hovered(): number | null {
    return this.pointerY === null ? null : this.positionAt(this.pointerY);
  }

  /** The row drawn at `y` (CSS pixels from the rows' top), null past either end. */
  private positionAt(y: number): number | null {
    const p = Math.floor((this.top + y) / ROW_HEIGHT);
    return p >= 0 && p < this.rowCount ? p : null;
  }

  private rowsY(clientY: number): number {
    return clientY - this.rowsEl.getBoundingClientRect().top;
  }

  /** What the canvas shows, on the grid's data attributes, for tests and benchmarks (the canvas itself cannot be read back as text). */
  private publishShown(first: number, pending: number, newest: number | null): void {
    if (newest !== this.shownNewest) {
      this.shownNewest = newest;
      // As the No. column shows it (1-based); 0 when no row in view has data.
      this.root.dataset.newestPacket = String(newest === null ? 0 : newest + 1);
    }
    if (first !== this.shownFirst) {
      this.shownFirst = first;
      this.root.dataset.firstRow = String(first);
    }
    if (pending !== this.shownPending) {
      this.shownPending = pending;
      this.root.dataset.pendingRows = String(pending);
    }
  }

  /** Brings the transparent ARIA rows in line with what the canvas shows. */
  private fillDomRows(v: VisibleRows, rows: readonly (PacketRow | undefined)[], cells: readonly RowCells[], timeMode: TimeMode): void {
    if (this.pool.length < v.count) {
      while (this.pool.length < v.count) this.pool.push(this.makeRow());
      // The slots (position modulo pool size) changed: every row is placed again.
      for (const r of this.pool) r.position = -1;
    }
    if (v.count > 0 && (v.first < this.anchor || v.first + v.count > this.anchor + TRACK_ROWS)) {
      this.anchor = Math.max(0, v.first - (TRACK_ROWS >> 1));
      for (const r of this.pool) r.position = -1;
    }
    this.track.style.transform = `translateY(${this.anchor * ROW_HEIGHT - this.top}px)`;
    const size = this.pool.length;
    let activeId = '';
    for (let k = 0; k < size; k++) {
      const r = this.pool[k];
      // The position this slot shows: the one in view congruent to k modulo the pool size.
      const position = v.first + ((k - (v.first % size) + size) % size);
      if (position >= v.first + v.count) {
        if (r.el.style.display !== 'none') r.el.style.display = 'none';
        r.position = -1;
        continue;
      }
      if (r.el.style.display === 'none') r.el.style.display = '';
      if (r.position !== position) {
        r.position = position;
        r.el.style.transform = `translateY(${(position - this.anchor) * ROW_HEIGHT}px)`;
        r.el.id = `row-${position}`;
        r.el.setAttribute('aria-rowindex', String(position + 2));
        r.filled = null;
      }
      const isSelected = position === this.selected;
      if (r.el.classList.contains('selected') !== isSelected) {
        r.el.classList.toggle('selected', isSelected);
        r.el.setAttribute('aria-selected', String(isSelected));
      }
      if (isSelected) activeId = r.el.id;
      const row = rows[position - v.first];
      if (row === r.filled && r.timeMode === timeMode) continue;
      this.fill(r, position, row, timeMode, cells[position - v.first]);
    }
    if (activeId !== '') this.root.setAttribute('aria-activedescendant', activeId);
    else this.root.removeAttribute('aria-activedescendant');
  }

  private makeRow(): PooledRow {
    const e = el('div', 'row');
    e.setAttribute('role', 'row');
    e.setAttribute('aria-selected', 'false');
    const cells = COLUMNS.map((c) => {
      const cell = el('div', c.className);
      cell.setAttribute('role', 'gridcell');
      e.appendChild(cell);
      return cell;
    });
    this.track.appendChild(e);
    return { el: e, cells, position: -1, filled: null, timeMode: null };
  }

  private fill(r: PooledRow, position: number, row: PacketRow | undefined, timeMode: TimeMode, cells: RowCells): void {
    r.filled = row ?? null;
    r.timeMode = timeMode;
    const c = r.cells;
    const selected = position === this.selected ? ' selected' : '';
    if (row === undefined) r.el.className = `row pending${selected}`;
    else r.el.className = `row${row.color >= 0 ? ` c${row.color}` : ''}${row.bad ? ' bad' : ''}${cells.mirror?.unread === true ? ' unread' : ''}${selected}`;
    // Packet text goes in through textContent only (setText): it is hostile input.
    for (let i = 0; i < c.length; i++) setText(c[i], cells.texts[i]);
    const title = cells.mirror?.text ?? '';
    if (c[6].title !== title) c[6].title = title;
  }

  /** The columns as the grid's headers lay them out, for the canvas. */
  private measureColumns(): void {
    const heads = Array.from(this.gridHead.children) as HTMLElement[];
    const origin = this.gridHead.getBoundingClientRect().left;
    this.painter.setColumns(heads.map((h, i): Column => {
      const box = h.getBoundingClientRect();
      return { left: box.left - origin, width: box.width, align: COLUMNS[i].className.includes('num') ? 'right' : 'left', mono: COLUMNS[i].className.includes('mono') };
    }));
    this.events.changed();
  }

  private measureRows(): void {
    this.rowsWidth = this.rowsEl.clientWidth;
    this.rowsHeight = this.rowsEl.clientHeight;
    this.events.changed();
  }

  private onPointer(clientY: number | null): void {
    const before = this.hovered();
    this.pointerY = clientY === null ? null : this.rowsY(clientY);
    if (this.hovered() !== before) this.events.changed();
  }

  private onFocus(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    this.events.changed();
  }

  /** Wheel or scrollbar: the DOM rows wait until the scrolling rests. */
  private noteScrolling(): void {
    this.scrolling = true;
    clearTimeout(this.restTimer);
    this.restTimer = setTimeout(() => {
      this.scrolling = false;
      this.events.changed();
    }, SCROLL_REST_MS);
  }

  private layout(): void {
    const h = this.scroller.clientHeight;
    if (h === this.viewportHeight) return;
    this.viewportHeight = h;
    this.sticky.style.height = `${h}px`;
    this.spacer.style.height = `${Math.max(0, spacerHeight(this.geometry()) - h)}px`;
    this.clampTop();
    this.events.changed();
  }

  private clampTop(): void {
    const max = Math.max(0, this.rowCount * ROW_HEIGHT - this.viewportHeight);
    if (this.top > max) this.top = max;
  }

  private onScroll(): void {
    const st = this.scroller.scrollTop;
    const own = this.ownScrollTop !== null && Math.abs(st - this.ownScrollTop) <= 1;
    this.ownScrollTop = null;
    if (!own) {
      this.noteScrolling();
      this.top = virtualTop(st, this.geometry());
      this.events.userScrolled(this.atEnd());
    }
    this.events.changed();
  }

  /** A click selects the row drawn under it (the DOM rows may still be catching up). */
  private onRowMouse(e: MouseEvent): void {
    if (e.button !== 0) return;
    const position = this.positionAt(this.rowsY(e.clientY));
    if (position !== null) {
      this.root.focus({ preventScroll: true });
      this.events.select(position);
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (this.rowCount === 0 || e.altKey || e.metaKey) return;
    const page = pageRows(this.geometry());
    const current = this.selected ?? this.visible().first - 1;
    let next: number;
    switch (e.key) {
      case 'ArrowDown': next = current + 1; break;
      case 'ArrowUp': next = this.selected === null ? this.visible().first : current - 1; break;
      case 'PageDown': next = current + page; break;
      case 'PageUp': next = current - page; break;
      case 'Home': next = 0; break;
      case 'End': next = this.rowCount - 1; break;
      default: return;
    }
    e.preventDefault();
    next = Math.max(0, Math.min(this.rowCount - 1, next));
    this.events.select(next);
    this.reveal(next);
  }
}
