// UDP mirror matching for socket_wrapper captures: a datagram is written by the sender
// (whole) and by the receiver when it reads it (whole, or only the bytes it asked for:
// recvfrom(4) of a 20-byte datagram writes 4 bytes). socket_wrapper's datagram sockets are
// reliable and ordered, so per direction of a flow the reads match the sends first in,
// first out: a new record that carries the oldest unpaired record's bytes (or a prefix of
// them, or they a prefix of its) is its other copy. Which of two identical records the
// sender wrote is not in the capture: the earlier timestamp is taken as the send.
import { IDENTICAL, MirrorSink, PacketView, PayloadReader, SENDER_IS_COPY } from './sink';

/** Unread datagrams remembered per direction. */
const MAX_QUEUE = 4096;
/** How far past the oldest unread datagram a read may be matched (a reader that skipped some). */
const LOOKAHEAD = 64;
/** Datagrams up to this size are wholly covered by the fingerprint (32 bytes at each end). */
const FULLY_HASHED = 64;

interface Pending {
  packet: number;
  len: number;
  hash: number;
}

export class UdpMirror {
  /** Per flow and direction (flow * 2 + dir): shown datagrams nobody read yet, oldest first. */
  private readonly queues = new Map<number, Pending[]>();

  constructor(private readonly sink: MirrorSink, private readonly payload: PayloadReader) {}

  add(i: number, p: PacketView): void {
    const key = p.flow * 2 + p.dir;
    let q = this.queues.get(key);
    if (q === undefined) {
      q = [];
      this.queues.set(key, q);
    }
    const n = Math.min(q.length, LOOKAHEAD);
    for (let k = 0; k < n; k++) {
      const o = q[k];
      if (!this.same(o, i, p)) continue;
      // Earlier unread datagrams were skipped: they stay unpaired (never read).
      q.splice(0, k + 1);
      const bits = o.len === p.payloadLength ? IDENTICAL : p.payloadLength > o.len ? SENDER_IS_COPY : 0;
      this.sink.copy(o.packet, i, true, bits);
      // A short read drops the rest of the datagram: say how much the reader got.
      if (o.len !== p.payloadLength) this.sink.progress(o.packet, Math.min(o.len, p.payloadLength));
      return;
    }
    this.sink.show(i);
    q.push({ packet: i, len: p.payloadLength, hash: p.payloadHash });
    if (q.length > MAX_QUEUE) q.shift();
  }

  /** Same datagram: equal bytes, or one is the start of the other (a short read). */
  private same(o: Pending, i: number, p: PacketView): boolean {
    if (o.len === p.payloadLength) {
      if (o.hash !== p.payloadHash) return false;
      if (o.len <= FULLY_HASHED) return true;
    } else if (o.len === 0 || p.payloadLength === 0) {
      return false;
    }
    const a = this.payload(o.packet);
    const b = this.payload(i);
    const n = Math.min(a.length, b.length);
    for (let k = 0; k < n; k++) if (a[k] !== b[k]) return false;
    return true;
  }
}
