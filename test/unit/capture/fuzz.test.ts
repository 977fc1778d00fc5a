// Hostile input: more than 100,000 random and mutated captures (real socket_wrapper captures
// from test/fixtures/captures plus builder-made pcapng/link-layer files) go through the
// reader, the summary, the flow table, the index and the full decoder, and the classic pcaps
// among them through both record counters of `swdebug stats` (the addon's and TypeScript's),
// which must agree. Nothing may throw except CaptureError, nothing may hang or crash, decoded
// offsets must stay inside the packet, and memory must stay flat. SWDEBUG_FUZZ_SEED=n
// reproduces a run; SWDEBUG_FUZZ_CASES=n resizes it (bench/fuzz/run.sh runs millions).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CaptureFile } from '../../../extension/capture/captureFile';
import { decodePacket } from '../../../extension/capture/decode/index';
import { newSummary, summarize, summarizeGeneral } from '../../../extension/capture/decode/summary';
import { CaptureError } from '../../../extension/capture/errors';
import { FlowTable, NO_FLOW } from '../../../extension/capture/flows';
import { PacketIndex } from '../../../extension/capture/packetIndex';
import { PcapReader } from '../../../extension/capture/pcapReader';
import { PacketRecord } from '../../../extension/capture/record';
import { nativeRecordCounter } from '../../../extension/cli/statsNative';
import { classicPcapHeader, ScriptRecordCounter } from '../../../extension/cli/statsScan';
import { pcapFile, PcapngBuilder } from './support/files';
import {
  bytes, echoRest, ethernet, extBody, fragmentBody, icmp, ipv4, ipv6, nullLink, sll, sll2, tcp, udp,
} from './support/packets';
import { Rng } from './support/rng';

const SEED = Number(process.env.SWDEBUG_FUZZ_SEED ?? 20251125) >>> 0;
const CASES = Number(process.env.SWDEBUG_FUZZ_CASES ?? 110000);
const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/captures');

const INTERESTING_32 = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0x3ffff, 0x40000, 0x40001, 0x7fffffff, 0x80000000, 0xffffffff, 12, 16, 24, 28, 32];

/** Seeds: the real captures cut into small files (header + a few consecutive records), plus builder-made ones. */
function seeds(rng: Rng): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const name of fs.readdirSync(FIXTURES).filter((n) => /\.(pcap|pcapng)$/.test(n))) {
    const file = new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
    out.push(file);
    const cuts = recordBounds(file);
    for (let i = 0; i < 40 && cuts.length > 2; i++) {
      const a = 1 + rng.int(cuts.length - 2);
      const b = Math.min(cuts.length - 1, a + 1 + rng.int(12));
      out.push(concat(file.subarray(0, cuts[0]), file.subarray(cuts[a], cuts[b])));
    }
  }
  const t = tcp({ sport: 7777, dport: 16030, flags: 0x12, seq: 1, ack: 2, options: bytes(2, 4, 5, 0xb4, 1, 3, 3, 7, 4, 2, 0, 0) });
  const u = udp({ sport: 53, dport: 5353, payload: bytes(1, 2, 3) });
  const v4 = ipv4({ protocol: 6, payload: t, options: bytes(1, 1, 1, 0) });
  const v6 = ipv6({ nextHeader: 17, payload: u, ext: [{ type: 0, body: extBody(0) }, { type: 44, body: fragmentBody(0, true, 9) }, { type: 60, body: extBody(1) }] });
  const ic = ipv4({ protocol: 1, payload: icmp({ type: 3, code: 3, payload: ipv4({ protocol: 17, payload: u }) }) });
  const ic6 = ipv6({ nextHeader: 58, payload: icmp({ type: 1, code: 4, payload: ipv6({ nextHeader: 6, payload: t }) }) });
  const echo = ipv4({ protocol: 1, payload: icmp({ type: 8, rest: echoRest(1, 2) }) });
  const frag = ipv4({ protocol: 17, fragOffset: 8, payload: u });
  const ng = new PcapngBuilder().shb()
    .idb({ linkType: 1, tsresol: 9, name: 'eth0' }).idb({ linkType: 113 }).idb({ linkType: 276, tsresol: 0x80 | 20 }).idb({ linkType: 0 }).idb({ linkType: 101 })
    .epb(0, 1n, ethernet(0x0800, v4, [5])).epb(1, 2n, sll(0x86dd, v6)).epb(2, 3n, sll2(0x0800, ic))
    .epb(3, 4n, nullLink(30, ic6)).spb(ethernet(0x0806, new Uint8Array(28))).opb(4, 5n, echo)
    .block(5, new Uint8Array(16)).epb(4, 6n, frag).build();
  out.push(ng);
  out.push(new PcapngBuilder(false).shb({ littleEndian: false }).idb({ linkType: 229 }).epb(0, 9n, v6).epb(0, 10n, ic6).build());
  for (const [lt, le, ns] of [[101, true, false], [228, false, true], [1, true, true]] as Array<[number, boolean, boolean]>) {
    const wrap = (p: Uint8Array): Uint8Array => (lt === 1 ? ethernet(p[0] >> 4 === 6 ? 0x86dd : 0x0800, p) : p);
    const list = lt === 228 ? [v4, ic, echo, frag] : [v4, v6, ic, ic6, echo, frag];
    out.push(pcapFile(list.map((p, i) => ({ data: wrap(p), tsSec: 1700000000 + i, tsFrac: i })), { linkType: lt, littleEndian: le, nanosecond: ns }));
  }
  return out;
}

