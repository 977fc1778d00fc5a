// `swdebug packets` and `swdebug stats` through their command functions: the JSON contract,
// the text forms, and the exit codes and messages for bad captures.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packetsCommand, PacketJson } from '../../../extension/cli/packets';
import { statsCommand, StatsJson } from '../../../extension/cli/stats';
import { pcapFile, PcapngBuilder } from './support/files';
import { bytes, icmp, ipv4, ipv6, tcp, udp } from './support/packets';

interface Captured { code: number; out: string; err: string }

async function run(cmd: typeof packetsCommand, args: string[]): Promise<Captured> {
  let out = '';
  let err = '';
  const code = await cmd(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

function sample(): Uint8Array {
  const offending = ipv4({ protocol: 17, src: '127.0.0.11', dst: '127.0.0.10', payload: udp({ sport: 19061, dport: 9999, payload: bytes(0x78) }) });
  return pcapFile([
    { data: ipv4({ protocol: 6, src: '127.0.0.11', dst: '127.0.0.10', payload: tcp({ sport: 16030, dport: 7777, flags: 0x02, seq: 7 }) }), tsSec: 1700000000, tsFrac: 500 },
    { data: ipv4({ protocol: 6, src: '127.0.0.10', dst: '127.0.0.11', payload: tcp({ sport: 7777, dport: 16030, flags: 0x12, seq: 100, ack: 8 }) }), tsSec: 1700000000, tsFrac: 600 },
    { data: ipv4({ protocol: 6, src: '127.0.0.11', dst: '127.0.0.10', payload: tcp({ sport: 16030, dport: 7777, flags: 0xd9, seq: 8, ack: 101, payload: bytes(1, 2, 3) }) }), tsSec: 1700000001, tsFrac: 0 },
    { data: offending, tsSec: 1700000002, tsFrac: 0 },
    { data: ipv4({ protocol: 1, src: '127.0.0.10', dst: '127.0.0.11', payload: icmp({ type: 3, code: 1, payload: offending }) }), tsSec: 1700000002, tsFrac: 1 },
    { data: ipv6({ nextHeader: 17, payload: udp({ sport: 1, dport: 2, payload: bytes(7, 7) }) }), tsSec: 1700000003, tsFrac: 0 },
  ]);
}

describe('swdebug packets / stats (capture CLI)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-cli-'));
    file = path.join(dir, 's.pcap');
    fs.writeFileSync(file, sample());
  });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('packets --json writes one object per packet with the contract fields', async () => {
    const r = await run(packetsCommand, [file, '--json']);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(r.err, '');
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as PacketJson);
    assert.strictEqual(lines.length, 6);
    const pick = (p: PacketJson): unknown[] => [p.no, p.time, p.src, p.dst, p.proto, p.sport, p.dport, p.flags, p.len];
    assert.deepStrictEqual(pick(lines[0]), [1, 1700000000.0005, '127.0.0.11', '127.0.0.10', 'tcp', 16030, 7777, 'S', 0]);
    assert.deepStrictEqual(pick(lines[1]), [2, 1700000000.0006, '127.0.0.10', '127.0.0.11', 'tcp', 7777, 16030, 'SA', 0]);
    assert.deepStrictEqual(pick(lines[2]), [3, 1700000001, '127.0.0.11', '127.0.0.10', 'tcp', 16030, 7777, 'FPAEC', 3]);
    assert.deepStrictEqual(pick(lines[3]), [4, 1700000002, '127.0.0.11', '127.0.0.10', 'udp', 19061, 9999, null, 1]);
    assert.deepStrictEqual(pick(lines[4]), [5, 1700000002.000001, '127.0.0.10', '127.0.0.11', 'icmp', null, null, null, 29]);
    assert.deepStrictEqual(pick(lines[5]), [6, 1700000003, 'fd00::5357:5f0b', 'fd00::5357:5f0a', 'udp', 1, 2, null, 2]);
    assert.deepStrictEqual(lines[4].icmp, { type: 3, code: 1, quoted: { src: '127.0.0.11', dst: '127.0.0.10', proto: 'udp', ipProtocol: 17, sport: 19061, dport: 9999 } });
    assert.deepStrictEqual([lines[0].seq, lines[1].ack, lines[0].flow, lines[1].flow, lines[3].flow], [7, 8, 0, 0, 1]);
    assert.strictEqual(lines[1].info, '7777 → 16030 [SYN, ACK] Seq=0 Ack=1 Win=32767 Len=0');
  });

  it('packets without --json prints a tshark-like table', async () => {
    const r = await run(packetsCommand, [file]);
    assert.strictEqual(r.code, 0);
    const rows = r.out.trimEnd().split('\n');
    assert.strictEqual(rows.length, 6);
    assert.match(rows[0], /^ {4}1 {4}0\.000000 +127\.0\.0\.11 → 127\.0\.0\.10 +TCP 40 16030 → 7777 \[SYN\] Seq=0 Win=32767 Len=0$/);
    assert.match(rows[2], /^ {4}3 +0\.999500 .* TCP 43 16030 → 7777 \[FIN, PSH, ACK, ECE, CWR\] Seq=1 Ack=1 Win=32767 Len=3$/);
    assert.match(rows[4], /ICMP 57 Destination unreachable \(Host unreachable\)$/);
    assert.match(rows[5], /fd00::5357:5f0b → fd00::5357:5f0a UDP 50 1 → 2 Len=2 \[ILLEGAL CHECKSUM \(0\)\]$/);
  });

  it('reads pcapng and nanosecond pcap the same way', async () => {
    const b = new PcapngBuilder().shb().idb({ linkType: 101, tsresol: 9 }).epb(0, 1700000000123456789n, ipv4({ protocol: 17, payload: udp({ sport: 1, dport: 2 }) }));
    fs.writeFileSync(file, b.build());
    const r = await run(packetsCommand, ['--json', file]);
    const p = JSON.parse(r.out) as PacketJson;
    assert.deepStrictEqual([p.proto, p.sport, p.time], ['udp', 1, 1700000000.1234567]);
    const text = await run(packetsCommand, [file]);
    assert.match(text.out, / 0\.000000000 /, 'nanosecond captures show nine decimals');
  });

  it('a truncated tail prints every complete packet, warns, and exits 0', async () => {
    const whole = sample();
    fs.writeFileSync(file, whole.subarray(0, whole.length - 3));
    for (const cmd of [packetsCommand, statsCommand]) {
      const r = await run(cmd, [file, '--json']);
      assert.strictEqual(r.code, 0);
      assert.match(r.err, /warning: .*ends inside a record.*at byte offset \d+\).*5 complete packets/);
    }
    const p = await run(packetsCommand, [file, '--json']);
    assert.strictEqual(p.out.trimEnd().split('\n').length, 5);
    const s = JSON.parse((await run(statsCommand, [file, '--json'])).out) as StatsJson;
    assert.strictEqual(s.packets, 5);
    assert.match(s.warning ?? '', /ends inside a record/);
  });

  it('bad captures: a message naming the problem and offset, exit 1, packets before kept', async () => {
    fs.writeFileSync(file, 'this is not a capture');
    for (const cmd of [packetsCommand, statsCommand]) {
      const r = await run(cmd, [file]);
      assert.strictEqual(r.code, 1);
      assert.match(r.err, /bad-magic: not a pcap or pcapng file .*at byte offset 0/);
      assert.strictEqual(r.out, '');
    }
    const whole = sample();
    const broken = new Uint8Array(whole.length);
    broken.set(whole);
    broken[24 + 16 + 40 + 11] = 0xff; // second record's caplen becomes 0xff000028 > snaplen
    fs.writeFileSync(file, broken);
    const r = await run(packetsCommand, [file, '--json']);
    assert.strictEqual(r.code, 1);
    assert.match(r.err, /record-too-long: .*at byte offset 80\) \(1 packets before it were used\)/);
    assert.strictEqual(r.out.trimEnd().split('\n').length, 1);
    const s = await run(statsCommand, [file, '--json']);
    assert.strictEqual(s.code, 1);
    assert.strictEqual((JSON.parse(s.out) as StatsJson).packets, 1);
    fs.writeFileSync(file, '');
    assert.match((await run(packetsCommand, [file])).err, /empty-file/);
    assert.strictEqual((await run(statsCommand, [path.join(dir, 'missing.pcap')])).code, 1);
    assert.match((await run(packetsCommand, [path.join(dir, 'missing.pcap')])).err, /ENOENT|no such file/);
  });

  it('refuses options it does not implement and wrong arity', async () => {
    for (const cmd of [packetsCommand, statsCommand]) {
      assert.strictEqual((await run(cmd, [])).code, 2);
      // packets implements --dedupe and --filter (filterCli tests), stats --dedupe
      // (test/unit/cli/stats.test.ts); stats has no --filter.
      if (cmd === statsCommand) assert.strictEqual((await run(cmd, [file, '--filter', 'tcp'])).code, 2);
      assert.strictEqual((await run(cmd, [file, '--frobnicate'])).code, 2);
      assert.strictEqual((await run(cmd, [file, file])).code, 2);
      const help = await run(cmd, ['--help']);
      assert.strictEqual(help.code, 0);
      assert.match(help.out, /usage: swdebug (packets|stats) FILE \[--json\]/);
    }
  });

  it('stats summarises packets, protocols, flows and time', async () => {
    const j = await run(statsCommand, [file, '--json']);
    assert.strictEqual(j.code, 0);
    const s = JSON.parse(j.out) as StatsJson;
    assert.deepStrictEqual([s.format, s.linkTypes, s.packets, s.flows, s.firstTime, s.lastTime, s.duration],
      ['pcap', [101], 6, 4, 1700000000.0005, 1700000003, 2.9995]);
    assert.deepStrictEqual(s.protocols, { tcp: 3, udp: 2, icmp: 1 });
    assert.strictEqual(s.bytes, 40 + 40 + 43 + 29 + 57 + 50);
    assert.deepStrictEqual(s.conversations[0].client, { addr: '127.0.0.11', port: 16030 });
    assert.strictEqual(s.conversations[0].tcpState, 'closing');
    const t = await run(statsCommand, [file]);
    assert.match(t.out, /Packets: +6\n/);
    assert.match(t.out, /Protocols: +tcp 3, udp 2, icmp 1\n/);
    assert.match(t.out, /TCP +127\.0\.0\.11:16030 → 127\.0\.0\.10:7777 +3 packets +123 bytes +closing/);
    assert.match(t.out, /UDP +\[fd00::5357:5f0b\]:1 → \[fd00::5357:5f0a\]:2/);
  });
});
