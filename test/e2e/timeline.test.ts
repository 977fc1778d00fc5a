// A person's view of the Packet Timeline in code-server: F5 on the echo sample's compound
// opens the timeline, which fills live with the conversation and its sequence diagram; a
// capture with hostile payloads opened from the explorer shows them as text (no element,
// no dialog); a cut capture names the byte offset of the damage. Screenshots in test-results/.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { openInstalledWorkbench, type InstalledWorkbench } from './installedWorkbench';
import { REPO_ROOT } from './vsix';
import { startWithF5, timelineFrame, waitForContributions } from './workbench';

const COMPOUND = 'Run under socket_wrapper: echo server + client';
const HOSTILE = '<img src=x onerror=alert(1)>';

/** Rows with data in the list (the DOM holds only the visible ones). */
async function paintedRows(frame: Frame): Promise<number> {
  return frame.locator('.row:not(.pending)').count();
}

interface CanvasRow {
  readonly no: string;
  readonly selected: boolean;
  /** The row's band lies wholly on the canvas. */
  readonly whole: boolean;
  /** Pixels the canvas drew in the row's band. */
  readonly ink: number;
  /** The band's right edge (past any text) is painted: a selection or hover background. */
  readonly filled: boolean;
}

/**
 * What the list's canvas drew where each ARIA row (transparent, above it) lies: the person
 * sees the canvas, screen readers and these tests read the rows, so the two must agree.
 */
async function canvasRows(frame: Frame): Promise<CanvasRow[]> {
  return frame.evaluate(`(() => {
    const c = document.querySelector('canvas.rows-canvas');
    const box = c.getBoundingClientRect();
    const ratio = c.width / box.width;
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const edge = Math.round((box.width - 4) * ratio);
    return Array.from(document.querySelectorAll('.row')).filter((r) => r.style.display !== 'none').map((r) => {
      const b = r.getBoundingClientRect();
      const top = Math.round((b.top - box.top) * ratio);
      const bottom = Math.round((b.bottom - box.top) * ratio);
      const y0 = Math.max(0, top);
      const y1 = Math.min(c.height, bottom);
      let ink = 0;
      for (let y = y0; y < y1; y++) for (let x = 0; x < c.width; x++) if (data[(y * c.width + x) * 4 + 3] > 0) ink++;
      const mid = Math.floor((y0 + y1) / 2);
      return {
        no: r.querySelector('.no')?.textContent ?? '',
        selected: r.classList.contains('selected'),
        whole: top >= 0 && bottom <= c.height,
        ink,
        filled: y1 > y0 && data[(mid * c.width + edge) * 4 + 3] > 0,
      };
    });
  })()`) as Promise<CanvasRow[]>;
}

/** Elements that markup in a packet could have created, in the webview's document. */
async function injectedElements(frame: Frame): Promise<string[]> {
  const found: string[] = [];
  for (const selector of ['img', 'svg', 'marquee', 'iframe', 'object', 'embed', 'b', 'i', '[onerror]', '[onload]']) {
    const n = await frame.locator(selector).count();
    if (n > 0) found.push(`${n} × ${selector}`);
  }
  const scripts = await frame.locator('script', { hasText: 'alert(' }).count();
  if (scripts > 0) found.push(`${scripts} × script with alert(`);
  return found;
}

