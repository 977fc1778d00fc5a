// The webview's cache of decoded rows, by row position, in fixed-size blocks. It answers
// "which rows are missing for this range?" with block-aligned requests that are not already
// in flight, and forgets the least recently used blocks beyond a limit, so scrolling through
// a million rows keeps a bounded number of them in memory.
//
// A live capture's last block is usually partial; it counts as missing again as soon as the
// total grows past what it holds, so new rows get asked for without refetching old blocks.

export interface RowRange {
  readonly start: number;
  readonly count: number;
}

interface Block<T> {
  readonly rows: Array<T | undefined>;
  filled: number;
}

export class RangeCache<T> {
  private readonly blocks = new Map<number, Block<T>>();
  /** Block number -> request id in flight for it. */
  private readonly inFlight = new Map<number, number>();
  private total = 0;

  constructor(
    readonly blockSize = 128,
    /** Blocks kept; the visible range must fit many times over. */
    readonly maxBlocks = 256,
  ) {
    if (!(blockSize > 0) || !(maxBlocks > 0)) throw new RangeError('blockSize and maxBlocks must be positive');
  }

  /** Rows that exist (the cache never asks for rows at or past it). */
  get rowCount(): number {
    return this.total;
  }

  /** Requests sent (marked with `requested`) and not yet settled. */
  get pendingRequests(): number {
    return new Set(this.inFlight.values()).size;
  }

  /** Number of blocks held (for tests and the memory bound). */
  get blockCount(): number {
    return this.blocks.size;
  }

  setRowCount(total: number): void {
    if (total < this.total) {
      // Rows disappeared (cannot happen for one generation, but be safe): forget those past the end.
      for (const b of [...this.blocks.keys()]) if (b * this.blockSize >= total) this.blocks.delete(b);
    }
    this.total = total;
  }

  get(position: number): T | undefined {
    const block = this.blocks.get(Math.floor(position / this.blockSize));
    return block?.rows[position % this.blockSize];
  }

  /** Stores rows starting at `start` (a reply or a live tail); marks them most recently used. */
  put(start: number, rows: readonly T[]): void {
    let i = 0;
    while (i < rows.length) {
      const pos = start + i;
      const b = Math.floor(pos / this.blockSize);
      let block = this.blocks.get(b);
      if (block === undefined) {
        block = { rows: new Array<T | undefined>(this.blockSize), filled: 0 };
      } else {
        this.blocks.delete(b); // re-inserted below: Map order is the LRU order
      }
      this.blocks.set(b, block);
      const end = Math.min(rows.length, i + (this.blockSize - (pos % this.blockSize)));
      for (; i < end; i++) {
        const slot = (start + i) % this.blockSize;
        if (block.rows[slot] === undefined) block.filled++;
        block.rows[slot] = rows[i];
      }
    }
    this.evict();
  }

  /** Marks the blocks of [start, end) as recently used (call for what is on screen). */
  touch(start: number, end: number): void {
    for (let b = Math.floor(start / this.blockSize); b * this.blockSize < end; b++) {
      const block = this.blocks.get(b);
      if (block !== undefined) {
        this.blocks.delete(b);
        this.blocks.set(b, block);
      }
    }
  }

  /**
   * Block-aligned ranges within [start, end) that hold fewer rows than exist and are not
   * already requested, merged when adjacent. Mark them with `requested` once sent.
   */
  missing(start: number, end: number): RowRange[] {
    const out: RowRange[] = [];
    const last = Math.min(end, this.total);
    if (last <= start) return out;
    for (let b = Math.floor(Math.max(0, start) / this.blockSize); b * this.blockSize < last; b++) {
      const from = b * this.blockSize;
      const expected = Math.min(this.blockSize, this.total - from);
      const block = this.blocks.get(b);
      if ((block !== undefined && block.filled >= expected) || this.inFlight.has(b)) continue;
      const prev = out[out.length - 1];
      if (prev !== undefined && prev.start + prev.count === from) {
        out[out.length - 1] = { start: prev.start, count: prev.count + expected };
      } else {
        out.push({ start: from, count: expected });
      }
    }
    return out;
  }

  /** Records that `range` was asked for under `requestId`. */
  requested(range: RowRange, requestId: number): void {
    for (let b = Math.floor(range.start / this.blockSize); b * this.blockSize < range.start + range.count; b++) this.inFlight.set(b, requestId);
  }

  /** The reply to `requestId` arrived (or will never come): its blocks may be asked again. */
  settled(requestId: number): void {
    for (const [b, id] of [...this.inFlight]) if (id === requestId) this.inFlight.delete(b);
  }

  /** Forgets every row and request (new generation). */
  clear(): void {
    this.blocks.clear();
    this.inFlight.clear();
    this.total = 0;
  }

  private evict(): void {
    while (this.blocks.size > this.maxBlocks) {
      const oldest = this.blocks.keys().next().value as number;
      this.blocks.delete(oldest);
    }
  }
}
