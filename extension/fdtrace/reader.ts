// Reads an fd trace incrementally: bytes in (a whole file, or what a live file grew by),
// records out. A line is complete only with its newline, so a record being written when we
// read stays pending until the next chunk; at the end of a finished file it counts as a
// partial record. Malformed lines are counted, a few kept with their reasons, and skipped.
import { parseTraceLine } from './parse';
import type { TraceRecord } from './records';

export interface TraceProblem {
  readonly line: number;
  readonly reason: string;
}

export interface TraceStats {
  readonly records: number;
  /** Lines that are not well-formed records (partial ones included). */
  readonly malformed: number;
  /** Well-formed records of events this version does not know. */
  readonly unknown: number;
  /** The first few problems, to show why lines were skipped. */
  readonly problems: readonly TraceProblem[];
}

const KEEP_PROBLEMS = 20;
const NEWLINE = 0x0a;

export class TraceReader {
  private pending: Buffer = Buffer.alloc(0);
  private lineNo = 0;
  private records = 0;
  private malformed = 0;
  private unknown = 0;
  private readonly problems: TraceProblem[] = [];

  /** Parses every complete line in `chunk` (plus what was pending); returns the new records. */
  push(chunk: Buffer): TraceRecord[] {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: TraceRecord[] = [];
    let start = 0;
    for (let nl = data.indexOf(NEWLINE, start); nl >= 0; nl = data.indexOf(NEWLINE, start)) {
      this.line(data.toString('latin1', start, nl), out);
      start = nl + 1;
    }
    // Copied: `data` may be a large chunk we should not keep alive for a few bytes.
    this.pending = Buffer.from(data.subarray(start));
    return out;
  }

  /** The input is complete: a last line without its newline is a partial record. */
  end(): void {
    if (this.pending.length > 0) {
      this.lineNo++;
      this.problem(`partial record at the end (${this.pending.length} bytes, no newline)`);
      this.pending = Buffer.alloc(0);
    }
  }

  /** Bytes of a line not complete yet. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  stats(): TraceStats {
    return { records: this.records, malformed: this.malformed, unknown: this.unknown, problems: [...this.problems] };
  }

  private line(text: string, out: TraceRecord[]): void {
    this.lineNo++;
    if (text.length === 0) {
      return;
    }
    const parsed = parseTraceLine(text, this.lineNo);
    if (parsed.ok) {
      this.records++;
      out.push(parsed.record);
    } else if (parsed.unknown) {
      this.unknown++;
    } else {
      this.problem(parsed.reason);
    }
  }

  private problem(reason: string): void {
    this.malformed++;
    if (this.problems.length < KEEP_PROBLEMS) {
      this.problems.push({ line: this.lineNo, reason });
    }
  }
}
