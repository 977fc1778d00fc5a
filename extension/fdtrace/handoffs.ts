// Matches each passed fd to its receipt, giving one handoff per fd: from which process and fd,
// to which, over which channel, what it was, and what became of it.
//
// A receipt belongs to a send on the same channel (the sender's peer socket is the
// receiver's socket; failing that, the destination or peer path names it) sent no later than
// it was received, carrying the same objects in the same order; a channel is a queue, so the
// earliest such send wins. Sends nobody received are "in-flight" while the receiving end is
// open, "lost" once it is closed by everyone who held it, once every process has ended, or
// when a later message on the same channel was received (the receiver read past it with
// read() or recv(), which drops the fds). "truncated": the receipt came with fewer fds
// than were sent (its control buffer was too small).
import type { HolderTable, SocketKind } from './holders';
import { socketKind } from './holders';
import { channelIno, peerObj, type Message } from './messages';
import type { FdDescription, PassRecord } from './records';

export type HandoffKind = SocketKind | 'file' | 'pipe';
export type HandoffState = 'received' | 'in-flight' | 'lost' | 'truncated';

export interface Handoff {
  /** Stable across refreshes of a growing trace. */
  readonly id: string;
  /** µs: when it was sent, or received when the send was not traced. */
  readonly time: number;
  readonly sentTime: number | null;
  readonly receivedTime: number | null;
  readonly fromPid: number | null;
  readonly fromTid: number | null;
  readonly fromFd: number | null;
  readonly toPid: number | null;
  readonly toTid: number | null;
  readonly toFd: number | null;
  /** The channel: a unix path, or `socketpair 1234↔1235` (inodes, sender's first). */
  readonly via: string;
  readonly viaPath: string | null;
  readonly kind: HandoffKind;
  /** The tracer's own kind: sock, file, memfd, eventfd, pipe... */
  readonly fdKind: string;
  readonly family: 'ipv4' | 'ipv6' | null;
  /** Sockets: emulated addresses as the program saw them. */
  readonly local: string | null;
  readonly remote: string | null;
  /** Sockets: 'in' accepted, 'out' connected, null unknown. */
  readonly direction: 'in' | 'out' | null;
  readonly listening: boolean;
  /** Files, pipes and the like: their path (`pipe:[123]` for a pipe). */
  readonly path: string | null;
  readonly obj: string | null;
  readonly state: HandoffState;
  /** Why it is lost or truncated, in words; null otherwise. */
  readonly reason: string | null;
  /** When it became lost (µs), when known. */
  readonly endedTime: number | null;
  /** Its place in its message: fd `index` of `count`. */
  readonly index: number;
  readonly count: number;
}

export interface MatchContext {
  readonly holders: HolderTable;
  /** Nothing can receive any more: the session ended, or every traced process did. */
  readonly finished: boolean;
}

/** Sends stamped up to this much after a receipt may still be its send (clock jitter). */
const TOLERANCE_US = 1000;
/** A send this much earlier than one already received on the same channel was read past. */
const READ_PAST_MARGIN_US = 1000;

export function handoffKind(desc: FdDescription | null): HandoffKind {
  switch (desc?.kind) {
    case 'sock':
      return socketKind(desc.fam, desc.stype);
    case 'file':
    case 'memfd':
    case 'dir':
    case 'chr':
    case 'blk':
      return 'file';
    case 'pipe':
    case 'fifo':
      return 'pipe';
    default:
      return 'other';
  }
}

/** Whether a receipt can belong to a send; `precise` when the kernel's peer inode says so. */
function sameChannel(s: Message, r: Message): { same: boolean; precise: boolean } {
  const sPeer = peerObj(s.channel);
  if (sPeer !== null && r.channel.obj !== null) {
    return { same: sPeer === r.channel.obj, precise: true };
  }
  if (s.dest !== null && r.channel.path !== null) {
    return { same: s.dest === r.channel.path, precise: false };
  }
  if (s.channel.peerPath !== null && r.channel.path !== null) {
    return { same: s.channel.peerPath === r.channel.path, precise: false };
  }
  return { same: false, precise: false };
}

/** The receipt's fds are the send's, in order (a truncated receipt: the first of them). */
function sameObjects(s: Message, r: Message): boolean {
  if (r.fds.length === 0 || r.fds.length > s.fds.length || (!r.trunc && r.fds.length !== s.fds.length)) {
    return false;
  }
  return r.fds.every((fd, i) => fd.desc?.obj != null && fd.desc.obj === s.fds[i].desc?.obj);
}

function via(s: Message | undefined, r: Message | undefined): { via: string; viaPath: string | null } {
  const path = s?.channel.peerPath ?? s?.dest ?? r?.channel.path ?? s?.channel.path ?? r?.channel.peerPath ?? null;
  if (path !== null) {
    return { via: path, viaPath: path };
  }
  const from = s ? channelIno(s.channel) : r?.channel.peerIno || null;
  const to = r ? channelIno(r.channel) : s?.channel.peerIno || null;
  return { via: `socketpair ${from ?? '?'}↔${to ?? '?'}`, viaPath: null };
}

