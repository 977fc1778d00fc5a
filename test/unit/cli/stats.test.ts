// `swdebug stats`: the classic-pcap fast path (cli/statsScan.ts) counts exactly what the
// general reader (CaptureFile) counts, with either record counter (the addon's PcapCounter
// and the TypeScript one), on every kind of file either accepts, across chunk boundaries and
// on hostile input (where it must step aside rather than count differently); the two
// counters agree on tens of thousands of mutated records; and --dedupe counts the
// de-duplicated view of a socket_wrapper capture.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CaptureFile } from '../../../extension/capture/captureFile';
import { MirrorMatcher } from '../../../extension/capture/dedupe';
import { statsCommand, StatsJson } from '../../../extension/cli/stats';
import { nativeRecordCounter } from '../../../extension/cli/statsNative';
import { CaptureCounts, CounterChoice, RecordCounter, RecordFormat, scanClassicPcap, ScriptRecordCounter } from '../../../extension/cli/statsScan';
import { loadAddon } from '../../../extension/native/addon';
import { pcapFile, PcapngBuilder, PcapPacket } from '../capture/support/files';
import { echoScenario, SwCapture, text } from '../capture/support/mirrorCapture';
import { bytes, ethernet, fragmentBody, icmp, ipv4, ipv6, nullLink, sll, tcp, udp } from '../capture/support/packets';
import { Rng } from '../capture/support/rng';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/captures');

interface Captured { code: number; out: string; err: string }

