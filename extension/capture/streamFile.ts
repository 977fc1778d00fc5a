// Feeds a capture file to a PcapReader from where the reader stopped to the end of the
// file, with the next chunk already being read on libuv's thread pool while this one is
// parsed: indexing then costs about max(read, parse) rather than their sum. Awaiting
// between chunks also lets the event loop run, so callers can stop early (a closed pipe).
import * as fs from 'fs';
import { CaptureError } from './errors';
import { PacketCallback, PcapReader } from './pcapReader';

export interface StreamOptions {
  /** Bytes per read (default 4 MiB). */
  chunkSize?: number;
  /** Checked between chunks; true stops the stream early. */
  shouldStop?: () => boolean;
}

/** Returns the number of bytes read. Throws CaptureError (bad data or a failed read). */
export async function streamFile(fd: number, reader: PcapReader, onPacket: PacketCallback, options: StreamOptions = {}): Promise<number> {
  const size = Math.max(1, options.chunkSize ?? 4 * 1024 * 1024);
  const buffers = [new Uint8Array(size), new Uint8Array(size)];
  let position = reader.fedBytes;
  let total = 0;
  let k = 0;
  let inFlight: Promise<number> | null = readChunk(fd, buffers[0], position);
  try {
    for (;;) {
      const n: number = await inFlight;
      inFlight = null;
      if (n === 0 || options.shouldStop?.()) break;
      position += n;
      total += n;
      inFlight = readChunk(fd, buffers[1 - k], position);
      const b = buffers[k];
      reader.feed(n === b.length ? b : b.subarray(0, n), onPacket);
      k = 1 - k;
    }
  } finally {
    // Never leave a read writing into a buffer behind our back.
    if (inFlight !== null) await inFlight.catch(() => 0);
  }
  return total;
}

function readChunk(fd: number, buffer: Uint8Array, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.read(fd, buffer, 0, buffer.length, position, (err, n) => {
      if (err) reject(new CaptureError('io', position, `cannot read the capture file: ${err.message}`));
      else resolve(n);
    });
  });
}
