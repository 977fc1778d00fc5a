// `swdebug fds FILE [--json] [--processes]`: the file descriptors passed over unix sockets
// in an fd trace, one handoff per passed fd (a message with two fds gives two lines), or with
// --json one object per line (time, fromPid, fromFd, toPid, toFd, via, kind, local, remote,
// path, state: the contract scripts read). Skipped lines are counted on stderr.
import { analyzeTrace } from '../fdtrace/analyze';
import { FDS_USAGE, parseFdsArgs } from '../fdtrace/cliArgs';
import { readTraceFile } from '../fdtrace/follow';
import { handoffJson, processJson } from '../fdtrace/json';
import { clockText, commandLine, exitLabel, handoffLine } from '../fdtrace/text';
import type { CliIO } from './main';

export async function fdsCommand(args: string[], io: CliIO): Promise<number> {
  const parsed = parseFdsArgs(args);
  if ('help' in parsed) {
    io.out(FDS_USAGE);
    return 0;
  }
  if ('error' in parsed) {
    io.err(`swdebug fds: ${parsed.error}\n${FDS_USAGE}`);
    return 2;
  }
  let trace;
  try {
    trace = await readTraceFile(parsed.file);
  } catch (err) {
    io.err(`swdebug fds: ${parsed.file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const { stats } = trace;
  if (stats.malformed > 0) {
    const first = stats.problems[0];
    io.err(`swdebug fds: skipped ${stats.malformed} malformed line(s)${first ? ` (line ${first.line}: ${first.reason})` : ''}\n`);
  }
  const analysis = analyzeTrace(trace.records);
  const lines = parsed.processes
    ? analysis.processes.map((p) =>
        parsed.json ? JSON.stringify(processJson(p)) : `${p.pid}\t${p.ppid ?? '-'}\t${exitLabel(p.exit, p.exitTime !== null)}\t${commandLine(p)}`,
      )
    : analysis.handoffs.map((h) => (parsed.json ? JSON.stringify(handoffJson(h)) : `${clockText(h.time)}  ${handoffLine(h)}  via ${h.via}`));
  io.out(lines.map((l) => `${l}\n`).join(''));
  return 0;
}
