// Lanes by process, the part both sides run: which process lane a packet's endpoint belongs
// to at the packet's time, looked up in the ownership spans the host built from the fd trace
// (extension/panel/processView.ts), and the lane order of the diagram in process mode.
// The webview maps rows itself, so rows stay as they are and a trace update (every poll of a
// running session) costs one small message instead of refetching every cached row.
// Pure and DOM-free: imported by the webview, the controller and the unit tests.
import type { HandoffEvent, Lane, OwnerSpan, ProcessLane, SocketOwners, TimeBase } from './protocol';

/** Process-mode lane ids at and above this are "unattributed" endpoint lanes (process lanes are below). */
export const UNATTRIBUTED_BASE = 1_000_000;

/** `127.0.0.10:7777`, `[fd00::5357:5f0a]:53`, or the address alone without a port: as the fd tracer writes them. */
export function endpointOf(host: string, port: number | null): string {
  if (port === null) return host;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The packet's time in µs since the epoch (integer), from the row's seconds since the first packet. */
export function packetMicros(base: TimeBase, rel: number): number {
  return base.baseSec * 1_000_000 + Math.round((base.firstOffset + rel) * 1_000_000);
}

/** A µs time as seconds since the first packet (what rows carry). */
export function relSeconds(base: TimeBase, micros: number): number {
  return (micros - base.baseSec * 1_000_000) / 1_000_000 - base.firstOffset;
}

function key(local: string, remote: string | null): string {
  return `${local}\u0000${remote ?? ''}`;
}

function covering(spans: readonly OwnerSpan[] | undefined, t: number): OwnerSpan | undefined {
  if (spans === undefined) return undefined;
  // The last span starting at or before t (spans are sorted and do not overlap).
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid].from <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const s = found < 0 ? undefined : spans[found];
  return s !== undefined && (s.to === null || t < s.to) ? s : undefined;
}

export class OwnerIndex {
  private readonly byKey = new Map<string, readonly OwnerSpan[]>();

  constructor(owners: readonly SocketOwners[]) {
    for (const o of owners) this.byKey.set(key(o.local, o.remote), o.spans);
  }

  /**
   * The process lane that owned the socket bound to `local` and connected to `remote` at
   * `timeUs`; failing that, the listener or unconnected socket of `local` (a SYN reaches the
   * listener before accept() returns; a UDP server answers from an unconnected socket); null
   * when no traced process held either.
   */
  ownerOf(local: string, remote: string | null, timeUs: number): number | null {
    const pair = remote === null ? undefined : covering(this.byKey.get(key(local, remote)), timeUs);
    const span = pair ?? covering(this.byKey.get(key(local, null)), timeUs);
    return span?.lane ?? null;
  }

  /** Whether some lane owns `local` (towards `remote`) at every moment of [fromUs, toUs]. */
  covers(local: string, remote: string | null, fromUs: number, toUs: number): boolean {
    const spans = [...(remote === null ? [] : (this.byKey.get(key(local, remote)) ?? [])), ...(this.byKey.get(key(local, null)) ?? [])];
    spans.sort((a, b) => a.from - b.from);
    let reached = fromUs; // everything before `reached` is covered
    for (const s of spans) {
      if (s.from > reached) break;
      reached = s.to === null ? Infinity : Math.max(reached, s.to);
      if (reached > toUs) return true;
    }
    return reached > toUs;
  }
}

/** A lane as the diagram lays it out in process mode: in the given order, grouped by `host`, labelled `label`. */
export interface DiagramLane extends Lane {
  readonly label: string;
  /** What the diagram's header and its accessible name say of it: "1235 prefork-server", "unattributed 127.0.0.11:40001". */
  readonly title: string;
}

/**
 * Process lanes in diagram order: grouped by program (groups by their first process's
 * start, so the program started first is on the left), processes by start inside a group;
 * the group is labelled with the program's name, each lane with its pid.
 */
export function orderProcessLanes(lanes: readonly ProcessLane[]): DiagramLane[] {
  const groupStart = new Map<string, number>();
  for (const l of lanes) groupStart.set(l.name, Math.min(groupStart.get(l.name) ?? Infinity, l.start));
  return [...lanes]
    .sort((a, b) => (groupStart.get(a.name) ?? 0) - (groupStart.get(b.name) ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.start - b.start || a.pid - b.pid || a.id - b.id)
    .map((l) => ({ id: l.id, host: l.name, port: null, label: String(l.pid), title: `${l.pid} ${l.name}` }));
}

/** The lane of an endpoint nobody was seen to own: grouped under "<address> (unattributed)", labelled with its port. */
export function unattributedLane(id: number, endpoint: string): DiagramLane {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(endpoint) ?? /^([^:]+):(\d+)$/.exec(endpoint);
  const host = m ? m[1] : endpoint;
  return { id, host: `${host} (unattributed)`, port: null, label: m ? `:${m[2]}` : 'ip', title: `unattributed ${endpoint}` };
}

/** Index of the first handoff later than `t` (handoffs sorted by time). */
export function handoffAfter(handoffs: readonly Pick<HandoffEvent, 'time'>[], t: number): number {
  let lo = 0;
  let hi = handoffs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (handoffs[mid].time <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where handoffs go in row mode, where the diagram is one row per packet: on the boundary
 * above the first row captured after them, i.e. between the two rows whose times bracket
 * them. `times[k]` is the time of row k in view (null: not loaded yet); `before` the time of
 * the row above the first (-Infinity: there is none; null: not loaded yet); `last`: the
 * final row of the view is in view, and later handoffs go below it. Returns handoff index ->
 * boundary k (0..times.length; k is the top of row k). A boundary whose rows are not loaded,
 * or are out of time order, gets nothing.
 */
export function placeHandoffs(handoffs: readonly Pick<HandoffEvent, 'time'>[], times: readonly (number | null)[], before: number | null, last: boolean): Map<number, number> {
  const out = new Map<number, number>();
  let lower = before;
  for (let k = 0; k < times.length; k++) {
    const t = times[k];
    if (lower !== null && t !== null && lower <= t) {
      for (let i = lower === -Infinity ? 0 : handoffAfter(handoffs, lower); i < handoffs.length && handoffs[i].time <= t; i++) {
        if (!out.has(i)) out.set(i, k);
      }
    }
    lower = t;
  }
  if (last && lower !== null && times.length > 0) {
    for (let i = handoffAfter(handoffs, lower); i < handoffs.length; i++) if (!out.has(i)) out.set(i, times.length);
  }
  return out;
}
