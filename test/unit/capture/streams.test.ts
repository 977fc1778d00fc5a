// Stream reassembly for Follow Stream: sequence-number placement with overlaps,
// retransmissions, out-of-order segments and gaps; socket_wrapper's mirrored records with
// and without de-duplication (including a server numbering one lower); UDP; a growing
// capture; and the text / hex renderings, which escape everything that is not printable.
import * as assert from 'assert';
import * as fs from 'fs';
import { CaptureFile } from '../../../extension/capture/captureFile';
import { matcherFor } from '../../../extension/capture/dedupe';
import { escapeBytes, hexDump, renderStream } from '../../../extension/capture/streamText';
import { isFlow, StreamAssembler } from '../../../extension/capture/streams';
import { streamReader } from '../../../extension/capture/timelineEngines';
import { ACK, PSH, sent, SwCapture, SwTcp, SYN, text } from './support/mirrorCapture';

const C = { addr: '127.0.0.11', port: 40000 };
const S = { addr: '127.0.0.10', port: 7777 };

function streamOf(capture: CaptureFile, flow = 0, dedupe = false): StreamAssembler {
  const s = new StreamAssembler(capture, flow, { mirror: dedupe ? matcherFor(capture) : null });
  s.update();
  return s;
}

/** Each direction's bytes as latin-1 text, and the segments' packets. */
function content(s: StreamAssembler, pending = true): { c2s: string; s2c: string; packets: number[]; missing: number[] } {
  let c2s = '';
  let s2c = '';
  const refs = s.segments(0, s.count, pending);
  for (const r of refs) {
    const t = Buffer.from(s.bytes(r)).toString('latin1');
    if (r.dir === 0) c2s += t;
    else s2c += t;
  }
  return { c2s, s2c, packets: refs.map((r) => r.packet), missing: refs.map((r) => r.missingBefore) };
}

