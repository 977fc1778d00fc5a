// Hand-built socket_wrapper captures for the de-duplication, filter, stream and report
// tests. SwCapture collects raw-IP records; SwTcp replays socket_wrapper 1.3.5's own
// bookkeeping for one TCP connection (per-process pck_snd/pck_rcv counters, the records
// connect/accept/send/recv/close write, as measured against real captures), so a test
// states a scenario ("the server reads 10 of 100 bytes") and gets the records the library
// would write, in the order it chooses (a record can be held back to model a reader that
// writes first).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CaptureFile } from '../../../../extension/capture/captureFile';
import { pcapFile, PcapPacket } from './files';
import { icmp, ipv4, ipv6, tcp, udp } from './packets';

export interface End {
  addr: string;
  port: number;
}

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

const BASE_SEC = 1700000000;

export class SwCapture {
  private readonly packets: PcapPacket[] = [];
  /** Microseconds since BASE_SEC of the next record (each record advances it by 10). */
  private clock = 0;
  private dir: string | null = null;

  /** Appends one raw IP packet at the current time (or `atUs`). Returns its 0-based number. */
  raw(data: Uint8Array, atUs?: number): number {
    const us = atUs ?? (this.clock += 10);
    this.packets.push({ data, tsSec: BASE_SEC + Math.floor(us / 1e6), tsFrac: us % 1e6 });
    return this.packets.length - 1;
  }

  tcp(from: End, to: End, flags: number, seq: number, ack: number, payload: Uint8Array = new Uint8Array(0), atUs?: number): number {
    const seg = tcp({ sport: from.port, dport: to.port, flags, seq: seq >>> 0, ack: ack >>> 0, payload });
    return this.raw(ip(from.addr, to.addr, 6, seg), atUs);
  }

  udp(from: End, to: End, payload: Uint8Array, atUs?: number): number {
    return this.raw(ip(from.addr, to.addr, 17, udp({ sport: from.port, dport: to.port, payload })), atUs);
  }

  /** socket_wrapper's port unreachable for a datagram `offending` (an IP packet) from `from`. */
  unreachable(from: string, to: string, offending: Uint8Array): number {
    return this.raw(ip(from, to, 1, icmp({ type: 3, code: 3, payload: offending })));
  }

  get count(): number {
    return this.packets.length;
  }

  bytes(): Uint8Array {
    return pcapFile(this.packets);
  }

  /** Writes the capture to a fresh temporary file and returns its path. */
  write(name = 'cap.pcap'): string {
    if (this.dir === null) this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-mirror-'));
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, this.bytes());
    return file;
  }

  /** Writes and indexes the capture. */
  load(): CaptureFile {
    const capture = CaptureFile.open(this.write());
    const r = capture.readMore();
    if (r.error !== null) throw r.error;
    return capture;
  }

  dispose(): void {
    if (this.dir !== null) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function ip(src: string, dst: string, protocol: number, payload: Uint8Array): Uint8Array {
  return src.includes(':') ? ipv6({ src, dst, nextHeader: protocol, payload }) : ipv4({ src, dst, protocol, payload });
}

export function text(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'latin1'));
}

interface Counters {
  snd: number;
  rcv: number;
}

/** A record held back: write() puts it in the capture later (a reader that wrote first). */
export interface Held {
  write(): number;
}

/** One TCP connection as socket_wrapper writes it; 'c' is the client, 's' the server. */
export class SwTcp {
  private readonly k: Record<'c' | 's', Counters> = { c: { snd: 0, rcv: 0 }, s: { snd: 0, rcv: 0 } };
  /** Bytes sent and not yet read, per receiving side. */
  private readonly queued: Record<'c' | 's', number[]> = { c: [], s: [] };

  constructor(private readonly cap: SwCapture, readonly client: End, readonly server: End) {}

  private end(side: 'c' | 's'): End {
    return side === 'c' ? this.client : this.server;
  }

  private peer(side: 'c' | 's'): 'c' | 's' {
    return side === 'c' ? 's' : 'c';
  }

