// The whole report page: one self-contained HTML file (inline CSS, a few lines of inline
// script, no external assets, nothing fetched) with a summary, the sequence diagram, the
// packet table, the conversations and the events. Meant as a CI artifact that opens in
// any browser. All capture-derived text is escaped (html.ts).
import { protocolLabel } from '../decode/protocols';
import { esc, num } from './html';
import { endpointText, ReportModel } from './model';
import { flowColor, sequenceSvg } from './sequence';

const CSS = `
body { font: 13px/1.4 system-ui, sans-serif; margin: 16px; color: #222; background: #fff; }
h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 24px 0 8px; }
.meta { color: #555; } .note { background: #fff6d5; border: 1px solid #e6cf7a; padding: 6px 10px; margin: 8px 0; }
.diagram { overflow: auto; border: 1px solid #ddd; max-height: 80vh; }
svg.seq text { font: 11px ui-monospace, monospace; fill: #222; }
svg.seq .host { font-weight: bold; } svg.seq .port { fill: #555; }
svg.seq .lifeline { stroke: #bbb; stroke-dasharray: 3 3; }
svg.seq .time { fill: #777; } svg.seq .label { fill: #333; }
svg.seq .pkt line { stroke-width: 1.6; } svg.seq .unread line { stroke-dasharray: 6 4; }
svg.seq .unread .label { fill: #b00; } svg.seq .bad .label { fill: #b00; font-style: italic; }
svg.seq .event line { stroke: #999; stroke-dasharray: 2 4; } svg.seq .event text { fill: #6a3d9a; }
svg.seq g.dim { opacity: 0.15; }
table { border-collapse: collapse; font: 12px ui-monospace, monospace; }
th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; position: sticky; top: 0; }
td.info { white-space: pre-wrap; word-break: break-all; max-width: 60em; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
tr.conv { cursor: pointer; } tr.conv.on { background: #eef4ff; }
.unread { color: #b00; }
`;

// Clicking a conversation dims every other flow's arrows; clicking it again undoes it.
const SCRIPT = `
document.querySelectorAll('tr.conv').forEach(function (tr) {
  tr.addEventListener('click', function () {
    var on = !tr.classList.contains('on');
    document.querySelectorAll('tr.conv').forEach(function (o) { o.classList.remove('on'); });
    if (on) tr.classList.add('on');
    var flow = tr.getAttribute('data-flow');
    document.querySelectorAll('svg.seq g.pkt').forEach(function (g) {
      g.classList.toggle('dim', on && g.getAttribute('data-flow') !== flow);
    });
  });
});
`;

export function renderReport(m: ReportModel, generated: Date = new Date()): string {
  const parts: string[] = [];
  parts.push('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">');
  parts.push(`<title>swdebug report: ${esc(baseName(m.file))}</title>`);
  parts.push(`<style>${CSS}</style></head><body>`);
  parts.push(`<h1>Packet timeline: ${esc(baseName(m.file))}</h1>`);
  parts.push(`<div class="meta">${esc(m.file)} · ${num(m.total)} packets · ${num(m.flows.length)} conversations · report made ${esc(generated.toISOString())}</div>`);
  parts.push(`<div class="meta">${esc(summaryLine(m))}</div>`);
  for (const n of m.notes) parts.push(`<div class="note">${esc(n)}</div>`);
  if (m.truncated) parts.push(`<div class="note">Only the first ${num(m.rows.length)} of ${num(m.selected)} packets are drawn and listed.</div>`);

  parts.push('<h2>Sequence diagram</h2>');
  if (m.rows.length === 0 && m.drawnEvents.length === 0) parts.push('<p>No packets to draw.</p>');
  else parts.push(`<div class="diagram">${sequenceSvg(m)}</div>`);

  parts.push('<h2>Conversations</h2>');
  parts.push(conversations(m));
  if (m.events.length > 0) {
    parts.push('<h2>Events</h2>');
    parts.push(events(m));
  }
  parts.push('<h2>Packets</h2>');
  parts.push(packets(m));
  parts.push(`<script>${SCRIPT}</script>`);
  parts.push('</body></html>\n');
  return parts.join('\n');
}

