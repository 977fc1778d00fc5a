// What a person does in the workbench, as Playwright steps: wait until it shows the folder,
// run a command from the command palette by its title, read notifications.
import type { Frame, Locator, Page } from 'playwright-core';

/** Resolves once the workbench is up and its explorer lists `fileInFolder`. */
export async function waitForWorkbench(page: Page, fileInFolder: string, timeoutMs = 120_000): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.getByRole('treeitem', { name: fileInFolder }).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

function paletteRow(page: Page, title: string): Locator {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
}

/**
 * Opens the command palette with F1, types the command's title and presses Enter on it.
 * Contributed commands appear once the workbench has read the remote extension list, which
 * can trail the first paint; so a palette that lacks the command is closed and opened
 * again until `timeoutMs`. A command that never appears (extension not installed) throws.
 */
export async function runCommandFromPalette(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(title);
    const row = paletteRow(page, title);
    const found = await row
      .waitFor({ state: 'visible', timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (found) {
      // Enter runs the focused (first) row; make sure that is ours, not a fuzzy neighbour.
      const first = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
      const firstText = await first.innerText();
      if (!firstText.includes(title)) {
        throw new Error(`the command palette's first match for "${title}" is "${firstText}"`);
      }
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) {
      throw new Error(`the command palette has no command "${title}" (is the extension installed?)`);
    }
  }
}

/**
 * A notification toast whose text contains `text`, once it has finished sliding in (the
 * workbench marks that with a class), so that a screenshot shows it whole.
 */
export function notification(page: Page, text: string): Locator {
  return page.locator('.notifications-toasts .notification-toast.notification-fade-in-done', { hasText: text }).first();
}

/**
 * Waits for a toast containing `expected` and returns its text. If an error dialog or a
 * different socket_wrapper notification shows up first (a failed command shows a modal
 * "resulted in an error" dialog), fails at once with what is on screen instead.
 */
export async function expectNotification(page: Page, expected: string, timeoutMs = 60_000): Promise<string> {
  const wanted = notification(page, expected);
  const other = page.locator('.monaco-dialog-box').or(notification(page, 'socket_wrapper'));
  await wanted.or(other).first().waitFor({ state: 'visible', timeout: timeoutMs });
  // innerText, not textContent: a toast carries a <style> element whose text is not on screen.
  if (await wanted.isVisible()) {
    return wanted.innerText();
  }
  const shown = (await other.first().innerText()).replace(/\s+/g, ' ');
  throw new Error(`expected a notification "${expected}", the workbench shows: ${shown}`);
}

/**
 * Resolves once the workbench knows the extension's contributions (its commands are in the
 * palette). Keys pressed before that, F5 included, resolve to nothing: the debug type and
 * its launch configurations are not registered yet.
 */
export async function waitForContributions(page: Page, commandTitle: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(commandTitle);
    const found = await paletteRow(page, commandTitle)
      .waitFor({ state: 'visible', timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    await page.keyboard.press('Escape');
    if (found) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`the command palette never listed "${commandTitle}" (is the extension installed?)`);
    }
  }
}

/**
 * What a person does to run a launch configuration: choose it in the Run and Debug view's
 * drop-down, put the focus back in the workbench and press F5. Returns the Debug Console's
 * rows. Call waitForContributions first: F5 before the debug type is known does nothing.
 */
export async function startWithF5(page: Page, configurationName: string): Promise<Locator> {
  await page.keyboard.press('Control+Shift+D');
  const select = page.locator('.part.sidebar select.monaco-select-box').first();
  await select.waitFor({ state: 'visible', timeout: 60_000 });
  await select.selectOption({ label: configurationName });
  // Focus back in the workbench, off the drop-down: the side bar's title is never covered
  // (an editor may be: the Packet Timeline opens there by itself).
  await page.locator('.part.sidebar .composite.title').click();
  // F5 while an earlier session is still ending would mean "continue", not "start".
  await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 60_000 });
  await page.keyboard.press('F5');
  return page.locator('.repl .monaco-list-rows');
}

/** The inner frame of the Packet Timeline webview whose status line mentions `text` (a capture name or session). */
export async function timelineFrame(page: Page, text: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const status = frame.locator('.timeline .status .path');
      const shown = (await status.isVisible().catch(() => false)) ? await status.textContent({ timeout: 1000 }).catch(() => null) : null;
      if (shown !== null && shown.includes(text)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no Packet Timeline webview shows ${text}`);
    await page.waitForTimeout(250); // polling for the webview frame to exist, not a synchronization sleep
  }
}
