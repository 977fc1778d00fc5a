// Which packets the list shows, in order: every packet, or those a filter keeps and
// de-duplication does not hide. Maps row positions (what the webview scrolls through) to
// packet numbers and back. Without a filter or de-duplication it is the identity and costs
// nothing; with them it keeps one Uint32Array of packet numbers, extended as packets arrive.
import type { CaptureFile } from '../capture/captureFile';
import type { CompiledFilter, Deduper } from './engines';

export class RowView {
  private filter: CompiledFilter | null = null;
  private deduper: Deduper | null = null;
  private shown: Uint32Array | null = null;
  private size = 0;
  /** Packets looked at so far. */
  private scanned = 0;

  /** True when rows are a subset of packets. */
  get selective(): boolean {
    return this.shown !== null;
  }

  get rowCount(): number {
    return this.size;
  }

  /** Starts over with another filter and/or deduper (null: none). */
  configure(filter: CompiledFilter | null, deduper: Deduper | null): void {
    this.filter = filter;
    this.deduper = deduper;
    this.shown = filter === null && deduper === null ? null : new Uint32Array(1024);
    this.size = 0;
    this.scanned = 0;
  }

  /** Looks at packets up to `count` (exclusive) of `capture`. */
  extend(capture: CaptureFile, count: number): void {
    let shown = this.shown;
    if (shown === null) {
      this.size = count;
      this.scanned = count;
      return;
    }
    for (let i = this.scanned; i < count; i++) {
      if (this.deduper !== null && this.deduper.isMirrorCopy(capture, i)) continue;
      if (this.filter !== null && !this.filter.matches(capture, i)) continue;
      if (this.size === shown.length) {
        const grown: Uint32Array = new Uint32Array(shown.length * 2);
        grown.set(shown);
        shown = this.shown = grown;
      }
      shown[this.size++] = i;
    }
    this.scanned = Math.max(this.scanned, count);
  }

  packetAt(position: number): number {
    if (!(position >= 0 && position < this.size)) throw new RangeError(`row ${position} is not in the view (0..${this.size - 1})`);
    return this.shown === null ? position : this.shown[position];
  }

  /** Row position of `packet`, or null when the view does not show it. */
  positionOf(packet: number): number | null {
    if (this.shown === null) return packet >= 0 && packet < this.size ? packet : null;
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.shown[mid];
      if (v === packet) return mid;
      if (v < packet) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }
}
