// CaptureFile on real files in a temp directory: indexing, on-demand reads, following a
// file that is created late and appended to, and noticing when it shrinks or is replaced.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CaptureFile, ReadMoreResult } from '../../../extension/capture/captureFile';
import { pcapFile, pcapHeader, pcapRecord, PcapngBuilder, PcapPacket } from './support/files';
import { bytes, ipv4, tcp, udp } from './support/packets';

function conversation(): PcapPacket[] {
  const c = '127.0.0.11';
  const s = '127.0.0.10';
  const mk = (src: string, dst: string, sport: number, dport: number, flags: number, seq: number, ack: number, payload?: Uint8Array): Uint8Array =>
    ipv4({ protocol: 6, src, dst, payload: tcp({ sport, dport, flags, seq, ack, payload }) });
  return [
    { data: mk(c, s, 16030, 7777, 0x02, 1000, 0), tsSec: 1700000000, tsFrac: 1 },
    { data: mk(s, c, 7777, 16030, 0x12, 5000, 1001), tsSec: 1700000000, tsFrac: 2 },
    { data: mk(c, s, 16030, 7777, 0x18, 1001, 5001, bytes(104, 105)), tsSec: 1700000000, tsFrac: 3 },
    { data: ipv4({ protocol: 17, src: c, dst: s, payload: udp({ sport: 5000, dport: 53, payload: bytes(1, 2, 3) }) }), tsSec: 1700000001, tsFrac: 0, origLen: 40 },
  ];
}

