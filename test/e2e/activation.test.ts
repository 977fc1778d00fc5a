// A person's view: install the packaged VSIX into a fresh code-server, open the echo sample,
// run "socket_wrapper: Show Native Component Status" from the command palette and read the
// notification. This exercises what unit and suite tests cannot: the VSIX contents (bundle,
// native addon), installation, activation on a command, and what appears on screen.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser, launchBrowser } from '../harness/browser';
import { CodeServer, installExtension, prepareDirs, startCodeServer } from '../harness/codeServer';
import { ensureVsix, REPO_ROOT } from './vsix';
import { expectNotification, runCommandFromPalette, waitForWorkbench } from './workbench';

const EXTENSION_ID = 'swdebug.socket-wrapper-debug';
const COMMAND_TITLE = 'socket_wrapper: Show Native Component Status';
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

describe('socket_wrapper Debug installed from its VSIX', function () {
  let tmp = '';
  let server: CodeServer | undefined;
  let browser: Browser | undefined;

  const screenshot = async (name: string): Promise<void> => {
    await browser?.page.screenshot({ path: path.join(RESULTS_DIR, name) });
  };

  before(async function () {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const vsix = ensureVsix();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-e2e-'));
    const baseDir = path.join(tmp, 'code-server');
    // Installed before the server starts, as a user would with `code-server --install-extension`.
    await installExtension(prepareDirs(baseDir), vsix);
    server = await startCodeServer({ baseDir });
  });

  after(async function () {
    await browser?.close();
    await server?.stop();
    if (tmp) {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await screenshot(`e2e-failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`).catch(() => undefined);
    }
  });

  it('is listed by code-server --list-extensions', async () => {
    assert.ok(server);
    const installed = await server.listExtensions();
    assert.ok(
      installed.some((line) => line.startsWith(`${EXTENSION_ID}@`)),
      `${EXTENSION_ID} is not installed; code-server lists: ${installed.join(', ') || 'nothing'}`,
    );
  });

  it('shows "native addon loaded" when its command is run from the command palette', async () => {
    assert.ok(server);
    const workspace = path.join(tmp, 'echo');
    fs.cpSync(path.join(REPO_ROOT, 'samples', 'echo'), workspace, { recursive: true });
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await waitForWorkbench(page, 'server.py');
    await screenshot('e2e-workbench.png');

    await runCommandFromPalette(page, COMMAND_TITLE);
    const text = await expectNotification(page, 'native addon loaded');
    assert.match(text, /socket_wrapper: native addon loaded from \S+swdebug_addon\.node/);
    // From the installed copy, not from the source tree.
    assert.ok(text.includes(server.extensionsDir), `the addon was not loaded from ${server.extensionsDir}: ${text}`);
    await screenshot('e2e-activation.png');
  });

  it('appears in the Extensions view as installed', async () => {
    assert.ok(browser, 'the workbench did not open');
    const { page } = browser;
    await page.keyboard.press('Escape'); // closes whatever an earlier failure left open
    await page.keyboard.press('Control+Shift+X');
    const entry = page.locator('.extensions-viewlet .extension-list-item', { hasText: 'socket_wrapper Debug' }).first();
    await entry.waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot('e2e-extensions.png');
  });
});
