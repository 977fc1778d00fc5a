// `swdebug stats FILE [--json]`: what is in a capture: packets, bytes, time span, packets
// per protocol and the flows (conversations). Reads the file once in large chunks and
// keeps counters only (no per-packet index), so it runs near disk speed on big captures.
import { CaptureFile } from '../capture/captureFile';
import { parseCaptureArgs, reportCaptureError } from '../capture/cliArgs';
import { protocolLabel } from '../capture/decode/protocols';
import { FlowEndpoint, FlowInfo } from '../capture/flows';
import { linkTypeName } from '../capture/linkLayer';
import { CaptureError } from '../capture/errors';
import type { CliIO } from './main';

/** `swdebug stats --json` output. */
export interface StatsJson {
  file: string;
  format: 'pcap' | 'pcapng' | null;
  linkTypes: number[];
  packets: number;
  bytes: number;
  capturedBytes: number;
  /** Epoch seconds; null without packets. */
  firstTime: number | null;
  lastTime: number | null;
  duration: number;
  protocols: Record<string, number>;
  /** Number of flows; `conversations` lists them in order of first appearance. */
  flows: number;
  malformed: number;
  fragments: number;
  conversations: FlowInfo[];
  /** The truncation warning, when the file stops inside its last record. */
  warning: string | null;
}

const TEXT_FLOWS = 50;

export async function statsCommand(args: string[], io: CliIO): Promise<number> {
  const parsed = parseCaptureArgs('stats', args, io);
  if (typeof parsed === 'number') return parsed;
  const { file, json } = parsed;

  const capture = CaptureFile.open(file, { index: false });
  let error: CaptureError | null;
  try {
    const r = await capture.readMoreAsync();
    error = r.error ?? capture.finish();
  } finally {
    capture.close();
  }
  const fatal = error !== null && !error.isTruncation;
  if (fatal && capture.packetCount === 0) return reportCaptureError('stats', file, error, 0, io);

  const s = capture.stats.snapshot();
  const linkTypes = [...new Set(capture.interfaces.map((i) => i.linkType))];
  const report: StatsJson = {
    file,
    format: capture.format,
    linkTypes,
    packets: s.packets,
    bytes: s.bytes,
    capturedBytes: s.capturedBytes,
    firstTime: s.firstTime,
    lastTime: s.lastTime,
    duration: s.duration,
    protocols: s.protocols,
    flows: capture.flows.count,
    malformed: s.malformed,
    fragments: s.fragments,
    conversations: capture.flows.flows(),
    warning: error !== null && error.isTruncation ? error.message : null,
  };
  io.out(json ? JSON.stringify(report) + '\n' : textReport(report, capture));
  return reportCaptureError('stats', file, error, s.packets, io);
}

function textReport(r: StatsJson, capture: CaptureFile): string {
  const ifaces = capture.interfaces;
  const res = ifaces.length > 0 && ifaces[0].unitsPerSecond > 1e6 ? 'ns' : 'µs';
  const links = r.linkTypes.map(linkTypeName).join(', ') || 'no interfaces';
  const lines = [
    `File:       ${r.file} (${r.format ?? 'unknown format'}, ${links}, ${res} timestamps)`,
    `Packets:    ${r.packets}`,
    `Bytes:      ${r.bytes} on the wire, ${r.capturedBytes} captured`,
  ];
  if (r.firstTime !== null && r.lastTime !== null) {
    lines.push(`First:      ${isoTime(r.firstTime)} (${r.firstTime.toFixed(6)})`);
    lines.push(`Last:       ${isoTime(r.lastTime)} (${r.lastTime.toFixed(6)})`);
    lines.push(`Duration:   ${r.duration.toFixed(6)} s`);
  }
  const protos = Object.entries(r.protocols).map(([p, n]) => `${p} ${n}`).join(', ');
  lines.push(`Protocols:  ${protos || 'none'}`);
  if (r.malformed > 0) lines.push(`Malformed:  ${r.malformed}`);
  if (r.fragments > 0) lines.push(`Fragments:  ${r.fragments}`);
  lines.push(`Flows:      ${r.flows}`);
  const shown = [...r.conversations].sort((a, b) => b.bytes - a.bytes).slice(0, TEXT_FLOWS);
  for (const f of shown) {
    const state = f.tcpState === null ? '' : `  ${f.tcpState}`;
    lines.push(`  ${protocolLabel(f.proto).padEnd(6)} ${endpoint(f.client)} → ${endpoint(f.server)}  ${f.packets} packet${f.packets === 1 ? '' : 's'}  ${f.bytes} bytes${state}`);
  }
  if (r.conversations.length > shown.length) lines.push(`  ... ${r.conversations.length - shown.length} more (see --json)`);
  return lines.join('\n') + '\n';
}

function endpoint(e: FlowEndpoint): string {
  const addr = e.addr.includes(':') && e.port !== null ? `[${e.addr}]` : e.addr;
  return e.port === null ? addr : `${addr}:${e.port}`;
}

function isoTime(epoch: number): string {
  const d = new Date(Math.floor(epoch) * 1000);
  if (Number.isNaN(d.getTime())) return String(epoch);
  const frac = (epoch - Math.floor(epoch)).toFixed(6).slice(1);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}${frac} UTC`;
}
