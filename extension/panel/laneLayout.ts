// Where the sequence diagram puts its lanes: one per endpoint (address:port), grouped by host
// address so that the processes of one emulated machine sit together, hosts in address
// order (the server on .10 left of the client on .11), ports in order inside a host.
// Pure arithmetic; the webview draws from the result.
import type { Lane } from './protocol';

export interface PlacedLane extends Lane {
  /** Centre of the lane's vertical line, in diagram pixels. */
  readonly x: number;
  /** "7777", or "ip" for a port-less lane (ICMP, other IP protocols). */
  readonly label: string;
}

export interface LaneGroup {
  readonly host: string;
  /** Extent of the group's lanes (centres of its first and last lane). */
  readonly x0: number;
  readonly x1: number;
}

export interface LaneLayout {
  readonly lanes: readonly PlacedLane[];
  readonly groups: readonly LaneGroup[];
  /** Width the layout needs (>= the width it was given when lanes had to be squeezed to minSpacing). */
  readonly width: number;
  readonly spacing: number;
  readonly xById: ReadonlyMap<number, number>;
}

export interface LaneLayoutOptions {
  /** Width available. */
  readonly width: number;
  /** Space left of the first and right of the last lane. */
  readonly margin: number;
  readonly minSpacing: number;
  readonly maxSpacing: number;
  /** Extra space between two hosts. */
  readonly groupGap: number;
}

export const DEFAULT_LANE_OPTIONS: Omit<LaneLayoutOptions, 'width'> = { margin: 48, minSpacing: 60, maxSpacing: 180, groupGap: 20 };

/** Sort key of an address: IPv4 numerically, then IPv6 by its expanded groups, then anything else as text. */
export function compareHosts(a: string, b: string): number {
  const ka = hostKey(a);
  const kb = hostKey(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const x = ka[i];
    const y = kb[i];
    if (x !== y) return typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
  }
  return ka.length - kb.length;
}

function hostKey(h: string): Array<number | string> {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) return [0, ((+v4[1] << 24) >>> 0) + (+v4[2] << 16) + (+v4[3] << 8) + +v4[4]];
  if (/^[0-9a-fA-F:.]+$/.test(h) && h.includes(':')) return [1, ...expandV6(h)];
  return [2, h];
}

function expandV6(h: string): number[] {
  const [head, tail] = h.includes('::') ? h.split('::', 2) : [h, null];
  const words = (s: string): number[] => (s === '' ? [] : s.split(':').flatMap((w) => (w.includes('.') ? v4Words(w) : [parseInt(w, 16) || 0])));
  const hw = words(head);
  const tw = tail === null ? [] : words(tail);
  return [...hw, ...new Array<number>(Math.max(0, 8 - hw.length - tw.length)).fill(0), ...tw];
}

function v4Words(s: string): number[] {
  const p = s.split('.').map(Number);
  return [((p[0] ?? 0) << 8) | (p[1] ?? 0), ((p[2] ?? 0) << 8) | (p[3] ?? 0)];
}

/** Lanes in diagram order. */
export function orderLanes(lanes: readonly Lane[]): Lane[] {
  return [...lanes].sort((a, b) => compareHosts(a.host, b.host) || (a.port ?? -1) - (b.port ?? -1) || a.id - b.id);
}

export function layoutLanes(lanes: readonly Lane[], options: LaneLayoutOptions): LaneLayout {
  return placeLanes(orderLanes(lanes), options);
}

/**
 * Places lanes in the order given, a group for each run of lanes with the same `host` (lanes
 * by process group by program). A lane's `label` is used when it has one.
 */
export function placeLanes(ordered: readonly (Lane & { readonly label?: string })[], options: LaneLayoutOptions): LaneLayout {
  const n = ordered.length;
  let groupCount = 0;
  for (let i = 0; i < n; i++) if (i === 0 || ordered[i].host !== ordered[i - 1].host) groupCount++;
  const gaps = Math.max(0, groupCount - 1) * options.groupGap;
  const free = options.width - 2 * options.margin - gaps;
  const spacing = n <= 1 ? options.maxSpacing : Math.min(options.maxSpacing, Math.max(options.minSpacing, free / (n - 1)));
  const span = n <= 1 ? 0 : (n - 1) * spacing + gaps;
  // Centre the lanes when they do not need the whole width.
  const left = Math.max(options.margin, (options.width - span) / 2);
  const placed: PlacedLane[] = [];
  const groups: LaneGroup[] = [];
  const xById = new Map<number, number>();
  let x = left;
  for (let i = 0; i < n; i++) {
    const lane = ordered[i];
    const newGroup = i === 0 || lane.host !== ordered[i - 1].host;
    if (i > 0) x += spacing + (newGroup ? options.groupGap : 0);
    if (newGroup) groups.push({ host: lane.host, x0: x, x1: x });
    else groups[groups.length - 1] = { ...groups[groups.length - 1], x1: x };
    placed.push({ ...lane, x, label: lane.label ?? (lane.port === null ? 'ip' : String(lane.port)) });
    xById.set(lane.id, x);
  }
  return { lanes: placed, groups, width: Math.max(options.width, left + span + options.margin), spacing, xById };
}
