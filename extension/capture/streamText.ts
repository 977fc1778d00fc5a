// Follow Stream as text: a reassembled stream (streams.ts) turned into chunks of escaped
// text or hex dump, per direction or both interleaved in capture order. Payloads are
// hostile: every byte outside printable ASCII is escaped (\xNN), so what comes out is safe
// to put in a terminal or (after HTML escaping) a page, and never ambiguous.
import type { StreamAssembler, StreamSegmentRef } from './streams';

export type StreamFormat = 'text' | 'hex';

export interface StreamChunk {
  /** 0: client to server, 1: server to client. */
  dir: 0 | 1;
  packet: number;
  /** Escaped text or hex dump lines of this segment. */
  text: string;
  /** Payload bytes the chunk shows. */
  bytes: number;
  /** Bytes missing before it in its direction. */
  missingBefore: number;
}

export interface StreamRender {
  chunks: StreamChunk[];
  /** More payload exists than maxBytes allowed. */
  truncated: boolean;
}

export interface RenderOptions {
  format?: StreamFormat;
  /** 0 or 1 for one direction; both by default. */
  dir?: 0 | 1;
  /** Stop after this many payload bytes (default 1 MiB). */
  maxBytes?: number;
  /** Include segments still waiting for a gap to fill (default true: the view is a snapshot). */
  pending?: boolean;
}

export function renderStream(stream: StreamAssembler, options: RenderOptions = {}): StreamRender {
  const format = options.format ?? 'text';
  const max = options.maxBytes ?? 1 << 20;
  const refs = stream.segments(0, stream.count, options.pending ?? true);
  const chunks: StreamChunk[] = [];
  let used = 0;
  const hexOffsets: [number, number] = [0, 0];
  for (const ref of refs) {
    if (options.dir !== undefined && ref.dir !== options.dir) continue;
    if (used >= max) return { chunks, truncated: true };
    const part: StreamSegmentRef = used + ref.length > max ? { ...ref, length: max - used } : ref;
    const data = stream.bytes(part);
    const text = format === 'hex' ? hexDump(data, hexOffsets[ref.dir]) : escapeBytes(data);
    hexOffsets[ref.dir] += data.length;
    chunks.push({ dir: ref.dir, packet: ref.packet, text, bytes: data.length, missingBefore: ref.missingBefore });
    used += data.length;
    if (part !== ref) return { chunks, truncated: true };
  }
  return { chunks, truncated: false };
}

/** Printable ASCII as is (and newline and tab); "\" as "\\", CR as "\r", anything else as \xNN. */
export function escapeBytes(b: Uint8Array): string {
  let s = '';
  for (let k = 0; k < b.length; k++) {
    const c = b[k];
    if (c === 0x5c) s += '\\\\';
    else if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x09) s += String.fromCharCode(c);
    else if (c === 0x0d) s += '\\r';
    else s += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return s;
}

/** "00000010  48 65 6c 6c 6f 0a ...  |Hello.|" lines; `start` numbers the first byte. */
export function hexDump(b: Uint8Array, start = 0): string {
  const lines: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const row = b.subarray(o, Math.min(b.length, o + 16));
    let hex = '';
    let ascii = '';
    for (let k = 0; k < 16; k++) {
      if (k === 8) hex += ' ';
      if (k < row.length) {
        hex += `${row[k].toString(16).padStart(2, '0')} `;
        ascii += row[k] >= 0x20 && row[k] < 0x7f ? String.fromCharCode(row[k]) : '.';
      } else {
        hex += '   ';
      }
    }
    lines.push(`${(start + o).toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines.join('\n');
}