/** Offsets of the file header end and each record/block start (classic pcap and pcapng). */
function recordBounds(f: Uint8Array): number[] {
  const dv = new DataView(f.buffer, f.byteOffset, f.byteLength);
  const cuts: number[] = [];
  if (dv.getUint32(0, true) === 0x0a0d0d0a) {
    const le = dv.getUint32(8, true) === 0x1a2b3c4d;
    let p = 0;
    let first = true;
    while (p + 12 <= f.length) {
      const len = dv.getUint32(p + 4, le);
      if (len < 12 || p + len > f.length) break;
      p += len;
      // Keep the SHB and the IDBs together as the "header" of a cut file.
      if (first && f.length > p + 4 && dv.getUint32(p, le) === 1) continue;
      first = false;
      cuts.push(p);
    }
  } else {
    const le = dv.getUint32(0, true) === 0xa1b2c3d4 || dv.getUint32(0, true) === 0xa1b23c4d;
    let p = 24;
    cuts.push(p);
    while (p + 16 <= f.length) {
      p += 16 + dv.getUint32(p + 8, le);
      if (p > f.length) break;
      cuts.push(p);
    }
  }
  return cuts;
}

function headerLength(f: Uint8Array): number {
  const cuts = recordBounds(f);
  return cuts.length > 0 ? cuts[0] : 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const o = new Uint8Array(a.length + b.length);
  o.set(a);
  o.set(b, a.length);
  return o;
}