function summaryLine(m: ReportModel): string {
  const d = m.detection;
  const dedupe = m.dedupe
    ? `de-duplicated: socket_wrapper's received copies are hidden (${num(m.hidden)} hidden)`
    : `not de-duplicated${d.socketWrapper ? '' : ` (${d.reason})`}`;
  const filter = m.filter !== null ? `; filter: ${m.filter} (${m.selected} packets match)` : '';
  return `${d.socketWrapper ? 'socket_wrapper capture' : 'capture'}; ${dedupe}${filter}`;
}

function conversations(m: ReportModel): string {
  const first = m.firstTime ?? 0;
  const rows = m.flows.map((f) => `<tr class="conv" data-flow="${num(f.id)}">`
    + `<td><span class="swatch" style="background:${flowColor(f.id)}"></span>${num(f.id)}</td>`
    + `<td>${esc(protocolLabel(f.proto))}</td><td>${esc(endpointText(f.client))}</td><td>${esc(endpointText(f.server))}</td>`
    + `<td>${num(f.packets)}</td><td>${num(m.shownPerFlow[f.id] ?? 0)}</td><td>${num(f.bytes)}</td>`
    + `<td>${num(f.firstTime - first, 6)}</td><td>${num(f.lastTime - f.firstTime, 6)}</td><td>${esc(f.tcpState ?? '')}</td></tr>`);
  return `<table><thead><tr><th>Flow</th><th>Proto</th><th>Client</th><th>Server</th><th>Packets</th><th>Shown</th><th>Bytes</th><th>Start</th><th>Duration</th><th>State</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function events(m: ReportModel): string {
  const first = m.firstTime ?? 0;
  const rows = m.events.map((e) => `<tr><td>${num(e.time - first, 6)}</td><td>${esc(e.label)}</td><td class="info">${esc(e.detail)}</td></tr>`);
  return `<table><thead><tr><th>Time</th><th>Event</th><th>Details</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function packets(m: ReportModel): string {
  const rows = m.rows.map((r) => {
    const mr = r.mirror;
    let mirror = '';
    if (mr !== null) {
      if (mr.role === 'sent' && mr.receivedAt !== null && mr.sentAt !== null) mirror = `read +${num(mr.receivedAt - mr.sentAt, 6)} s (#${num(mr.partner + 1)})`;
      else if (mr.role === 'sent') mirror = `partly read${mr.readBytes !== null ? ` (${num(mr.readBytes)} bytes)` : ''}`;
      else if (mr.role === 'unpaired-send') mirror = '<span class="unread">not read (yet)</span>';
      else if (mr.role === 'unpaired-receive') mirror = '<span class="unread">receive without a send</span>';
    }
    return `<tr data-flow="${num(r.flow)}"><td>${num(r.packet + 1)}</td><td>${num(r.rel, 6)}</td><td>${esc(r.src)}</td><td>${esc(r.dst)}</td>`
      + `<td><span class="swatch" style="background:${flowColor(r.flow)}"></span>${esc(r.proto)}</td><td>${num(r.len)}</td>`
      + `<td class="info">${esc(r.info)}</td><td class="info">${esc(r.preview)}</td><td>${mirror}</td></tr>`;
  });
  const mirrorHead = m.dedupe ? 'Mirror' : '';
  return `<table><thead><tr><th>No.</th><th>Time</th><th>Source</th><th>Destination</th><th>Proto</th><th>Length</th><th>Info</th><th>Data</th><th>${mirrorHead}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function baseName(p: string): string {
  const k = p.lastIndexOf('/');
  return k >= 0 ? p.slice(k + 1) : p;
}