/** A file's path; a unix socket's own path; nothing for an IP socket (it has addresses). */
function pathOf(desc: FdDescription | null): string | null {
  if (desc === null) {
    return null;
  }
  if (desc.kind === 'sock') {
    return desc.fam === 'unix' ? (desc.local ?? desc.upath) : null;
  }
  return desc.path;
}

interface Outcome {
  readonly state: HandoffState;
  readonly reason: string | null;
  readonly endedTime: number | null;
}

function handoff(s: Message | undefined, r: Message | undefined, sent: PassRecord | undefined, got: PassRecord | undefined, outcome: Outcome, ctx: MatchContext): Handoff {
  const desc = got?.desc ?? sent?.desc ?? null;
  const socket = desc?.obj ? ctx.holders.socket(desc.obj) : undefined;
  const first = (s ?? r) as Message;
  const index = sent?.i ?? got?.i ?? 0;
  return {
    id: `${first.event}.${first.pid}.${first.seq}.${first.time}.${index}`,
    time: s?.time ?? r?.time ?? 0,
    sentTime: s?.time ?? null,
    receivedTime: r?.time ?? null,
    fromPid: s?.pid ?? null,
    fromTid: s?.tid ?? null,
    fromFd: sent?.fd ?? null,
    toPid: got ? (r?.pid ?? null) : null,
    toTid: got ? (r?.tid ?? null) : null,
    toFd: got?.fd ?? null,
    ...via(s, r),
    kind: handoffKind(desc),
    fdKind: desc?.kind ?? 'other',
    family: socket?.family ?? null,
    // What the sender saw when it passed it: the socket may be connected or closed later.
    local: sent?.desc?.local ?? got?.desc?.local ?? null,
    remote: sent?.desc?.remote ?? got?.desc?.remote ?? null,
    direction: socket?.direction ?? null,
    listening: socket?.listening ?? false,
    path: pathOf(desc),
    obj: desc?.obj ?? null,
    state: outcome.state,
    reason: outcome.reason,
    endedTime: outcome.endedTime,
    index,
    count: s?.n ?? r?.n ?? 0,
  };
}

/** What became of a send nobody received. */
function unreceived(s: Message, readPastAt: number | undefined, ctx: MatchContext): Outcome {
  if (readPastAt !== undefined) {
    return { state: 'lost', reason: 'the receiver read past this message without taking its fds (read() or recv() drops them)', endedTime: readPastAt };
  }
  const receiving = peerObj(s.channel);
  const released = receiving === null ? undefined : ctx.holders.releasedAt(receiving);
  if (released !== undefined && released >= s.time) {
    return { state: 'lost', reason: 'the receiving end was closed (or its process exited) before anyone received it', endedTime: released };
  }
  if (ctx.finished) {
    return { state: 'lost', reason: 'every process ended before anyone received it', endedTime: null };
  }
  return { state: 'in-flight', reason: null, endedTime: null };
}

export function matchHandoffs(messages: readonly Message[], ctx: MatchContext): Handoff[] {
  const sends = messages.filter((m) => m.event === 'send');
  const receipts = messages.filter((m) => m.event === 'recv' && !m.peek);
  const pending = new Set(sends);
  const receiptOf = new Map<Message, Message>();
  const orphans: Message[] = [];

  for (const r of receipts) {
    const candidates = [...pending].filter((s) => s.time <= r.time + TOLERANCE_US && sameChannel(s, r).same);
    const pick = candidates.find((s) => sameObjects(s, r)) ?? (r.fds.length === 0 ? candidates[0] : undefined);
    if (pick) {
      pending.delete(pick);
      receiptOf.set(pick, r);
    } else {
      orphans.push(r);
    }
  }

  // On a queue, a message sent clearly before one that was received was consumed first.
  const readPast = new Map<Message, number>();
  for (const s of pending) {
    for (const [later, r] of receiptOf) {
      if (later.time > s.time + READ_PAST_MARGIN_US && sameChannel(s, r).precise && sameChannel(s, r).same) {
        readPast.set(s, Math.min(readPast.get(s) ?? r.time, r.time));
      }
    }
  }

  const out: Handoff[] = [];
  for (const s of sends) {
    const r = receiptOf.get(s);
    const outcome = r ? undefined : unreceived(s, readPast.get(s), ctx);
    for (const sent of s.fds) {
      if (!r) {
        out.push(handoff(s, undefined, sent, undefined, outcome as Outcome, ctx));
        continue;
      }
      const got = r.fds[sent.i]; // a truncated receipt holds the first fds of the message
      const truncated: Outcome = {
        state: 'truncated',
        reason: `the receiver's control buffer had room for ${r.fds.length} of ${s.fds.length} fds`,
        endedTime: r.time,
      };
      out.push(handoff(s, r, sent, got, got ? { state: 'received', reason: null, endedTime: null } : truncated, ctx));
    }
  }
  for (const r of orphans) {
    for (const got of r.fds) {
      out.push(handoff(undefined, r, undefined, got, { state: 'received', reason: 'sent by a process the tracer did not see', endedTime: null }, ctx));
    }
  }
  return out.sort((a, b) => a.time - b.time || a.index - b.index);
}
