// `swdebug report FILE --html OUT [--fd-trace T] [--filter EXPR] [--dedupe | --no-dedupe]
// [--max-packets N]`: one self-contained HTML file for CI artifacts: the capture as a
// sequence diagram (a lane per endpoint, an arrow per packet, socket_wrapper's mirrored
// copies shown once), the packet table and the conversations; with an fd trace, the fds
// passed and the processes' starts and exits as events on the same time line.
import * as fs from 'fs';
import { CaptureFile } from '../capture/captureFile';
import { caretLines, CompiledFilter, compileFilter, FilterSyntaxError } from '../capture/filter/index';
import { buildModel, DEFAULT_MAX_PACKETS, ReportEvent } from '../capture/report/model';
import { renderReport } from '../capture/report/page';
import { analyzeTrace } from '../fdtrace/analyze';
import { readTraceFile } from '../fdtrace/follow';
import { commandLine, exitLabel, handoffLine, programName } from '../fdtrace/text';
import type { CliIO } from './main';

const USAGE = `usage: swdebug report FILE --html OUT [--fd-trace TRACE] [--filter EXPR] [--dedupe | --no-dedupe] [--max-packets N]
  --html OUT       write the report to OUT (one self-contained HTML file)
  --fd-trace TRACE add the fds passed and the process starts/exits from an fd trace
  --filter EXPR    only packets matching EXPR
  --dedupe         hide socket_wrapper's received copies (the default for socket_wrapper
                   captures with mirrored records); --no-dedupe keeps every record
  --max-packets N  draw and list at most N packets (default ${DEFAULT_MAX_PACKETS})
`;

interface ReportArgs {
  file: string;
  out: string;
  trace: string | null;
  filter: CompiledFilter | null;
  dedupe: boolean | 'auto';
  maxPackets: number;
}

function parseArgs(args: string[], io: CliIO): ReportArgs | number {
  let file: string | null = null;
  let out: string | null = null;
  let trace: string | null = null;
  let expression: string | null = null;
  let dedupe: boolean | 'auto' = 'auto';
  let maxPackets = DEFAULT_MAX_PACKETS;
  const fail = (msg: string): number => {
    io.err(`swdebug report: ${msg}\n${USAGE}`);
    return 2;
  };
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const value = (): string | null => (k + 1 < args.length ? args[++k] : null);
    if (a === '--help' || a === '-h') { io.out(USAGE); return 0; }
    if (a === '--dedupe') dedupe = true;
    else if (a === '--no-dedupe') dedupe = false;
    else if (a === '--html' || a === '--fd-trace' || a === '--filter' || a === '--max-packets') {
      const v = value();
      if (v === null) return fail(`${a} needs a value`);
      if (a === '--html') out = v;
      else if (a === '--fd-trace') trace = v;
      else if (a === '--filter') expression = v;
      else {
        if (!/^\d{1,9}$/.test(v) || Number(v) < 1) return fail(`--max-packets takes a positive number, not "${v}"`);
        maxPackets = Number(v);
      }
    } else if (a.startsWith('-') && a !== '-') return fail(`unknown option ${a}`);
    else if (file === null) file = a;
    else return fail('more than one capture file given');
  }
  if (file === null) return fail('no capture file given');
  if (out === null) return fail('--html OUT is required (the report is an HTML file)');
  let filter: CompiledFilter | null = null;
  if (expression !== null) {
    try {
      filter = compileFilter(expression);
    } catch (e) {
      if (!(e instanceof FilterSyntaxError)) throw e;
      const shown = caretLines(expression, e).split('\n').map((l) => `  ${l}`).join('\n');
      io.err(`swdebug report: bad filter: ${e.message} (column ${e.column})\n${shown}\n`);
      return 2;
    }
  }
  return { file, out, trace, filter, dedupe, maxPackets };
}

export async function reportCommand(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, io);
  if (typeof parsed === 'number') return parsed;
  if (!fs.existsSync(parsed.file)) {
    io.err(`swdebug report: ${parsed.file}: no such file\n`);
    return 1;
  }
  const notes: string[] = [];
  const events: ReportEvent[] = [];
  if (parsed.trace !== null) {
    try {
      events.push(...await traceEvents(parsed.trace, notes));
    } catch (e) {
      io.err(`swdebug report: ${parsed.trace}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  const capture = CaptureFile.open(parsed.file);
  try {
    const r = await capture.readMoreAsync();
    const error = r.error ?? capture.finish();
    if (error !== null) {
      if (!error.isTruncation && capture.index.count === 0) {
        io.err(`swdebug report: ${parsed.file}: ${error.kind}: ${error.message}\n`);
        return 1;
      }
      notes.push(`${error.isTruncation ? 'Warning' : 'Error'} reading the capture: ${error.message}; the ${capture.index.count} packets before it are shown.`);
      io.err(`swdebug report: ${error.isTruncation ? 'warning: ' : ''}${parsed.file}: ${error.message}\n`);
    }
    const model = buildModel(capture, { dedupe: parsed.dedupe, filter: parsed.filter, maxPackets: parsed.maxPackets, events, notes });
    fs.writeFileSync(parsed.out, renderReport(model));
    io.err(`swdebug report: wrote ${parsed.out} (${model.rows.length} of ${model.selected} packets drawn, ${model.lanes.length} lanes${model.dedupe ? ', de-duplicated' : ''})\n`);
    return error !== null && !error.isTruncation ? 1 : 0;
  } finally {
    capture.close();
  }
}

/** The fd trace's handoffs and process starts/exits as report events (times in epoch seconds). */
async function traceEvents(file: string, notes: string[]): Promise<ReportEvent[]> {
  const trace = await readTraceFile(file);
  if (trace.stats.malformed > 0) notes.push(`The fd trace had ${trace.stats.malformed} malformed line(s); they were skipped.`);
  const analysis = analyzeTrace(trace.records, { sessionEnded: true });
  const out: ReportEvent[] = [];
  for (const h of analysis.handoffs) {
    out.push({ time: h.time / 1e6, kind: 'fd', label: `fd passed: ${handoffLine(h)}`, detail: `${handoffLine(h)} via ${h.via} (${h.state}${h.reason !== null ? `: ${h.reason}` : ''})` });
  }
  for (const p of analysis.processes) {
    const name = programName(p);
    out.push({ time: p.startTime / 1e6, kind: 'process', label: `pid ${p.pid} started (${name})`, detail: commandLine(p) });
    if (p.exitTime !== null) out.push({ time: p.exitTime / 1e6, kind: 'process', label: `pid ${p.pid} ${exitLabel(p.exit, true)} (${name})`, detail: commandLine(p) });
  }
  return out;
}
