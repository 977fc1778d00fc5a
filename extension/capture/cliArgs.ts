// Argument parsing and error reporting shared by `swdebug packets` and `swdebug stats`:
// one FILE, an optional --json, nothing else (options not implemented are refused).
// Lives with the engine so the two command files stay small; it knows nothing of main.ts.
import { CaptureError } from './errors';

/** The output half of the CLI's CliIO, restated here to keep the engine free of CLI imports. */
export interface TextSink {
  out(text: string): void;
  err(text: string): void;
}

export interface CaptureArgs {
  file: string;
  json: boolean;
}

/** Returns the arguments, or the exit code to return right away (help or usage error). */
export function parseCaptureArgs(command: string, args: string[], io: TextSink, usageText?: string): CaptureArgs | number {
  const usage = usageText ?? `usage: swdebug ${command} FILE [--json]\n`;
  let file: string | null = null;
  let json = false;
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') { io.out(usage); return 0; }
    else if (a.startsWith('-') && a !== '-') { io.err(`swdebug ${command}: unknown option ${a}\n${usage}`); return 2; }
    else if (file === null) file = a;
    else { io.err(`swdebug ${command}: more than one file given\n${usage}`); return 2; }
  }
  if (file === null) {
    io.err(`swdebug ${command}: no capture file given\n${usage}`);
    return 2;
  }
  return { file, json };
}

/**
 * Says what went wrong on stderr and picks the exit code: a file that merely stops inside
 * its last record is a warning (exit 0, every complete packet was used); anything else is 1.
 */
export function reportCaptureError(command: string, file: string, error: CaptureError | null, packets: number, io: TextSink): number {
  if (error === null) return 0;
  if (error.isTruncation) {
    io.err(`swdebug ${command}: warning: ${file}: ${error.message}; the ${packets} complete packets before it were used\n`);
    return 0;
  }
  const kept = packets > 0 ? ` (${packets} packets before it were used)` : '';
  io.err(`swdebug ${command}: ${file}: ${error.kind}: ${error.message}${kept}\n`);
  return 1;
}