async function run(args: string[]): Promise<Captured> {
  let out = '';
  let err = '';
  const code = await statsCommand(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

/** What the general reader makes of a file: its counts, or the error it stopped at. */
async function general(file: string): Promise<{ counts: CaptureCounts; error: unknown }> {
  const capture = CaptureFile.open(file, { index: false });
  try {
    const r = await capture.readMoreAsync();
    return { counts: capture, error: r.error ?? (r.waiting ? 'waiting' : capture.finish()) };
  } finally {
    capture.close();
  }
}

const nullLinkOf = (p: Uint8Array): Uint8Array => nullLink(p[0] >> 4 === 6 ? 30 : 2, p);
const sllOf = (p: Uint8Array): Uint8Array => sll(p[0] >> 4 === 6 ? 0x86dd : 0x0800, p);

function same(fast: CaptureCounts, slow: CaptureCounts, what: string): void {
  assert.strictEqual(fast.format, slow.format, what);
  assert.deepStrictEqual(fast.interfaces, slow.interfaces, what);
  assert.deepStrictEqual(fast.stats.snapshot(), slow.stats.snapshot(), what);
  assert.deepStrictEqual(fast.flows.flows(), slow.flows.flows(), what);
  for (let f = 0; f < slow.flows.count; f++) {
    for (const dir of [0, 1]) assert.deepStrictEqual(fast.flows.tcpBases(f, dir), slow.flows.tcpBases(f, dir), `${what}: flow ${f} bases`);
  }
}

/** Checks one file with both counters; returns whether the fast path took it. */
async function check(file: string, what: string): Promise<boolean> {
  const slow = await general(file);
  const taken: boolean[] = [];
  for (const counter of ['auto', 'script'] as CounterChoice[]) {
    const fast = await scanClassicPcap(file, counter);
    taken.push(fast !== null);
    if (fast === null) continue;
    assert.strictEqual(slow.error, null, `${what} (${counter}): the fast path counted a file the general reader refuses`);
    same(fast, slow.counts, `${what} (${counter})`);
  }
  assert.strictEqual(taken[0], taken[1], `${what}: both counters take the file or both step aside`);
  return taken[0];
}

/** Builder-made classic pcaps: both byte orders, µs and ns, raw IP, IPv4 and Ethernet. */
function builtFiles(): Array<{ name: string; data: Uint8Array }> {
  const syn = tcp({ sport: 40000, dport: 7777, flags: 0x02, seq: 5, options: bytes(2, 4, 5, 0xb4, 1, 3, 3, 7) });
  const synAck = tcp({ sport: 7777, dport: 40000, flags: 0x12, seq: 90, ack: 6, options: bytes(1, 1, 1, 0) });
  const data = tcp({ sport: 40000, dport: 7777, flags: 0x18, seq: 6, ack: 91, payload: text('hello') });
  const fin = tcp({ sport: 7777, dport: 40000, flags: 0x11, seq: 91, ack: 11 });
  const rst = tcp({ sport: 40000, dport: 7777, flags: 0x04, seq: 11 });
  const u = udp({ sport: 53, dport: 5353, payload: bytes(1, 2, 3) });
  const list = [
    ipv4({ protocol: 6, src: '127.0.0.11', dst: '127.0.0.10', payload: syn }),
    ipv4({ protocol: 6, src: '127.0.0.10', dst: '127.0.0.11', payload: synAck }),
    ipv4({ protocol: 6, src: '127.0.0.11', dst: '127.0.0.10', payload: data }),
    ipv4({ protocol: 6, src: '127.0.0.10', dst: '127.0.0.11', payload: fin }),
    ipv4({ protocol: 6, src: '127.0.0.11', dst: '127.0.0.10', payload: rst }),
    ipv4({ protocol: 17, payload: u }),
    ipv4({ protocol: 17, fragOffset: 8, payload: u }),
    ipv4({ protocol: 1, payload: icmp({ type: 3, code: 3, payload: ipv4({ protocol: 17, payload: u }) }) }),
    ipv6({ nextHeader: 17, payload: u }),
    ipv6({ nextHeader: 17, payload: u, ext: [{ type: 44, body: fragmentBody(0, true, 9) }] }),
    ipv6({ nextHeader: 6, payload: data }),
    bytes(0x45, 0, 0),
  ];
  const out: Array<{ name: string; data: Uint8Array }> = [];
  for (const littleEndian of [true, false]) {
    for (const nanosecond of [false, true]) {
      for (const linkType of [101, 228, 1]) {
        const packets: PcapPacket[] = list
          .filter((p) => linkType !== 228 || p[0] >> 4 === 4)
          .map((p, i) => ({ data: linkType === 1 ? ethernet(p[0] >> 4 === 6 ? 0x86dd : 0x0800, p) : p, tsSec: 1700000000 + (i % 3), tsFrac: 999 - i }));
        out.push({ name: `le=${littleEndian} ns=${nanosecond} link=${linkType}`, data: pcapFile(packets, { littleEndian, nanosecond, linkType }) });
      }
    }
  }
  // Captured shorter than on the wire (snaplen 60), and a header-only file.
  out.push({ name: 'snaplen 60', data: pcapFile(list.map((p) => ({ data: p.subarray(0, Math.min(p.length, 60)), origLen: p.length })), { snapLen: 60 }) });
  out.push({ name: 'no packets', data: pcapFile([]) });
  return out;
}

describe('swdebug stats: the classic pcap fast path', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-stats-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts with the native PcapCounter: the addon is built and has it', () => {
    const load = loadAddon();
    assert.ok(load.ok, load.ok ? '' : load.reason);
    assert.strictEqual(typeof load.addon.PcapCounter, 'function');
    assert.ok(nativeRecordCounter({ littleEndian: true, nanosecond: false, linkType: 101, maxCapLen: 65535 }) !== null);
  });

  it('counts the real socket_wrapper fixtures and builder-made files exactly as the general reader', async () => {
    for (const name of ['sw-mixed.pcap', 'sw-mixed-ns.pcap']) {
      assert.ok(await check(path.join(FIXTURES, name), name), `${name} takes the fast path`);
    }
    assert.strictEqual(await scanClassicPcap(path.join(FIXTURES, 'sw-mixed.pcapng')), null, 'pcapng goes the general way');
    for (const { name, data } of builtFiles()) {
      const file = path.join(dir, 'built.pcap');
      fs.writeFileSync(file, data);
      assert.ok(await check(file, name), `${name} takes the fast path`);
    }
  });

  it('records across chunk boundaries, up to the largest allowed, in a multi-megabyte file', async () => {
    const rng = new Rng(4242);
    const packets: PcapPacket[] = [];
    let size = 24;
    for (let i = 0; size < 5.5 * 1024 * 1024; i++) {
      // Mostly small records, now and then a big one (up to 262144 captured bytes) so some
      // straddle the 1 MiB reads with only part of their header or body in a chunk.
      const big = i % 97 === 0;
      const payloadLen = big ? (i % 2 === 0 ? 262144 - 28 : 100000 + rng.int(150000)) : rng.int(1400);
      const data = ipv4({ protocol: 17, src: `127.0.0.${11 + (i % 5)}`, dst: '127.0.0.10', payload: udp({ sport: 1000 + (i % 7), dport: 53, payload: new Uint8Array(payloadLen) }) });
      packets.push({ data, tsSec: 1700000000 + Math.floor(i / 1000), tsFrac: (i * 37) % 1000000 });
      size += 16 + data.length;
    }
    const file = path.join(dir, 'big.pcap');
    fs.writeFileSync(file, pcapFile(packets, { snapLen: 0 }));
    assert.ok(await check(file, 'big'), 'the big file takes the fast path');
    const fast = await scanClassicPcap(file);
    assert.strictEqual(fast?.stats.packets, packets.length);
  });

  it('the native counter checks its arguments and its call order instead of reading outside the arrays', () => {
    const load = loadAddon();
    assert.ok(load.ok && load.addon.PcapCounter !== undefined);
    const { PcapCounter } = load.addon;
    const syn = ipv4({ protocol: 6, payload: tcp({ sport: 1, dport: 2, flags: 0x02, seq: 1 }) });
    const file = pcapFile([{ data: syn }, { data: syn }]);
    const slots = new Int32Array(1 + 2 * 21);
    const c = new PcapCounter(101, true, false, 65535);
    assert.throws(() => c.count(file, 0, file.length + 1, slots), RangeError);
    assert.throws(() => c.count(file, 30, 20, slots), RangeError);
    assert.throws(() => c.count(file, 24, file.length, new Int32Array(5)), RangeError);
    assert.throws(() => c.count(file, 24, file.length, new Uint32Array(50) as unknown as Int32Array), TypeError);
    assert.throws(() => new PcapCounter('101' as unknown as number, true, false, 65535), TypeError);
    // Two SYNs: both listed for the TypeScript decoder, and nothing counted until commit().
    assert.strictEqual(c.count(file, 24, file.length, slots), file.length);
    assert.strictEqual(slots[0], 2);
    assert.throws(() => c.count(file, 24, file.length, slots), /commit\(\) the records listed/);
    assert.throws(() => c.commit(new Int32Array(1 + 21)), RangeError);
    c.commit(slots);
    assert.strictEqual(c.result().stats.packets, 2);
  });

  it('long runs of packets the native counter hands to the TypeScript decoder, in order with the rest', async () => {
    // More than a slot list (1024) of SYNs, IPv6 and ICMP between plain packets, and files
    // of nothing else, so lists fill up mid-chunk and waiting plain packets keep their place.
    const rng = new Rng(77);
    const u = (sport: number): Uint8Array => udp({ sport, dport: 53, payload: bytes(1, 2, 3) });
    const kinds = [
      (i: number) => ipv4({ protocol: 17, src: '127.0.0.11', dst: '127.0.0.10', payload: u(1000 + (i % 3)) }),
      (i: number) => ipv4({ protocol: 6, src: '127.0.0.12', dst: '127.0.0.10', payload: tcp({ sport: 2000 + (i % 50), dport: 80, flags: 0x02, seq: i, options: bytes(3, 3, i % 16, 0) }) }),
      (i: number) => ipv4({ protocol: 6, src: '127.0.0.10', dst: '127.0.0.12', payload: tcp({ sport: 80, dport: 2000 + (i % 50), flags: 0x12, seq: 7 * i, ack: i + 1 }) }),
      (i: number) => ipv4({ protocol: 6, src: '127.0.0.12', dst: '127.0.0.10', payload: tcp({ sport: 2000 + (i % 50), dport: 80, flags: 0x10 | (i % 7 === 0 ? 1 : 0), seq: i + 1, ack: 7 * i + 1 }) }),
      (i: number) => ipv6({ nextHeader: 17, payload: u(3000 + (i % 5)) }),
      (i: number) => ipv4({ protocol: 1, payload: icmp({ type: 3, code: 3, payload: ipv4({ protocol: 17, payload: u(i % 9) }) }) }),
    ];
    for (const mix of [[0, 1, 2, 3, 4, 5], [4], [1, 3], [0, 0, 0, 4]]) {
      const packets: PcapPacket[] = [];
      for (let i = 0; i < 6000; i++) {
        packets.push({ data: kinds[mix[rng.int(mix.length)]](i), tsSec: 1700000000 + (i >> 10), tsFrac: rng.int(1000000) });
      }
      const file = path.join(dir, 'mix.pcap');
      fs.writeFileSync(file, pcapFile(packets));
      assert.ok(await check(file, `mix ${mix.join(',')}`), 'the fast path takes it');
    }
  });

  it('the native and TypeScript counters agree on 100,000 mutated records', () => {
    const native = (f: RecordFormat): RecordCounter => {
      const c = nativeRecordCounter(f);
      assert.ok(c !== null, 'the addon loads');
      return c;
    };
    const rng = new Rng(Number(process.env.SWDEBUG_FUZZ_SEED ?? 20261203) >>> 0);
    const seedPackets = [
      ipv4({ protocol: 6, src: '127.0.0.11', dst: '127.0.0.10', payload: tcp({ sport: 40000, dport: 7777, flags: 0x18, seq: 6, ack: 91, payload: text('hello') }) }),
      ipv4({ protocol: 6, src: '127.0.0.10', dst: '127.0.0.11', payload: tcp({ sport: 7777, dport: 40000, flags: 0x12, seq: 90, ack: 6, options: bytes(3, 3, 7, 0) }) }),
      ipv4({ protocol: 17, payload: udp({ sport: 53, dport: 5353, payload: bytes(1, 2, 3) }) }),
      ipv4({ protocol: 17, fragOffset: 8, payload: udp({ sport: 53, dport: 5353, payload: bytes(1) }) }),
      ipv6({ nextHeader: 6, payload: tcp({ sport: 1, dport: 2, flags: 0x02, seq: 1 }) }),
      ipv4({ protocol: 1, payload: icmp({ type: 3, code: 3, payload: ipv4({ protocol: 17, payload: udp({ sport: 9, dport: 8, payload: bytes(0) }) }) }) }),
    ];
    const linkTypes = [101, 228, 1, 0, 113, 229];
    const wrap = (lt: number, p: Uint8Array): Uint8Array => (lt === 1 ? ethernet(p[0] >> 4 === 6 ? 0x86dd : 0x0800, p) : lt === 0 ? nullLinkOf(p) : lt === 113 ? sllOf(p) : p);
    let records = 0;
    for (let n = 0; records < 100000; n++) {
      const linkType = linkTypes[n % linkTypes.length];
      const format: RecordFormat = { littleEndian: rng.int(2) === 0, nanosecond: rng.int(2) === 0, linkType, maxCapLen: 65535 };
      const packets: PcapPacket[] = [];
      for (let i = 0; i < 40; i++) {
        const b = Uint8Array.from(wrap(linkType, seedPackets[rng.int(seedPackets.length)]));
        // Mutate the link, IP and transport headers, where the two decoders' rules live.
        for (let m = rng.int(4); m > 0; m--) {
          const at = rng.int(Math.min(b.length, 64));
          b[at] = rng.int(3) === 0 ? [0, 0xff, 0x45, 0x46, 0x60, 6, 17, 0x02, 0x12, 0x20, 0x40][rng.int(11)] : b[at] ^ (1 << rng.int(8));
        }
        const cut = rng.int(8) === 0 ? rng.int(b.length + 1) : b.length;
        packets.push({ data: b.subarray(0, cut), origLen: cut < b.length || rng.int(8) === 0 ? b.length + rng.int(100) : undefined, tsSec: 1700000000 + rng.int(3), tsFrac: rng.int(1000000) });
      }
      records += packets.length;
      const file = pcapFile(packets, { littleEndian: format.littleEndian, nanosecond: format.nanosecond, linkType });
      const counters = [native(format), new ScriptRecordCounter(format)];
      for (const c of counters) assert.strictEqual(c.count(file, 24, file.length), file.length, `case ${n}: every record counted`);
      const [a, b] = counters.map((c) => c.finish());
      const what = `case ${n} (link ${linkType})`;
      assert.deepStrictEqual(a.stats.snapshot(), b.stats.snapshot(), what);
      assert.deepStrictEqual(a.flows.flows(), b.flows.flows(), what);
      for (let f = 0; f < b.flows.count; f++) {
        for (const dir of [0, 1]) assert.deepStrictEqual(a.flows.tcpBases(f, dir), b.flows.tcpBases(f, dir), `${what}: flow ${f} bases`);
      }
    }
  });

  it('hostile files: the fast path counts the same or steps aside, never something else', async () => {
    const rng = new Rng(20251125);
    const seeds = [...builtFiles().map((f) => f.data), new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'sw-mixed.pcap')))];
    const file = path.join(dir, 'mutant.pcap');
    let fastCount = 0;
    let asideCount = 0;
    for (let n = 0; n < 600; n++) {
      const src = seeds[n % seeds.length];
      let b: Uint8Array = Uint8Array.from(src);
      for (let m = 1 + rng.int(4); m > 0; m--) {
        // Spare the file header most of the time so the records behind it get mutated.
        const keep = rng.int(4) === 0 ? 0 : 24;
        const at = b.length <= keep ? b.length : keep + rng.int(b.length - keep);
        switch (rng.int(4)) {
          case 0: if (at < b.length) b[at] ^= 1 << rng.int(8); break;
          case 1: if (at < b.length) b[at] = [0, 0xff, 0x45, 0x60, 6, 17, 0x40, 0x80][rng.int(8)]; break;
          case 2: b = b.subarray(0, at); break;
          default: { const extra = new Uint8Array(1 + rng.int(40)).map(() => rng.next() & 0xff); const o = new Uint8Array(b.length + extra.length); o.set(b.subarray(0, at)); o.set(extra, at); o.set(b.subarray(at), at + extra.length); b = o; }
        }
      }
      fs.writeFileSync(file, b);
      if (await check(file, `mutant ${n}`)) fastCount++;
      else asideCount++;
    }
    assert.ok(fastCount > 100 && asideCount > 100, `both ways were exercised (${fastCount} fast, ${asideCount} aside)`);
  });

  it('the command prints the same text and JSON whichever path counted', async () => {
    // A truncated tail, a bad record and pcapng go the general way; the same packets as a
    // clean classic file go the fast way: the reports differ only where the files do.
    const packets = [
      { data: ipv4({ protocol: 17, payload: udp({ sport: 1, dport: 2, payload: bytes(7) }) }), tsSec: 1700000000, tsFrac: 5 },
      { data: ipv4({ protocol: 6, payload: tcp({ sport: 2, dport: 1, flags: 0x12, seq: 1, ack: 2 }) }), tsSec: 1700000001, tsFrac: 6 },
    ];
    const clean = path.join(dir, 'clean.pcap');
    fs.writeFileSync(clean, pcapFile(packets));
    const ng = path.join(dir, 'same.pcapng');
    fs.writeFileSync(ng, new PcapngBuilder().shb().idb({ linkType: 101, tsresol: 6 })
      .epb(0, 1700000000000005n, packets[0].data).epb(0, 1700000001000006n, packets[1].data).build());
    const a = await run([clean, '--json']);
    const b = await run([ng, '--json']);
    assert.strictEqual(a.code, 0);
    assert.strictEqual(b.code, 0);
    const ja = JSON.parse(a.out) as StatsJson;
    const jb = JSON.parse(b.out) as StatsJson;
    assert.deepStrictEqual({ ...ja, file: '', format: null }, { ...jb, file: '', format: null });
    assert.strictEqual(ja.dedupe, undefined, 'no dedupe member without --dedupe');
    const ta = (await run([clean])).out;
    const tb = (await run([ng])).out;
    assert.strictEqual(ta.split('\n').slice(1).join('\n'), tb.split('\n').slice(1).join('\n'));
    assert.doesNotMatch(ta, /Dedupe/);
  });
});

