// A person switches the Packet Timeline's lanes to processes: F5 on the prefork sample's
// compound (server and client, fd trace on) in code-server with the packaged extension; once
// the session ended, "Lanes: Processes" shows one lane per process (the server's master and
// workers under "prefork-server", the client under "prefork-client") with the connections
// handed over drawn as dashed arrows; the Handoffs tab lists them, and a click on one filters
// the timeline to its connection. The choice survives the panel being hidden and shown.
// Screenshot: test-results/e2e-timeline-processes.png.
import * as assert from 'assert';
import type { Page } from 'playwright-core';
import { openInstalledWorkbench, PREFORK, type InstalledWorkbench } from './installedWorkbench';
import { startWithF5, timelineFrame, waitForContributions } from './workbench';

const COMPOUND = 'Run under socket_wrapper: prefork server + client';

describe('Packet Timeline lanes by process in code-server (prefork sample)', function () {
  this.timeout(300_000);
  let wb: InstalledWorkbench | undefined;
  let page: Page;

  before(async () => {
    wb = await openInstalledWorkbench('swdebug-e2e-lanes-', PREFORK);
    page = wb.page;
    await waitForContributions(page, 'socket_wrapper: Open Packet Timeline');
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`e2e-lanes-failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`).catch(() => undefined);
    }
  });

  it('draws one lane per process, the handoffs between them, and filters to a handed-over connection', async () => {
    await startWithF5(page, COMPOUND);
    let frame = await timelineFrame(page, 'session "prefork"', 90_000);
    // The server (--count 4) and its workers finish by themselves and the session ends.
    await frame.locator('.status', { hasText: 'Session ended' }).waitFor({ timeout: 120_000 });
    await page.keyboard.press('Control+j'); // the whole height for the timeline, as one does to read it
    await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 10_000 });

    // The session had an fd trace: the Processes lanes are available.
    const processes = frame.locator('.toolbar button', { hasText: /^Processes$/ });
    await frame.locator('.toolbar button:not([disabled])', { hasText: /^Processes$/ }).waitFor({ timeout: 30_000 });
    await processes.click();
    assert.strictEqual(await processes.getAttribute('aria-pressed'), 'true');
    const head = frame.locator('canvas.lane-head');
    await frame.locator('canvas.lane-head[aria-label^="Process lanes:"]').waitFor({ timeout: 10_000 });

    // The Handoffs tab: the four connections the master passed to its workers.
    await frame.locator('.tab', { hasText: 'Handoffs' }).click();
    const handoffs = frame.locator('.handoffs tr.handoff');
    await handoffs.nth(3).waitFor({ timeout: 30_000 });
    assert.strictEqual(await handoffs.count(), 4);
    const cells = await handoffs.evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const senders = new Set(cells.map((c) => /^pid (\d+) fd \d+$/.exec(c[1])?.[1]));
    const workers = new Set(cells.map((c) => /^pid (\d+) fd \d+$/.exec(c[2])?.[1]));
    assert.strictEqual(senders.size, 1, `one master sends: ${JSON.stringify(cells)}`);
    assert.strictEqual(workers.size, 2, `two workers receive: ${JSON.stringify(cells)}`);
    for (const c of cells) {
      assert.match(c[4], /^TCP 127\.0\.0\.10:7777 ← 127\.0\.0\.11:\d+$/);
      assert.strictEqual(c[6], 'received');
    }
    // Every process has its lane, named by pid and program: the master, both workers, the client.
    const lanes = (await head.getAttribute('aria-label')) ?? '';
    for (const pid of [...senders, ...workers]) assert.ok(lanes.includes(`${pid} prefork-server`), `no lane for ${pid}: ${lanes}`);
    assert.match(lanes, /\d+ prefork-client/);

    await page.mouse.move(5, 5);
    await wb?.screenshot('e2e-timeline-processes.png');

    // Hidden (its webview is destroyed) and shown again: still lanes by process.
    const timelineTab = page.locator('.tab', { hasText: 'Packet Timeline: prefork' });
    await timelineTab.click();
    await page.keyboard.press('Control+Shift+E');
    // The explorer shows the binaries make built once it has noticed them: wait, or the list moves under the click.
    await page.getByRole('treeitem', { name: 'prefork-client', exact: true }).waitFor({ state: 'visible', timeout: 30_000 });
    const source = page.getByRole('treeitem', { name: 'prefork-client.c', exact: true });
    await source.waitFor({ state: 'visible', timeout: 10_000 });
    await source.dblclick();
    await page.locator('.tab.active', { hasText: 'prefork-client.c' }).waitFor({ timeout: 10_000 });
    await timelineTab.click();
    frame = await timelineFrame(page, 'session "prefork"');
    await frame.locator('canvas.lane-head[aria-label^="Process lanes:"]').waitFor({ timeout: 30_000 });
    assert.strictEqual(await frame.locator('.toolbar button', { hasText: /^Processes$/ }).getAttribute('aria-pressed'), 'true');

    // A click on a handed-over connection filters the timeline to it.
    await frame.locator('.tab', { hasText: 'Handoffs' }).click();
    const first = frame.locator('.handoffs tr.handoff').first();
    await first.waitFor({ timeout: 10_000 });
    const port = /127\.0\.0\.11:(\d+)/.exec((await first.locator('td').nth(4).textContent()) ?? '')?.[1];
    assert.ok(port);
    await first.click();
    const expected = `tcp.port==7777 && ip.addr==127.0.0.10 && tcp.port==${port} && ip.addr==127.0.0.11`;
    const input = frame.locator('input.filter');
    for (const deadline = Date.now() + 10_000; (await input.inputValue()) !== expected && Date.now() < deadline; ) {
      await page.waitForTimeout(100); // polling the input's value, which raises no event we can await
    }
    assert.strictEqual(await input.inputValue(), expected);
    await frame.locator('.status', { hasText: /\d+ of \d+ packets shown/ }).waitFor({ timeout: 10_000 });
    await page.mouse.move(5, 5);
    await wb?.screenshot('e2e-timeline-processes-filtered.png');
    // Spaced by time: the handoff at its own time between the connection's packets.
    await frame.locator('.toolbar button', { hasText: /^Time$/ }).click();
    await frame.locator('.toolbar button[aria-pressed="true"]', { hasText: /^Time$/ }).waitFor({ timeout: 10_000 });
    await page.mouse.move(5, 5);
    await wb?.screenshot('e2e-timeline-processes-time.png');
  });
});
