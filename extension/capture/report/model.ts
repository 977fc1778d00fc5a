// What the HTML report shows, computed from an indexed capture: the packets left after
// de-duplication and the filter (the first few thousand of them), one lane per endpoint
// address:port, the conversations, and optional timed events (fds passed, from an fd
// trace). Rendering (page.ts, sequence.ts, tables.ts) only formats this.
import type { CaptureFile } from '../captureFile';
import { protocolLabel } from '../decode/protocols';
import { MirrorEntry, MirrorMatcher } from '../dedupe';
import type { CompiledFilter } from '../filter/index';
import { FlowEndpoint, FlowInfo, NO_FLOW } from '../flows';
import type { SocketWrapperDetection } from '../mirror/detect';
import { escapeBytes } from '../streamText';

export const DEFAULT_MAX_PACKETS = 5000;
/** Payload bytes previewed per packet. */
const PREVIEW_BYTES = 48;

export interface ReportEvent {
  /** Epoch seconds. */
  time: number;
  /** fd handoffs are always drawn; process starts and exits only while packets flow. */
  kind: 'fd' | 'process';
  /** One line, e.g. "fd 5 passed: pid 100 → pid 200". */
  label: string;
  detail: string;
}

export interface ReportLane {
  id: number;
  host: string;
  port: number | null;
  label: string;
}

export interface ReportRow {
  packet: number;
  /** Seconds since the first packet of the capture. */
  rel: number;
  src: string;
  dst: string;
  from: number;
  to: number;
  proto: string;
  /** Length on the wire. */
  len: number;
  info: string;
  /** Short arrow label: flags and payload length. */
  label: string;
  /** The first payload bytes as escaped text (hostile: still to be HTML-escaped). */
  preview: string;
  flow: number;
  mirror: MirrorEntry | null;
  bad: boolean;
}

export interface ReportModel {
  file: string;
  /** Packets in the capture. */
  total: number;
  /** Received copies hidden by de-duplication. */
  hidden: number;
  /** Packets left after de-duplication and the filter. */
  selected: number;
  rows: ReportRow[];
  /** selected > rows.length: only the first rows are drawn. */
  truncated: boolean;
  lanes: ReportLane[];
  flows: FlowInfo[];
  /** Shown packets per flow after de-duplication (index: flow id). */
  shownPerFlow: number[];
  dedupe: boolean;
  detection: SocketWrapperDetection;
  filter: string | null;
  /** Every event, in time order (the Events table). */
  events: ReportEvent[];
  /** The events drawn on the diagram. */
  drawnEvents: ReportEvent[];
  /** Epoch seconds of the first packet (null for an empty capture). */
  firstTime: number | null;
  /** Notes to print on the page (ignored options, limits). */
  notes: string[];
}

export interface ModelOptions {
  /** true / false, or 'auto': on for socket_wrapper captures with mirrored records. */
  dedupe: boolean | 'auto';
  filter: CompiledFilter | null;
  maxPackets?: number;
  events?: ReportEvent[];
  notes?: string[];
}

