// A person presses F5 on the sample's "Run under socket_wrapper" compound in code-server:
// the Debug Console shows the server and the client talking on 127.0.0.x. Then they start
// the server alone, press Stop, and no process of it is left.
import * as assert from 'assert';
import * as fs from 'fs';
import { openInstalledWorkbench, type InstalledWorkbench } from './installedWorkbench';
import { startWithF5, waitForContributions } from './workbench';

const COMPOUND = 'Run under socket_wrapper: echo server + client';
const SERVER = 'Run under socket_wrapper: echo server';

/** Pids of live server.py processes running in `cwd` under socket_wrapper. */
function wrappedServersIn(cwd: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (cmdline.includes('server.py') && environ.includes('SOCKET_WRAPPER_DIR=') && fs.readlinkSync(`/proc/${entry}/cwd`) === cwd) {
        pids.push(Number(entry));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Polls /proc (there is no event for it) until the server runs, for at most 30 s. */
async function serverProcesses(cwd: string): Promise<number[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const pids = wrappedServersIn(cwd);
    if (pids.length > 0) {
      return pids;
    }
    assert.ok(Date.now() < deadline, 'the server process is not running under socket_wrapper');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('F5 on "Run under socket_wrapper" in code-server', function () {
  this.timeout(180_000);
  let wb: InstalledWorkbench | undefined;

  before(async () => {
    wb = await openInstalledWorkbench('swdebug-e2e-launch-');
    await waitForContributions(wb.page, 'socket_wrapper: Stop Session');
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`e2e-launch-failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`).catch(() => undefined);
    }
  });

  it('shows the server and the client talking on 127.0.0.x in the Debug Console', async () => {
    assert.ok(wb);
    const { page } = wb;
    const repl = await startWithF5(page, COMPOUND);
    await repl.getByText(/client: done|server: done/).first().waitFor({ state: 'visible', timeout: 90_000 });
    const text = await repl.innerText();
    assert.match(text, /127\.0\.0\.1[01]/, `the Debug Console shows:\n${text}`);
    await wb.screenshot('e2e-launch-debug-console.png');
  });

  it('Stop ends the server and leaves no process behind', async () => {
    assert.ok(wb);
    const { page } = wb;
    await startWithF5(page, SERVER);
    await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 60_000 });
    // The Debug Console still shows the compound's "listening" line, so ask /proc instead.
    const running = await serverProcesses(wb.workspace);
    await wb.screenshot('e2e-launch-server-running.png');
    await page.keyboard.press('Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
    // The debug session ends only after the runner saw the whole process tree exit.
    const left = running.filter((pid) => fs.existsSync(`/proc/${pid}`));
    assert.deepStrictEqual(left, [], `processes left behind: ${left.join(', ')}`);
    await wb.screenshot('e2e-launch-stopped.png');
  });
});