describe('Packet Timeline in code-server', function () {
  this.timeout(240_000);
  let wb: InstalledWorkbench | undefined;
  const dialogs: string[] = [];

  before(async () => {
    wb = await openInstalledWorkbench('swdebug-e2e-timeline-');
    wb.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await waitForContributions(wb.page, 'socket_wrapper: Open Packet Timeline');
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`e2e-timeline-failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`).catch(() => undefined);
    }
  });

  it('opens on F5 and fills live with the conversation and its sequence diagram', async () => {
    assert.ok(wb);
    const { page } = wb;
    const repl = await startWithF5(page, COMPOUND);
    const frame = await timelineFrame(page, 'session "echo"');
    // The client's three round trips under socket_wrapper: handshake, 3 × (request, echo), teardown,
    // most of them written twice (by the sender and by the receiver).
    // The Debug Console shows whichever of the two sessions it last switched to.
    await repl.getByText(/client: done|server: done/).first().waitFor({ state: 'visible', timeout: 90_000 });
    await frame.locator('.status', { hasText: 'Session ended' }).waitFor({ timeout: 60_000 });
    await frame.locator('.status', { hasText: /[2-9]\d packets/ }).waitFor({ timeout: 30_000 });
    await wb.screenshot('e2e-timeline-live-console.png');
    // Give the timeline the whole height, as one does to read it: hide the panel (Debug Console).
    await page.keyboard.press('Control+j');
    await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 10_000 });
    // De-duplicated (on by default): the handshake, 3 × (request, echo), teardown, each once.
    await frame.locator('.row:not(.pending)').nth(9).waitFor({ timeout: 10_000 });
    assert.ok((await paintedRows(frame)) >= 10, 'the list shows the packets');
    const status = await frame.locator('.status').innerText();
    assert.match(status, /2 endpoints|[3-9] endpoints/, status);
    const info = await frame.locator('.row .info').allInnerTexts();
    assert.ok(info.some((t) => /\[SYN\]/.test(t)) || info.some((t) => /\[FIN, ACK\]/.test(t)), `Info column: ${info.join(' | ')}`);
    assert.ok(await frame.locator('canvas.diagram').isVisible(), 'the sequence diagram is shown');
    await wb.screenshot('e2e-timeline-live.png');

    // Selecting a packet shows its fields and bytes, and stops following. A TCP row: on a
    // loaded machine the client may start before the server listens, and the first rows are
    // then its refused tries and their ICMP unreachables.
    await frame.locator('.row:not(.pending)', { has: frame.locator('.proto', { hasText: /^TCP$/ }) }).nth(3).click();
    await frame.locator('.tree .node', { hasText: 'Transmission Control Protocol' }).waitFor({ timeout: 10_000 });
    await frame.locator('.hex .off').first().waitFor({ timeout: 10_000 });
    assert.strictEqual(await frame.locator('.row.selected').count(), 1);
    assert.strictEqual(await frame.locator('.row.selected').getAttribute('aria-selected'), 'true');
    // The canvas drew every row where its ARIA row is, and the selection on the selected one.
    const drawn = (await canvasRows(frame)).filter((r) => r.whole);
    assert.ok(drawn.length >= 10, `rows on the canvas: ${JSON.stringify(drawn)}`);
    assert.deepStrictEqual(drawn.filter((r) => r.ink === 0).map((r) => r.no), [], 'every row has text on the canvas');
    assert.deepStrictEqual(drawn.filter((r) => r.selected).map((r) => r.filled), [true], 'the selected row is highlighted on the canvas');
    assert.ok(drawn.some((r) => !r.selected && !r.filled), `rows neither selected nor hovered are not highlighted: ${JSON.stringify(drawn)}`);
    await wb.screenshot('e2e-timeline-selected.png');

    // Conversations: the echo connection (and the client's refused first tries, if any).
    await frame.locator('.tab', { hasText: 'Conversations' }).click();
    await frame.locator('.conversations tr.conv', { hasText: '127.0.0.10:7777' }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot('e2e-timeline-conversations.png');
    await frame.locator('.tab', { hasText: 'Packet Details' }).click();

    // De-duplication is on by default for a session's capture: fewer rows than packets,
    // each shown row with both of socket_wrapper's times.
    const dedupe = frame.locator('.toolbar label.check', { hasText: 'De-duplicate' }).locator('input');
    assert.strictEqual(await dedupe.isChecked(), true, 'De-duplicate is on by default');
    await frame.locator('.status', { hasText: /\d+ of \d+ packets shown/ }).waitFor({ timeout: 10_000 });
    const marked = frame.locator('.row .info', { hasText: /^⇄ / });
    await marked.first().waitFor({ timeout: 10_000 });
    assert.match((await marked.first().getAttribute('title')) ?? '', /^Sent at [\d.]+ s, received at [\d.]+ s/);
    await dedupe.uncheck();
    await frame.locator('.status', { hasText: /^(?!.*shown).*\d+ packets/ }).waitFor({ timeout: 10_000 });
    await dedupe.check();
    await frame.locator('.status', { hasText: /\d+ of \d+ packets shown/ }).waitFor({ timeout: 10_000 });

    // The filter bar: a syntax error points at its column; a good filter narrows the rows.
    const filter = frame.locator('input.filter');
    await filter.fill('tcp.port == 7777 &&');
    await filter.press('Enter');
    const error = frame.locator('.filter-error');
    await error.waitFor({ state: 'visible', timeout: 10_000 });
    const [expression, marker] = (await error.innerText()).split('\n');
    assert.strictEqual(expression, 'tcp.port == 7777 &&');
    assert.match(marker, /^ {19}\^ .*field was expected/, `the caret points after "&&": ${JSON.stringify(marker)}`);
    await wb.screenshot('e2e-timeline-filter-error.png');
    await filter.fill('payload contains "hello"');
    await filter.press('Enter');
    await error.waitFor({ state: 'hidden', timeout: 10_000 });
    // The request and its echo: the de-duplicated view shows each once.
    await frame.locator('.status', { hasText: /(^|\D)2 of \d+ packets shown/ }).waitFor({ timeout: 10_000 });
    await frame.locator('.row:not(.pending) >> visible=true').first().click();

    // Follow Stream: the connection's bytes, client and server in their own colours, once each.
    await frame.locator('.tab', { hasText: 'Follow Stream' }).click();
    await frame.locator('.stream-body .dir0', { hasText: 'hello socket_wrapper' }).first().waitFor({ timeout: 10_000 });
    await frame.locator('.stream-body .dir1', { hasText: 'hello socket_wrapper' }).first().waitFor({ timeout: 10_000 });
    const streamText = await frame.locator('.stream-body').innerText();
    assert.strictEqual(streamText.split('hello socket_wrapper').length - 1, 2, `once sent, once echoed: ${streamText}`);
    assert.match(await frame.locator('.stream-title').innerText(), /127\.0\.0\.11:\d+ → 127\.0\.0\.10:7777/);
    await wb.screenshot('e2e-timeline-follow-stream.png');
    await frame.locator('.stream-bar .btn', { hasText: 'Hex' }).click();
    await frame.locator('.stream-body .dir0', { hasText: '68 65 6c 6c 6f' }).first().waitFor({ timeout: 10_000 });
    await frame.locator('.stream-bar .btn', { hasText: 'Text' }).click();
    await filter.fill('');
    await filter.press('Enter');
    // The filter bar remembers what was applied (not the expression with the error): Up brings it back.
    await filter.press('ArrowUp');
    assert.strictEqual(await filter.inputValue(), 'payload contains "hello"');
    await filter.press('ArrowUp');
    assert.strictEqual(await filter.inputValue(), 'payload contains "hello"', 'the only one');
    await filter.press('ArrowDown');
    assert.strictEqual(await filter.inputValue(), '');
    await frame.locator('.tab', { hasText: 'Packet Details' }).click();
  });

  it('shows a capture with hostile payloads from the explorer as text, never as markup', async () => {
    assert.ok(wb);
    const { page } = wb;
    const name = 'hostile-payload.pcap';
    fs.copyFileSync(path.join(REPO_ROOT, 'samples', 'captures', name), path.join(wb.workspace, name));
    await page.keyboard.press('Control+Shift+E');
    const item = page.getByRole('treeitem', { name }).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await item.dblclick();
    const frame = await timelineFrame(page, name);
    await frame.locator('.status', { hasText: '18 packets' }).waitFor({ timeout: 30_000 });
    // Packet 4 carries the <img> payload: select it, its text must appear as text.
    await frame.locator('.row', { has: frame.locator('.no', { hasText: /^4$/ }) }).click();
    await frame.locator('.tree .node', { hasText: HOSTILE }).waitFor({ timeout: 10_000 });
    const text = await frame.locator('body').innerText();
    assert.ok(text.includes(HOSTILE), 'the payload is shown as text in the details');
    assert.ok(text.includes('<script>alert(2)</script>') || text.includes('7777 [PSH, ACK]'), 'rows are there');
    assert.deepStrictEqual(await injectedElements(frame), [], 'packet bytes created elements in the webview');
    assert.deepStrictEqual(dialogs, [], 'a payload ran script');
    await wb.screenshot('e2e-timeline-hostile.png');

    // Keyboard: the grid moves its selection like a list (and says so to screen readers).
    const grid = frame.locator('.main[role="grid"]');
    assert.strictEqual(await grid.getAttribute('aria-rowcount'), '19');
    await frame.locator('.row.selected').click();
    await page.keyboard.press('End');
    await frame.locator('.row.selected .no', { hasText: /^18$/ }).waitFor({ timeout: 5000 });
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await frame.locator('.row.selected .no', { hasText: /^2$/ }).waitFor({ timeout: 5000 });
    assert.strictEqual(await frame.locator('.row.selected').getAttribute('aria-rowindex'), '3');
    // Clicking an arrow of the sequence diagram selects its row: packet 4 is the fourth row down.
    const diagram = await frame.locator('canvas.diagram').boundingBox();
    assert.ok(diagram);
    await frame.locator('canvas.diagram').click({ position: { x: diagram.width / 2, y: 3 * 22 + 11 } });
    await frame.locator('.row.selected .no', { hasText: /^4$/ }).waitFor({ timeout: 5000 });
    await frame.locator('.tree .node', { hasText: HOSTILE }).waitFor({ timeout: 10_000 });

    // Hidden and shown again (its webview is destroyed meanwhile), it comes back as it was.
    await page.locator('.tab', { hasText: 'Packet Timeline: echo' }).click();
    await page.locator('.tab', { hasText: name }).click();
    const again = await timelineFrame(page, name);
    await again.locator('.row.selected .no', { hasText: /^4$/ }).waitFor({ timeout: 10_000 });
    await again.locator('.tree .node', { hasText: HOSTILE }).waitFor({ timeout: 10_000 });
  });

  it('names the byte offset where a cut capture ends and shows every packet before it', async () => {
    assert.ok(wb);
    const { page } = wb;
    const name = 'truncated.pcap';
    fs.copyFileSync(path.join(REPO_ROOT, 'samples', 'captures', name), path.join(wb.workspace, name));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(wb.workspace, name), old, old);
    const item = page.getByRole('treeitem', { name }).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await item.dblclick();
    const frame = await timelineFrame(page, name);
    const banner = frame.locator('.banner[role="alert"]');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    const said = await banner.innerText();
    assert.match(said, /Truncated capture/);
    assert.match(said, /byte offset 1,272/);
    assert.match(said, /All 17 complete packets before it are shown/);
    assert.match(await frame.locator('.status').innerText(), /17 packets/);
    await wb.screenshot('e2e-timeline-truncated.png');
  });
});