describe('capture/captureFile', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-cf-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('indexes a file and reads packets back on demand', () => {
    const file = path.join(dir, 'a.pcap');
    fs.writeFileSync(file, pcapFile(conversation()));
    const { capture, result } = CaptureFile.load(file);
    try {
      assert.deepStrictEqual([result.added, result.waiting, result.error], [4, false, null]);
      assert.strictEqual(capture.finish(), null);
      assert.strictEqual(capture.format, 'pcap');
      assert.strictEqual(capture.packetCount, 4);
      assert.strictEqual(capture.index.count, 4);
      assert.strictEqual(capture.flows.count, 2);
      const m = capture.meta(3);
      assert.deepStrictEqual([m.sec, m.nsec, m.capLen, m.origLen, m.linkType, m.flowId], [1700000001, 0, 31, 40, 101, 1]);
      assert.strictEqual(capture.packetBytes(0)[0], 0x45);
      assert.strictEqual(capture.decode(1).info, '7777 → 16030 [SYN, ACK] Seq=0 Ack=1 Win=32767 Len=0');
      assert.strictEqual(capture.decode(2).info, '16030 → 7777 [PSH, ACK] Seq=1 Ack=1 Win=32767 Len=2');
      assert.strictEqual(capture.decode(3).info, '5000 → 53 Len=3');
      assert.deepStrictEqual(capture.stats.snapshot().protocols, { tcp: 3, udp: 1 });
      assert.strictEqual(capture.flows.flow(0).tcpState, 'established');
    } finally {
      capture.close();
    }
  });

  it('reads pcapng with the same results', () => {
    const file = path.join(dir, 'a.pcapng');
    const b = new PcapngBuilder(false).shb().idb({ linkType: 101, tsresol: 9 });
    for (const p of conversation()) b.epb(0, BigInt(p.tsSec ?? 0) * 1000000000n + BigInt(p.tsFrac ?? 0) * 1000n, p.data, { origLen: p.origLen });
    fs.writeFileSync(file, b.build());
    const { capture } = CaptureFile.load(file);
    assert.strictEqual(capture.format, 'pcapng');
    assert.strictEqual(capture.decode(1).info, '7777 → 16030 [SYN, ACK] Seq=0 Ack=1 Win=32767 Len=0');
    assert.strictEqual(capture.meta(3).origLen, 40, 'original length read back in big-endian');
    assert.deepStrictEqual(capture.index.timeParts(2), { sec: 1700000000, nsec: 3000 });
    capture.close();
  });

  it('waits for a file that does not exist yet, then follows it as it grows', () => {
    const file = path.join(dir, 'late.pcap');
    const capture = CaptureFile.open(file);
    assert.deepStrictEqual(capture.readMore(), { added: 0, bytes: 0, waiting: true, error: null });
    assert.strictEqual(capture.finish()?.kind, 'io');
    // socket_wrapper: the first process creates the file and writes the header...
    fs.writeFileSync(file, pcapHeader().subarray(0, 10));
    assert.strictEqual(capture.readMore().added, 0);
    fs.appendFileSync(file, pcapHeader().subarray(10));
    const [p0, p1, p2] = conversation().map((p) => pcapRecord(p));
    fs.appendFileSync(file, p0);
    fs.appendFileSync(file, p1.subarray(0, 5));
    assert.strictEqual(capture.readMore().added, 1);
    fs.appendFileSync(file, p1.subarray(5));
    fs.appendFileSync(file, p2);
    assert.strictEqual(capture.readMore().added, 2);
    assert.strictEqual(capture.readMore().added, 0);
    assert.strictEqual(capture.index.count, 3);
    assert.strictEqual(capture.finish(), null);
    capture.close();
  });

  it('reports a file cut inside its last record when finished', () => {
    const file = path.join(dir, 'cut.pcap');
    const whole = pcapFile(conversation());
    fs.writeFileSync(file, whole.subarray(0, whole.length - 5));
    const { capture, result } = CaptureFile.load(file);
    assert.strictEqual(result.added, 3);
    const e = capture.finish();
    assert.strictEqual(e?.kind, 'truncated-record');
    assert.strictEqual(e?.isTruncation, true);
    capture.close();
  });

  it('notices a file that shrank, was replaced, or was rewritten in place, and can start over', () => {
    const file = path.join(dir, 'x.pcap');
    const whole = pcapFile(conversation());
    fs.writeFileSync(file, whole);
    const shrink = CaptureFile.load(file).capture;
    fs.truncateSync(file, 30);
    assert.strictEqual(shrink.readMore().error?.kind, 'file-shrank');
    shrink.reset();
    fs.writeFileSync(file, whole);
    assert.strictEqual(shrink.readMore().added, 4, 'after reset it reads from the start');
    shrink.close();

    const replaced = CaptureFile.load(file).capture;
    const other = path.join(dir, 'other.pcap');
    fs.writeFileSync(other, whole);
    fs.renameSync(other, file);
    assert.strictEqual(replaced.readMore().error?.kind, 'file-replaced');
    fs.rmSync(file);
    replaced.reset();
    assert.strictEqual(replaced.readMore().waiting, true);
    replaced.close();

    fs.writeFileSync(file, whole);
    const rewritten = CaptureFile.load(file).capture;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, pcapHeader({ linkType: 1 }), 0, 24, 0);
    fs.closeSync(fd);
    const r = rewritten.readMore();
    assert.strictEqual(r.error?.kind, 'header-changed');
    assert.strictEqual(rewritten.readMore().error, r.error, 'sticky');
    rewritten.close();
  });

  it('gives the same index with readMoreAsync, across tiny chunks', async () => {
    const file = path.join(dir, 'async.pcap');
    const packets = Array.from({ length: 50 }, (_, i) => conversation()[i % 4]);
    fs.writeFileSync(file, pcapFile(packets));
    const sync = CaptureFile.load(file).capture;
    const asyncCap = CaptureFile.open(file, { chunkSize: 37 });
    const r = await asyncCap.readMoreAsync();
    assert.strictEqual(r.added, 50);
    for (let i = 0; i < 50; i++) {
      assert.deepStrictEqual(asyncCap.meta(i), sync.meta(i));
      assert.deepStrictEqual(asyncCap.index.flags(i), sync.index.flags(i));
    }
    assert.deepStrictEqual(await asyncCap.readMoreAsync(), { added: 0, bytes: 0, waiting: false, error: null });
    // A read started while an async one is under way must not feed the reader out of order.
    const again = CaptureFile.open(file, { chunkSize: 64 });
    const pending = again.readMoreAsync();
    assert.strictEqual(again.readMore().added, 0);
    assert.strictEqual((await again.readMoreAsync()).added, 0);
    assert.strictEqual((await pending).added, 50);
    again.close();
    const missing = CaptureFile.open(path.join(dir, 'none.pcap'));
    assert.strictEqual((await missing.readMoreAsync()).waiting, true);
    fs.writeFileSync(path.join(dir, 'bad.pcap'), 'not a capture at all');
    const bad = CaptureFile.open(path.join(dir, 'bad.pcap'));
    assert.strictEqual((await bad.readMoreAsync()).error?.kind, 'bad-magic');
    sync.close();
    asyncCap.close();
  });

  it('follows a file with fs.watch and polling until disposed', async () => {
    const file = path.join(dir, 'follow.pcap');
    const capture = CaptureFile.open(file);
    const updates: ReadMoreResult[] = [];
    const handle = capture.follow((r) => updates.push(r), { intervalMs: 10 });
    const wait = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));
    try {
      await wait(30);
      const recs = conversation().map((p) => pcapRecord(p));
      fs.writeFileSync(file, pcapHeader());
      fs.appendFileSync(file, recs[0]);
      for (let i = 0; i < 100 && capture.index.count < 1; i++) await wait(10);
      fs.appendFileSync(file, recs[1]);
      fs.appendFileSync(file, recs[2]);
      for (let i = 0; i < 100 && capture.index.count < 3; i++) await wait(10);
      assert.strictEqual(capture.index.count, 3);
      assert.ok(updates.length >= 1);
      assert.strictEqual(updates.reduce((n, u) => n + u.added, 0), 3);
      fs.truncateSync(file, 10);
      for (let i = 0; i < 100 && !updates.some((u) => u.error); i++) await wait(10);
      assert.strictEqual(updates.filter((u) => u.error).length, 1, 'an error is reported once');
      assert.strictEqual(updates.find((u) => u.error)?.error?.kind, 'file-shrank');
    } finally {
      handle.dispose();
      capture.close();
    }
  });

  it('keeps only counters when asked not to index, and refuses a directory', () => {
    const file = path.join(dir, 'n.pcap');
    fs.writeFileSync(file, pcapFile(conversation()));
    const { capture } = CaptureFile.load(file, { index: false });
    assert.strictEqual(capture.index.count, 0);
    assert.strictEqual(capture.stats.snapshot().packets, 4);
    assert.strictEqual(capture.flows.count, 2);
    capture.close();
    const r = CaptureFile.load(dir).result;
    assert.strictEqual(r.error?.kind, 'io');
    assert.match(r.error?.message ?? '', /directory/);
  });
});
