// Headless Chromium for looking at the code-server workbench the way a person does.
// The system Chromium is used (Playwright's own browser downloads need the internet); the
// flags are the ones DESIGN.md lists as needed on these machines.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BrowserContext, chromium, Page } from 'playwright-core';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Closes Chromium and removes its profile directory. */
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.SWDEBUG_CHROMIUM ?? '/usr/bin/chromium';
  // A fresh profile every time: no cached workbench state leaks between runs.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1440, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
