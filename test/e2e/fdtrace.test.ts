// A person opens the prefork sample in code-server with the packaged extension. F5 on the
// server alone (`make` runs first, its preLaunchTask) and clients from outside: the Passed FDs
// view in Run and Debug fills while the session runs. Then F5 on the compound: the view lists
// every handoff ("fd 6 → pid 1235 fd 3: TCP 127.0.0.10:7777 ← 127.0.0.11:40001 (received)")
// under the server, with the process tree below; a click filters the Packet Timeline; the
// title button switches to time order.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { openInstalledWorkbench, PREFORK, RESULTS_DIR, type InstalledWorkbench } from './installedWorkbench';
import { notification, startWithF5, waitForContributions } from './workbench';

const COMPOUND = 'Run under socket_wrapper: prefork server + client';
const SERVER = 'Run under socket_wrapper: prefork server';

/** The socket_wrapper and tracer environment F5 gave the sample server, read from /proc. */
function serverEnv(cwd: string): Record<string, string> | undefined {
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (!fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('prefork-server') || fs.readlinkSync(`/proc/${entry}/cwd`) !== cwd) {
        continue;
      }
      const env = Object.fromEntries(
        fs
          .readFileSync(`/proc/${entry}/environ`, 'utf8')
          .split('\0')
          .filter((kv) => /^(SOCKET_WRAPPER_|SWDEBUG_FD_TRACE=|LD_PRELOAD=)/.test(kv))
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
      if (env.SOCKET_WRAPPER_DIR && env.SWDEBUG_FD_TRACE) {
        return env;
      }
    } catch {
      // Gone, or not ours to read.
    }
  }
  return undefined;
}
const HANDOFF = /^fd \d+ → pid \d+ fd \d+: TCP 127\.0\.0\.10:7777 ← 127\.0\.0\.11:\d+ \(received\)$/;

