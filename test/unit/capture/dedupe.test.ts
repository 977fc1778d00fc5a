// socket_wrapper mirror de-duplication on hand-built captures that replay what the library
// writes (support/mirrorCapture.ts): which record is shown, which is the hidden copy, the
// sent/received times, partial reads and merges, the reader writing first, a server that
// counts from 0 (accept without an address), FIN pairs, UDP short reads, the 0.0.0.0 SYN,
// a growing capture, detection, and hostile records.
import * as assert from 'assert';
import * as fs from 'fs';
import { CaptureFile } from '../../../extension/capture/captureFile';
import { MirrorMatcher } from '../../../extension/capture/dedupe';
import { isEmulatedAddress } from '../../../extension/capture/mirror/detect';
import { pcapFile, pcapRecord } from './support/files';
import { ACK, End, FIN, ip, isHeld, PSH, sent, SwCapture, SwTcp, SYN, text } from './support/mirrorCapture';
import { bytes, udp } from './support/packets';

const C: End = { addr: '127.0.0.11', port: 40000 };
const S: End = { addr: '127.0.0.10', port: 7777 };
const U: End = { addr: '127.0.0.10', port: 7778 };

function matched(cap: SwCapture): { capture: CaptureFile; m: MirrorMatcher } {
  const capture = cap.load();
  const m = new MirrorMatcher(capture);
  m.update();
  return { capture, m };
}

function roles(m: MirrorMatcher, n: number): string[] {
  return Array.from({ length: n }, (_, i) => m.role(i));
}

