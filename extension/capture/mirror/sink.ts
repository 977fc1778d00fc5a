// What the per-protocol mirror matchers (tcpMirror, udpMirror) report to the de-duplicator:
// a packet is shown (first record of what it stands for) or a copy of an earlier shown one,
// and reads progress on shown packets. Kept apart so each matcher is testable on its own.

/** Per-packet state bits the de-duplicator stores (one byte per packet). */
export const SHOWN = 1;
/** Another record of an earlier shown packet (the other process's view of the same send). */
export const COPY = 2;
/** Shown, and never mirrored by nature: RST, teardown ACK, ICMP, non-TCP/UDP. */
export const NEVER = 4;
/** Shown, but it overlaps an earlier record with other bytes: a receive that matches no send. */
export const CONFLICT = 8;
/** Shown and completely read by the peer. */
export const COMPLETE = 16;
/** Shown, and its (later) copy is the sender's record: the times swap. */
export const SENDER_IS_COPY = 32;
/** The two records are byte-identical: nothing says which was the sender's (the earlier time is). */
export const IDENTICAL = 64;
/**
 * Shown SYN, SYN-ACK or handshake ACK. accept() with a NULL address writes no handshake at
 * all, so once the flow's data is paired an unpaired handshake record is just single.
 */
export const HANDSHAKE = 128;

export interface MirrorSink {
  /** `packet` is shown; `bits` adds NEVER, CONFLICT or HANDSHAKE. */
  show(packet: number, bits?: number): void;
  /**
   * `copy` is another record of shown packet `shown`, covering `bytes` more of its payload;
   * `complete`: the shown packet is now wholly read. `bits` may add SENDER_IS_COPY or IDENTICAL.
   */
  copy(shown: number, copy: number, complete: boolean, bits?: number): void;
  /**
   * Shown packet `shown` was (partly) read by a record written before it (`by`, a copy of
   * another shown packet): the reader's record came first. `complete` as for copy.
   */
  readBy(shown: number, by: number, complete: boolean): void;
  /** How many payload bytes of `shown` have been read so far (for partial reads). */
  progress(shown: number, readBytes: number): void;
}

/** What the matchers need to know about a packet, from the index and the facts. */
export interface PacketView {
  /** Flow id, or -1. */
  flow: number;
  /** 0: from side A of the flow, 1: from side B. */
  dir: number;
  tcpFlags: number;
  seq: number;
  ack: number;
  payloadLength: number;
  payloadHash: number;
}

/** Reads captured payload bytes on demand (only when fingerprints cannot decide). */
export type PayloadReader = (packet: number) => Uint8Array;
