// `swdebug packets --filter EXPR` and `--dedupe`: the kept lines are exactly those of the
// full listing (same numbers, flows, relative times and sequence numbers), the `mirror`
// member of --json, the text notes, and filter errors with a caret and exit code 2.
import * as assert from 'assert';
import { packetsCommand, PacketJson } from '../../../extension/cli/packets';
import { ACK, ECHO_CLIENT, ECHO_SERVER, echoScenario, PSH, SwCapture, text } from './support/mirrorCapture';

const C = ECHO_CLIENT;
const S = ECHO_SERVER;

interface Captured { code: number; out: string; err: string }

async function run(args: string[]): Promise<Captured> {
  let out = '';
  let err = '';
  const code = await packetsCommand(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

function lines(r: Captured): PacketJson[] {
  return r.out.trimEnd().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as PacketJson);
}

describe('swdebug packets --filter / --dedupe', () => {
  let cap: SwCapture;
  let file: string;
  before(() => {
    ({ cap, file } = echoScenario());
  });
  after(() => cap.dispose());

  it('--filter keeps the full listing\'s lines for the packets it matches', async () => {
    const full = lines(await run([file, '--json']));
    for (const expr of ['tcp.port == 7777', 'udp', 'tcp.flags.syn == 1', 'len > 0 && ip.src == 127.0.0.11', 'frame.len > 40', '!tcp']) {
      const r = await run([file, '--json', '--filter', expr]);
      assert.strictEqual(r.code, 0, r.err);
      const got = lines(r);
      assert.ok(got.length > 0 && got.length < full.length, expr);
      for (const p of got) assert.deepStrictEqual(p, full[p.no - 1], `${expr}: #${p.no}`);
    }
    const eq = lines(await run([file, '--json', '--filter=udp']));
    assert.deepStrictEqual(eq.map((p) => p.no), [12]);
    assert.deepStrictEqual(lines(await run([file, '--json', '-Y', 'udp'])).map((p) => p.no), [12]);
    assert.strictEqual(lines(await run([file, '--json', '--filter', ''])).length, full.length);
  });

  it('text output keeps times relative to the first packet even when it is filtered out', async () => {
    const full = (await run([file])).out.trimEnd().split('\n');
    const some = (await run([file, '--filter', 'udp'])).out.trimEnd().split('\n');
    assert.deepStrictEqual(some, [full[11]]);
  });

  it('--dedupe: received copies left out, a mirror member per line, the unread send marked', async () => {
    const r = await run([file, '--json', '--dedupe']);
    assert.strictEqual(r.code, 0, r.err);
    const got = lines(r);
    assert.deepStrictEqual(got.map((p) => p.no), [1, 2, 3, 4, 9, 11, 12]);
    const hello = got[3];
    assert.deepStrictEqual(hello.mirror && { ...hello.mirror, sentAt: 0, receivedAt: 0 }, { role: 'sent', partner: 8, sentAt: 0, receivedAt: 0, readBytes: null, identical: true });
    assert.ok((hello.mirror?.receivedAt ?? 0) > (hello.mirror?.sentAt ?? 0));
    assert.deepStrictEqual(got[5].mirror?.role, 'unpaired-send');
    assert.deepStrictEqual([got[5].mirror?.partner, got[5].mirror?.receivedAt], [null, null]);
    // Nobody read the datagram either: its destination host writes this capture.
    assert.deepStrictEqual(got[6].mirror?.role, 'unpaired-send');
    const text = (await run([file, '--dedupe'])).out.trimEnd().split('\n');
    assert.strictEqual(text.length, 7);
    assert.match(text[3], /Len=5 {2}\[read \+0\.0000\d+s, copy #8\]$/);
    assert.match(text[5], /\[not read by the peer \(yet\)\]$/);
    assert.doesNotMatch(text[0], /not read/);
    const both = lines(await run([file, '--json', '--dedupe', '--filter', 'ip.src == 127.0.0.10']));
    assert.deepStrictEqual(both.map((p) => p.no), [2, 9]);
  });

  it('a bad filter: the message, the column, a caret under it, exit 2, no output', async () => {
    const r = await run([file, '--filter', 'tcp.port == 80 && ip.adr == 1.2.3.4']);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.out, '');
    assert.strictEqual(r.err, 'swdebug packets: bad filter: unknown field "ip.adr" (did you mean "ip.addr"?) (column 19)\n'
      + '  tcp.port == 80 && ip.adr == 1.2.3.4\n'
      + '                    ^~~~~~\n');
    assert.strictEqual((await run([file, '--filter'])).code, 2);
    const help = await run(['--help']);
    assert.match(help.out, /usage: swdebug packets FILE \[--json\] \[--dedupe\] \[--filter EXPR\]/);
    assert.strictEqual((await run(['/nonexistent/x.pcap', '--dedupe'])).code, 1);
  });

  it('packets after the first pass (a capture still growing) are never printed with stale data', async () => {
    const other = new SwCapture();
    other.tcp(C, S, PSH | ACK, 1, 1, text('x'));
    const f = other.write();
    const r = await run([f, '--json', '--filter', 'tcp']);
    assert.deepStrictEqual(lines(r).map((p) => p.no), [1]);
    other.dispose();
    assert.ok(ACK > 0);
  });
});
