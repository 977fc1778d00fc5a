// Whole-capture counters for `swdebug stats` and the panel's header line: packets, bytes,
// time span and packets per protocol. Fed with each packet's summary while indexing.
import { PacketSummary } from './decode/summary';
import { ipProtocolName } from './decode/protocols';
import { etherTypeName, LINKTYPE_LOOP, LINKTYPE_NULL } from './linkLayer';

export interface StatsSnapshot {
  packets: number;
  /** Sum of on-the-wire lengths. */
  bytes: number;
  /** Sum of captured lengths. */
  capturedBytes: number;
  /** Epoch seconds of the earliest and latest packet (null when there are none). */
  firstTime: number | null;
  lastTime: number | null;
  /** lastTime - firstTime, computed from the exact integer parts. */
  duration: number;
  /** Packets per protocol name ("tcp", "udp", "icmp", "icmpv6", "arp"...), most frequent first. */
  protocols: Record<string, number>;
  /** Packets whose headers were cut short or impossible. */
  malformed: number;
  /** IP fragments. */
  fragments: number;
}

/** The counters behind a CaptureStats, as another counter of the same rules hands them over (native/addon/pcap_counter.h). */
export interface StatsCounters {
  packets: number;
  bytes: number;
  capturedBytes: number;
  /** Meaningless while packets is 0. */
  firstSec: number;
  firstNsec: number;
  lastSec: number;
  lastNsec: number;
  malformed: number;
  fragments: number;
  /** IP packets per protocol number (256 entries). */
  perIpProtocol: Float64Array;
  /** Other packets as [ethertype, count]; -1 stands for add()'s "unknown" (malformed, none found, or a loopback link). */
  other: ReadonlyArray<readonly [number, number]>;
}

export class CaptureStats {
  packets = 0;
  bytes = 0;
  capturedBytes = 0;
  // Earliest and latest times as exact (seconds, nanoseconds) pairs: epoch doubles are
  // only good to ~0.2 µs, which would show in durations.
  private firstSec = Infinity;
  private firstNsec = 0;
  private lastSec = -Infinity;
  private lastNsec = 0;
  malformed = 0;
  fragments = 0;
  /** IP packets per protocol number; a typed array keeps the per-packet cost to one add. */
  private readonly perIpProtocol = new Float64Array(256);
  private readonly other = new Map<string, number>();

  /** Counts one packet. `swdebug stats` runs a C++ copy (StatsCounter::Add in native/addon/pcap_counter.cc): change both. */
  add(s: PacketSummary, linkType: number, sec: number, nsec: number, capLen: number, origLen: number): void {
    this.packets++;
    this.bytes += origLen;
    this.capturedBytes += capLen;
    if (sec < this.firstSec || (sec === this.firstSec && nsec < this.firstNsec)) {
      this.firstSec = sec;
      this.firstNsec = nsec;
    }
    if (sec > this.lastSec || (sec === this.lastSec && nsec > this.lastNsec)) {
      this.lastSec = sec;
      this.lastNsec = nsec;
    }
    if (s.malformed) this.malformed++;
    if (s.fragment) this.fragments++;
    if (s.family !== 0) {
      this.perIpProtocol[s.ipProtocol & 0xff]++;
    } else {
      const name = s.malformed || s.etherType < 0 || linkType === LINKTYPE_NULL || linkType === LINKTYPE_LOOP ? 'unknown' : etherTypeName(s.etherType);
      this.other.set(name, (this.other.get(name) ?? 0) + 1);
    }
  }

  /** A CaptureStats holding what another counter counted. */
  static restore(c: StatsCounters): CaptureStats {
    const stats = new CaptureStats();
    stats.packets = c.packets;
    stats.bytes = c.bytes;
    stats.capturedBytes = c.capturedBytes;
    if (c.packets > 0) {
      stats.firstSec = c.firstSec;
      stats.firstNsec = c.firstNsec;
      stats.lastSec = c.lastSec;
      stats.lastNsec = c.lastNsec;
    }
    stats.malformed = c.malformed;
    stats.fragments = c.fragments;
    stats.perIpProtocol.set(c.perIpProtocol.subarray(0, 256));
    for (const [etherType, n] of c.other) {
      const name = etherType < 0 ? 'unknown' : etherTypeName(etherType);
      stats.other.set(name, (stats.other.get(name) ?? 0) + n);
    }
    return stats;
  }

  snapshot(): StatsSnapshot {
    const counts: Array<[string, number]> = [];
    for (let p = 0; p < 256; p++) if (this.perIpProtocol[p] > 0) counts.push([ipProtocolName(p), this.perIpProtocol[p]]);
    for (const [name, n] of this.other) counts.push([name, n]);
    counts.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    return {
      packets: this.packets,
      bytes: this.bytes,
      capturedBytes: this.capturedBytes,
      firstTime: this.packets > 0 ? this.firstSec + this.firstNsec / 1e9 : null,
      lastTime: this.packets > 0 ? this.lastSec + this.lastNsec / 1e9 : null,
      duration: this.packets > 0 ? (this.lastSec - this.firstSec) + (this.lastNsec - this.firstNsec) / 1e9 : 0,
      protocols: Object.fromEntries(counts),
      malformed: this.malformed,
      fragments: this.fragments,
    };
  }
}
