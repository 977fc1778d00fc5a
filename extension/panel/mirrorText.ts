// How a de-duplicated row says what socket_wrapper's two records of it tell: when the sender
// wrote it and when the receiver read it, or that the peer has not read it (yet). Shared by
// the packet list (Info cell marker and tooltip) and the details tree (a first node).
import type { MirrorInfo } from './protocol';

export interface MirrorText {
  /** Put before the Info text: "⇄" read by the peer, "⇢" not (wholly) read. */
  readonly marker: string;
  /** One line for a tooltip or a details node. */
  readonly text: string;
  /** The peer has not read it (wholly): the row is marked. */
  readonly unread: boolean;
}

const seconds = (s: number): string => `${s.toFixed(6)} s`;

/** "+85 µs", "+1.204 ms", "+2.5 s": how long the packet waited in the receiver's queue. */
export function waitText(sentAt: number, receivedAt: number): string {
  const d = Math.max(0, receivedAt - sentAt);
  if (d < 1e-3) return `+${Math.round(d * 1e6)} µs`;
  if (d < 1) return `+${(d * 1e3).toFixed(3)} ms`;
  return `+${d.toFixed(3)} s`;
}

export function mirrorText(m: MirrorInfo): MirrorText {
  if (m.receivedAt !== null) {
    const other = m.peer === null ? '' : ` (other record: No. ${m.peer + 1})`;
    return {
      marker: '⇄',
      text: `Sent at ${seconds(m.sentAt)}, received at ${seconds(m.receivedAt)} (${waitText(m.sentAt, m.receivedAt)})${other}`,
      unread: false,
    };
  }
  if (m.readBytes !== undefined) {
    return {
      marker: '⇢',
      text: `Sent at ${seconds(m.sentAt)}; the peer has read ${m.readBytes} byte${m.readBytes === 1 ? '' : 's'} of it so far${m.peer === null ? '' : ` (No. ${m.peer + 1})`}`,
      unread: true,
    };
  }
  return { marker: '⇢', text: `Sent at ${seconds(m.sentAt)}; not read by the peer (yet): socket_wrapper has no record of a receive`, unread: true };
}
