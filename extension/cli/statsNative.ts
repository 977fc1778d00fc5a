// The native RecordCounter of `swdebug stats`: the addon's PcapCounter (native/addon/
// pcap_counter.h) walks the records and counts the plain IPv4 TCP/UDP packets that make up
// nearly all of a socket_wrapper capture; every other packet (SYNs, IPv6, ICMP, options,
// fragments, damaged headers) is decoded here by the TypeScript summarizeGeneral and
// handed back, so there is one general decoder. On the 700k-packet benchmark capture the
// counting went from ~65 ms in TypeScript to a few ms (bench/capture/README.md).
import { CaptureStats } from '../capture/captureStats';
import { newSummary, summarizeGeneral } from '../capture/decode/summary';
import { FlowTable } from '../capture/flows';
import { loadAddon, NativePcapCounter } from '../native/addon';
import type { CaptureCounts, RecordCounter, RecordFormat } from './statsScan';

/** Ints per listed record; the layout is PcapCounter::kSlotInts's in pcap_counter.h. */
const SLOT_INTS = 21;
/** Records listed per round trip: enough that a capture of only IPv6 costs few calls. */
const SLOTS = 1024;

/** The native counter for `format`, or null when the addon does not load (the caller counts in TypeScript). */
export function nativeRecordCounter(format: RecordFormat): RecordCounter | null {
  const load = loadAddon();
  const PcapCounter = load.ok ? load.addon.PcapCounter : undefined;
  if (typeof PcapCounter !== 'function') return null;
  return new NativeRecordCounter(new PcapCounter(format.linkType, format.littleEndian, format.nanosecond, format.maxCapLen), format.linkType);
}

class NativeRecordCounter implements RecordCounter {
  private readonly slots = new Int32Array(1 + SLOTS * SLOT_INTS);
  private readonly summary = newSummary();

  constructor(private readonly native: NativePcapCounter, private readonly linkType: number) {}

  count(b: Uint8Array, p: number, end: number): number {
    for (;;) {
      const q = this.native.count(b, p, end, this.slots);
      if (q < 0) return -1;
      const listed = this.slots[0];
      if (listed > 0) {
        this.summarizeListed(b, listed);
        this.native.commit(this.slots);
      }
      // Short of a full list, the counter stopped at the first incomplete record.
      if (listed < SLOTS) return q;
      p = q;
    }
  }

  finish(): Pick<CaptureCounts, 'stats' | 'flows'> {
    const r = this.native.result();
    return { stats: CaptureStats.restore(r.stats), flows: FlowTable.fromColumns(r.flows) };
  }

  /** Writes summarizeGeneral's answer for each listed record into its slot. */
  private summarizeListed(b: Uint8Array, listed: number): void {
    const sl = this.slots;
    const s = this.summary;
    for (let i = 0; i < listed; i++) {
      const o = 1 + i * SLOT_INTS;
      summarizeGeneral(b, sl[o], sl[o + 1], this.linkType, s, sl[o + 2] >>> 0);
      sl[o + 3] = s.family;
      sl[o + 4] = s.ipProtocol;
      sl[o + 5] = s.etherType;
      sl.set(s.addr, o + 6);
      sl[o + 14] = s.sport;
      sl[o + 15] = s.dport;
      sl[o + 16] = s.tcpFlags;
      sl[o + 17] = s.seq;
      sl[o + 18] = s.ack;
      sl[o + 19] = s.tcpWscale;
      sl[o + 20] = (s.fragment ? 1 : 0) | (s.malformed ? 2 : 0);
    }
  }
}
