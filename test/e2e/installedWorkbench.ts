// The common start of an e2e test: the packaged VSIX installed into a fresh code-server,
// a temporary copy of a sample (the echo sample unless told) opened in headless Chromium,
// and clean-up after.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { Browser, launchBrowser } from '../harness/browser';
import { CodeServer, installExtension, prepareDirs, startCodeServer } from '../harness/codeServer';
import { ensureVsix, REPO_ROOT } from './vsix';
import { waitForWorkbench } from './workbench';

export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

export interface InstalledWorkbench {
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly page: Page;
  /** The opened sample folder. */
  readonly workspace: string;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Which sample to open: its folder under samples/, a file the explorer shows once it is open, and files not to copy. */
export interface SampleOptions {
  readonly sample: string;
  readonly fileInFolder: string;
  /** Build outputs to leave behind (F5 builds them again). */
  readonly exclude?: RegExp;
}

const ECHO: SampleOptions = { sample: 'echo', fileInFolder: 'server.py' };
/** The sources only: F5 builds them (the compound's preLaunchTask runs make). */
export const PREFORK: SampleOptions = { sample: 'prefork', fileInFolder: 'prefork-server.c', exclude: /prefork-(server|client)$/ };

export async function openInstalledWorkbench(prefix: string, options: SampleOptions = ECHO): Promise<InstalledWorkbench> {
  const { sample, fileInFolder, exclude } = options;
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const vsix = ensureVsix();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const baseDir = path.join(tmp, 'code-server');
  await installExtension(prepareDirs(baseDir), vsix);
  const server = await startCodeServer({ baseDir });
  const workspace = path.join(tmp, sample);
  fs.cpSync(path.join(REPO_ROOT, 'samples', sample), workspace, { recursive: true, filter: (src) => exclude === undefined || !exclude.test(src) });
  const browser = await launchBrowser();
  const { page } = browser;
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await waitForWorkbench(page, fileInFolder);
  return {
    server,
    browser,
    page,
    workspace,
    screenshot: async (name) => {
      await page.screenshot({ path: path.join(RESULTS_DIR, name) });
    },
    close: async () => {
      await browser.close();
      await server.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
