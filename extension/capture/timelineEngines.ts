// The filter, de-duplication and stream engines in the shapes the Packet Timeline host
// expects (extension/panel/engines.ts: RowFilter, Deduper, StreamReader). They are
// restated structurally here so the engine never imports the panel:
//
//   import { timelineEngines } from '../capture/timelineEngines';
//   new TimelineController({ ..., engines: timelineEngines() })
//
// State lives per CaptureFile (weakly), so one set of engines serves every open capture.
import type { CaptureFile } from './captureFile';
import { matcherFor, MirrorEntry } from './dedupe';
import { compileFilter, FilterSyntaxError } from './filter/index';
import { StreamAssembler } from './streams';

export interface EngineFilterError {
  readonly message: string;
  /** 0-based column (the panel's convention; FilterSyntaxError.column is 1-based). */
  readonly column: number;
}

export interface EngineCompiledFilter {
  matches(capture: CaptureFile, packet: number): boolean;
}

export interface EngineRowFilter {
  compile(expression: string): EngineCompiledFilter | { readonly error: EngineFilterError };
}

export interface EngineMirrorInfo {
  /** The other copy; null for a send the peer has not read (yet). */
  readonly peer: number | null;
  /** Seconds since the first packet. */
  readonly sentAt: number;
  readonly receivedAt: number | null;
  /** Payload bytes the peer read so far, when it read only part. */
  readonly readBytes?: number;
}

export interface EngineDeduper {
  isMirrorCopy(capture: CaptureFile, packet: number): boolean;
  mirrorOf(capture: CaptureFile, packet: number): EngineMirrorInfo | null;
  /** socket_wrapper's own capture with mirrored pairs: de-duplicate it unless the person says otherwise. */
  onByDefault(capture: CaptureFile): boolean;
  /** Everything known about a packet: role (sent, unpaired-send = not read yet...), partner, times (epoch). */
  entry(capture: CaptureFile, packet: number): MirrorEntry;
}

export interface EngineStreamSegment {
  readonly dir: 0 | 1;
  readonly packet: number;
  /** Seconds since the first packet. */
  readonly rel: number;
  readonly data: Uint8Array;
}

export interface EngineStreamContent {
  readonly flow: number;
  readonly client: string;
  readonly server: string;
  readonly segments: readonly EngineStreamSegment[];
  readonly truncated: boolean;
}

export interface EngineStreamReader {
  read(capture: CaptureFile, flow: number, maxBytes: number): EngineStreamContent;
}

export interface TimelineEngines {
  readonly filter: EngineRowFilter;
  readonly deduper: EngineDeduper;
  readonly streams: EngineStreamReader;
}

export function timelineEngines(): TimelineEngines {
  return { filter: rowFilter(), deduper: deduper(), streams: streamReader() };
}

export function rowFilter(): EngineRowFilter {
  return {
    compile(expression) {
      try {
        const f = compileFilter(expression);
        return { matches: (capture, packet) => f.test(packet, capture) };
      } catch (e) {
        if (e instanceof FilterSyntaxError) return { error: { message: e.message, column: e.offset } };
        throw e;
      }
    },
  };
}

function relative(capture: CaptureFile, epoch: number): number {
  return epoch - capture.index.time(0);
}

export function deduper(): EngineDeduper {
  const ready = (capture: CaptureFile, packet: number): ReturnType<typeof matcherFor> => {
    const m = matcherFor(capture);
    if (packet >= m.processed) m.update(packet + 1);
    return m;
  };
  return {
    isMirrorCopy: (capture, packet) => ready(capture, packet).isCopy(packet),
    mirrorOf(capture, packet) {
      const m = ready(capture, packet);
      // Copies arrive after the packet they copy: bring the matcher up to what is indexed.
      m.update();
      const e = m.entry(packet);
      if (e.sentAt === null) return null;
      const shown = e.role === 'received-copy' ? e.partner : packet;
      const peer = e.role === 'received-copy' ? packet : e.partner;
      if (shown < 0) return null;
      return {
        peer: peer < 0 ? null : peer,
        sentAt: relative(capture, e.sentAt),
        receivedAt: e.receivedAt === null ? null : relative(capture, e.receivedAt),
        ...(e.readBytes !== null && e.receivedAt === null ? { readBytes: e.readBytes } : {}),
      };
    },
    onByDefault(capture) {
      const m = matcherFor(capture);
      m.update();
      return m.detect().dedupeByDefault;
    },
    entry(capture, packet) {
      const m = ready(capture, packet);
      m.update();
      return m.entry(packet);
    },
  };
}

export function streamReader(): EngineStreamReader {
  const cache = new WeakMap<CaptureFile, Map<number, StreamAssembler>>();
  return {
    read(capture, flow, maxBytes) {
      let perCapture = cache.get(capture);
      if (perCapture === undefined) {
        perCapture = new Map();
        cache.set(capture, perCapture);
      }
      let s = perCapture.get(flow);
      const m = matcherFor(capture);
      m.update();
      if (s === undefined) {
        s = new StreamAssembler(capture, flow, { mirror: m.detect().dedupeByDefault ? m : null });
        perCapture.set(flow, s);
      }
      try {
        s.update();
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        // The capture started over: so does the stream.
        s = new StreamAssembler(capture, flow, { mirror: m.detect().dedupeByDefault ? m : null });
        perCapture.set(flow, s);
        s.update();
      }
      const info = capture.flows.flow(flow);
      const end = (e: { addr: string; port: number | null }): string =>
        e.port === null ? e.addr : e.addr.includes(':') ? `[${e.addr}]:${e.port}` : `${e.addr}:${e.port}`;
      const segments: EngineStreamSegment[] = [];
      let used = 0;
      let truncated = false;
      for (const ref of s.segments(0, s.count, true)) {
        if (used >= maxBytes) { truncated = true; break; }
        const take = Math.min(ref.length, maxBytes - used);
        segments.push({ dir: ref.dir, packet: ref.packet, rel: capture.index.relativeTime(ref.packet) - capture.index.relativeTime(0), data: s.bytes({ ...ref, length: take }) });
        used += take;
        if (take < ref.length) { truncated = true; break; }
      }
      return { flow, client: end(info.client), server: end(info.server), segments, truncated };
    },
  };
}
