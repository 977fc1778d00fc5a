// The report's sequence diagram as inline SVG: one vertical lane per endpoint, one arrow
// per packet in capture order (coloured per flow, labelled with flags and length, dashed
// when the peer never read it), and timed events (fds passed) as horizontal markers. A
// <title> on each arrow carries the details as a tooltip: no script needed. Every piece of
// capture-derived text goes through esc().
import { esc, num } from './html';
import type { ReportEvent, ReportModel, ReportRow } from './model';

const LEFT = 96;
const LANE_W = 170;
const TOP = 58;
const ROW_H = 22;
const HEAD = 7;

/** Flow colours (by flow id modulo the palette), readable on white. */
export const PALETTE: readonly string[] = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#393b79', '#637939',
];

export function flowColor(flow: number): string {
  return flow < 0 ? '#555555' : PALETTE[flow % PALETTE.length];
}

type Item = { kind: 'row'; row: ReportRow } | { kind: 'event'; event: ReportEvent };

export function sequenceSvg(m: ReportModel): string {
  const items = mergeByTime(m);
  const width = LEFT + Math.max(1, m.lanes.length) * LANE_W + 20;
  const height = TOP + items.length * ROW_H + 30;
  const laneX = (id: number): number => LEFT + id * LANE_W + LANE_W / 2;
  const out: string[] = [];
  out.push(`<svg class="seq" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" role="img" aria-label="sequence diagram">`);
  for (const l of m.lanes) {
    const x = laneX(l.id);
    const host = l.host.length > 26 ? `${l.host.slice(0, 25)}…` : l.host;
    out.push(`<g class="lane"><title>${esc(l.label)}</title>`
      + `<text x="${num(x)}" y="20" text-anchor="middle" class="host">${esc(host)}</text>`
      + `<text x="${num(x)}" y="36" text-anchor="middle" class="port">${l.port === null ? '' : `:${num(l.port)}`}</text>`
      + `<line x1="${num(x)}" y1="${TOP - 12}" x2="${num(x)}" y2="${num(height - 10)}" class="lifeline"/></g>`);
  }
  items.forEach((it, k) => {
    const y = TOP + k * ROW_H + ROW_H / 2;
    if (it.kind === 'event') {
      out.push(`<g class="event"><title>${esc(it.event.detail)}</title>`
        + `<line x1="${LEFT - 6}" y1="${num(y)}" x2="${num(width - 10)}" y2="${num(y)}"/>`
        + `<text x="${LEFT + 4}" y="${num(y - 4)}">${esc(it.event.label)}</text></g>`);
      return;
    }
    out.push(arrow(it.row, y, laneX(it.row.from), laneX(it.row.to)));
  });
  out.push('</svg>');
  return out.join('\n');
}

function arrow(r: ReportRow, y: number, x1: number, x2: number): string {
  const color = flowColor(r.flow);
  const role = r.mirror?.role ?? null;
  const cls = `pkt flow-${num(r.flow)}${role === 'unpaired-send' ? ' unread' : ''}${r.bad ? ' bad' : ''}`;
  const time = `<text x="${LEFT - 10}" y="${num(y + 4)}" text-anchor="end" class="time">${num(r.rel, 6)}</text>`;
  const note = role === 'unpaired-send' ? ' (not read)' : role === 'unpaired-receive' ? ' (no send)' : '';
  const label = `${r.label}${note}`;
  let shape: string;
  if (Math.abs(x2 - x1) < 1) {
    // Same lane (a packet to itself): a small loop.
    shape = `<path d="M${num(x1)},${num(y - 6)} h30 v12 h-30" fill="none" stroke="${color}"/>`
      + `<text x="${num(x1 + 36)}" y="${num(y + 3)}" class="label">${esc(label)}</text>`;
  } else {
    const dir = x2 > x1 ? 1 : -1;
    const tip = x2 - dir * 2;
    const head = `${num(tip)},${num(y)} ${num(tip - dir * HEAD * 1.4)},${num(y - HEAD / 1.6)} ${num(tip - dir * HEAD * 1.4)},${num(y + HEAD / 1.6)}`;
    // Near the sender's end on long arrows, so the label is seen where the arrow starts.
    const mid = x1 + dir * Math.min(Math.abs(x2 - x1) / 2, LANE_W * 0.75);
    shape = `<line x1="${num(x1)}" y1="${num(y)}" x2="${num(tip - dir * HEAD)}" y2="${num(y)}" stroke="${color}"/>`
      + `<polygon points="${head}" fill="${color}"/>`
      + `<text x="${num(mid)}" y="${num(y - 4)}" text-anchor="middle" class="label">${esc(label)}</text>`;
  }
  return `<g class="${cls}" data-flow="${num(r.flow)}"><title>${esc(tooltip(r))}</title>${time}${shape}</g>`;
}

function tooltip(r: ReportRow): string {
  const lines = [`#${r.packet + 1}  ${r.src} → ${r.dst}  ${r.proto} ${r.len} bytes`, r.info];
  if (r.preview !== '') lines.push(`data: ${r.preview}`);
  const m = r.mirror;
  if (m !== null) {
    if (m.role === 'sent' && m.sentAt !== null) {
      lines.push(m.receivedAt !== null ? `read ${num(m.receivedAt - m.sentAt, 6)} s after it was sent (copy #${m.partner + 1})` : `partly read${m.readBytes !== null ? ` (${m.readBytes} bytes)` : ''}`);
    } else if (m.role === 'unpaired-send') {
      lines.push('not read by the peer (yet)');
    } else if (m.role === 'unpaired-receive') {
      lines.push('a receive that matches no send');
    }
  }
  return lines.join('\n');
}

/** Rows in capture order with events slotted in by time. */
function mergeByTime(m: ReportModel): Item[] {
  const items: Item[] = [];
  const first = m.firstTime ?? 0;
  let e = 0;
  for (const row of m.rows) {
    while (e < m.drawnEvents.length && m.drawnEvents[e].time - first < row.rel) items.push({ kind: 'event', event: m.drawnEvents[e++] });
    items.push({ kind: 'row', row });
  }
  while (e < m.drawnEvents.length) items.push({ kind: 'event', event: m.drawnEvents[e++] });
  return items;
}