export function buildModel(capture: CaptureFile, options: ModelOptions): ReportModel {
  const index = capture.index;
  const total = index.count;
  const matcher = new MirrorMatcher(capture);
  matcher.update();
  const detection = matcher.detect();
  const dedupe = options.dedupe === 'auto' ? detection.dedupeByDefault : options.dedupe;
  const max = options.maxPackets ?? DEFAULT_MAX_PACKETS;
  const lanes = new Map<string, ReportLane>();
  const lane = (host: string, port: number | null): number => {
    const key = `${host}|${port ?? ''}`;
    let l = lanes.get(key);
    if (l === undefined) {
      const label = port === null ? host : host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      l = { id: lanes.size, host, port, label };
      lanes.set(key, l);
    }
    return l.id;
  };
  const shownPerFlow = new Array<number>(capture.flows.count).fill(0);
  const rows: ReportRow[] = [];
  let selected = 0;
  let hidden = 0;
  const first = total > 0 ? index.time(0) : 0;
  for (let i = 0; i < total; i++) {
    if (dedupe && matcher.isCopy(i)) {
      hidden++;
      continue;
    }
    const flow = index.flowId(i);
    if (flow !== NO_FLOW) shownPerFlow[flow]++;
    if (options.filter !== null && !options.filter.test(i, capture)) continue;
    selected++;
    if (rows.length >= max) continue;
    const d = capture.decode(i);
    const raw = capture.packetBytes(i);
    const from = Math.min(raw.length, d.payloadOffset);
    const preview = escapeBytes(raw.subarray(from, Math.min(raw.length, from + Math.min(d.payloadCaptured, PREVIEW_BYTES))));
    const more = d.payloadCaptured > PREVIEW_BYTES ? '…' : '';
    const mirror = dedupe ? matcher.entry(i) : null;
    let src = d.src;
    let sport = d.sport;
    // An auto-bound client's SYN says 0.0.0.0: draw it from the address its copy shows.
    if ((src === '0.0.0.0' || src === '::') && mirror !== null && mirror.partner >= 0) {
      const p = capture.decode(mirror.partner);
      src = p.src;
      sport = p.sport;
    }
    const hasPorts = d.sport !== null && d.dport !== null;
    rows.push({
      packet: i, rel: index.time(i) - first, src: src || 'N/A', dst: d.dst || 'N/A',
      from: lane(src || 'N/A', hasPorts ? sport : null), to: lane(d.dst || 'N/A', hasPorts ? d.dport : null),
      proto: protocolLabel(d.proto), len: capture.meta(i).origLen, info: d.info, label: arrowLabel(d.proto, d.tcp?.names ?? null, d.payloadLength, d.info),
      preview: preview + more,
      flow: flow === NO_FLOW ? -1 : flow, mirror, bad: d.problem !== null,
    });
  }
  const events = [...(options.events ?? [])].sort((a, b) => a.time - b.time);
  const ordered = orderLanes([...lanes.values()]);
  for (const r of rows) {
    r.from = ordered.renumber.get(r.from) ?? r.from;
    r.to = ordered.renumber.get(r.to) ?? r.to;
  }
  return {
    file: capture.path, total, hidden, selected, rows, truncated: selected > rows.length,
    lanes: ordered.lanes, flows: capture.flows.flows(), shownPerFlow, dedupe, detection,
    filter: options.filter?.expression ?? null,
    events,
    drawnEvents: events.filter((e) => e.kind === 'fd' || (rows.length > 0 && e.time >= first && e.time <= first + rows[rows.length - 1].rel)),
    firstTime: total > 0 ? first : null,
    notes: options.notes ?? [],
  };
}

/** "[SYN] 0", "[PSH, ACK] 5", "UDP 42", or the start of the Info text. */
function arrowLabel(proto: string, tcpNames: string | null, payload: number, info: string): string {
  if (tcpNames !== null) return `[${tcpNames}]${payload > 0 ? ` ${payload}` : ''}`;
  if (proto === 'udp') return `UDP ${payload}`;
  return info.length > 40 ? `${info.slice(0, 39)}…` : info;
}

/** Lanes sorted by host (numerically) then port, with their ids renumbered to that order. */
function orderLanes(lanes: ReportLane[]): { lanes: ReportLane[]; renumber: Map<number, number> } {
  const key = (h: string): string => (/^\d+\.\d+\.\d+\.\d+$/.test(h) ? h.split('.').map((p) => p.padStart(3, '0')).join('.') : `~${h}`);
  const sorted = [...lanes].sort((a, b) => (key(a.host) < key(b.host) ? -1 : key(a.host) > key(b.host) ? 1 : (a.port ?? -1) - (b.port ?? -1)));
  const renumber = new Map<number, number>();
  sorted.forEach((l, k) => renumber.set(l.id, k));
  return { lanes: sorted.map((l, k) => ({ ...l, id: k })), renumber };
}

/** "127.0.0.11:41234" / "[fd00::5357:5f0a]:7777" / "127.0.0.10". */
export function endpointText(e: FlowEndpoint): string {
  const addr = e.addr.includes(':') && e.port !== null ? `[${e.addr}]` : e.addr;
  return e.port === null ? addr : `${addr}:${e.port}`;
}
