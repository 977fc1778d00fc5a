// Follows a trace file while processes append to it: each poll reads only what was added
// since the last one and parses the complete lines (a record being written waits for the
// next poll). A file that does not exist yet is simply empty (the tracer creates it with the
// first record); one that shrank was replaced, and is read again from the start.
import * as fs from 'fs';
import type { TraceRecord } from './records';
import { TraceReader, type TraceStats } from './reader';

const CHUNK = 1 << 20;

export class TraceFollower {
  private offset = 0;
  private reader = new TraceReader();
  private all: TraceRecord[] = [];
  private polling: Promise<boolean> | undefined;

  constructor(readonly file: string) {}

  get records(): readonly TraceRecord[] {
    return this.all;
  }

  stats(): TraceStats {
    return this.reader.stats();
  }

  /** Reads what the file grew by; resolves true when new records arrived. One poll at a time. */
  poll(): Promise<boolean> {
    this.polling ??= this.read().finally(() => (this.polling = undefined));
    return this.polling;
  }

  /** The file is complete: reads the rest and counts a last line without newline as partial. */
  async finish(): Promise<boolean> {
    const changed = await this.poll();
    this.reader.end();
    return changed;
  }

  private async read(): Promise<boolean> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return false;
      }
      throw err;
    }
    try {
      const { size } = await handle.stat();
      let changed = false;
      if (size < this.offset) {
        this.offset = 0;
        this.reader = new TraceReader();
        this.all = [];
        changed = true;
      }
      const buf = Buffer.alloc(Math.min(CHUNK, Math.max(0, size - this.offset)));
      while (this.offset < size) {
        const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, size - this.offset), this.offset);
        if (bytesRead === 0) {
          break;
        }
        this.offset += bytesRead;
        const fresh = this.reader.push(buf.subarray(0, bytesRead));
        if (fresh.length > 0) {
          this.all.push(...fresh);
          changed = true;
        }
      }
      return changed;
    } finally {
      await handle.close();
    }
  }
}

/** Reads a whole trace file at once (the CLI): its records and how many lines were skipped. */
export async function readTraceFile(file: string): Promise<{ records: readonly TraceRecord[]; stats: TraceStats }> {
  const follower = new TraceFollower(file);
  await fs.promises.access(file, fs.constants.R_OK); // a missing file is an error here, not "empty"
  await follower.finish();
  return { records: follower.records, stats: follower.stats() };
}
