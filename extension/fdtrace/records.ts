// The records of an fd trace (native/tracer/FORMAT.md), as typed values: what parse.ts
// produces and everything else in extension/fdtrace consumes. Times are microseconds since the
// Unix epoch (CLOCK_REALTIME, the pcap's clock); a double holds them exactly.

/** What an fd is, as the tracer described it where it was used. */
export interface FdDescription {
  /** sock, file, dir, pipe, fifo, chr, blk, eventfd, memfd, signalfd, timerfd, epoll, pidfd, anon, other, bad. */
  readonly kind: string;
  /** `dev:ino`: the same in every process holding the open file. */
  readonly obj: string | null;
  /** Sockets: the family the program sees (inet, inet6 for an emulated socket; unix...). */
  readonly fam: string | null;
  readonly stype: string | null;
  /** Sockets: emulated addresses as the program sees them (127.0.0.10:7777). */
  readonly local: string | null;
  readonly remote: string | null;
  /** Sockets: the real unix paths behind them (socket_wrapper's files). */
  readonly upath: string | null;
  readonly uppath: string | null;
  /** Not sockets: readlink of /proc/self/fd/N. */
  readonly path: string | null;
}

interface RecordBase {
  readonly time: number;
  readonly pid: number;
  readonly tid: number;
  /** 1-based line in the trace file (0 when not from a file). */
  readonly line: number;
  /** The tracer shortened a value or left a field out (`cut=1`). */
  readonly cut: boolean;
}

export interface StartRecord extends RecordBase {
  readonly event: 'start';
  readonly ppid: number | null;
  readonly exe: string | null;
  readonly argv: readonly string[];
}

export interface ForkRecord extends RecordBase {
  readonly event: 'fork';
  readonly ppid: number | null;
}

export interface ExitRecord extends RecordBase {
  readonly event: 'exit';
  readonly status: number | null;
  /** `_exit`: the program called _exit/_Exit directly (no atexit handlers ran). */
  readonly how: 'exit' | '_exit';
}

export interface ReapRecord extends RecordBase {
  readonly event: 'reap';
  readonly child: number;
  readonly code: number | null;
  readonly signal: number | null;
}

export type SocketEvent = 'socket' | 'socketpair' | 'bind' | 'listen' | 'connect' | 'accept' | 'hold';

export interface SocketRecord extends RecordBase {
  readonly event: SocketEvent;
  readonly fd: number;
  /** socketpair: the other end's fd. */
  readonly fd2: number | null;
  /** accept: the listener's fd. */
  readonly lfd: number | null;
  readonly desc: FdDescription;
}

export interface DupRecord extends RecordBase {
  readonly event: 'dup';
  readonly fd: number;
  readonly nfd: number;
}

export interface CloseRecord extends RecordBase {
  readonly event: 'close';
  readonly fd: number;
  /** dup2/dup3 closed it by putting another fd in its place. */
  readonly replaced: boolean;
}

/** The unix socket a message travels on, from the side that recorded it. */
export interface Channel {
  readonly fd: number;
  readonly obj: string | null;
  /** The other end's inode (NETLINK_SOCK_DIAG); 0 when unknown or unconnected. */
  readonly peerIno: number;
  readonly path: string | null;
  readonly peerPath: string | null;
}

export interface PassRecord extends RecordBase {
  readonly event: 'send' | 'recv';
  readonly channel: Channel;
  /** Per-process message number; the records of one message share it. */
  readonly seq: number;
  /** Fds in the message as the program sees them, and this one's index. */
  readonly n: number;
  readonly i: number;
  /** The fd passed or received; -1 in the one record of a receipt where no fd fit. */
  readonly fd: number;
  readonly trunc: boolean;
  readonly peek: boolean;
  /** A sendto-style destination given with the message. */
  readonly dest: string | null;
  readonly desc: FdDescription | null;
}

export type TraceRecord = StartRecord | ForkRecord | ExitRecord | ReapRecord | SocketRecord | DupRecord | CloseRecord | PassRecord;
