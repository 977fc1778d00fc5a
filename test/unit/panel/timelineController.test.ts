// The panel host's controller against real capture files on disk: what the webview is told
// when a capture loads, grows (live, throttled), turns out damaged, and when it asks for
// rows, details and conversations.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { HostToWebview, InitMessage, RowsMessage, UpdateMessage } from '../../../extension/panel/protocol';
import { TimelineController, type ControllerOptions, type TimelineTarget } from '../../../extension/panel/timelineController';
import type { CompiledFilter } from '../../../extension/panel/engines';
import { timelineEngines } from '../../../extension/capture/timelineEngines';
import { captureBytes, echoPackets, pcapHeader, pcapRecord, udpPacket } from './support/conversation';

const HOSTILE = '<img src=x onerror=alert(1)>';

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5)); // polling a condition, not a fixed sleep
  }
}

describe('panel TimelineController', function () {
  this.timeout(15_000);
  let dir: string;
  const controllers: TimelineController[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-panel-'));
  });
  afterEach(() => {
    controllers.splice(0).forEach((c) => c.dispose());
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function open(file: string, target: Partial<TimelineTarget> = {}, options: Partial<ControllerOptions> = {}): { c: TimelineController; sent: HostToWebview[] } {
    const sent: HostToWebview[] = [];
    const c = new TimelineController({ path: file, origin: 'file', live: false, ...target }, { post: (m) => sent.push(m), pollIntervalMs: 20, settleMs: 100, ...options });
    controllers.push(c);
    c.handle({ type: 'ready', protocol: 1 });
    return { c, sent };
  }

  const last = <T extends HostToWebview['type']>(sent: HostToWebview[], type: T): Extract<HostToWebview, { type: T }> | undefined =>
    [...sent].reverse().find((m): m is Extract<HostToWebview, { type: T }> => m.type === type);

  it('loads a capture and answers a row range with decoded rows and their lanes', async () => {
    const file = path.join(dir, 'echo.pcap');
    fs.writeFileSync(file, captureBytes(echoPackets(['hello'])));
    const { c, sent } = open(file);
    await c.loaded;
    const update = last(sent, 'update');
    assert.ok(update, 'an update follows the load');
    assert.strictEqual(update.status.packets, 8);
    assert.strictEqual(update.status.rows, 8);
    assert.strictEqual(update.status.flows, 1);
    assert.strictEqual(update.status.state, 'file');
    assert.deepStrictEqual(update.time, { baseSec: 1_700_000_000, firstOffset: 0.25 });
    const lanes = last(sent, 'lanes');
    assert.deepStrictEqual(lanes?.lanes.map((l) => `${l.host}:${l.port}`).sort(), ['127.0.0.10:7777', '127.0.0.11:41234']);

    c.handle({ type: 'requestRows', requestId: 1, generation: (sent[0] as InitMessage).generation, start: 2, count: 3 });
    const rows = last(sent, 'rows') as RowsMessage;
    assert.strictEqual(rows.requestId, 1);
    assert.deepStrictEqual(rows.rows.map((r) => r.n), [2, 3, 4]);
    const data = rows.rows[1];
    assert.strictEqual(data.src, '127.0.0.11');
    assert.strictEqual(data.dst, '127.0.0.10');
    assert.strictEqual(data.proto, 'TCP');
    assert.strictEqual(data.len, 45);
    assert.match(data.info, /^41234 → 7777 \[PSH, ACK\] Seq=1 Ack=1 .*Len=5$/);
    assert.strictEqual(data.label, 'PSH ACK 5');
    assert.ok(Math.abs(data.rel - 0.003) < 1e-9 && Math.abs(data.delta - 0.001) < 1e-9);
    assert.strictEqual(data.flow, 0);
    assert.strictEqual(data.color, 0);
    const laneIds = new Map(lanes?.lanes.map((l) => [`${l.host}:${l.port}`, l.id]));
    assert.strictEqual(data.from, laneIds.get('127.0.0.11:41234'));
    assert.strictEqual(data.to, laneIds.get('127.0.0.10:7777'));
  });

  it('waits for a capture that does not exist yet without creating it, then follows it live with the newest rows', async () => {
    const file = path.join(dir, 'live.pcap');
    const { c, sent } = open(file, { origin: 'session', session: 'echo', live: true });
    await c.loaded;
    assert.strictEqual(last(sent, 'update')?.status.state, 'waiting');
    assert.ok(!fs.existsSync(file), 'the panel must never create the capture file');
    c.handle({ type: 'viewport', first: 0, count: 30, following: true });
    const packets = echoPackets(['one', 'two']);
    fs.writeFileSync(file, pcapHeader());
    for (const p of packets) fs.appendFileSync(file, pcapRecord(p));
    await until('an update with all packets', () => last(sent, 'update')?.status.packets === packets.length);
    const updates = sent.filter((m): m is UpdateMessage => m.type === 'update');
    assert.strictEqual(updates[updates.length - 1].status.state, 'live');
    const tailRows = updates.flatMap((u) => (u.tail ? u.tail.rows.map((r) => r.n) : []));
    assert.deepStrictEqual([...new Set(tailRows)].sort((a, b) => a - b), packets.map((_, i) => i), 'every new row arrived with the updates');
    c.sessionEnded();
    await until('the ended state', () => last(sent, 'update')?.status.state === 'ended');
  });

  it('batches a burst of thousands of packets into a few updates', async () => {
    const file = path.join(dir, 'burst.pcap');
    fs.writeFileSync(file, pcapHeader());
    // The default interval: one frame while packets trickle, 100 ms once updates carry bursts.
    const { c, sent } = open(file, { origin: 'session', live: true });
    await c.loaded;
    const before = sent.length;
    const started = Date.now();
    const fd = fs.openSync(file, 'a');
    let n = 0;
    while (Date.now() - started < 500) {
      const chunk = Buffer.concat(Array.from({ length: 50 }, (_, i) => Buffer.from(pcapRecord(udpPacket(`p${n + i}`, 1_700_000_001, (n + i) % 1e6)))));
      fs.writeSync(fd, chunk);
      n += 50;
      await new Promise((r) => setImmediate(r));
    }
    fs.closeSync(fd);
    await until('the last update', () => last(sent, 'update')?.status.packets === n);
    const updates = sent.slice(before).filter((m) => m.type === 'update').length;
    const elapsed = Date.now() - started;
    assert.ok(n > 2000, `only ${n} packets written`);
    assert.ok(updates <= elapsed / 100 + 4, `${updates} updates for ${n} packets in ${elapsed} ms`);
  });

  it('reports a capture cut inside a record with its byte offset and keeps every packet before it', async () => {
    const file = path.join(dir, 'cut.pcap');
    const whole = captureBytes(echoPackets(['hello']));
    fs.writeFileSync(file, whole.subarray(0, whole.length - 10));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    const { c, sent } = open(file);
    await c.loaded;
    await until('the problem', () => last(sent, 'update')?.status.error !== undefined);
    const status = (last(sent, 'update') as UpdateMessage).status;
    assert.strictEqual(status.state, 'error');
    assert.strictEqual(status.error?.kind, 'truncated-record');
    assert.strictEqual(status.error?.packetsBefore, 7);
    assert.strictEqual(status.packets, 7);
    // 24-byte header + 7 records; the eighth starts right after them.
    const recordLens = echoPackets(['hello']).map((p) => 16 + p.data.length);
    assert.strictEqual(status.error?.offset, 24 + recordLens.slice(0, 7).reduce((a, b) => a + b, 0));
  });

  it('reports a file that is not a capture', async () => {
    const file = path.join(dir, 'bad.pcap');
    fs.writeFileSync(file, Buffer.from('<html><script>alert(1)</script></html>'));
    const { c, sent } = open(file);
    await c.loaded;
    const status = (last(sent, 'update') as UpdateMessage).status;
    assert.strictEqual(status.error?.kind, 'bad-magic');
    assert.strictEqual(status.error?.offset, 0);
  });

  it('answers details with the field tree and the bytes of a hostile packet, as text', async () => {
    const file = path.join(dir, 'hostile.pcap');
    fs.writeFileSync(file, captureBytes(echoPackets([HOSTILE])));
    const { c, sent } = open(file);
    await c.loaded;
    c.handle({ type: 'requestDetails', requestId: 9, packet: 3 });
    const details = last(sent, 'details');
    assert.ok(details?.details, details?.error);
    const tree = details.details.tree;
    assert.deepStrictEqual(tree.map((n) => n.key), ['frame', 'ip', 'tcp', 'data']);
    assert.match(tree[0].label, /^Frame 4: 68 bytes on wire, 68 bytes captured$/);
    assert.match(tree[1].label, /Internet Protocol Version 4, Src: 127\.0\.0\.11, Dst: 127\.0\.0\.10/);
    assert.deepStrictEqual(tree[2].range, [20, 40]);
    assert.deepStrictEqual(tree[3].range, [40, 68]);
    assert.strictEqual(tree[3].children?.[0].label, `Text: ${HOSTILE}`);
    assert.strictEqual(details.details.payloadOffset, 40);
    assert.strictEqual(new TextDecoder().decode(details.details.bytes.subarray(40)), HOSTILE);
    c.handle({ type: 'requestDetails', requestId: 10, packet: 99 });
    assert.match(last(sent, 'details')?.error ?? '', /not in the capture/);
  });

  it('lists conversations with their first packet', async () => {
    const file = path.join(dir, 'conv.pcap');
    fs.writeFileSync(file, captureBytes([...echoPackets(['a']), udpPacket('q')]));
    const { c, sent } = open(file);
    await c.loaded;
    c.handle({ type: 'requestConversations', requestId: 3 });
    const conv = last(sent, 'conversations');
    assert.strictEqual(conv?.total, 2);
    assert.deepStrictEqual(conv?.conversations.map((x) => [x.proto, x.client, x.server, x.packets, x.firstPacket, x.state]), [
      ['tcp', '127.0.0.11:41234', '127.0.0.10:7777', 8, 0, 'closed'],
      ['udp', '127.0.0.12:5353', '127.0.0.10:53', 1, 8, null],
    ]);
  });

  it('refuses a filter without the filter engine, and applies one given as an engine', async () => {
    const file = path.join(dir, 'filter.pcap');
    fs.writeFileSync(file, captureBytes([...echoPackets(['a']), udpPacket('q')]));
    const { c, sent } = open(file);
    await c.loaded;
    assert.deepStrictEqual((sent[0] as InitMessage).capabilities, { filter: false, dedupe: false, followStream: false });
    c.handle({ type: 'setFilter', requestId: 1, expression: 'udp' });
    assert.match(last(sent, 'filterResult')?.filter.error?.message ?? '', /filter engine/);

    const onlyUdp: CompiledFilter = { matches: (capture, i) => capture.index.kindName(i) === 'udp' };
    const engines = { filter: { compile: (e: string) => (e === 'udp' ? onlyUdp : { error: { message: `unknown field "${e}"`, column: 0 } }) } };
    const withEngine = open(file, {}, { engines });
    await withEngine.c.loaded;
    withEngine.c.handle({ type: 'setFilter', requestId: 2, expression: 'tcpp' });
    assert.deepStrictEqual(last(withEngine.sent, 'filterResult')?.filter.error, { message: 'unknown field "tcpp"', column: 0 });
    withEngine.c.handle({ type: 'setFilter', requestId: 3, expression: 'udp' });
    const reset = last(withEngine.sent, 'reset');
    assert.strictEqual(reset?.status.rows, 1);
    assert.strictEqual(reset?.status.packets, 9);
    withEngine.c.handle({ type: 'requestRows', requestId: 4, generation: reset.generation, start: 0, count: 10 });
    assert.deepStrictEqual(last(withEngine.sent, 'rows')?.rows.map((r) => r.n), [8]);
    withEngine.c.handle({ type: 'locate', requestId: 5, packet: 8 });
    assert.strictEqual(last(withEngine.sent, 'located')?.position, 0);
    withEngine.c.handle({ type: 'requestRows', requestId: 6, generation: reset.generation - 1, start: 0, count: 10 });
    assert.deepStrictEqual(last(withEngine.sent, 'rows')?.rows, [], 'a request for an older generation gets no rows');
    // A filter chosen outside the webview (the Sockets view) arrives as a host-initiated result.
    withEngine.c.applyFilter('');
    assert.deepStrictEqual(last(withEngine.sent, 'filterResult'), { type: 'filterResult', requestId: 0, filter: { expression: '' } });
    assert.strictEqual(last(withEngine.sent, 'reset')?.status.rows, 9);
  });

  it('de-duplicates by default only what is socket_wrapper\'s: a session\'s capture, not a file without mirrored pairs', async () => {
    const file = path.join(dir, 'single.pcap');
    fs.writeFileSync(file, captureBytes(echoPackets(['a'])));
    const plain = open(file, {}, { engines: timelineEngines() });
    await plain.c.loaded;
    assert.strictEqual((plain.sent[0] as InitMessage).dedupe, false);
    assert.strictEqual(last(plain.sent, 'reset'), undefined, 'one writer per packet: nothing to hide, nothing reset');
    const session = open(file, { origin: 'session', session: 's', live: true }, { engines: timelineEngines() });
    assert.strictEqual((session.sent[0] as InitMessage).dedupe, true);
    await session.c.loaded;
    // Switched off by the person: stays off when the panel moves to the next session's capture.
    session.c.handle({ type: 'setDedupe', enabled: false });
    session.c.retarget({ path: file, origin: 'session', session: 's2', live: true });
    assert.strictEqual(last(session.sent, 'init')?.dedupe, false);
  });

  it('stops reading while paused and catches up when resumed', async () => {
    const file = path.join(dir, 'pause.pcap');
    fs.writeFileSync(file, captureBytes(echoPackets(['a'])));
    const { c, sent } = open(file, { origin: 'session', live: true });
    await c.loaded;
    c.handle({ type: 'setPaused', paused: true });
    assert.strictEqual(last(sent, 'update')?.status.state, 'paused');
    fs.appendFileSync(file, pcapRecord(udpPacket('late')));
    await new Promise((r) => setTimeout(r, 150)); // several poll periods: nothing may be read
    assert.strictEqual(c.snapshot().status.packets, 8);
    c.handle({ type: 'setPaused', paused: false });
    await until('the late packet', () => last(sent, 'update')?.status.packets === 9);
    assert.strictEqual(last(sent, 'update')?.status.state, 'live');
  });

  it('ignores malformed messages', async () => {
    const file = path.join(dir, 'x.pcap');
    fs.writeFileSync(file, captureBytes(echoPackets([])));
    const { c, sent } = open(file);
    await c.loaded;
    const count = sent.length;
    for (const junk of [null, 'rows', { type: 'requestRows', requestId: -1, generation: 1, start: 0, count: 5 }, { type: 'requestRows', requestId: 1, generation: 1, start: 0, count: 1.5 }, { type: 'requestDetails', requestId: 1, packet: '0' }, { type: 'nope' }]) {
      c.handle(junk);
    }
    assert.strictEqual(sent.length, count);
  });
});
