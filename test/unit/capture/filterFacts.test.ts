// The per-packet facts the filter, the matcher and the streams read (packetFacts.ts) agree
// with the full decoder for every packet, in classic pcap and big-endian pcapng alike, for
// cut (snaplen) packets, across window boundaries and as the capture grows; the panel
// adapters keep the panel's conventions; and filtering 100k packets by port stays fast.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CaptureFile } from '../../../extension/capture/captureFile';
import { decodePacket } from '../../../extension/capture/decode/index';
import { compileFilter } from '../../../extension/capture/filter/index';
import { factsFor, hashPayload } from '../../../extension/capture/packetFacts';
import { deduper, rowFilter } from '../../../extension/capture/timelineEngines';
import { pcapFile, PcapngBuilder } from './support/files';
import { ACK, ip, PSH, sent, SwCapture, SwTcp, text } from './support/mirrorCapture';
import { bytes, icmp, ipv4, tcp, udp } from './support/packets';

function packetsOf(): Uint8Array[] {
  const out: Uint8Array[] = [];
  // About 1.3 MB: more than one 1 MiB read window.
  for (let k = 0; k < 1000; k++) {
    const payload = Uint8Array.from({ length: k % 10 === 0 ? 0 : 600 + ((k * 37) % 1400) }, (_, j) => (j * k) & 0xff);
    if (k % 3 === 0) out.push(ipv4({ protocol: 6, src: '127.0.0.11', dst: '127.0.0.10', payload: tcp({ sport: 40000, dport: 7777, flags: PSH | ACK, seq: k, ack: 1, payload, options: k % 2 === 0 ? bytes(1, 1, 1, 1) : undefined }) }));
    else if (k % 3 === 1) out.push(ip('fd00::5357:5f0a', 'fd00::5357:5f0b', 17, udp({ sport: 53, dport: 1000, payload })));
    else out.push(ipv4({ protocol: 1, src: '127.0.0.10', dst: '127.0.0.11', payload: icmp({ type: 8, payload }) }));
  }
  return out;
}

