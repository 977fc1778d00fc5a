// The HTML report: hostile payloads and names come out escaped, the file is self-contained
// (no external references, nothing to fetch), the sequence diagram has one lane per
// endpoint and one arrow per shown packet, the cap and the notes, and `swdebug report`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { reportCommand } from '../../../extension/cli/report';
import { compileFilter } from '../../../extension/capture/filter/index';
import { esc } from '../../../extension/capture/report/html';
import { buildModel } from '../../../extension/capture/report/model';
import { renderReport } from '../../../extension/capture/report/page';
import { sent, SwCapture, SwTcp, text } from './support/mirrorCapture';

const C = { addr: '127.0.0.11', port: 40000 };
const S = { addr: '127.0.0.10', port: 7777 };
const HOSTILE = '<script>alert(1)</script>';

function hostileSession(cap: SwCapture): void {
  const t = new SwTcp(cap, C, S);
  t.connect();
  t.accept();
  sent(t.send('c', text(`GET /"onmouseover='x'&amp; ${HOSTILE}`)));
  t.recv('s', 1000);
  sent(t.send('s', text(HOSTILE)));
  t.recv('c', 1000);
  sent(t.send('c', text('never read')));
  cap.udp({ addr: '127.0.0.12', port: 5353 }, { addr: '127.0.0.10', port: 53 }, text('\u0000\u001b[31mred\u2028'));
}

/** Everything the page's own markup may contain; the capture's text must never add to it. */
function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /http/i, 'no http(s) reference at all');
  assert.doesNotMatch(html, /\b(src|href|xlink:href|action|formaction)\s*=/i, 'nothing loaded or linked');
  assert.doesNotMatch(html, /@import|url\(/i, 'no CSS fetches');
  assert.strictEqual((html.match(/<script>/g) ?? []).length, 1, 'only the report\'s own script');
  assert.doesNotMatch(html, /<script>alert/);
  assert.doesNotMatch(html, /<iframe|<object|<embed|<link|<img/i);
}

describe('capture/report (HTML)', () => {
  let cap: SwCapture;
  let dir: string;
  beforeEach(() => {
    cap = new SwCapture();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-report-'));
  });
  afterEach(() => {
    cap.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('escapes hostile payloads, names and events; the page is self-contained', () => {
    hostileSession(cap);
    const capture = cap.load();
    const model = buildModel(capture, {
      dedupe: 'auto', filter: null,
      events: [{ time: capture.index.time(3), kind: 'fd', label: `fd passed: ${HOSTILE}`, detail: '"quoted" & <b>bold</b>' }],
      notes: [`note ${HOSTILE}`],
    });
    const html = renderReport(model, new Date(0));
    assertSelfContained(html);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the payload, escaped');
    assert.ok(html.includes('GET /&quot;onmouseover=&#39;x&#39;&amp;amp; '), 'quotes and ampersands escaped');
    assert.ok(html.includes('\\x00\\x1b[31mred'), 'control bytes shown as escapes');
    assert.ok(!html.includes('\u2028'), 'no raw line separator');
    assert.ok(html.includes('fd passed: &lt;script&gt;'), 'event labels escaped');
    assert.ok(html.includes('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;'), 'event details escaped');
    assert.ok(html.includes('note &lt;script&gt;'), 'notes escaped');
    capture.close();
  });

  it('draws one lane per endpoint and one arrow per shown packet; copies hidden; the unread send dashed', () => {
    hostileSession(cap);
    const capture = cap.load();
    const model = buildModel(capture, { dedupe: 'auto', filter: null });
    assert.strictEqual(model.dedupe, true);
    assert.deepStrictEqual(model.lanes.map((l) => l.label), ['127.0.0.10:53', '127.0.0.10:7777', '127.0.0.11:40000', '127.0.0.12:5353']);
    assert.strictEqual(model.rows.length, capture.index.count - model.hidden);
    assert.strictEqual(model.hidden, 5);
    const html = renderReport(model);
    assert.strictEqual((html.match(/<g class="pkt /g) ?? []).length, model.rows.length);
    assert.strictEqual((html.match(/<g class="lane">/g) ?? []).length, 4);
    assert.strictEqual((html.match(/class="pkt flow-0 unread"/g) ?? []).length, 1);
    assert.match(html, /read \+0\.0000\d+ s/);
    assert.match(html, /<svg class="seq"/);
    assert.ok(!html.includes('xmlns'), 'inline SVG needs no namespace URL');
    capture.close();
  });

  it('without de-duplication every record is drawn; a filter and the packet cap leave notes', () => {
    hostileSession(cap);
    const capture = cap.load();
    const all = buildModel(capture, { dedupe: false, filter: null });
    assert.strictEqual(all.rows.length, capture.index.count);
    const some = buildModel(capture, { dedupe: true, filter: compileFilter('len > 0'), maxPackets: 2 });
    assert.deepStrictEqual([some.selected, some.rows.length, some.truncated], [4, 2, true]);
    const html = renderReport(some);
    assert.match(html, /Only the first 2 of 4 packets are drawn and listed/);
    assert.match(html, /filter: len &gt; 0 \(4 packets match\)/);
    capture.close();
  });

  it('esc() covers text and attributes', () => {
    assert.strictEqual(esc(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    assert.strictEqual(esc('a\u0007b\u0085c\u2029'), 'a\\x07b\\u0085c\\u2029');
    assert.strictEqual(esc('tab\tand\nline'), 'tab\tand\nline');
  });

  it('swdebug report writes the file; usage errors exit 2; a bad filter shows a caret', async () => {
    hostileSession(cap);
    const file = cap.write();
    const out = path.join(dir, 'r.html');
    const io = { out: '', err: '' };
    const sink = { out: (t: string) => { io.out += t; }, err: (t: string) => { io.err += t; } };
    assert.strictEqual(await reportCommand([file, '--html', out], sink), 0, io.err);
    assertSelfContained(fs.readFileSync(out, 'utf8'));
    assert.match(io.err, /wrote .*r\.html \(\d+ of \d+ packets drawn, 4 lanes, de-duplicated\)/);
    assert.strictEqual(await reportCommand([file], sink), 2);
    assert.match(io.err, /--html OUT is required/);
    assert.strictEqual(await reportCommand([file, '--html', out, '--filter', 'tcp.port == x'], sink), 2);
    assert.match(io.err, /bad filter: "x" is not a number \(column 13\)\n {2}tcp\.port == x\n {14}\^/);
    assert.strictEqual(await reportCommand([file, '--html', out, '--max-packets', '0'], sink), 2);
    assert.strictEqual(await reportCommand([path.join(dir, 'missing.pcap'), '--html', out], sink), 1);
    assert.strictEqual(await reportCommand([file, '--html', out, '--fd-trace', path.join(dir, 'missing.trace')], sink), 1);
    assert.strictEqual(await reportCommand([file, '--html', out, '--no-dedupe', '--max-packets', '3'], sink), 0);
    assert.match(fs.readFileSync(out, 'utf8'), /Only the first 3 of 12 packets/);
    const help = { out: '', err: '' };
    assert.strictEqual(await reportCommand(['--help'], { out: (t) => { help.out += t; }, err: () => undefined }), 0);
    assert.match(help.out, /usage: swdebug report FILE --html OUT/);
  });
});
