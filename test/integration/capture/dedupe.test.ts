// De-duplication on real captures written by real programs under the real socket_wrapper:
// an echo session, reads of 10 then 90 bytes, a send never read, a server exiting before
// reading, a short UDP read, IPv6, and a C server whose accept() asks for no address (it
// numbers its records one lower). Checks hold whichever process wrote its record first.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CaptureFile } from '../../../extension/capture/captureFile';
import { MirrorMatcher } from '../../../extension/capture/dedupe';
import { StreamAssembler } from '../../../extension/capture/streams';
import type { PacketJson } from '../../../extension/cli/packets';
import type { StatsJson } from '../../../extension/cli/stats';
import { timelineEngines } from '../../../extension/capture/timelineEngines';
import type { HostToWebview, InitMessage } from '../../../extension/panel/protocol';
import { TimelineController } from '../../../extension/panel/timelineController';
import { ECHO_CLIENT, MCLIENT, MSERVER, NULL_ACCEPT_SERVER_C, spawnWrapped } from './support/mirrorScripts';
import { swdebug } from './support/tools';
import { newSession, requireTools, Session } from './support/wrapper';

const V4 = '127.0.0.10';
const V6 = 'fd00::5357:5f0a';

async function scenes(s: Session, family: 4 | 6): Promise<void> {
  const host = family === 4 ? V4 : V6;
  const server = s.start(10, s.script('mserver.py', MSERVER), [String(family), host, '7777', '7778']);
  await server.waitFor('ready');
  await s.run(11, s.script('mclient.py', MCLIENT), [String(family), host, '7777', '7778']);
  await server.done();
}

function load(file: string): { capture: CaptureFile; m: MirrorMatcher } {
  const capture = CaptureFile.open(file);
  const r = capture.readMore();
  assert.strictEqual(r.error, null);
  assert.strictEqual(capture.finish(), null);
  const m = new MirrorMatcher(capture);
  assert.strictEqual(m.update(), capture.index.count);
  return { capture, m };
}

/** Shown packets whose payload contains `text`. */
function shownWith(capture: CaptureFile, m: MirrorMatcher, text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < capture.index.count; i++) {
    if (m.isCopy(i)) continue;
    const d = capture.decode(i);
    const bytes = capture.packetBytes(i).subarray(d.payloadOffset, d.payloadOffset + d.payloadCaptured);
    if (Buffer.from(bytes).toString('latin1').includes(text)) out.push(i);
  }
  return out;
}

function check(capture: CaptureFile, m: MirrorMatcher): void {
  assert.deepStrictEqual(m.detect(), { socketWrapper: true, mirrored: true, dedupeByDefault: true, reason: '' });
  // Echo: each send once, read, in order.
  for (const word of ['hello', 'world!', 'HELLO', 'WORLD!']) {
    const shown = shownWith(capture, m, word);
    assert.strictEqual(shown.length, 1, `"${word}" shown once`);
    const e = m.entry(shown[0]);
    assert.strictEqual(e.role, 'sent', word);
    assert.ok(e.sentAt !== null && e.receivedAt !== null && e.receivedAt >= e.sentAt, `${word}: sent then received`);
    assert.strictEqual(m.isCopy(e.partner), true);
  }
  // 100 bytes read as 10 + 90: one shown record with the 100 (or, if the reader wrote first, its parts), wholly read.
  const parts = shownWith(capture, m, 'AAAA');
  assert.ok(parts.length >= 1);
  for (const p of parts) assert.strictEqual(m.entry(p).role, 'sent', `#${p + 1}`);
  const hundred = parts.find((p) => capture.decode(p).payloadLength === 100);
  if (hundred !== undefined) {
    const e = m.entry(hundred);
    assert.ok(e.receivedAt !== null, 'read completely');
    assert.strictEqual(e.readBytes, null);
  }
  // Never read: the server closed without reading it, or exited.
  for (const never of ['never read', 'before exit']) {
    const shown = shownWith(capture, m, never);
    assert.strictEqual(shown.length, 1, never);
    assert.deepStrictEqual([m.entry(shown[0]).role, m.entry(shown[0]).receivedAt, m.partner(shown[0])], ['unpaired-send', null, -1], never);
  }
  // UDP: the 20-byte datagram read 4 bytes at a time... once: a short read.
  const dgram = shownWith(capture, m, 'xxxx');
  assert.strictEqual(dgram.length, 1);
  const de = m.entry(dgram[0]);
  assert.deepStrictEqual([de.role, de.readBytes], ['sent', 4]);
  assert.strictEqual(capture.decode(de.partner).payloadLength + capture.decode(dgram[0]).payloadLength, 24, 'the send (20) and the read (4)');
  for (const word of ['sent', 'got4']) assert.strictEqual(m.entry(shownWith(capture, m, word)[0]).role, 'sent', word);
  // Every TCP payload byte once, in order, in the de-duplicated streams.
  const streams: string[] = [];
  for (let f = 0; f < capture.flows.count; f++) {
    if (capture.flows.flow(f).proto !== 'tcp') continue;
    const st = new StreamAssembler(capture, f, { mirror: m });
    st.update();
    const dirs = ['', ''];
    for (const r of st.segments(0, st.count, true)) dirs[r.dir] += Buffer.from(st.bytes(r)).toString('latin1');
    streams.push(dirs.join(' / '));
  }
  assert.deepStrictEqual(streams, ['helloworld! / HELLOWORLD!', `${'A'.repeat(40)}${'B'.repeat(60)}never read / okgo`, 'before exit / ']);
}

