// `swdebug packets FILE [--json] [--dedupe] [--filter EXPR]`: every packet of a capture, in
// file order. With --json one JSON object per line (the contract other tools read: no,
// time, src, dst, proto, sport, dport, flags, len, plus extras); without, a table like
// tshark's one-line summary. Streams: constant memory apart from the flow table, whatever
// the file size. --dedupe (socket_wrapper's mirrored records shown once, with a `mirror`
// member) and --filter (the filter language of docs/filter.md) index the file first and
// then print the same lines for the packets they keep.
import * as fs from 'fs';
import { decodePacket, TcpBases } from '../capture/decode/index';
import { protocolLabel } from '../capture/decode/protocols';
import { newSummary, summarize } from '../capture/decode/summary';
import { CaptureError } from '../capture/errors';
import { FlowTable, NO_FLOW } from '../capture/flows';
import { PcapReader } from '../capture/pcapReader';
import { streamFile } from '../capture/streamFile';
import { PacketRecord } from '../capture/record';
import { parseCaptureArgs, reportCaptureError } from '../capture/cliArgs';
import { caretLines, CompiledFilter, compileFilter, FilterSyntaxError } from '../capture/filter/index';
import { MirrorJson, mirrorNote, PacketSelection } from '../capture/packetSelection';
import { deltaText } from '../capture/timeFormat';
import type { CliIO } from './main';

/** One line of `swdebug packets --json`. */
export interface PacketJson {
  no: number;
  /** Epoch seconds. */
  time: number;
  src: string;
  dst: string;
  proto: string;
  sport: number | null;
  dport: number | null;
  /** TCP only: one letter of "FSRPAUEC" per set flag, in that order ("" for none); null otherwise. */
  flags: string | null;
  /** Transport payload bytes, as the headers claim. */
  len: number;
  seq: number | null;
  ack: number | null;
  caplen: number;
  origlen: number;
  /** Flow number (0-based, both directions together), null for packets outside any flow. */
  flow: number | null;
  icmp: { type: number; code: number; quoted: { src: string; dst: string; proto: string; sport: number | null; dport: number | null } | null } | null;
  info: string;
  /** Only with --dedupe: the packet's role and its other record (see MirrorJson). */
  mirror?: MirrorJson;
}

const FLUSH_AT = 1 << 16;

const USAGE = `usage: swdebug packets FILE [--json] [--dedupe] [--filter EXPR]
  --json         one JSON object per line
  --dedupe       show socket_wrapper's mirrored records once: received copies are left
                 out, each send says when it was read (JSON: "mirror")
  --filter EXPR  only packets matching EXPR, e.g. 'tcp.port == 7777 && len > 0'
`;

interface PacketsOptions {
  dedupe: boolean;
  filter: CompiledFilter | null;
  rest: string[];
}

/** Takes --dedupe and --filter out of `args`; returns the exit code on a usage or filter error. */
function takeOptions(args: string[], io: CliIO): PacketsOptions | number {
  const rest: string[] = [];
  let dedupe = false;
  let expression: string | null = null;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--dedupe') dedupe = true;
    else if (a === '--filter' || a === '-Y') {
      if (k + 1 >= args.length) {
        io.err(`swdebug packets: ${a} needs an expression\n${USAGE}`);
        return 2;
      }
      expression = args[++k];
    } else if (a.startsWith('--filter=')) expression = a.slice('--filter='.length);
    else rest.push(a);
  }
  let filter: CompiledFilter | null = null;
  if (expression !== null) {
    try {
      filter = compileFilter(expression);
    } catch (e) {
      if (!(e instanceof FilterSyntaxError)) throw e;
      const shown = caretLines(expression, e).split('\n').map((l) => `  ${l}`).join('\n');
      io.err(`swdebug packets: bad filter: ${e.message} (column ${e.column})\n${shown}\n`);
      return 2;
    }
  }
  return { dedupe, filter, rest };
}