describe('capture/dedupe (socket_wrapper mirrored records)', () => {
  let cap: SwCapture;
  beforeEach(() => { cap = new SwCapture(); });
  afterEach(() => cap.dispose());

  it('an echo session: every record once, copies hidden, sent/received times, FIN pairs, teardown ACKs and EOF RST single', () => {
    const t = new SwTcp(cap, C, S);
    const [syn, synAck, ack] = t.connect();
    const hello = sent(t.send('c', text('hello')));
    const [syn2, synAck2, ack2] = t.accept();
    const helloRead = t.recv('s', 100);
    const reply = sent(t.send('s', text('HELLO')));
    const replyRead = t.recv('c', 100);
    const [cFin, cFakeFin, cAck] = t.close('c');
    const eof = t.eof('s');
    const [sFin, sFakeFin, sAck] = t.close('s');
    const { capture, m } = matched(cap);
    const r = roles(m, capture.index.count);
    for (const [shown, copy] of [[syn, syn2], [synAck, synAck2], [ack, ack2], [hello, helloRead], [reply, replyRead], [cFin, sFakeFin], [cFakeFin, sFin]]) {
      assert.strictEqual(r[shown], 'sent', `#${shown + 1}`);
      assert.strictEqual(r[copy], 'received-copy', `#${copy + 1}`);
      assert.strictEqual(m.partner(shown), copy);
      assert.strictEqual(m.partner(copy), shown);
      assert.strictEqual(m.isCopy(copy), true);
    }
    for (const single of [cAck, eof, sAck]) assert.strictEqual(r[single], 'single', `#${single + 1}`);
    const e = m.entry(hello);
    assert.deepStrictEqual([e.sentAt, e.receivedAt, e.identical], [capture.index.time(hello), capture.index.time(helloRead), true]);
    // The FIN pair: the closer's own FIN has the smaller ACK; the made-up copy is when the peer closed.
    const fin = m.entry(cFakeFin);
    assert.deepStrictEqual([fin.sentAt, fin.receivedAt], [capture.index.time(sFin), capture.index.time(cFakeFin)]);
    assert.strictEqual(m.entry(cFin).receivedAt, capture.index.time(sFakeFin));
    // The view: the shown packets, in order; copies have no row.
    assert.strictEqual(m.shownCount, capture.index.count - 7);
    assert.strictEqual(m.rowOf(hello), 3);
    assert.strictEqual(m.rowOf(helloRead), -1);
    assert.strictEqual(m.shownPacket(m.rowOf(reply)), reply);
    assert.strictEqual(m.pairCount, 7);
    assert.strictEqual(m.entry(helloRead).role, 'received-copy');
    assert.strictEqual(m.entry(helloRead).partner, hello);
    assert.strictEqual(m.entry(helloRead).receivedAt, e.receivedAt);
    capture.close();
  });

  it('a read of 10 then 90 bytes of a 100-byte send; two sends merged into one read', () => {
    const t = new SwTcp(cap, C, S);
    t.connect();
    t.accept();
    const big = sent(t.send('c', text('A'.repeat(40) + 'B'.repeat(60))));
    const first = t.recv('s', 10);
    let { capture, m } = matched(cap);
    assert.strictEqual(m.role(big), 'sent');
    assert.strictEqual(m.entry(big).readBytes, 10);
    assert.strictEqual(m.entry(big).receivedAt, null);
    assert.strictEqual(m.role(first), 'received-copy');
    capture.close();
    const rest = t.recv('s', 1000);
    const a = sent(t.send('c', text('12345')));
    const b = sent(t.send('c', text('6789012')));
    const merged = t.recv('s', 1000);
    ({ capture, m } = matched(cap));
    assert.deepStrictEqual([m.role(big), m.role(first), m.role(rest)], ['sent', 'received-copy', 'received-copy']);
    assert.strictEqual(m.entry(big).receivedAt, capture.index.time(rest));
    assert.strictEqual(m.entry(big).readBytes, null);
    assert.strictEqual(m.entry(big).identical, false);
    assert.deepStrictEqual([m.role(a), m.role(b), m.role(merged)], ['sent', 'sent', 'received-copy']);
    assert.strictEqual(m.entry(a).receivedAt, capture.index.time(merged));
    assert.strictEqual(m.entry(b).receivedAt, capture.index.time(merged));
    assert.strictEqual(m.partner(merged), a);
    capture.close();
  });

  it('a send the peer never reads stays shown as unpaired-send, with the connection paired', () => {
    const t = new SwTcp(cap, C, S);
    t.connect();
    t.accept();
    const unread = sent(t.send('c', text('never read')));
    const { capture, m } = matched(cap);
    assert.strictEqual(m.role(unread), 'unpaired-send');
    assert.deepStrictEqual(m.entry(unread), { role: 'unpaired-send', partner: -1, sentAt: capture.index.time(unread), receivedAt: null, readBytes: null, identical: false });
    capture.close();
  });

  it('the reader writing its record first: the read is shown, the late send hidden, times in order', () => {
    const t = new SwTcp(cap, C, S);
    t.connect();
    t.accept();
    const held = t.send('c', text('ping'), true);
    const read = t.recv('s', 100);
    assert.ok(isHeld(held));
    const send = held.write();
    const { capture, m } = matched(cap);
    assert.deepStrictEqual([m.role(read), m.role(send)], ['sent', 'received-copy']);
    const e = m.entry(read);
    assert.deepStrictEqual([e.sentAt, e.receivedAt, e.identical], [capture.index.time(read), capture.index.time(send), true]);
    capture.close();
  });

  it('a read that merges a send whose own record comes later is matched when it arrives', () => {
    const t = new SwTcp(cap, C, S);
    t.connect();
    t.accept();
    const a = sent(t.send('c', text('abc')));
    const late = t.send('c', text('defg'), true);
    const read = t.recv('s', 100);
    assert.ok(isHeld(late));
    const b = late.write();
    const { capture, m } = matched(cap);
    assert.deepStrictEqual([m.role(a), m.role(read), m.role(b)], ['sent', 'received-copy', 'sent']);
    assert.strictEqual(m.partner(b), read);
    assert.strictEqual(m.entry(b).receivedAt, capture.index.time(read));
    capture.close();
  });

  it('a server that accepted without an address counts one lower: data pairs across the shift, the lone handshake is single', () => {
    const t = new SwTcp(cap, C, S);
    const hs = t.connect();
    t.acceptWithoutAddress();
    const req = sent(t.send('c', text('\x00\x00\x00\x05hello')));
    const len = t.recv('s', 4);
    const body = t.recv('s', 5);
    const resp = t.send('s', text('HELLO'), true);
    const got = t.recv('c', 100);
    assert.ok(isHeld(resp));
    const respRecord = resp.write();
    const { capture, m } = matched(cap);
    assert.strictEqual(capture.decode(len).tcp?.seq, 0, 'the server numbers from 0');
    assert.deepStrictEqual([m.role(req), m.role(len), m.role(body)], ['sent', 'received-copy', 'received-copy']);
    assert.deepStrictEqual([m.role(got), m.role(respRecord)], ['sent', 'received-copy']);
    for (const h of hs) assert.strictEqual(m.role(h), 'single', `handshake #${h + 1}`);
    capture.close();
  });

  it('uniform bytes do not pair a new send with an unread one a byte away', () => {
    const t = new SwTcp(cap, C, S);
    t.connect();
    t.accept();
    const one = sent(t.send('c', text('A'.repeat(100))));
    const two = sent(t.send('c', text('A'.repeat(100))));
    const { capture, m } = matched(cap);
    assert.deepStrictEqual([m.role(one), m.role(two)], ['unpaired-send', 'unpaired-send']);
    capture.close();
  });

  it('a receive after MSG_PEEK (numbering ahead, other bytes) is an unpaired receive', () => {
    const t = new SwTcp(cap, C, S);
    t.connect();
    t.accept();
    const send = sent(t.send('c', text('peekme')));
    // socket_wrapper counts the peeked bytes as read: the real read comes 3 bytes further on.
    const peek = cap.tcp(C, S, PSH | ACK, 1, 1, text('pee'));
    const read = cap.tcp(C, S, PSH | ACK, 4, 1, text('peekme'));
    const { capture, m } = matched(cap);
    assert.deepStrictEqual([m.role(send), m.role(peek), m.role(read)], ['sent', 'received-copy', 'unpaired-receive']);
    assert.strictEqual(m.entry(send).readBytes, 3);
    assert.deepStrictEqual(m.entry(read), { role: 'unpaired-receive', partner: -1, sentAt: null, receivedAt: null, readBytes: null, identical: false });
    capture.close();
  });

  it('ports reused by a second connection: its SYN starts afresh', () => {
    for (let k = 0; k < 2; k++) {
      const t = new SwTcp(cap, C, S);
      t.connect();
      t.accept();
      sent(t.send('c', text(`round ${k}`)));
      t.recv('s', 100);
      t.close('c');
      t.close('s');
    }
    const { capture, m } = matched(cap);
    const r = roles(m, capture.index.count);
    assert.strictEqual(r.filter((x) => x === 'received-copy').length, 2 * 6);
    assert.strictEqual(r.filter((x) => x === 'unpaired-send').length, 0);
    capture.close();
  });

  it('the auto-bound client SYN from 0.0.0.0 pairs with the server\'s copy in the other flow', () => {
    const t = new SwTcp(cap, C, S);
    const [syn] = t.connect({ addr: '0.0.0.0', port: C.port });
    const [syn2] = t.accept();
    const { capture, m } = matched(cap);
    assert.notStrictEqual(capture.index.flowId(syn), capture.index.flowId(syn2));
    assert.deepStrictEqual([m.role(syn), m.role(syn2), m.partner(syn)], ['sent', 'received-copy', syn2]);
    capture.close();
  });

  it('UDP: each datagram once, a short read says how much was read, first in first out, unread ones marked', () => {
    const q1 = cap.udp(C, U, text('abc'));
    const q1r = cap.udp(C, U, text('abc'));
    const a1 = cap.udp(U, C, text('cba'));
    const a1r = cap.udp(U, C, text('cba'));
    // The reader's 4-byte read of a 20-byte datagram was written before the send's record.
    const shortRead = cap.udp(C, U, text('xxxx'));
    const full = cap.udp(C, U, text('xxxxyyyyyyyyyyyyyyyy'));
    const unread1 = cap.udp(C, U, text('one'));
    const unread2 = cap.udp(C, U, text('two'));
    const { capture, m } = matched(cap);
    assert.deepStrictEqual(roles(m, capture.index.count), ['sent', 'received-copy', 'sent', 'received-copy', 'sent', 'received-copy', 'unpaired-send', 'unpaired-send']);
    assert.deepStrictEqual([m.partner(q1), m.partner(a1r)], [q1r, a1]);
    const e = m.entry(shortRead);
    assert.deepStrictEqual([e.readBytes, e.sentAt, e.receivedAt, e.partner], [4, capture.index.time(full), capture.index.time(shortRead), full]);
    assert.strictEqual(m.entry(unread1).receivedAt, null);
    assert.ok(unread2 > unread1);
    capture.close();
  });

  it('UDP: a read further down the queue leaves the skipped datagrams unread; repeated identical ping-pong pairs in order', () => {
    const lost = cap.udp(C, U, text('lost'));
    const s = cap.udp(C, U, text('kept'));
    const r = cap.udp(C, U, text('kept'));
    for (let k = 0; k < 3; k++) {
      cap.udp(C, U, text('ping'));
      cap.udp(C, U, text('ping'));
      cap.udp(U, C, text('pong'));
      cap.udp(U, C, text('pong'));
    }
    const { capture, m } = matched(cap);
    assert.deepStrictEqual([m.role(lost), m.role(s), m.role(r)], ['unpaired-send', 'sent', 'received-copy']);
    for (let k = 0; k < 3; k++) {
      const base = 3 + k * 4;
      assert.deepStrictEqual([m.partner(base), m.partner(base + 2)], [base + 1, base + 3]);
    }
    capture.close();
  });

  it('ICMP, RST and packets outside flows are single; a flow nobody else writes stays single', () => {
    const offending = ip('127.0.0.11', '127.0.0.10', 17, udp({ sport: 5, dport: 9, payload: bytes(1) }));
    const d = cap.raw(offending);
    const icmpMsg = cap.unreachable('127.0.0.10', '127.0.0.11', offending);
    const junk = cap.raw(bytes(0x45, 0, 0));
    const lone = cap.tcp({ addr: '127.0.0.20', port: 1 }, { addr: '127.0.0.21', port: 2 }, PSH | ACK, 1, 1, text('x'));
    const { capture, m } = matched(cap);
    assert.deepStrictEqual([m.role(d), m.role(icmpMsg), m.role(junk), m.role(lone)], ['single', 'single', 'single', 'single']);
    assert.strictEqual(m.entry(icmpMsg).sentAt, null);
    assert.strictEqual(m.pairCount, 0);
    assert.strictEqual(m.detect().dedupeByDefault, false);
    assert.match(m.detect().reason, /no mirrored records/);
    capture.close();
  });

  it('a growing capture: hidden stays hidden, a send becomes sent when its copy arrives, a reset capture starts over', () => {
    const t = new SwTcp(cap, C, S);
    t.connect();
    t.accept();
    const send = sent(t.send('c', text('later')));
    const file = cap.write();
    const capture = CaptureFile.open(file);
    capture.readMore();
    const m = new MirrorMatcher(capture);
    m.update();
    assert.strictEqual(m.role(send), 'unpaired-send');
    const copies = Array.from({ length: m.processed }, (_, i) => m.isCopy(i));
    const read = t.recv('s', 100);
    const whole = cap.bytes();
    fs.appendFileSync(file, whole.subarray(fs.statSync(file).size));
    assert.strictEqual(capture.readMore().added, 1);
    assert.strictEqual(m.update(), capture.index.count);
    assert.deepStrictEqual(Array.from({ length: copies.length }, (_, i) => m.isCopy(i)), copies);
    assert.deepStrictEqual([m.role(send), m.role(read)], ['sent', 'received-copy']);
    // The file is rewritten shorter: the capture is reset and the matcher starts over.
    const short = new SwCapture();
    const t2 = new SwTcp(short, C, S);
    t2.connect();
    fs.writeFileSync(file, short.bytes());
    assert.strictEqual(capture.readMore().error?.kind, 'file-shrank');
    capture.reset();
    capture.readMore();
    assert.strictEqual(m.update(), 3);
    assert.deepStrictEqual(roles(m, 3), ['single', 'single', 'single']);
    capture.close();
  });

  it('detection: raw IP, emulated addresses and mirrored pairs', () => {
    for (const a of ['127.0.0.10', '10.53.57.3', 'fd00::5357:5f0a', '0.0.0.0', '::']) assert.strictEqual(isEmulatedAddress(a), true, a);
    for (const a of ['127.0.1.1', '10.53.58.1', '192.168.1.1', 'fd00::1', 'fd00::5357:5f123']) assert.strictEqual(isEmulatedAddress(a), false, a);
    const t = new SwTcp(cap, C, S);
    t.connect();
    t.accept();
    let { capture, m } = matched(cap);
    assert.deepStrictEqual(m.detect(), { socketWrapper: true, mirrored: true, dedupeByDefault: true, reason: '' });
    capture.close();
    cap.tcp({ addr: '192.168.1.1', port: 1 }, S, SYN, 0, 0);
    ({ capture, m } = matched(cap));
    assert.strictEqual(m.detect().dedupeByDefault, false);
    assert.match(m.detect().reason, /192\.168\.1\.1/);
    capture.close();
    const eth = CaptureFile.open(cap.write('eth.pcap'));
    fs.writeFileSync(eth.path, pcapFile([{ data: bytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x06) }], { linkType: 1 }));
    eth.readMore();
    const em = new MirrorMatcher(eth);
    em.update();
    assert.match(em.detect().reason, /not raw IP/);
    eth.close();
  });

  it('IPv6 and 10.53.57.x conversations pair the same way', () => {
    for (const [c, s] of [[{ addr: 'fd00::5357:5f0b', port: 1000 }, { addr: 'fd00::5357:5f0a', port: 7777 }], [{ addr: '10.53.57.11', port: 1000 }, { addr: '10.53.57.10', port: 7777 }]]) {
      const t = new SwTcp(cap, c, s);
      t.connect();
      t.accept();
      sent(t.send('c', text('v6 or 10.53')));
      t.recv('s', 100);
    }
    const { capture, m } = matched(cap);
    assert.strictEqual(m.pairCount, 8);
    assert.strictEqual(m.detect().dedupeByDefault, true);
    capture.close();
  });

  it('hostile records (cut headers, bogus lengths, random bytes) never throw and stay shown', () => {
    let seed = 7;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
    const t = new SwTcp(cap, C, S);
    t.connect();
    t.accept();
    for (let k = 0; k < 300; k++) {
      const good = ip('127.0.0.11', '127.0.0.10', k % 2 === 0 ? 6 : 17, Uint8Array.from({ length: 8 + (rnd() % 60) }, () => rnd() & 0xff));
      const cut = good.subarray(0, rnd() % good.length);
      cap.raw(k % 3 === 0 ? cut : good);
    }
    const { capture, m } = matched(cap);
    assert.strictEqual(m.processed, capture.index.count);
    for (let i = 0; i < capture.index.count; i++) m.entry(i);
    capture.close();
    // A record claiming a payload far beyond the capture.
    const bogus = new SwCapture();
    const seg = bytes(0x9c, 0x40, 0x1e, 0x61, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, PSH | ACK | FIN, 0x7f, 0xff, 0, 0, 0, 0);
    const pkt = ip('127.0.0.11', '127.0.0.10', 6, seg);
    pkt[2] = 0xff;
    pkt[3] = 0xff;
    bogus.raw(pkt);
    bogus.raw(pkt);
    const r = matched(bogus);
    assert.strictEqual(r.m.processed, 2);
    r.capture.close();
    bogus.dispose();
    assert.ok(pcapRecord({ data: pkt }).length > 0);
  });
});
