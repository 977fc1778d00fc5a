// The host's registry of sequence-diagram lanes: every endpoint (address, port) seen so far
// gets a stable id the first time it shows up, from the flow table as packets are indexed
// or from a row being decoded. The webview gets the whole (small) list when it grows.
import type { Lane } from './protocol';

export class LaneRegistry {
  private readonly ids = new Map<string, number>();
  private readonly list: Lane[] = [];

  get lanes(): readonly Lane[] {
    return this.list;
  }

  /** How many lanes exist; grows only, so it doubles as a version number. */
  get size(): number {
    return this.list.length;
  }

  /** The lane of an endpoint, created on first sight. `host` "" (no IP header) has no lane: -1. */
  idOf(host: string, port: number | null): number {
    if (host === '') return -1;
    const key = port === null ? host : `${host}|${port}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(key, id);
      this.list.push({ id, host, port });
    }
    return id;
  }

  clear(): void {
    this.ids.clear();
    this.list.length = 0;
  }
}