describe('capture/streams', () => {
  let cap: SwCapture;
  beforeEach(() => { cap = new SwCapture(); });
  afterEach(() => cap.dispose());

  it('places TCP segments by sequence number: retransmissions and overlaps trimmed, early ones wait, a SYN sets the base', () => {
    cap.tcp(C, S, SYN, 1000, 0);
    cap.tcp(S, C, SYN | ACK, 5000, 1001);
    cap.tcp(C, S, PSH | ACK, 1001, 5001, text('hello '));
    cap.tcp(C, S, PSH | ACK, 1012, 5001, text('!'));          // early: waits for 1007..1012
    cap.tcp(C, S, PSH | ACK, 1001, 5001, text('hello '));     // retransmission: dropped
    cap.tcp(C, S, PSH | ACK, 1004, 5001, text('lo world'));   // overlaps 3 bytes: trimmed
    cap.tcp(S, C, PSH | ACK, 5001, 1014, text('ok'));
    const capture = cap.load();
    const s = streamOf(capture);
    const c = content(s);
    assert.deepStrictEqual([c.c2s, c.s2c], ['hello world!', 'ok']);
    assert.deepStrictEqual(c.packets, [2, 5, 3, 6]);
    assert.deepStrictEqual(s.totals, [12, 2]);
    assert.strictEqual(s.protocol, 'tcp');
    const first = s.segment(1);
    assert.deepStrictEqual([first.packet, first.offset, first.length, first.dir], [5, 40 + 3, 5, 0]);
    capture.close();
  });

  it('a gap nobody fills: the later bytes wait, and show as missing bytes in a snapshot', () => {
    cap.tcp(C, S, PSH | ACK, 1, 1, text('abc'));
    cap.tcp(C, S, PSH | ACK, 10, 1, text('xyz'));
    const capture = cap.load();
    const s = streamOf(capture);
    assert.strictEqual(s.count, 1, 'only the in-order part is final');
    assert.deepStrictEqual(content(s, false).c2s, 'abc');
    const snap = content(s, true);
    assert.deepStrictEqual([snap.c2s, snap.missing], ['abcxyz', [0, 6]]);
    const r = renderStream(s, { format: 'text' });
    assert.deepStrictEqual(r.chunks.map((ch) => [ch.text, ch.missingBefore]), [['abc', 0], ['xyz', 6]]);
    capture.close();
  });

  it('socket_wrapper mirrors: every byte once with or without de-duplication, partial reads too', () => {
    const t = new SwTcp(cap, C, S);
    t.connect();
    sent(t.send('c', text('A'.repeat(100))));
    t.accept();
    t.recv('s', 10);
    t.recv('s', 1000);
    sent(t.send('s', text('ok')));
    t.recv('c', 100);
    sent(t.send('c', text('BBBBB')));
    sent(t.send('c', text('CCCCCCC')));
    t.recv('s', 1000);
    t.close('c');
    t.eof('s');
    t.close('s');
    const capture = cap.load();
    for (const dedupe of [false, true]) {
      const c = content(streamOf(capture, 0, dedupe));
      assert.deepStrictEqual([c.c2s, c.s2c], [`${'A'.repeat(100)}BBBBBCCCCCCC`, 'ok'], `dedupe ${dedupe}`);
    }
    // De-duplicated: only the senders' records.
    assert.deepStrictEqual(content(streamOf(capture, 0, true)).packets, [3, 9, 11, 12]);
    capture.close();
  });

  it('a server numbering one lower (accept without an address) and a reader writing first: de-duplicated stream intact', () => {
    const t = new SwTcp(cap, C, S);
    t.connect();
    t.acceptWithoutAddress();
    for (let k = 0; k < 5; k++) {
      const msg = text(`request ${k};`);
      sent(t.send('c', msg));
      t.recv('s', 100);
      const held = t.send('s', text(`response ${k};`), true);
      t.recv('c', 100);
      if (typeof held !== 'number') held.write();
    }
    const capture = cap.load();
    const c = content(streamOf(capture, 0, true));
    assert.strictEqual(c.c2s, [0, 1, 2, 3, 4].map((k) => `request ${k};`).join(''));
    assert.strictEqual(c.s2c, [0, 1, 2, 3, 4].map((k) => `response ${k};`).join(''));
    capture.close();
  });

  it('a new connection on the same ports starts a new numbering', () => {
    for (const word of ['first', 'second']) {
      const t = new SwTcp(cap, C, S);
      t.connect();
      t.accept();
      sent(t.send('c', text(word)));
      t.recv('s', 100);
      t.close('c');
      t.close('s');
    }
    const capture = cap.load();
    assert.strictEqual(content(streamOf(capture, 0, true)).c2s, 'firstsecond');
    capture.close();
  });

  it('UDP: one segment per datagram; de-duplicated, a short read gives way to the whole datagram', () => {
    const u = { addr: '127.0.0.10', port: 53 };
    cap.udp(C, u, text('ab'));
    cap.udp(C, u, text('ab'));
    cap.udp(u, C, text('xyz'));
    cap.udp(u, C, text('xyz'));
    cap.udp(C, u, text('tr'));
    cap.udp(C, u, text('truncated'));
    const capture = cap.load();
    assert.deepStrictEqual(content(streamOf(capture)), { c2s: 'ababtrtruncated', s2c: 'xyzxyz', packets: [0, 1, 2, 3, 4, 5], missing: [0, 0, 0, 0, 0, 0] });
    const d = content(streamOf(capture, 0, true));
    assert.deepStrictEqual([d.c2s, d.s2c], ['abtruncated', 'xyz']);
    assert.strictEqual(streamOf(capture).protocol, 'udp');
    capture.close();
  });

  it('grows with the capture; a reset capture is refused; flows are checked', () => {
    cap.tcp(C, S, PSH | ACK, 1, 1, text('one '));
    const file = cap.write();
    const capture = CaptureFile.open(file);
    capture.readMore();
    const s = new StreamAssembler(capture, 0);
    s.update();
    cap.tcp(C, S, PSH | ACK, 5, 1, text('two'));
    fs.appendFileSync(file, cap.bytes().subarray(fs.statSync(file).size));
    capture.readMore();
    s.update();
    assert.strictEqual(content(s).c2s, 'one two');
    assert.deepStrictEqual([isFlow(capture, 0), isFlow(capture, 1), isFlow(capture, -1), isFlow(capture, 0.5)], [true, false, false, false]);
    fs.writeFileSync(file, new SwCapture().bytes());
    capture.readMore();
    capture.reset();
    capture.readMore();
    assert.throws(() => s.update(), /reset/);
    capture.close();
  });

  it('renders escaped text and hex per direction, bounded by maxBytes', () => {
    cap.tcp(C, S, PSH | ACK, 1, 1, Uint8Array.from([0x41, 0x0d, 0x0a, 0x00, 0x5c, 0xff, 0x09, 0x1b]));
    cap.tcp(S, C, PSH | ACK, 1, 9, text('<script>alert(1)</script>'));
    const capture = cap.load();
    const s = streamOf(capture);
    const r = renderStream(s);
    assert.deepStrictEqual(r.chunks.map((c) => [c.dir, c.text]), [[0, 'A\\r\n\\x00\\\\\\xff\t\\x1b'], [1, '<script>alert(1)</script>']]);
    assert.strictEqual(r.truncated, false);
    assert.deepStrictEqual(renderStream(s, { dir: 1 }).chunks.map((c) => c.dir), [1]);
    const cut = renderStream(s, { maxBytes: 10 });
    assert.deepStrictEqual([cut.truncated, cut.chunks.map((c) => c.bytes)], [true, [8, 2]]);
    const hex = renderStream(s, { format: 'hex', dir: 0 });
    assert.strictEqual(hex.chunks[0].text, '00000000  41 0d 0a 00 5c ff 09 1b                           |A...\\...|');
    assert.strictEqual(hexDump(new Uint8Array(17), 16).split('\n')[1].slice(0, 14), '00000020  00  ');
    assert.strictEqual(escapeBytes(text('tab\there')), 'tab\there');
    capture.close();
  });

  it('the timeline adapter: segments with times, client and server, the byte limit', () => {
    const t = new SwTcp(cap, C, S);
    t.connect();
    t.accept();
    sent(t.send('c', text('0123456789')));
    t.recv('s', 100);
    sent(t.send('s', text('abc')));
    t.recv('c', 100);
    const capture = cap.load();
    const reader = streamReader();
    const all = reader.read(capture, 0, 1 << 20);
    assert.deepStrictEqual([all.client, all.server, all.truncated], ['127.0.0.11:40000', '127.0.0.10:7777', false]);
    assert.deepStrictEqual(all.segments.map((g) => [g.dir, g.packet, Buffer.from(g.data).toString()]), [[0, 6, '0123456789'], [1, 8, 'abc']]);
    assert.ok(Math.abs(all.segments[0].rel - (capture.index.time(6) - capture.index.time(0))) < 1e-6);
    const cut = reader.read(capture, 0, 4);
    assert.deepStrictEqual([cut.truncated, cut.segments.length, cut.segments[0].data.length], [true, 1, 4]);
    capture.close();
  });
});