function mutate(rng: Rng, src: Uint8Array, all: Uint8Array[]): Uint8Array {
  let b: Uint8Array = Uint8Array.from(src);
  const n = 1 + rng.int(8);
  // Half the time the file header is spared, so mutations reach the packets behind it.
  const keep = rng.int(2) === 0 ? headerLength(src) : 0;
  for (let i = 0; i < n; i++) {
    const at = b.length <= keep ? b.length : keep + rng.int(b.length - keep);
    switch (rng.int(9)) {
      case 0: if (b.length) b[at] ^= 1 << rng.int(8); break;
      case 1: if (b.length) b[at] = rng.pick([0, 0xff, 0x7f, 0x80, 0x40, 0x45, 0x60, 6, 17, 44, 58]); break;
      case 2: if (b.length >= 4) {
        const v = rng.pick(INTERESTING_32);
        const p = Math.min(at, b.length - 4);
        const le = rng.int(2) === 0;
        for (let k = 0; k < 4; k++) b[p + k] = (v >>> (8 * (le ? k : 3 - k))) & 0xff;
      } break;
      case 3: if (rng.int(4) === 0) b = b.subarray(0, at); break;
      case 4: { const extra = new Uint8Array(1 + rng.int(64)); for (let k = 0; k < extra.length; k++) extra[k] = rng.next() & 0xff; b = concat(concat(b.subarray(0, at), extra), b.subarray(at)); break; }
      case 5: b = concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + rng.int(64)))); break;
      case 6: { const len = rng.int(128); b = concat(concat(b.subarray(0, at), b.subarray(at, at + len)), b.subarray(at)); break; }
      case 7: { const other = rng.pick(all); const from = other.length ? rng.int(other.length) : 0; b = concat(b.subarray(0, at), other.subarray(from, from + 1 + rng.int(200))); break; }
      default: for (let k = 0; k < 8 && at + k < b.length; k++) b[at + k] = rng.next() & 0xff; break;
    }
  }
  return Uint8Array.from(b);
}

function randomCase(rng: Rng): Uint8Array {
  const headers = [
    pcapFile([], { littleEndian: true }), pcapFile([], { littleEndian: false, nanosecond: true }),
    pcapFile([], { linkType: 1 }), pcapFile([], { linkType: 113, snapLen: 0 }),
    new PcapngBuilder().shb().idb({ linkType: 101 }).build(), new PcapngBuilder(false).shb({ littleEndian: false }).build(),
  ];
  const prefix = rng.int(4) === 0 ? new Uint8Array(0) : rng.pick(headers);
  const body = new Uint8Array(rng.int(600));
  for (let i = 0; i < body.length; i++) body[i] = rng.next() & 0xff;
  return concat(prefix, body);
}

const summary = newSummary();
const general = newSummary();

/** Everything the engine does with one capture, fed in random chunks. Returns packets seen. */
function exercise(rng: Rng, file: Uint8Array): number {
  const reader = new PcapReader();
  const flows = new FlowTable();
  const index = new PacketIndex();
  let n = 0;
  const onPacket = (r: PacketRecord): void => {
    n++;
    assert.ok(r.dataStart >= 0 && r.dataStart + r.capLen <= r.bytes.length, 'record inside its buffer');
    summarize(r.bytes, r.dataStart, r.dataStart + r.capLen, r.linkType, summary, r.origLen);
    // The fast path must say exactly what the decoders say.
    summarizeGeneral(r.bytes, r.dataStart, r.dataStart + r.capLen, r.linkType, general, r.origLen);
    assert.deepStrictEqual(summary, general, 'fast and general summaries agree');
    const flow = flows.observe(summary, r.tsSec + r.tsNsec / 1e9, r.origLen);
    const dir = flows.lastDirection;
    if (flow !== NO_FLOW) assert.strictEqual(dir, flows.directionOf(summary), 'cached and hashed lookups agree on direction');
    index.append(r.dataOffset, r.tsSec, r.tsNsec, r.capLen, r.linkType, flow, summary);
    const tcpBases = flow !== NO_FLOW && summary.ipProtocol === 6 ? flows.tcpBases(flow, dir) : undefined;
    const d = decodePacket(r.bytes, r.linkType, r.dataStart, r.dataStart + r.capLen, { tcpBases, wireLen: r.origLen });
    assert.ok(d.payloadOffset >= 0 && d.payloadCaptured >= 0, 'payload offsets are not negative');
    assert.ok(d.payloadCaptured === 0 || d.payloadOffset + d.payloadCaptured <= r.capLen, `payload inside the packet: ${d.payloadOffset}+${d.payloadCaptured} > ${r.capLen}`);
    assert.strictEqual(typeof d.info, 'string');
  };
  try {
    let o = 0;
    while (o < file.length) {
      const step = rng.int(3) === 0 ? file.length : 1 + rng.int(300);
      reader.feed(file.subarray(o, Math.min(file.length, o + step)), onPacket);
      o += step;
    }
    reader.finish();
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    assert.ok(e.offset >= 0 && e.offset <= file.length + 8, `error offset ${e.offset} within the file (${file.length})`);
  }
  for (let i = 0; i < flows.count; i++) flows.flow(i);
  return n;
}

