// Screenshots the timeline in the standalone harness: `node out/bench/timeline/preview.js
// <capture> <out.png> [packet-to-select]`. For looking at the UI while working on it.
import { openHarness } from './webviewHarness';

async function main(): Promise<void> {
  const [file, out, select] = process.argv.slice(2);
  const h = await openHarness({ target: { path: file, origin: 'file', live: false } });
  try {
    await h.page.locator('.row:not(.pending)').first().waitFor({ timeout: 10_000 });
    if (select !== undefined) {
      await h.page.locator('.main').focus();
      for (let i = 0; i <= Number(select); i++) await h.page.keyboard.press('ArrowDown');
      await h.page.locator('.tree .node').first().waitFor({ timeout: 5000 });
    }
    // PREVIEW_CLICK="Time,+,+": toolbar buttons to press first, by their text.
    for (const label of (process.env.PREVIEW_CLICK ?? '').split(',').filter((x) => x !== '')) {
      await h.page.locator('.toolbar button, .tabs button', { hasText: label }).first().click();
    }
    await h.page.waitForTimeout(300); // let the last frame paint before the screenshot
    await h.page.screenshot({ path: out });
    console.log(`preview: ${out}; dom rows ${await h.page.locator('.row').count()}`);
  } finally {
    await h.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