export async function packetsCommand(args: string[], io: CliIO): Promise<number> {
  const options = takeOptions(args, io);
  if (typeof options === 'number') return options;
  const parsed = parseCaptureArgs('packets', options.rest, io, USAGE);
  if (typeof parsed === 'number') return parsed;
  const { file, json } = parsed;

  // First pass (only with --dedupe or --filter): which packets to print.
  let selection: PacketSelection | null = null;
  if (options.dedupe || (options.filter !== null && !options.filter.matchesAll)) {
    if (!fs.existsSync(file)) {
      io.err(`swdebug packets: ${file}: no such file\n`);
      return 1;
    }
    selection = (await PacketSelection.load(file, { dedupe: options.dedupe, filter: options.filter })).selection;
  }

  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    io.err(`swdebug packets: ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const reader = new PcapReader();
  const flows = new FlowTable();
  const summary = newSummary();
  let out: string[] = [];
  let outSize = 0;
  let no = 0;
  let firstSec = 0;
  let firstNsec = 0;
  let digits = 6;

  const onPacket = (r: PacketRecord): void => {
    no++;
    summarize(r.bytes, r.dataStart, r.dataStart + r.capLen, r.linkType, summary, r.origLen);
    const time = r.tsSec + r.tsNsec / 1e9;
    const flowId = flows.observe(summary, time, r.origLen);
    if (no === 1) {
      firstSec = r.tsSec;
      firstNsec = r.tsNsec;
      digits = (reader.interfaces[r.interfaceId]?.unitsPerSecond ?? 1e6) > 1e6 ? 9 : 6;
    }
    // Packets left out still count for flows and times, so flow numbers, relative
    // sequence numbers and times are those of the full listing.
    if (selection !== null && !selection.keep(no - 1)) return;
    const mirror = selection?.mirror(no - 1) ?? null;
    let tcpBases: TcpBases | undefined;
    if (flowId !== NO_FLOW && summary.ipProtocol === 6) tcpBases = flows.tcpBases(flowId, flows.lastDirection);
    const d = decodePacket(r.bytes, r.linkType, r.dataStart, r.dataStart + r.capLen, { tcpBases, wireLen: r.origLen });
    let line: string;
    if (json) {
      const obj: PacketJson = {
        no, time, src: d.src, dst: d.dst, proto: d.proto, sport: d.sport, dport: d.dport,
        flags: d.tcp === null ? null : d.tcp.letters, len: d.payloadLength,
        seq: d.tcp === null ? null : d.tcp.seq, ack: d.tcp === null ? null : d.tcp.ack,
        caplen: r.capLen, origlen: r.origLen, flow: flowId === NO_FLOW ? null : flowId,
        icmp: d.icmp === null ? null : { type: d.icmp.type, code: d.icmp.code, quoted: d.icmp.quoted },
        info: d.info,
      };
      if (mirror !== null) obj.mirror = mirror;
      line = JSON.stringify(obj) + '\n';
    } else {
      const rel = deltaText(r.tsSec, r.tsNsec, firstSec, firstNsec, digits);
      // Like Wireshark, a fragment it has not reassembled is labelled by its IP version.
      const proto = d.fragment !== null && d.network !== null ? protocolLabel(d.network)
        : d.network === null && d.proto === 'unknown' ? '' : protocolLabel(d.proto);
      const src = d.src === '' ? 'N/A' : d.src;
      const dst = d.dst === '' ? 'N/A' : d.dst;
      line = `${String(no).padStart(5)} ${rel.padStart(digits + 5)} ${src.padStart(12)} → ${dst.padEnd(12)} ${proto} ${r.origLen} ${d.info}${mirrorNote(mirror, time)}\n`;
    }
    out.push(line);
    outSize += line.length;
    if (outSize >= FLUSH_AT) {
      io.out(out.join(''));
      out = [];
      outSize = 0;
    }
  };

  // `swdebug packets big.pcap | head`: once the reader of our stdout is gone, stop reading
  // the file instead of decoding gigabytes into a closed pipe.
  let stdoutClosed = false;
  let stdoutError: NodeJS.ErrnoException | null = null;
  const onStdoutError = (e: NodeJS.ErrnoException): void => {
    stdoutClosed = true;
    if (e.code !== 'EPIPE') stdoutError = e;
  };
  process.stdout.on('error', onStdoutError);

  let error: CaptureError | null = null;
  try {
    await streamFile(fd, reader, onPacket, { shouldStop: () => stdoutClosed });
    if (!stdoutClosed) reader.finish();
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    error = e;
  } finally {
    fs.closeSync(fd);
    selection?.close();
  }
  if (!stdoutClosed && out.length > 0) io.out(out.join(''));
  // Let a failed last write report itself while the listener is still there.
  await new Promise((resolve) => setImmediate(resolve));
  process.stdout.off('error', onStdoutError);
  if (stdoutError !== null) {
    io.err(`swdebug packets: cannot write the output: ${(stdoutError as Error).message}\n`);
    return 1;
  }
  // A closed pipe is the reader saying "enough" (`| head`), not a failure.
  if (stdoutClosed) return 0;
  return reportCaptureError('packets', file, error, no, io);
}
