// Follow Stream as text: a reassembled stream (streams.ts) turned into chunks of escaped
// text or hex dump, per direction or both interleaved in capture order. Payloads are
// hostile: every byte outside printable ASCII is escaped (\xNN), so what comes out is safe
// to put in a terminal or (after HTML escaping) a page, and never ambiguous.
import { escapeBytes, hexDump } from './byteText';
import type { StreamAssembler, StreamSegmentRef } from './streams';

export { escapeBytes, hexDump };

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
