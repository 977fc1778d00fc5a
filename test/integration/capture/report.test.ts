// `swdebug report` on a real session: the programs run under socket_wrapper with the fd
// tracer in front, and the report (through the webpack bundle, as CI runs it) is one
// self-contained HTML file with a lane per endpoint, an arrow per de-duplicated packet, the
// never-read send marked, and the processes' starts and exits from the fd trace.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CaptureFile } from '../../../extension/capture/captureFile';
import { MirrorMatcher } from '../../../extension/capture/dedupe';
import { MCLIENT, MSERVER, spawnWrapped } from './support/mirrorScripts';
import { REPO, swdebug } from './support/tools';
import { newSession, requireTools, Session } from './support/wrapper';

const TRACER = path.join(REPO, 'build', 'Release', 'libswdebug_fdtrace.so');

describe('capture integration: swdebug report', function () {
  this.timeout(120000);
  let s: Session;
  before(() => {
    requireTools();
    assert.ok(fs.existsSync(TRACER), `${TRACER} is missing: run npm install (node-gyp builds it)`);
    assert.ok(fs.existsSync(path.join(REPO, 'dist', 'cli.js')), 'dist/cli.js is missing: run npm run build');
  });
  beforeEach(() => { s = newSession(); });
  afterEach(() => s.dispose());

  it('writes a self-contained report with the lanes, the arrows and the fd trace\'s events', async () => {
    const trace = path.join(s.root, 'fd.trace');
    const fd = { tracer: TRACER, trace };
    const server = spawnWrapped(s, 10, ['python3', s.script('mserver.py', MSERVER), '4', '127.0.0.10', '7777', '7778'], fd);
    await server.waitFor('ready');
    await spawnWrapped(s, 11, ['python3', s.script('mclient.py', MCLIENT), '4', '127.0.0.10', '7777', '7778'], fd).done();
    await server.done();
    const out = path.join(s.root, 'report.html');
    const r = swdebug(['report', s.pcap, '--fd-trace', trace, '--html', out], true);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote .*report\.html \(\d+ of \d+ packets drawn, \d+ lanes, de-duplicated\)/);
    const html = fs.readFileSync(out, 'utf8');
    assert.doesNotMatch(html, /http/i);
    assert.doesNotMatch(html, /\b(src|href)\s*=/i);
    // A lane per endpoint: the server's two ports and the client's ports.
    const lanes = [...html.matchAll(/<g class="lane"><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    assert.ok(lanes.includes('127.0.0.10:7777') && lanes.includes('127.0.0.10:7778'), lanes.join(' '));
    assert.ok(lanes.filter((l) => l.startsWith('127.0.0.11:')).length >= 4, lanes.join(' '));
    // An arrow per shown packet.
    const capture = CaptureFile.open(s.pcap);
    capture.readMore();
    const m = new MirrorMatcher(capture);
    m.update();
    assert.strictEqual((html.match(/<g class="pkt /g) ?? []).length, m.shownCount);
    capture.close();
    // Dashed: the two sends nobody read, and the FINs of the connection whose server exited
    // without closing it (no twin: the peer never closed).
    const unread = [...html.matchAll(/class="pkt flow-\d+ unread" data-flow="\d+"><title>([^<]*)<\/title>/g)].map((x) => x[1]);
    assert.strictEqual(unread.length, 4, unread.join('\n'));
    assert.ok(unread.some((t) => t.includes('data: never read')) && unread.some((t) => t.includes('data: before exit')), unread.join('\n'));
    assert.strictEqual(unread.filter((t) => t.includes('[FIN, ACK]')).length, 2, unread.join('\n'));
    // The trace: the server exited while packets flowed (drawn); every start and exit is in the Events table.
    assert.match(html, /<g class="event"><title>[^<]*mserver\.py[^<]*<\/title>[^\n]*pid \d+ exited 0 \(python3/);
    assert.match(html, /<h2>Events<\/h2>/);
    assert.match(html, /<td>pid \d+ started \(python3\)<\/td><td class="info">[^<]*mclient\.py/);
  });

  it('through the bundle, a capture socket_wrapper did not write (Ethernet, no packets): a page saying so', async () => {
    const plain = path.join(s.root, 'plain.pcap');
    fs.writeFileSync(plain, Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex'));
    const out = path.join(s.root, 'plain.html');
    const r = swdebug(['report', plain, '--html', out], true);
    assert.strictEqual(r.code, 0, r.stderr);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /No packets to draw/);
    assert.match(html, /not de-duplicated \(not raw IP/);
  });
});
