// Frame times of the Packet Timeline while scrolling a million rows, in the standalone
// harness (the real controller reading a real 1,000,000-packet capture, the real webview in
// headless Chromium). Three ways a person scrolls:
//   wheel: mouse-wheel steps through the list (rows come from the cache or the host)
//   keys:  PageDown through the list with the keyboard (selection moves, details follow)
//   jump:  dragging the scrollbar to far-away places (every jump needs rows from the host)
// For each frame we record the rAF interval and the main-thread time our code took (the
// timeline's own rAF callback), and for jumps the time until no placeholder row is left.
// Usage: node out/bench/timeline/scrollFrames.js [packets=1000000]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { summary } from './stats';
import { captureOf } from './syntheticCapture';
import { openHarness } from './webviewHarness';

interface FrameLog {
  intervals: number[];
  work: number[];
}

// Installed in the page before the webview script: times every rAF callback (the timeline
// paints only from rAF) and the interval between frames.
const INSTRUMENT = `
(() => {
  const raf = window.requestAnimationFrame.bind(window);
  const log = { intervals: [], work: [], last: 0 };
  window.__frames = log;
  window.requestAnimationFrame = (cb) => raf((t) => {
    const s = performance.now();
    cb(t);
    log.work.push(performance.now() - s);
  });
  const tick = (t) => { if (log.last) log.intervals.push(t - log.last); log.last = t; raf(tick); };
  raf(tick);
})();`;

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-scroll-'));
  const file = path.join(dir, 'million.pcap');
  fs.writeFileSync(file, captureOf(count));
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(file, old, old);
  const t0 = Date.now();
  const h = await openHarness({ target: { path: file, origin: 'file', live: false }, width: 1440, height: 900 });
  const page = h.page;
  try {
    await page.locator('.status', { hasText: `${count.toLocaleString('en-US')} packets` }).waitFor({ timeout: 60_000 });
    await page.locator('.row:not(.pending)').first().waitFor({ timeout: 10_000 });
    console.log(`scroll frames: ${count.toLocaleString('en-US')} packets (${(fs.statSync(file).size / 1e6).toFixed(0)} MB) indexed and first rows shown in ${Date.now() - t0} ms`);
    await page.evaluate(INSTRUMENT);
    const reset = (): Promise<void> => page.evaluate('window.__frames.intervals = []; window.__frames.work = []; window.__frames.last = 0;') as Promise<void>;
    const frames = (): Promise<FrameLog> => page.evaluate('({ intervals: window.__frames.intervals, work: window.__frames.work })') as Promise<FrameLog>;
    const box = await page.locator('.scroller').boundingBox();
    if (box === null) throw new Error('no list on screen');
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);

    // Wheel: 600 steps of 3 rows' worth... then faster flicks.
    await reset();
    for (let i = 0; i < 600; i++) {
      await page.mouse.wheel(0, i < 300 ? 66 : 600);
      await page.evaluate('new Promise(requestAnimationFrame)');
    }
    const wheel = await frames();
    console.log(`  wheel (600 steps):  frame interval ${summary(wheel.intervals)}; our work per frame ${summary(wheel.work)}`);

    // Keyboard: PageDown 200 times with the grid focused (selection + details follow).
    await page.locator('.main').focus();
    await reset();
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('PageDown');
      await page.evaluate('new Promise(requestAnimationFrame)');
    }
    const keys = await frames();
    console.log(`  PageDown (200):     frame interval ${summary(keys.intervals)}; our work per frame ${summary(keys.work)}`);

    // Jumps: the scrollbar dragged to 100 random places; time until every visible row has data.
    await reset();
    const fill: number[] = [];
    for (let i = 0; i < 100; i++) {
      const fraction = ((i * 7919) % 1000) / 1000;
      const ms = (await page.evaluate(`(async () => {
        const s = document.querySelector('.scroller');
        const t = performance.now();
        s.scrollTop = (s.scrollHeight - s.clientHeight) * ${fraction};
        for (;;) {
          await new Promise(requestAnimationFrame);
          if (document.querySelectorAll('.row.pending').length === 0) return performance.now() - t;
          if (performance.now() - t > 5000) return -1;
        }
      })()`)) as number;
      fill.push(ms);
    }
    const jump = await frames();
    console.log(`  jumps (100):        frame interval ${summary(jump.intervals)}; our work per frame ${summary(jump.work)}`);
    console.log(`  jump -> all visible rows filled from the host: ${summary(fill.filter((x) => x >= 0))}${fill.some((x) => x < 0) ? `, ${fill.filter((x) => x < 0).length} timed out` : ''}`);
    const dom = await page.locator('.row').count();
    console.log(`  row elements in the DOM: ${dom}; memory: host index ${(h.controller as unknown as { source: { capture: { index: { memoryBytes: number } } } }).source.capture.index.memoryBytes / 1e6} MB`);
  } finally {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