describe('Passed FDs view in code-server (prefork sample)', function () {
  this.timeout(300_000);
  let wb: InstalledWorkbench | undefined;
  let page: Page;
  let workspace: string;
  const shot = (name: string): Promise<void> => (wb ? wb.screenshot(name) : Promise.resolve());

  before(async () => {
    wb = await openInstalledWorkbench('swdebug-e2e-fds-', PREFORK);
    ({ page, workspace } = wb);
    await waitForContributions(page, 'socket_wrapper: Stop Session');
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await shot(`e2e-fds-failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`).catch(() => undefined);
    }
  });

  /** The Passed FDs section of the Run and Debug side bar. */
  function fdsPane(): Locator {
    return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /^Passed FDs/i }) });
  }

  /** Opens or closes a side bar section by its header, as a person does to make room. */
  async function setSection(title: string, expanded: boolean): Promise<void> {
    const header = page.locator('.part.sidebar .pane-header', { hasText: new RegExp(`^${title}`, 'i') }).first();
    await header.waitFor({ state: 'visible', timeout: 60_000 });
    if ((await header.getAttribute('aria-expanded')) !== String(expanded)) {
      await header.click();
    }
  }

  /** Drags the side bar's edge, as a person does when rows are cut off. */
  async function widenSideBar(width: number): Promise<void> {
    const box = await page.locator('.part.sidebar').boundingBox();
    assert.ok(box);
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width - 1, y);
    await page.mouse.down();
    await page.mouse.move(box.x + width, y, { steps: 8 });
    await page.mouse.up();
  }

  /** Makes the Passed FDs section tall: everything else in the side bar closed. */
  async function roomForTheView(): Promise<void> {
    for (const section of ['Variables', 'Watch', 'Call Stack', 'Breakpoints', 'Sockets']) {
      await setSection(section, false);
    }
    await setSection('Passed FDs', true);
  }

  it('says what it will show, before F5', async () => {
    await page.keyboard.press('Control+Shift+D');
    await roomForTheView();
    await fdsPane().getByText('No socket_wrapper session has traced passed file descriptors yet.').waitFor({ state: 'visible', timeout: 30_000 });
  });

  /** The accessible names of the rows `rows` matches. */
  async function labels(rows: Locator): Promise<string[]> {
    return (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))).filter(Boolean);
  }

  /** Runs the sample client from outside, in the server's session: `count` connections. */
  async function client(count: number): Promise<void> {
    // The view shows the session before the server process exists (make, then exec): poll
    // /proc for it, which has no event to wait on.
    let env = serverEnv(workspace);
    for (const deadline = Date.now() + 60_000; !env && Date.now() < deadline; env = serverEnv(workspace)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(env, 'the sample server is not running under socket_wrapper with the tracer');
    const child = spawn(path.join(workspace, 'prefork-client'), ['--count', String(count)], { env: { ...process.env, ...env, SOCKET_WRAPPER_DEFAULT_IFACE: '11' }, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.strictEqual(code, 0);
  }

  it('fills while the session runs: F5 on the server, then clients', async () => {
    await startWithF5(page, SERVER);
    const header = fdsPane().locator('.pane-header');
    await header.filter({ hasText: /prefork · running/ }).waitFor({ state: 'visible', timeout: 90_000 });
    await fdsPane().getByText('No fds passed yet').waitFor({ state: 'visible', timeout: 30_000 });
    await client(2); // the server (--count 4) keeps running for two more
    const handoffs = fdsPane().getByRole('treeitem', { name: HANDOFF });
    await handoffs.nth(1).waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await header.innerText()).replace(/\s+/g, ' '), /prefork · running/);
    await roomForTheView();
    await widenSideBar(720);
    await page.mouse.move(1300, 850);
    await page.keyboard.press('Control+1');
    await fdsPane().screenshot({ path: path.join(RESULTS_DIR, 'e2e-fds-live.png') });
    await client(2);
    await header.filter({ hasText: /prefork · ended/ }).waitFor({ state: 'visible', timeout: 60_000 });
    assert.strictEqual(await handoffs.count(), 4);
  });

  it('lists the four connections the server passed to its workers after F5, and the process tree', async () => {
    const handoffs = fdsPane().getByRole('treeitem', { name: HANDOFF });
    const earlier = new Set(await labels(handoffs)); // the previous session's, on show until a new one starts
    await startWithF5(page, COMPOUND);
    // The server (--count 4) and its workers finish by themselves and the session ends.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const now = await labels(handoffs);
      const ended = await fdsPane().locator('.pane-header', { hasText: /prefork · ended/ }).isVisible();
      if (ended && now.length === 4 && now.every((l) => !earlier.has(l))) {
        break;
      }
      assert.ok(Date.now() < deadline, `the view never showed the new session's four handoffs: ${now.join(' | ')}`);
      await page.waitForTimeout(250); // polling the tree's rows: the view raises no event a test can await
    }
    const sender = fdsPane().getByRole('treeitem', { name: /^prefork-server \(pid \d+\)$/ }).first();
    await sender.waitFor({ state: 'visible' });
    await fdsPane().getByRole('treeitem', { name: /^Handoffs$/ }).waitFor({ state: 'visible' });
    await fdsPane().getByRole('treeitem', { name: /^Processes$/ }).waitFor({ state: 'visible' });
    await roomForTheView(); // a session start may have opened other sections again
    await widenSideBar(720);
    await page.mouse.move(1300, 850); // no hover highlight over the view or the sash
    await page.keyboard.press('Control+1'); // focus off the section headers
    await shot('e2e-fds-prefork.png');
    await fdsPane().screenshot({ path: path.join(RESULTS_DIR, 'e2e-fds-view.png') });
  });

  it('filters the Packet Timeline to a connection when its handoff is clicked', async () => {
    const first = fdsPane().getByRole('treeitem', { name: HANDOFF }).first();
    const label = (await first.getAttribute('aria-label')) ?? '';
    const port = /← 127\.0\.0\.11:(\d+)/.exec(label)?.[1];
    assert.ok(port, label);
    const expected = `tcp.port==7777 && ip.addr==127.0.0.10 && tcp.port==${port} && ip.addr==127.0.0.11`;
    await first.click();
    // The timeline's display filter shows it; without a timeline, a notification offers it.
    const deadline = Date.now() + 30_000;
    let applied = false;
    while (!applied && Date.now() < deadline) {
      for (const frame of page.frames()) {
        const input = frame.locator('input[placeholder^="Display filter"]');
        if ((await input.count()) > 0 && (await input.first().inputValue()) === expected) {
          applied = true;
        }
      }
      const offered = notification(page, `The filter for this flow is: ${expected}`);
      if (await offered.isVisible()) {
        applied = true;
        await page.mouse.move(1300, 850);
        await shot('e2e-fds-filter.png');
        await offered.hover();
        await offered.locator('.codicon-notifications-clear').click(); // dismissed, as a person would
      }
      if (!applied) {
        await page.waitForTimeout(250); // polling the webview frames, which raise no event we can await
      }
    }
    assert.ok(applied, `neither the timeline's filter nor a notification shows ${expected}`);
    await page.mouse.move(1300, 850);
    await shot('e2e-fds-filter-after.png');
  });

  it('switches to time order with the title button, the sender first on each line', async () => {
    await fdsPane().locator('.pane-header').hover();
    await fdsPane().getByRole('button', { name: 'Show Passed FDs in Time Order' }).click();
    const lines = fdsPane().getByRole('treeitem', { name: /^pid \d+ fd \d+ → pid \d+ fd \d+: TCP 127\.0\.0\.10:7777 ← 127\.0\.0\.11:\d+ \(received\)$/ });
    await lines.nth(3).waitFor({ state: 'visible', timeout: 10_000 });
    await page.mouse.move(1300, 850);
    await fdsPane().screenshot({ path: path.join(RESULTS_DIR, 'e2e-fds-time-order.png') });
    await fdsPane().locator('.pane-header').hover();
    await fdsPane().getByRole('button', { name: 'Group Passed FDs by Process' }).click();
    await fdsPane().getByRole('treeitem', { name: HANDOFF }).nth(3).waitFor({ state: 'visible', timeout: 10_000 });
  });
});
