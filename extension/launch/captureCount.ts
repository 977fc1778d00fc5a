// Counts the records of a growing classic-pcap capture for the session status bar, cheaply:
// it remembers how far it got in each file and reads only record headers appended since.
// (The Packet Timeline has the full reader; this stays tiny because it runs every second.)
import * as fs from 'fs';

interface Progress {
  offset: number;
  count: number;
  littleEndian: boolean;
}

const progress = new Map<string, Progress>();
const HEADER = 24;
const RECORD_HEADER = 16;
const MAX_RECORD = 262144;

/** Records in `file` so far; undefined when it is not a classic pcap (or is corrupt). */
export function countCaptureRecords(file: string): number | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return 0; // socket_wrapper creates the file with the first packet.
  }
  try {
    const size = fs.fstatSync(fd).size;
    let p = progress.get(file);
    if (!p || size < p.offset) {
      const head = Buffer.alloc(HEADER);
      if (fs.readSync(fd, head, 0, HEADER, 0) < HEADER) {
        return 0;
      }
      const magic = head.readUInt32LE(0);
      if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d && magic !== 0xd4c3b2a1 && magic !== 0x4d3cb2a1) {
        return undefined;
      }
      p = { offset: HEADER, count: 0, littleEndian: magic === 0xa1b2c3d4 || magic === 0xa1b23c4d };
      progress.set(file, p);
    }
    const chunk = Buffer.alloc(1 << 20);
    while (p.offset + RECORD_HEADER <= size) {
      const got = fs.readSync(fd, chunk, 0, chunk.length, p.offset);
      let at = 0;
      while (at + RECORD_HEADER <= got) {
        const incl = p.littleEndian ? chunk.readUInt32LE(at + 8) : chunk.readUInt32BE(at + 8);
        if (incl > MAX_RECORD) {
          return undefined;
        }
        if (p.offset + at + RECORD_HEADER + incl > size) {
          break; // A record still being written.
        }
        at += RECORD_HEADER + incl;
        p.count += 1;
      }
      if (at === 0) {
        break;
      }
      p.offset += at;
    }
    return p.count;
  } finally {
    fs.closeSync(fd);
  }
}