describe('capture/filter facts (per-packet facts and adapters)', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-facts-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function check(file: string): void {
    const capture = CaptureFile.open(file);
    capture.readMore();
    const f = factsFor(capture);
    assert.strictEqual(f.ensure(), capture.index.count);
    assert.strictEqual(factsFor(capture), f, 'one per capture');
    for (let i = 0; i < capture.index.count; i++) {
      const b = capture.packetBytes(i);
      const meta = capture.meta(i);
      const d = decodePacket(b, meta.linkType, 0, b.length, { wireLen: meta.origLen });
      assert.deepStrictEqual([f.payloadOffset(i), f.payloadLength(i), f.payloadCaptured(i), f.origLen(i)], [d.payloadOffset, d.payloadLength, d.payloadCaptured, meta.origLen], `#${i + 1}`);
      assert.strictEqual(f.seq(i), d.tcp?.seq ?? 0);
      const payload = f.payload(i);
      assert.deepStrictEqual(Buffer.from(payload), Buffer.from(b.subarray(d.payloadOffset, d.payloadOffset + d.payloadCaptured)), `#${i + 1} payload`);
      assert.strictEqual(f.payloadHash(i), payload.length > 0 ? hashPayload(payload, 0, payload.length) : 0);
    }
    capture.close();
  }

  it('agree with the decoder: pcap, big-endian pcapng, snaplen-cut packets, many windows', () => {
    const pkts = packetsOf();
    const classic = path.join(dir, 'a.pcap');
    fs.writeFileSync(classic, pcapFile(pkts.map((data, k) => ({ data: k % 7 === 0 ? data.subarray(0, 60) : data, origLen: data.length, tsSec: 1700000000 + k }))));
    check(classic);
    const b = new PcapngBuilder(false).shb().idb({ linkType: 101 });
    pkts.forEach((data, k) => b.epb(0, BigInt(k) * 1000n, data));
    const ng = path.join(dir, 'b.pcapng');
    fs.writeFileSync(ng, b.build());
    check(ng);
  });

  it('directions follow the flow table; facts grow with the capture', () => {
    const cap = new SwCapture();
    const t = new SwTcp(cap, { addr: '127.0.0.11', port: 1 }, { addr: '127.0.0.10', port: 2 });
    t.connect();
    const file = cap.write();
    const capture = CaptureFile.open(file);
    capture.readMore();
    const f = factsFor(capture);
    f.ensure();
    assert.deepStrictEqual([f.dir(0), f.dir(1), f.dir(2)], [f.dir(0), 1 - f.dir(0), f.dir(0)]);
    t.accept();
    sent(t.send('s', text('grown')));
    fs.appendFileSync(file, cap.bytes().subarray(fs.statSync(file).size));
    capture.readMore();
    assert.strictEqual(f.ensure(), 7);
    assert.strictEqual(Buffer.from(f.payload(6)).toString(), 'grown');
    assert.throws(() => f.dir(7), RangeError);
    capture.close();
    cap.dispose();
  });

  it('the panel adapters: 0-based filter columns, copies hidden, mirror info in seconds since the first packet', () => {
    const bad = rowFilter().compile('tcp.port == x');
    assert.ok('error' in bad);
    assert.deepStrictEqual(bad.error, { message: '"x" is not a number', column: 12 });
    const cap = new SwCapture();
    const t = new SwTcp(cap, { addr: '127.0.0.11', port: 1 }, { addr: '127.0.0.10', port: 2 });
    t.connect();
    t.accept();
    sent(t.send('c', text('hi')));
    t.recv('s', 10);
    sent(t.send('c', text('unread')));
    const capture = cap.load();
    const good = rowFilter().compile('len > 0');
    assert.ok(!('error' in good));
    assert.deepStrictEqual([6, 7, 8].map((i) => good.matches(capture, i)), [true, true, true]);
    const d = deduper();
    assert.deepStrictEqual(Array.from({ length: 9 }, (_, i) => d.isMirrorCopy(capture, i)), [false, false, false, true, true, true, false, true, false]);
    const info = d.mirrorOf(capture, 6);
    assert.ok(info !== null);
    assert.strictEqual(info.peer, 7);
    assert.ok(Math.abs(info.sentAt - (capture.index.time(6) - capture.index.time(0))) < 1e-6);
    assert.ok(info.receivedAt !== null && info.receivedAt > info.sentAt);
    const unread = d.mirrorOf(capture, 8);
    assert.deepStrictEqual([unread?.peer, unread?.receivedAt], [null, null], 'nothing to pair with: not read');
    assert.ok(unread !== null && Math.abs(unread.sentAt - (capture.index.time(8) - capture.index.time(0))) < 1e-6);
    assert.strictEqual(d.entry(capture, 8).role, 'unpaired-send');
    assert.strictEqual(d.mirrorOf(capture, 7)?.peer, 7, 'asked about the copy: the same pairing');
    capture.close();
    cap.dispose();
  });

  it('filters 100,000 packets by port in well under a second', () => {
    const a = ipv4({ protocol: 6, src: '127.0.0.11', dst: '127.0.0.10', payload: tcp({ sport: 40000, dport: 7777, flags: ACK }) });
    const b = ipv4({ protocol: 17, src: '127.0.0.12', dst: '127.0.0.10', payload: udp({ sport: 5000, dport: 53, payload: bytes(1, 2, 3) }) });
    const one = pcapFile([{ data: a }, { data: b }]);
    const rec = one.subarray(24);
    const n = 50000;
    const big = Buffer.alloc(24 + rec.length * n);
    big.set(one.subarray(0, 24), 0);
    for (let k = 0; k < n; k++) big.set(rec, 24 + k * rec.length);
    const file = path.join(dir, 'big.pcap');
    fs.writeFileSync(file, big);
    const capture = CaptureFile.open(file);
    capture.readMore();
    assert.strictEqual(capture.index.count, 2 * n);
    const f = compileFilter('tcp.port == 7777 || udp.port == 9');
    const start = process.hrtime.bigint();
    let hits = 0;
    for (let i = 0; i < capture.index.count; i++) if (f.test(i, capture)) hits++;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    assert.strictEqual(hits, n);
    assert.ok(ms < 500, `${ms.toFixed(0)} ms`);
    capture.close();
  });
});
