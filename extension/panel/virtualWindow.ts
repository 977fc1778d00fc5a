// Scroll arithmetic of the virtualized packet list. The list is a tall spacer in a native
// scroll container; only the rows in view are in the DOM. Browsers cap element heights
// (Chromium near 2^25 px), so beyond MAX_SPACER_PX the spacer stays at that height and the
// scroll position is mapped proportionally onto the "virtual" height of all rows.

export const MAX_SPACER_PX = 8_000_000;

export interface ScrollGeometry {
  readonly rowCount: number;
  readonly rowHeight: number;
  /** Height of the scrolling viewport (without headers). */
  readonly viewportHeight: number;
}

export interface VisibleRows {
  /** First row (partly) in view. */
  readonly first: number;
  /** Rows (partly) in view, from `first`; never past rowCount. */
  readonly count: number;
  /** Pixel top of row `first` relative to the viewport top (<= 0). */
  readonly offset: number;
}

export function virtualHeight(g: ScrollGeometry): number {
  return g.rowCount * g.rowHeight;
}

export function spacerHeight(g: ScrollGeometry): number {
  return Math.min(virtualHeight(g), MAX_SPACER_PX);
}

/** Ratio of virtual pixels to scroll pixels (1 unless the spacer is capped). */
function scale(g: ScrollGeometry): number {
  const maxScroll = spacerHeight(g) - g.viewportHeight;
  const maxVirtual = virtualHeight(g) - g.viewportHeight;
  return maxScroll > 0 && maxVirtual > maxScroll ? maxVirtual / maxScroll : 1;
}

/** Virtual pixel at the viewport's top for a native scrollTop. */
export function virtualTop(scrollTop: number, g: ScrollGeometry): number {
  const max = Math.max(0, virtualHeight(g) - g.viewportHeight);
  return Math.min(max, Math.max(0, scrollTop * scale(g)));
}

/** The native scrollTop that puts virtual pixel `top` at the viewport's top. */
export function scrollTopFor(top: number, g: ScrollGeometry): number {
  const max = Math.max(0, spacerHeight(g) - g.viewportHeight);
  return Math.min(max, Math.max(0, top / scale(g)));
}

export function visibleRows(scrollTop: number, g: ScrollGeometry): VisibleRows {
  if (g.rowCount === 0 || g.rowHeight <= 0) return { first: 0, count: 0, offset: 0 };
  const top = virtualTop(scrollTop, g);
  const first = Math.min(g.rowCount - 1, Math.floor(top / g.rowHeight));
  const offset = first * g.rowHeight - top;
  const count = Math.min(g.rowCount - first, Math.ceil((g.viewportHeight - offset) / g.rowHeight));
  return { first, count: Math.max(0, count), offset };
}

/** Rows that fit entirely in the viewport (the PageUp/PageDown step). */
export function pageRows(g: ScrollGeometry): number {
  return Math.max(1, Math.floor(g.viewportHeight / g.rowHeight));
}

/** scrollTop that shows the whole of row `position`, moving as little as possible. */
export function scrollTopToReveal(position: number, scrollTop: number, g: ScrollGeometry): number {
  const top = virtualTop(scrollTop, g);
  const rowTop = position * g.rowHeight;
  if (rowTop < top) return scrollTopFor(rowTop, g);
  if (rowTop + g.rowHeight > top + g.viewportHeight) return scrollTopFor(rowTop + g.rowHeight - g.viewportHeight, g);
  return scrollTop;
}

/** scrollTop of the very end (the newest rows), for following a live capture. */
export function scrollTopAtEnd(g: ScrollGeometry): number {
  return Math.max(0, spacerHeight(g) - g.viewportHeight);
}

/** True when the viewport shows the last row (within half a row: fractional scroll positions). */
export function isAtEnd(scrollTop: number, g: ScrollGeometry): boolean {
  return scrollTop >= scrollTopAtEnd(g) - g.rowHeight / 2;
}