  /** connect(): SYN, SYN-ACK, ACK written by the client. `src` overrides the SYN's source (0.0.0.0). */
  connect(src?: End): number[] {
    const c = this.k.c;
    const out = [this.cap.tcp(src ?? this.client, this.server, SYN, c.snd, c.rcv)];
    c.snd++;
    out.push(this.cap.tcp(this.server, this.client, SYN | ACK, c.rcv, c.snd));
    c.rcv++;
    out.push(this.cap.tcp(this.client, this.server, ACK, c.snd, c.rcv));
    return out;
  }

  /** accept(fd, &addr, &len): the same three records written by the server. */
  accept(): number[] {
    const s = this.k.s;
    const out = [this.cap.tcp(this.client, this.server, SYN, s.rcv, s.snd)];
    s.rcv++;
    out.push(this.cap.tcp(this.server, this.client, SYN | ACK, s.snd, s.rcv));
    s.snd++;
    out.push(this.cap.tcp(this.client, this.server, ACK, s.rcv, s.snd));
    return out;
  }

  /** accept(fd, NULL, NULL): nothing written, counters stay at 0. */
  acceptWithoutAddress(): void {}

  /** send(): one PSH,ACK record by the sender (held back with `hold`). */
  send(side: 'c' | 's', data: Uint8Array, hold = false): number | Held {
    const st = this.k[side];
    const seq = st.snd;
    const ack = st.rcv;
    st.snd += data.length;
    this.queued[this.peer(side)].push(...data);
    const write = (): number => this.cap.tcp(this.end(side), this.end(this.peer(side)), PSH | ACK, seq, ack, data);
    return hold ? { write } : write();
  }

  /** recv(n) by `side`: a PSH,ACK record of what it read, written by the reader. */
  recv(side: 'c' | 's', n: number): number {
    const st = this.k[side];
    const data = Uint8Array.from(this.queued[side].splice(0, n));
    const r = this.cap.tcp(this.end(this.peer(side)), this.end(side), PSH | ACK, st.rcv, st.snd, data);
    st.rcv += data.length;
    return r;
  }

  /** recv() returned 0: socket_wrapper writes an RST from the peer. */
  eof(side: 'c' | 's'): number {
    const st = this.k[side];
    return this.cap.tcp(this.end(this.peer(side)), this.end(side), RST | ACK, st.rcv, st.snd);
  }

  /** close(): own FIN, a made-up FIN from the peer, own ACK. */
  close(side: 'c' | 's'): number[] {
    const st = this.k[side];
    const me = this.end(side);
    const other = this.end(this.peer(side));
    const out = [this.cap.tcp(me, other, FIN | ACK, st.snd, st.rcv)];
    st.snd++;
    out.push(this.cap.tcp(other, me, FIN | ACK, st.rcv, st.snd));
    st.rcv++;
    out.push(this.cap.tcp(me, other, ACK, st.snd, st.rcv));
    return out;
  }
}

export function isHeld(x: number | Held): x is Held {
  return typeof x !== 'number';
}

/** send() that must be written now (the usual case) and returns its packet number. */
export function sent(x: number | Held): number {
  if (isHeld(x)) throw new Error('the record was held');
  return x;
}

/** The client and server of echoScenario. */
export const ECHO_CLIENT = { addr: '127.0.0.11', port: 40000 };
export const ECHO_SERVER = { addr: '127.0.0.10', port: 7777 };

/**
 * The CLI tests' capture (12 records, 7 shown de-duplicated): a handshake, "hello" read by
 * the server, "HELLO" read by the client, "unread" never read, and one UDP datagram.
 * Written to a file; dispose() the returned capture afterwards.
 */
export function echoScenario(): { cap: SwCapture; file: string } {
  const cap = new SwCapture();
  const t = new SwTcp(cap, ECHO_CLIENT, ECHO_SERVER);
  t.connect();
  sent(t.send('c', text('hello')));
  t.accept();
  t.recv('s', 100);
  sent(t.send('s', text('HELLO')));
  t.recv('c', 100);
  sent(t.send('c', text('unread')));
  cap.udp({ addr: '127.0.0.12', port: 5353 }, { addr: '127.0.0.10', port: 53 }, text('q'));
  return { cap, file: cap.write() };
}
