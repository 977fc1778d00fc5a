// Real captures from real programs under the real socket_wrapper, read by swdebug and by
// tshark: every packet must agree field by field (addresses, protocol, ports, flags,
// lengths, raw seq/ack, ICMP type/code and the quoted header, and the Info text), in the
// original file and after editcap converts it to pcapng and to nanosecond pcap.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CaptureFile, ReadMoreResult } from '../../../extension/capture/captureFile';
import { CLIENT, SERVER } from './support/scripts';
import { differences, packets, stats, swdebug, tshark, TsharkRow } from './support/tools';
import { newSession, requireTools, Session } from './support/wrapper';

const V4 = '127.0.0.10';
const V6 = 'fd00::5357:5f0a';

/** Server on iface 10 plus the given clients (each its own process, on ifaces 11, 12...). */
async function converse(s: Session, family: 4 | 6, clients: string[][], opts: { conns?: number; grams?: number; parallel?: boolean } = {}): Promise<void> {
  const host = family === 4 ? V4 : V6;
  const server = s.start(10, s.script('server.py', SERVER), [String(family), host, '7777', '7778', String(opts.conns ?? clients.length), String(opts.grams ?? 0)]);
  await server.waitFor('ready');
  const client = s.script('client.py', CLIENT);
  const args = (c: string[], i: number): string[] => [String(family), host, '7777', '7778', `hello-${i}-${'x'.repeat(i * 7)}`, ...c];
  if (opts.parallel) await Promise.all(clients.map((c, i) => s.run(11 + i, client, args(c, i))));
  else for (const [i, c] of clients.entries()) await s.run(11 + i, client, args(c, i));
  await server.done();
}

function compare(file: string): { rows: TsharkRow[]; count: number } {
  const rows = tshark(file);
  const ours = packets(file);
  assert.strictEqual(ours.length, rows.length, `${path.basename(file)}: packet count`);
  const diffs = ours.flatMap((p, i) => differences(p, rows[i]));
  assert.deepStrictEqual(diffs, [], `${path.basename(file)}: ${diffs.length} differences`);
  return { rows, count: rows.length };
}

