// `swdebug packets --filter EXPR` against `tshark -r FILE -Y EXPR` on real socket_wrapper
// captures (TCP, UDP, ICMP/ICMPv6 unreachables quoting other packets, IPv4 and IPv6): the
// same packet numbers for every expression the two languages share; with --dedupe, the
// same minus the received copies.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import type { PacketJson } from '../../../extension/cli/packets';
import { CLIENT, SERVER } from './support/scripts';
import { swdebug } from './support/tools';
import { newSession, requireTools, Session } from './support/wrapper';

const SHARED_V4 = [
  'tcp.port==7777', 'tcp.port == 9', 'tcp.port != 7777', 'tcp.srcport==7777', 'tcp.dstport == 7777',
  'ip.addr==127.0.0.11', 'ip.addr == 127.0.0.0/24', 'ip.src==127.0.0.10 && tcp', 'ip.dst == 127.0.0.10 and not tcp.flags.syn == 1',
  'tcp.flags.syn==1', 'tcp.flags.syn == 0', '!(tcp.flags.ack==1)', 'tcp.flags.fin == 1 || icmp', 'tcp.flags.reset==1', 'tcp.flags.push == 1',
  'udp', 'udp.port == 9', 'udp.srcport == 7778', 'icmp', 'tcp', '!udp && !tcp',
  'frame.len>100', 'frame.len == 40', 'frame.len <= 44 || udp', 'tcp.len > 5', 'tcp.flags == 0x12', 'frame.number >= 5 && frame.number < 9',
];
const SHARED_V6 = ['ipv6.addr==fd00::5357:5f0a', 'ipv6.src == fd00::5357:5f0b && udp', 'icmpv6', 'udp.port == 9', 'tcp.port==7777', 'tcp.flags.syn == 1', 'frame.len > 80', 'ipv6.dst == fd00::/16'];

async function converse(s: Session, family: 4 | 6): Promise<void> {
  const host = family === 4 ? '127.0.0.10' : 'fd00::5357:5f0a';
  const server = s.start(10, s.script('server.py', SERVER), [String(family), host, '7777', '7778', '2', '1']);
  await server.waitFor('ready');
  const client = s.script('client.py', CLIENT);
  // The server serves its TCP connections before its datagram: the UDP client goes last.
  await s.run(12, client, [String(family), host, '7777', '7778', 'x'.repeat(300)]);
  await s.run(11, client, [String(family), host, '7777', '7778', 'second message', 'udp', 'closed-udp', 'closed-tcp']);
  await server.done();
}

function tsharkNumbers(file: string, expr: string): number[] {
  const r = spawnSync('tshark', ['-r', file, '-Y', expr, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `tshark -Y '${expr}': ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map(Number);
}

function ours(file: string, expr: string, dedupe = false): number[] {
  const r = swdebug(['packets', '--json', ...(dedupe ? ['--dedupe'] : []), '--filter', expr, file]);
  assert.strictEqual(r.code, 0, `swdebug --filter '${expr}': ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as PacketJson).no);
}

function copies(file: string): Set<number> {
  const all = swdebug(['packets', '--json', file]).stdout.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as PacketJson).no);
  const shown = new Set(swdebug(['packets', '--json', '--dedupe', file]).stdout.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as PacketJson).no));
  return new Set(all.filter((n) => !shown.has(n)));
}

describe('capture integration: swdebug packets --filter agrees with tshark -Y', function () {
  this.timeout(120000);
  let s: Session;
  before(() => requireTools());
  beforeEach(() => { s = newSession(); });
  afterEach(() => s.dispose());

  for (const family of [4, 6] as const) {
    it(`IPv${family}: the same packet numbers for ${family === 4 ? SHARED_V4.length : SHARED_V6.length} expressions, and --dedupe drops only copies`, async () => {
      await converse(s, family);
      const hidden = copies(s.pcap);
      assert.ok(hidden.size > 0, 'mirrored copies exist');
      let nonEmpty = 0;
      for (const expr of family === 4 ? SHARED_V4 : SHARED_V6) {
        const theirs = tsharkNumbers(s.pcap, expr);
        assert.deepStrictEqual(ours(s.pcap, expr), theirs, expr);
        assert.deepStrictEqual(ours(s.pcap, expr, true), theirs.filter((n) => !hidden.has(n)), `${expr} --dedupe`);
        if (theirs.length > 0) nonEmpty++;
      }
      assert.ok(nonEmpty >= (family === 4 ? 22 : 7), `most expressions select something (${nonEmpty})`);
    });
  }
});
