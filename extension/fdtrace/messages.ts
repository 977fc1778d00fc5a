// Groups the per-fd "send" and "recv" records back into the messages they came from: the
// tracer writes one record per passed fd, all with the same process, sequence number and
// time. Peeked receipts (MSG_PEEK) are kept apart: the same message is received again later.
import type { Channel, PassRecord } from './records';

export interface Message {
  readonly event: 'send' | 'recv';
  readonly pid: number;
  readonly tid: number;
  readonly time: number;
  readonly seq: number;
  readonly channel: Channel;
  /** Fds in the message as the program saw them. */
  readonly n: number;
  readonly trunc: boolean;
  readonly peek: boolean;
  readonly dest: string | null;
  /** The per-fd records in message order (empty for a receipt where no fd fit). */
  readonly fds: readonly PassRecord[];
}

export function groupMessages(records: readonly PassRecord[]): Message[] {
  const groups = new Map<string, PassRecord[]>();
  for (const r of records) {
    // seq restarts after an exec (the library loads afresh), so the time is part of the key.
    const key = `${r.event}/${r.pid}/${r.seq}/${r.time}`;
    const list = groups.get(key);
    if (list) {
      list.push(r);
    } else {
      groups.set(key, [r]);
    }
  }
  const messages: Message[] = [];
  for (const list of groups.values()) {
    const first = list[0];
    const fds = list.filter((r) => r.fd >= 0).sort((a, b) => a.i - b.i);
    messages.push({
      event: first.event,
      pid: first.pid,
      tid: first.tid,
      time: first.time,
      seq: first.seq,
      channel: first.channel,
      n: first.n,
      trunc: list.some((r) => r.trunc),
      peek: first.peek,
      dest: first.dest,
      fds,
    });
  }
  return messages.sort((a, b) => a.time - b.time || a.pid - b.pid || a.seq - b.seq);
}

/** `dev:ino` of the socket at the other end of a message's channel, when the tracer learnt it. */
export function peerObj(channel: Channel): string | null {
  if (channel.peerIno === 0 || channel.obj === null) {
    return null;
  }
  return `${channel.obj.slice(0, channel.obj.indexOf(':'))}:${channel.peerIno}`;
}

export function channelIno(channel: Channel): number | null {
  if (channel.obj === null) {
    return null;
  }
  const ino = Number(channel.obj.slice(channel.obj.indexOf(':') + 1));
  return Number.isFinite(ino) ? ino : null;
}
