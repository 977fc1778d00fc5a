// A person opens Run and Debug in code-server with the packaged extension: the Sockets view
// says no session runs; F5 on the sample echo server and the view lists it listening on
// 127.0.0.10:7777; a client that sends without reading shows up with its unread bytes in
// the warning colour; the socket's context menu offers Copy Address and the timeline filter.
import * as assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Locator } from 'playwright-core';
import { openInstalledWorkbench, RESULTS_DIR, type InstalledWorkbench } from './installedWorkbench';
import { startWithF5, waitForContributions } from './workbench';

const SERVER = 'Run under socket_wrapper: echo server';

/** The environment socket_wrapper gave the sample server, read from /proc. */
function serverWrapperEnv(cwd: string): Record<string, string> | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes('server.py') || fs.readlinkSync(`/proc/${entry}/cwd`) !== cwd) {
        continue;
      }
      const env = Object.fromEntries(
        fs
          .readFileSync(`/proc/${entry}/environ`, 'utf8')
          .split('\0')
          .filter((kv) => kv.startsWith('SOCKET_WRAPPER_') || kv.startsWith('LD_PRELOAD='))
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
      if (env.SOCKET_WRAPPER_DIR) {
        return env;
      }
    } catch {
      // Gone, or not ours to read.
    }
  }
  return undefined;
}

describe('Sockets view in code-server', function () {
  this.timeout(240_000);
  let wb: InstalledWorkbench | undefined;
  let client: ChildProcess | undefined;

  before(async () => {
    wb = await openInstalledWorkbench('swdebug-e2e-sockets-');
    await waitForContributions(wb.page, 'socket_wrapper: Stop Session');
  });
  after(async () => {
    client?.kill('SIGTERM');
    await wb?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`e2e-sockets-failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`).catch(() => undefined);
    }
  });

  /** The Sockets section of the Run and Debug side bar. */
  function socketsPane(): Locator {
    assert.ok(wb);
    return wb.page.locator('.part.sidebar .pane', { has: wb.page.locator('.pane-header', { hasText: /^Sockets/i }) });
  }

  /** Opens or closes a side bar section by its header, as a person does to make room. */
  async function setSection(title: string, expanded: boolean): Promise<void> {
    assert.ok(wb);
    const header = wb.page.locator('.part.sidebar .pane-header', { hasText: new RegExp(`^${title}`, 'i') }).first();
    await header.waitFor({ state: 'visible', timeout: 60_000 });
    if ((await header.getAttribute('aria-expanded')) !== String(expanded)) {
      await header.click();
    }
  }

  /** Drags the side bar's edge, as a person does when rows are cut off. */
  async function widenSideBar(width: number): Promise<void> {
    assert.ok(wb);
    const box = await wb.page.locator('.part.sidebar').boundingBox();
    assert.ok(box);
    const y = box.y + box.height / 2;
    await wb.page.mouse.move(box.x + box.width - 1, y);
    await wb.page.mouse.down();
    await wb.page.mouse.move(box.x + width, y, { steps: 8 });
    await wb.page.mouse.up();
  }

  it('says no session runs, before F5', async () => {
    assert.ok(wb);
    const { page } = wb;
    await page.keyboard.press('Control+Shift+D');
    // Room for the Sockets view: a run without a debugger has no variables or call stack.
    for (const section of ['Variables', 'Watch', 'Call Stack', 'Breakpoints']) {
      await setSection(section, false);
    }
    await setSection('Sockets', true);
    const pane = socketsPane();
    await pane.getByText('No socket_wrapper session is running.').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.part.editor').click(); // focus off the section headers
    await wb.screenshot('e2e-sockets-no-session.png');
  });

  it('lists the sample echo server listening on 127.0.0.10:7777 after F5', async () => {
    assert.ok(wb);
    const { page } = wb;
    await startWithF5(page, SERVER);
    const listener = socketsPane().getByRole('treeitem', { name: 'TCP 127.0.0.10:7777 listen' });
    await listener.waitFor({ state: 'visible', timeout: 60_000 });
    await socketsPane().getByRole('treeitem', { name: /^python3 \(pid \d+\), 1 socket$/ }).waitFor({ state: 'visible' });
    await setSection('Call Stack', false); // a session start may open it again
    await widenSideBar(620); // room to read whole rows
    await page.mouse.move(900, 450); // no hover highlight over the view or the sash
    await page.keyboard.press('Control+1'); // focus off the section headers, onto the editor group
    await wb.screenshot('e2e-sockets-listening.png');
  });

  it('shows a client\'s unread bytes as a warning', async () => {
    assert.ok(wb);
    const env = serverWrapperEnv(wb.workspace);
    assert.ok(env, 'the sample server is not running under socket_wrapper');
    // Sends and never reads: the server echoes, so 5 bytes wait on the client's socket.
    // On SIGTERM it reads them first, so the server sees a clean close, not a reset.
    const script = [
      'import signal, socket, sys, time',
      "s = socket.create_connection(('127.0.0.10', 7777))",
      "s.sendall(b'hello')",
      'signal.signal(signal.SIGTERM, lambda *_: (s.recv(100), s.close(), sys.exit(0)))',
      'time.sleep(600)',
    ].join('\n');
    client = spawn('python3', ['-c', script], { env: { ...process.env, ...env, SOCKET_WRAPPER_DEFAULT_IFACE: '11' }, stdio: 'ignore' });
    const unread = socketsPane().getByRole('treeitem', { name: /^TCP 127\.0\.0\.11:\d+ → 127\.0\.0\.10:7777 established, 5 bytes unread$/ });
    await unread.waitFor({ state: 'visible', timeout: 30_000 });
    await socketsPane().getByRole('treeitem', { name: /^TCP 127\.0\.0\.10:7777 ← 127\.0\.0\.11:\d+ established$/ }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await unread.innerText(), /5 bytes unread/);
    // The warning colour arrives separately, from the decoration provider (a round trip to
    // the extension host): the screenshot waits for it.
    await unread.locator('[class*="monaco-decoration-itemColor"]').first().waitFor({ state: 'attached', timeout: 10_000 });
    await wb.page.mouse.move(0, 0);
    await wb.screenshot('e2e-sockets-unread.png');
    await socketsPane().screenshot({ path: path.join(RESULTS_DIR, 'e2e-sockets-view.png') }); // the view alone, full size
  });

  it('offers Copy Address and Filter Packet Timeline to This Flow on a socket', async () => {
    assert.ok(wb);
    const { page } = wb;
    await socketsPane().getByRole('treeitem', { name: 'TCP 127.0.0.10:7777 listen' }).click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.getByRole('menuitem', { name: /Copy Address/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await menu.getByRole('menuitem', { name: /Filter Packet Timeline to This Flow/ }).waitFor({ state: 'visible' });
    await page.waitForTimeout(300); // the menu fades in; a screenshot during the fade is half transparent
    await wb.screenshot('e2e-sockets-context-menu.png');
    await page.keyboard.press('Escape');
  });

  it('empties when the session ends', async () => {
    assert.ok(wb);
    client?.kill('SIGTERM'); // the server (--count 1) then finishes and the session ends
    await socketsPane().getByText('No socket_wrapper session is running.').waitFor({ state: 'visible', timeout: 60_000 });
  });
});