describe('swdebug stats --dedupe', () => {
  let cap: SwCapture;
  let file: string;
  before(() => {
    ({ cap, file } = echoScenario());
  });
  after(() => cap.dispose());

  it('adds what the de-duplicated view shows and keeps every total', async () => {
    const plain = await run([file, '--json']);
    const r = await run([file, '--json', '--dedupe']);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(r.err, '');
    const withDedupe = JSON.parse(r.out) as StatsJson;
    const { dedupe, ...totals } = withDedupe;
    assert.deepStrictEqual(totals, JSON.parse(plain.out), 'the totals are those without --dedupe');
    const capture = cap.load();
    const m = new MirrorMatcher(capture);
    m.update();
    capture.close();
    assert.deepStrictEqual(dedupe, { shown: 7, hidden: 5, pairs: m.pairCount, unpairedSends: 2, unpairedReceives: 0 });
    assert.ok(m.pairCount >= 5);
    // The same numbers in the text form, after the totals.
    const textOut = (await run([file, '--dedupe'])).out;
    assert.match(textOut, new RegExp(`\\nDedupe: {5}7 shown, 5 received copies hidden, ${m.pairCount} mirrored pairs\\n {12}2 sends not read by the peer, 0 receives matching no send\\nFlows:`));
    const plainText = (await run([file])).out;
    assert.strictEqual(textOut.replace(/Dedupe:.*\n.*\n/, ''), plainText, 'otherwise the text is unchanged');
  });

  it('usage, errors and a truncated capture', async () => {
    const help = await run(['--help']);
    assert.strictEqual(help.code, 0);
    assert.match(help.out, /usage: swdebug stats FILE \[--json\] \[--dedupe\]/);
    assert.strictEqual((await run(['/nonexistent/x.pcap', '--dedupe'])).code, 1);
    assert.strictEqual((await run([file, '--dedupe', '--filter', 'tcp'])).code, 2);
    const whole = fs.readFileSync(file);
    const cut = path.join(path.dirname(file), 'cut.pcap');
    fs.writeFileSync(cut, whole.subarray(0, whole.length - 3));
    const r = await run([cut, '--dedupe', '--json']);
    assert.strictEqual(r.code, 0);
    assert.match(r.err, /warning: .*ends inside a record.*11 complete packets/);
    const j = JSON.parse(r.out) as StatsJson;
    assert.strictEqual(j.packets, 11);
    assert.strictEqual(j.dedupe?.shown, 6, 'the cut datagram is not shown');
  });
});