describe('capture integration: socket_wrapper mirror de-duplication', function () {
  this.timeout(120000);
  let s: Session;
  before(() => requireTools());
  beforeEach(() => { s = newSession(); });
  afterEach(() => s.dispose());

  it('IPv4: each send once with sent/received times; partial, short and never-read sends', async () => {
    await scenes(s, 4);
    const { capture, m } = load(s.pcap);
    check(capture, m);
    // swdebug packets --dedupe --json prints exactly the shown packets, none of them a copy.
    const r = swdebug(['packets', '--dedupe', '--json', s.pcap]);
    assert.strictEqual(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as PacketJson);
    const shown = Array.from({ length: capture.index.count }, (_, i) => i).filter((i) => !m.isCopy(i));
    assert.deepStrictEqual(lines.map((p) => p.no - 1), shown);
    assert.ok(lines.every((p) => p.mirror !== undefined && p.mirror.role !== 'received-copy'));
    assert.ok(lines.some((p) => p.mirror?.role === 'unpaired-send'));
    assert.ok(m.shownCount < capture.index.count * 0.7, `most records are mirrored: ${m.shownCount} of ${capture.index.count} shown`);
    // swdebug stats --dedupe (the bundled CLI) counts that same view next to the unchanged totals.
    const st = swdebug(['stats', '--dedupe', '--json', s.pcap], true);
    assert.strictEqual(st.code, 0, st.stderr);
    const { dedupe, ...totals } = JSON.parse(st.stdout) as StatsJson;
    assert.deepStrictEqual(totals, JSON.parse(swdebug(['stats', '--json', s.pcap], true).stdout));
    const unread = shown.filter((i) => m.role(i) === 'unpaired-send').length;
    assert.ok(unread >= 2, 'the two sends nobody read');
    assert.deepStrictEqual(dedupe, {
      shown: m.shownCount, hidden: capture.index.count - m.shownCount, pairs: m.pairCount, unpairedSends: unread,
      unpairedReceives: shown.filter((i) => m.role(i) === 'unpaired-receive').length,
    });
    assert.match(swdebug(['stats', '--dedupe', s.pcap], true).stdout, new RegExp(`\\nDedupe: +${m.shownCount} shown, .*\\n +${unread} sends not read by the peer`));
    capture.close();
  });

  it('the Packet Timeline de-duplicates a socket_wrapper capture by default and marks the sends nobody read', async () => {
    await scenes(s, 4);
    const sent: HostToWebview[] = [];
    const last = <T extends HostToWebview['type']>(type: T): Extract<HostToWebview, { type: T }> | undefined =>
      [...sent].reverse().find((x): x is Extract<HostToWebview, { type: T }> => x.type === type);
    // Opened as a file (the capture editor): decided once the first read is in.
    const c = new TimelineController({ path: s.pcap, origin: 'file', live: false }, { post: (x) => sent.push(x), engines: timelineEngines(), settleMs: 50 });
    try {
      c.handle({ type: 'ready', protocol: 1 });
      assert.strictEqual((sent[0] as InitMessage).capabilities.dedupe, true);
      await c.loaded;
      const reset = last('reset');
      assert.strictEqual(reset?.dedupe, true, 'turned on for socket_wrapper\'s capture');
      const { capture, m } = load(s.pcap);
      assert.strictEqual(reset.status.rows, m.shownCount);
      c.handle({ type: 'requestRows', requestId: 1, generation: reset.generation, start: 0, count: 1000 });
      const rows = last('rows')?.rows ?? [];
      assert.strictEqual(rows.length, m.shownCount);
      const never = shownWith(capture, m, 'never read')[0];
      const unread = rows.find((r) => r.n === never);
      assert.ok(unread?.mirror !== undefined, 'the never-read send carries mirror info');
      assert.deepStrictEqual([unread.mirror.peer, unread.mirror.receivedAt], [null, null]);
      const hello = rows.find((r) => r.n === shownWith(capture, m, 'hello')[0]);
      assert.ok(hello?.mirror?.receivedAt !== null && hello?.mirror?.receivedAt !== undefined && hello.mirror.peer !== null);
      assert.ok(hello.mirror.receivedAt >= hello.mirror.sentAt);
      // The details tree leads with what the two records say.
      c.handle({ type: 'requestDetails', requestId: 2, packet: never });
      assert.match(last('details')?.details?.tree[0]?.label ?? '', /^socket_wrapper: Sent at [\d.]+ s; not read by the peer/);
      c.handle({ type: 'requestDetails', requestId: 3, packet: hello.n });
      assert.match(last('details')?.details?.tree[0]?.label ?? '', /^socket_wrapper: Sent at [\d.]+ s, received at [\d.]+ s \(\+[\d.]+ (µs|ms)\) \(other record: No\. \d+\)$/);
      // Follow Stream: each byte once per direction, in plain Uint8Arrays of their own (a Node
      // Buffer reaches the webview as {type: 'Buffer', data}, not as bytes).
      c.handle({ type: 'followStream', requestId: 4, flow: hello.flow });
      const stream = last('stream')?.stream;
      assert.ok(stream);
      assert.ok(stream.segments.every((seg) => seg.data.constructor === Uint8Array && seg.data.byteOffset === 0 && seg.data.buffer.byteLength === seg.data.length));
      const text = [0, 1].map((d) => stream.segments.filter((seg) => seg.dir === d).map((seg) => Buffer.from(seg.data).toString('latin1')).join(''));
      assert.deepStrictEqual(text, ['helloworld!', 'HELLOWORLD!']);
      // The person's choice wins: off shows every record again.
      c.handle({ type: 'setDedupe', enabled: false });
      assert.deepStrictEqual([last('reset')?.dedupe, last('reset')?.status.rows], [false, capture.index.count]);
      capture.close();
    } finally {
      c.dispose();
    }
    // A session's capture is socket_wrapper's by definition: on from the start.
    const live = new TimelineController({ path: s.pcap, origin: 'session', session: 'x', live: true }, { post: (x) => sent.push(x), engines: timelineEngines() });
    try {
      live.handle({ type: 'ready', protocol: 1 });
      assert.strictEqual(last('init')?.dedupe, true);
    } finally {
      live.dispose();
    }
  });

  it('IPv6: the same', async () => {
    await scenes(s, 6);
    const { capture, m } = load(s.pcap);
    check(capture, m);
    capture.close();
  });

  it('a C server accepting with no address (numbering one lower): every echo paired, its missing handshake single', async () => {
    const src = path.join(s.root, 'nullaccept.c');
    const bin = path.join(s.root, 'nullaccept');
    fs.writeFileSync(src, NULL_ACCEPT_SERVER_C);
    const cc = spawnSync('gcc', ['-O2', '-Wall', '-o', bin, src], { encoding: 'utf8' });
    assert.strictEqual(cc.status, 0, cc.stderr);
    const server = spawnWrapped(s, 10, [bin, V4, '7777']);
    await server.waitFor('ready');
    const words = Array.from({ length: 20 }, (_, k) => `message-${k}-${'z'.repeat(k * 13)}`);
    await s.run(11, s.script('echo_client.py', ECHO_CLIENT), [V4, '7777', ...words]);
    await server.done();
    const { capture, m } = load(s.pcap);
    for (const w of words) {
      for (const t of [w, w.toUpperCase()]) {
        const shown = shownWith(capture, m, t);
        assert.ok(shown.length >= 1, t);
        for (const p of shown) assert.strictEqual(m.entry(p).role, 'sent', `${t} #${p + 1}`);
      }
    }
    const first = capture.decode(0);
    assert.strictEqual(first.tcp?.flags, 0x02, 'the client\'s SYN');
    assert.strictEqual(m.role(0), 'single', 'nobody wrote the accepting side of the handshake');
    capture.close();
  });
});