/** The original, then editcap's pcapng and nanosecond pcap conversions, all checked. */
function compareWithConversions(s: Session): TsharkRow[] {
  assert.ok(fs.existsSync(s.pcap), 'socket_wrapper wrote a capture');
  const { rows } = compare(s.pcap);
  const original = packets(s.pcap);
  for (const [format, ext] of [['pcapng', 'pcapng'], ['nsecpcap', 'ns.pcap']]) {
    const out = path.join(s.root, `converted.${ext}`);
    const r = spawnSync('editcap', ['-F', format, s.pcap, out], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    compare(out);
    const converted = packets(out);
    assert.deepStrictEqual(converted.map((p) => ({ ...p, time: Math.round(p.time * 1e6) })), original.map((p) => ({ ...p, time: Math.round(p.time * 1e6) })),
      `${format}: the same packets as the original`);
  }
  return rows;
}

describe('capture integration: real socket_wrapper captures vs tshark', function () {
  this.timeout(120000);
  let s: Session;
  before(() => requireTools());
  beforeEach(() => { s = newSession(); });
  afterEach(() => s.dispose());

  it('TCP over IPv4 (python server and client)', async () => {
    await converse(s, 4, [[]]);
    const rows = compareWithConversions(s);
    assert.ok(rows.some((r) => r.tcpFlags === 0x02), 'a SYN');
    assert.ok(rows.some((r) => (r.tcpFlags ?? 0) & 0x01), 'a FIN');
    assert.ok(rows.some((r) => (r.tcpLen ?? 0) > 0), 'data');
  });

  it('UDP over IPv4 and the ICMP unreachable for a closed port', async () => {
    await converse(s, 4, [['udp', 'closed-udp']], { grams: 1 });
    const rows = compareWithConversions(s);
    assert.ok(rows.some((r) => r.udpLength !== null && r.ipProto === 17), 'UDP');
    const icmp = rows.find((r) => r.ipProto === 1);
    assert.ok(icmp, 'socket_wrapper wrote an ICMP message');
    assert.strictEqual(icmp.icmpType, 3);
    const ours = packets(s.pcap)[icmp.no - 1];
    assert.deepStrictEqual([ours.icmp?.quoted?.proto, ours.icmp?.quoted?.dport], ['udp', 9]);
  });

  it('IPv6 (fd00::5357:5f0a): TCP, UDP and ICMPv6 unreachable, with socket_wrapper\'s oversized payload lengths', async () => {
    await converse(s, 6, [['udp', 'closed-udp', 'closed-tcp']], { grams: 1 });
    const rows = compareWithConversions(s);
    assert.ok(rows.every((r) => r.src.startsWith('fd00::5357:5f')), 'emulated IPv6 addresses');
    assert.ok(rows.some((r) => r.ipProto === 58), 'ICMPv6');
    assert.ok(rows.some((r) => r.ipProto === 6) && rows.some((r) => r.ipProto === 17));
  });

  it('several processes appending to one capture at once', async () => {
    await converse(s, 4, [['udp'], ['udp'], ['udp'], ['closed-udp'], []], { grams: 3, parallel: true });
    const rows = compareWithConversions(s);
    const clients = new Set(rows.map((r) => r.src).filter((a) => a !== V4 && a !== '0.0.0.0'));
    assert.ok(clients.size >= 5, `five client addresses, saw ${[...clients].join(' ')}`);
    const st = stats(s.pcap);
    assert.strictEqual(st.packets, rows.length);
    const count = (p: number): number => rows.filter((r) => r.ipProto === p).length;
    assert.deepStrictEqual(st.protocols, Object.fromEntries(Object.entries({ tcp: count(6), udp: count(17), icmp: count(1) }).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])));
    // Flows: distinct unordered 5-tuples in tshark's rows (ICMP keyed by addresses).
    const keys = new Set(rows.map((r) => {
      const sp = r.tcpSrc ?? r.udpSrc ?? 0;
      const dp = r.tcpDst ?? r.udpDst ?? 0;
      const ends = [`${r.src}/${sp}`, `${r.dst}/${dp}`].sort();
      return `${r.ipProto} ${ends.join(' ')}`;
    }));
    assert.strictEqual(st.flows, keys.size);
    assert.strictEqual(st.bytes, rows.reduce((n, r) => n + r.frameLen, 0));
    assert.ok(Math.abs((st.firstTime ?? 0) - Number(rows[0].epoch)) < 1e-6);
  });

  it('follows the capture live while the programs run, from before the file exists', async () => {
    const capture = CaptureFile.open(s.pcap);
    const updates: ReadMoreResult[] = [];
    const handle = capture.follow((r) => updates.push(r), { intervalMs: 5 });
    try {
      assert.strictEqual(fs.existsSync(s.pcap), false, 'never created in advance');
      await converse(s, 4, [['udp'], ['udp', 'closed-udp'], []], { grams: 2, parallel: true });
    } finally {
      handle.dispose();
    }
    const last = capture.readMore();
    assert.strictEqual(last.error, null);
    assert.strictEqual(capture.finish(), null);
    assert.ok(updates.length >= 1);
    assert.ok(updates.every((u) => u.error === null), JSON.stringify(updates.find((u) => u.error)?.error?.message));
    const rows = tshark(s.pcap);
    assert.strictEqual(capture.index.count, rows.length);
    for (let i = 0; i < rows.length; i++) {
      const m = capture.meta(i);
      const d = capture.decode(i);
      assert.ok(Math.abs(m.time - Number(rows[i].epoch)) < 1e-6, `#${i + 1} time`);
      assert.deepStrictEqual([d.src, d.dst, m.capLen, m.origLen], [rows[i].src, rows[i].dst, rows[i].capLen, rows[i].frameLen], `#${i + 1}`);
      if (rows[i].protocol === 'TCP' || rows[i].protocol === 'UDP') assert.strictEqual(d.info, rows[i].info.replace(/^(\[TCP [^\]]*\] )+/, ''), `#${i + 1} info`);
    }
    capture.close();
  });

  it('a capture cut inside its last record: every complete packet, a warning, exit 0', async () => {
    await converse(s, 4, [['udp']], { grams: 1 });
    const size = fs.statSync(s.pcap).size;
    const cut = path.join(s.root, 'cut.pcap');
    fs.writeFileSync(cut, fs.readFileSync(s.pcap).subarray(0, size - 7));
    const rows = tshark(cut);
    const r = swdebug(['packets', '--json', cut]);
    assert.strictEqual(r.code, 0);
    assert.match(r.stderr, /warning: .*ends inside a record/);
    assert.strictEqual(r.stdout.trimEnd().split('\n').length, rows.length);
    const garbage = path.join(s.root, 'garbage.pcap');
    fs.writeFileSync(garbage, Buffer.concat([fs.readFileSync(s.pcap).subarray(0, 24), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0])]));
    const bad = swdebug(['stats', garbage]);
    assert.strictEqual(bad.code, 1);
    assert.match(bad.stderr, /record-too-long.*at byte offset 24/);
  });

  it('bin/swdebug (the webpack bundle) prints the same as the compiled sources', async function () {
    // npm test builds first; a missing bundle is a broken setup, not a reason to skip.
    assert.ok(fs.existsSync(path.resolve(__dirname, '../../../../dist/cli.js')), 'dist/cli.js is missing: run npm run build');
    await converse(s, 4, [['udp']], { grams: 1 });
    const a = swdebug(['packets', '--json', s.pcap]);
    const b = swdebug(['packets', '--json', s.pcap], true);
    assert.strictEqual(b.code, 0, b.stderr);
    assert.strictEqual(b.stdout, a.stdout);
  });
});
