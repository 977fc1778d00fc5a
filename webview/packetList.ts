// The virtualized packet list: an ARIA grid whose scroll container holds a spacer as tall as
// all rows (capped, see virtualWindow.ts) and a sticky layer with only the rows in view, made
// from a small pool of elements that are re-filled as you scroll. The sequence diagram sits
// in the same sticky layer, left of the rows, so both scroll as one.
//
// The list knows positions, not packets: it draws whatever the row store has for a position
// (or a placeholder while the host is asked), and reports selection and scrolling upward.
import type { PacketRow, TimeBase } from '../extension/panel/protocol';
import { mirrorText } from '../extension/panel/mirrorText';
import { timeCellText, type TimeMode } from '../extension/panel/timeText';
import {
  isAtEnd, pageRows, scrollTopAtEnd, scrollTopFor, spacerHeight, virtualTop,
  type ScrollGeometry, type VisibleRows,
} from '../extension/panel/virtualWindow';
import { el, setText } from './dom';

export const ROW_HEIGHT = 22;
export const HEAD_HEIGHT = 40;

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
  private readonly spacer: HTMLDivElement;
  private readonly pool: PooledRow[] = [];
  private rowCount = 0;
  private viewportHeight = 0;
  /** Exact virtual top; the native scrollTop only approximates it when the spacer is capped. */
  private top = 0;
  /** scrollTop we set ourselves, to tell our scrolling from the person's. */
  private ownScrollTop: number | null = null;
  private selected: number | null = null;

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
    this.sticky.append(this.bodySlot, this.rowsEl);
    this.spacer = el('div', 'spacer');
    this.spacer.setAttribute('aria-hidden', 'true');
    this.scroller.append(this.sticky, this.spacer);
    this.root.append(this.heads, this.scroller);

    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.rowsEl.addEventListener('mousedown', (e) => this.onRowMouse(e));
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.layout()).observe(this.scroller);
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

  /** Fills the pooled rows for what is in view. Returns the newest packet shown with data. */
  render(source: RowSource, timeMode: TimeMode, timeBase: TimeBase | null, tzOffsetMinutes: number): number | null {
    const v = this.visible();
    while (this.pool.length < v.count) this.pool.push(this.makeRow());
    let newest: number | null = null;
    let activeId = '';
    for (let k = 0; k < this.pool.length; k++) {
      const r = this.pool[k];
      if (k >= v.count) {
        if (r.el.style.display !== 'none') r.el.style.display = 'none';
        r.position = -1;
        continue;
      }
      const position = v.first + k;
      if (r.el.style.display === 'none') r.el.style.display = '';
      r.el.style.transform = `translateY(${v.offset + k * ROW_HEIGHT}px)`;
      if (r.position !== position) {
        r.position = position;
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
      const row = source.row(position);
      if (row !== undefined && (newest === null || row.n > newest)) newest = row.n;
      if (row === r.filled && r.timeMode === timeMode) continue;
      this.fill(r, position, row, timeMode, timeBase, tzOffsetMinutes);
    }
    if (activeId !== '') this.root.setAttribute('aria-activedescendant', activeId);
    else this.root.removeAttribute('aria-activedescendant');
    return newest;
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
    this.rowsEl.appendChild(e);
    return { el: e, cells, position: -1, filled: null, timeMode: null };
  }

  private fill(r: PooledRow, position: number, row: PacketRow | undefined, timeMode: TimeMode, timeBase: TimeBase | null, tz: number): void {
    r.filled = row ?? null;
    r.timeMode = timeMode;
    const c = r.cells;
    // Packet text goes in through textContent only (setText): it is hostile input.
    if (row === undefined) {
      r.el.className = `row pending${position === this.selected ? ' selected' : ''}`;
      setText(c[0], String(position + 1));
      for (let i = 1; i < c.length; i++) setText(c[i], i === 6 ? '…' : '');
      return;
    }
    const mirror = row.mirror !== undefined ? mirrorText(row.mirror) : null;
    r.el.className = `row${row.color >= 0 ? ` c${row.color}` : ''}${row.bad ? ' bad' : ''}${mirror?.unread === true ? ' unread' : ''}${position === this.selected ? ' selected' : ''}`;
    setText(c[0], String(row.n + 1));
    setText(c[1], timeCellText(timeMode, row, timeBase, tz));
    setText(c[2], row.src);
    setText(c[3], row.dst);
    setText(c[4], row.proto);
    setText(c[5], String(row.len));
    if (mirror !== null) {
      setText(c[6], `${mirror.marker} ${row.info}`);
      c[6].title = mirror.text;
    } else {
      setText(c[6], row.info);
      if (c[6].title !== '') c[6].title = '';
    }
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
      this.top = virtualTop(st, this.geometry());
      this.events.userScrolled(this.atEnd());
    }
    this.events.changed();
  }

  private onRowMouse(e: MouseEvent): void {
    if (e.button !== 0) return;
    const target = (e.target as HTMLElement).closest('.row');
    const pooled = this.pool.find((r) => r.el === target);
    if (pooled !== undefined && pooled.position >= 0) {
      this.root.focus({ preventScroll: true });
      this.events.select(pooled.position);
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
