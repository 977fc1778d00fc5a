// `swdebug stats FILE [--json] [--dedupe]`: what is in a capture: packets, bytes, time span,
// packets per protocol and the flows (conversations). Reads the file once in large chunks and
// keeps counters only (no per-packet index), so it runs near disk speed on big captures:
// classic pcap through statsScan.ts's loop, anything else through CaptureFile. --dedupe
// indexes the file instead and adds what the de-duplicated view (docs/dedupe.md) shows.
import type { CaptureFile } from '../capture/captureFile';
import { parseCaptureArgs, reportCaptureError } from '../capture/cliArgs';
import { protocolLabel } from '../capture/decode/protocols';
import { FlowEndpoint, FlowInfo } from '../capture/flows';
import { linkTypeName } from '../capture/linkLayer';
import { CaptureError } from '../capture/errors';
import type { CliIO } from './main';
import { CaptureCounts, scanClassicPcap } from './statsScan';

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
  /** Only with --dedupe: socket_wrapper's mirrored records counted as the de-duplicated view shows them. */
  dedupe?: StatsDedupeJson;
}

/** The `dedupe` member of `swdebug stats --dedupe --json`. */
export interface StatsDedupeJson {
  /** Packets the de-duplicated view shows (`swdebug packets --dedupe` prints). */
  shown: number;
  /** Received copies left out: the other process's record of a shown packet. */
  hidden: number;
  /** Mirrored pairs found: a send and the peer's record of reading it. */
  pairs: number;
  /** Shown sends the peer has not read ("not read by the peer (yet)"; role unpaired-send). */
  unpairedSends: number;
  /** Shown receives whose bytes match no send (role unpaired-receive). */
  unpairedReceives: number;
}

const USAGE = `usage: swdebug stats FILE [--json] [--dedupe]
  --json         one JSON object
  --dedupe       also count what the de-duplicated view shows: packets shown once,
                 mirrored pairs, sends not read by the peer (JSON: "dedupe")
`;

const TEXT_FLOWS = 50;

export async function statsCommand(args: string[], io: CliIO): Promise<number> {
  const dedupe = args.includes('--dedupe');
  const parsed = parseCaptureArgs('stats', args.filter((a) => a !== '--dedupe'), io, USAGE);
  if (typeof parsed === 'number') return parsed;
  const { file, json } = parsed;

  // The fast path counts a well-formed classic pcap; anything else (and --dedupe, which
  // needs the index) goes through CaptureFile, which also says what is wrong with a file.
  // SWDEBUG_STATS_COUNTER=script counts in TypeScript even when the addon loads (the
  // benchmark compares the two; bench/capture/README.md).
  const counter = process.env.SWDEBUG_STATS_COUNTER === 'script' ? 'script' : 'auto';
  let counts: CaptureCounts | null = dedupe ? null : await scanClassicPcap(file, counter);
  let error: CaptureError | null = null;
  let mirror: StatsDedupeJson | undefined;
  if (counts === null) {
    // Loaded here: the fast path needs neither the general reader nor the matcher.
    const { CaptureFile } = await import('../capture/captureFile');
    const capture = CaptureFile.open(file, { index: dedupe });
    try {
      const r = await capture.readMoreAsync();
      error = r.error ?? capture.finish();
      if (dedupe) mirror = await dedupeCounts(capture);
    } finally {
      capture.close();
    }
    const fatal = error !== null && !error.isTruncation;
    if (fatal && capture.packetCount === 0) return reportCaptureError('stats', file, error, 0, io);
    counts = capture;
  }

  const s = counts.stats.snapshot();
  const linkTypes = [...new Set(counts.interfaces.map((i) => i.linkType))];
  const report: StatsJson = {
    file,
    format: counts.format,
    linkTypes,
    packets: s.packets,
    bytes: s.bytes,
    capturedBytes: s.capturedBytes,
    firstTime: s.firstTime,
    lastTime: s.lastTime,
    duration: s.duration,
    protocols: s.protocols,
    flows: counts.flows.count,
    malformed: s.malformed,
    fragments: s.fragments,
    conversations: counts.flows.flows(),
    warning: error !== null && error.isTruncation ? error.message : null,
  };
  if (mirror !== undefined) report.dedupe = mirror;
  io.out(json ? JSON.stringify(report) + '\n' : textReport(report, counts));
  return reportCaptureError('stats', file, error, s.packets, io);
}

/** Runs the shared mirror matcher over the indexed capture and counts the view it makes. */
async function dedupeCounts(capture: CaptureFile): Promise<StatsDedupeJson> {
  const { matcherFor } = await import('../capture/dedupe');
  const m = matcherFor(capture);
  m.update();
  let unpairedSends = 0;
  let unpairedReceives = 0;
  for (let row = 0; row < m.shownCount; row++) {
    const role = m.role(m.shownPacket(row));
    if (role === 'unpaired-send') unpairedSends++;
    else if (role === 'unpaired-receive') unpairedReceives++;
  }
  return { shown: m.shownCount, hidden: m.processed - m.shownCount, pairs: m.pairCount, unpairedSends, unpairedReceives };
}

function textReport(r: StatsJson, counts: CaptureCounts): string {
  const ifaces = counts.interfaces;
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
  const d = r.dedupe;
  if (d !== undefined) {
    lines.push(`Dedupe:     ${d.shown} shown, ${d.hidden} received cop${d.hidden === 1 ? 'y' : 'ies'} hidden, ${d.pairs} mirrored pair${d.pairs === 1 ? '' : 's'}`);
    lines.push(`            ${d.unpairedSends} send${d.unpairedSends === 1 ? '' : 's'} not read by the peer, ${d.unpairedReceives} receive${d.unpairedReceives === 1 ? '' : 's'} matching no send`);
  }
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