/**
 * A classic pcap through both of `swdebug stats`'s record counters: they stop at the same
 * place (or both refuse a record) and count the same. Returns whether the file was one.
 */
function countersAgree(file: Uint8Array): boolean {
  const header = classicPcapHeader(file);
  if (header === null) return false;
  const native = nativeRecordCounter(header.format);
  assert.ok(native !== null, 'the addon loads');
  const script = new ScriptRecordCounter(header.format);
  const stop = script.count(file, 24, file.length);
  assert.strictEqual(native.count(file, 24, file.length), stop, 'the counters stop at the same record');
  if (stop >= 0) {
    const [a, b] = [native.finish(), script.finish()];
    assert.deepStrictEqual(a.stats.snapshot(), b.stats.snapshot(), 'native and script statistics agree');
    assert.deepStrictEqual(a.flows.flows(), b.flows.flows(), 'native and script flows agree');
  }
  return true;
}

describe('capture fuzz (reader + decoders on hostile bytes)', function () {
  // About 0.15 ms a case here; leave room for slow machines and long bench runs.
  this.timeout(Math.max(240000, CASES * 2));

  it(`survives ${CASES} random and mutated captures (seed ${SEED})`, () => {
    const rng = new Rng(SEED);
    const pool = seeds(rng);
    assert.ok(pool.length > 100, `${pool.length} seeds`);
    const gc = (global as { gc?: () => void }).gc;
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    let packets = 0;
    let slowest = 0;
    let counted = 0;
    for (let c = 0; c < CASES; c++) {
      const file = c % 10 < 3 ? randomCase(rng) : mutate(rng, rng.pick(pool), pool);
      const t0 = Date.now();
      try {
        packets += exercise(rng, file);
        if (countersAgree(file)) counted++;
      } catch (e) {
        const hex = Buffer.from(file).toString('hex');
        throw new Error(`case ${c} (seed ${SEED}) threw ${(e as Error).stack}\nfile (${file.length} bytes): ${hex.slice(0, 4000)}`);
      }
      slowest = Math.max(slowest, Date.now() - t0);
      assert.ok(slowest < 2000, `case ${c} took ${slowest} ms: a hang?`);
    }
    gc?.();
    const grown = process.memoryUsage().heapUsed - heapBefore;
    assert.ok(grown < 64 * 1024 * 1024, `heap grew by ${grown} bytes`);
    // Recorded in the test output so CI logs show the coverage and cost.
    console.log(`      ${CASES} cases, ${packets} packets decoded, ${counted} classic pcaps counted by both record counters, ${Date.now() - started} ms, slowest case ${slowest} ms, heap +${(grown / 1048576).toFixed(1)} MiB`);
    assert.ok(counted > CASES / 10, `the record counters saw ${counted} files`);
  });

  it('survives mutated captures read through CaptureFile from disk, with random access', async () => {
    const rng = new Rng(SEED ^ 0x5a5a5a5a);
    const pool = seeds(rng);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-fuzz-'));
    try {
      for (let c = 0; c < 300; c++) {
        const file = path.join(dir, `f${c % 4}.pcap`);
        fs.writeFileSync(file, mutate(rng, rng.pick(pool), pool));
        const capture = CaptureFile.open(file, { chunkSize: 1 + rng.int(512) });
        const r = c % 2 === 0 ? capture.readMore() : await capture.readMoreAsync();
        assert.ok(r.error === null || r.error instanceof CaptureError);
        const end = capture.finish();
        assert.ok(end === null || end instanceof CaptureError);
        for (let i = 0; i < capture.index.count; i++) {
          capture.decode(i);
          capture.meta(i);
        }
        capture.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
