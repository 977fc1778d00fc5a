// Frame times of the Packet Timeline while scrolling a million rows, in the standalone
// harness (the real controller reading a real 1,000,000-packet capture, the real webview in
// headless Chromium).
//
// What "frame time" means here, and why the page runs twice:
//  - At 60 Hz (Chromium's default) a frame begins on a vsync, so the interval from one
//    animation frame to the next is 16.7 ms whenever a frame's work fits and a multiple of
//    16.7 when it does not. Its p95 can never go below 16.7 ms: it counts dropped frames, it
//    does not measure what a frame costs. From that run we report the dropped frames.
//  - With --disable-gpu-vsync --disable-frame-rate-limit (both work in headless mode) the
//    next frame begins as soon as the previous one is done, so the interval from a frame to
//    the next is what the frame cost: scroll events, the timeline's rAF paint, style,
//    layout, paint, and whatever of raster and composite holds up the next frame. That
//    uncapped interval, for the frames in which the timeline painted, is what the 16 ms
//    target is held to.
//  - In both runs the main-thread work of each such frame is timed too: from its first rAF
//    callback to a user-blocking scheduler.postTask task posted there, which runs once the
//    frame's rendering update (rAF callbacks, style, layout, paint) is done (ahead of
//    ordinary tasks queued meanwhile); and, within it, the time in the timeline's own rAF
//    callbacks.
// Only frames that paint are measured (the timeline paints from rAF; a probe in its rAF
// wrapper asks for exactly one more frame to see when the next one could begin). A page
// that asked for a frame forever would, uncapped, render idle frames flat out and load the
// 2-core machine with its own compositor work; at 60 Hz it would only add idle frames.
// Scrolling is driven two ways. Inside the page, a rAF loop moves scrollTop one step every
// frame (wheel-sized steps, flicks, then jumps across the whole list): faster than a person
// can scroll, new rows every frame, a stress case. And as a person does, through
// Playwright's input events: the mouse wheel, PageDown, and the scrollbar dragged far away.
// To keep it honest the run checks that the list really went through the million rows
// (scrollTop range, distinct first rows on screen, the last rows reached) and says how many
// frames showed placeholder rows (rows still on their way from the host).
// Usage: node out/bench/timeline/scrollFrames.js [packets=1000000]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { percentile, summary } from './stats';
import { captureOf } from './syntheticCapture';
import { Harness, openHarness } from './webviewHarness';

/** One vsync at 60 Hz. */
const VSYNC_MS = 1000 / 60;
const TARGET_P95_MS = 16;
const UNCAPPED_ARGS = ['--disable-gpu-vsync', '--disable-frame-rate-limit'];

interface FrameLog {
  /** Per measured frame: from its start (rAF timestamp) to the next frame's start. */
  intervals: number[];
  /** Per interval: the in-page drive's phase then ('wheel', 'flick', 'jump'; '' outside it). */
  phases: string[];
  /** Per measured frame: from its first rAF callback to the end of its rendering update. */
  work: number[];
  /** Per measured frame: time in the timeline's own rAF callbacks (0: it did not paint). */
  ours: number[];
  /** Per driven frame (sampled after it rendered): the first row on screen, -1 when none. */
  firstRows: number[];
  /** Per driven frame: placeholder rows on screen. */
  pendingRows: number[];
  minTop: number;
  maxTop: number;
  /** Long Animation Frames (over 50 ms) the browser reported. */
  longFrames: number;
}

// Installed in the page once the first rows show. probe(t) measures the frame whose rAF
// timestamp is t: the work (a user-blocking task runs after the frame's rendering update)
// and the interval (one more rAF: the next frame's timestamp). The timeline's rAF
// callbacks probe their frame; during __startDrive, a rAF loop scrolls and probes every
// frame.
const INSTRUMENT = `
(() => {
  const raf = window.requestAnimationFrame.bind(window);
  const scroller = document.querySelector('.scroller');
  const grid = document.querySelector('.main');
  const log = { intervals: [], phases: [], work: [], ours: [], firstRows: [], pendingRows: [], minTop: Infinity, maxTop: -Infinity, longFrames: 0 };
  let probed = -1, callbacksStart = 0, ours = 0, driven = false, generation = 0;
  window.__frames = log;
  // The benchmark's own waits for a frame use the real rAF: they do not paint.
  window.__raf = raf;
  window.__resetFrames = () => {
    for (const k of ['intervals', 'phases', 'work', 'ours', 'firstRows', 'pendingRows']) log[k] = [];
    log.minTop = Infinity; log.maxTop = -Infinity; log.longFrames = 0; ours = 0; generation++;
  };
  try {
    new PerformanceObserver((l) => { log.longFrames += l.getEntries().length; }).observe({ type: 'long-animation-frame' });
  } catch {}
  const afterFrame = (g) => {
    if (g !== generation) return;
    log.work.push(performance.now() - callbacksStart);
    log.ours.push(ours);
    ours = 0;
    if (!driven) return;
    driven = false;
    // What this frame put on screen: the list publishes what its canvas shows on the grid.
    log.firstRows.push(Number(grid.dataset.firstRow ?? -1));
    log.pendingRows.push(Number(grid.dataset.pendingRows ?? 0));
    log.minTop = Math.min(log.minTop, scroller.scrollTop);
    log.maxTop = Math.max(log.maxTop, scroller.scrollTop);
  };
  const probe = (t) => {
    if (t === probed) return;
    probed = t;
    callbacksStart = performance.now();
    const g = generation;
    // A user-blocking task posted from rAF runs right after the frame's rendering update,
    // ahead of the ordinary tasks (host messages, Playwright's calls) queued before it.
    scheduler.postTask(() => afterFrame(g), { priority: 'user-blocking' });
    const phase = window.__phase ?? '';
    raf((next) => { if (g === generation) { log.intervals.push(next - t); log.phases.push(phase); } });
  };
  // The timeline paints only from rAF: time its callbacks and probe their frames.
  window.requestAnimationFrame = (cb) => raf((t) => {
    probe(t);
    const s = performance.now();
    try { cb(t); } finally { ours += performance.now() - s; }
  });
  // The in-page drive: one scroll step per frame, every frame probed.
  window.__startDrive = (step) => new Promise((done) => {
    const tick = (t) => {
      if (!step()) { setTimeout(done, 50); return; }
      raf(tick);
      probe(t);
      driven = true;
    };
    raf(tick);
  });
})();`;

/**
 * Scrolls one step per frame from the page's own rAF loop: `small` steps of 66 px (three
 * rows, a wheel notch), `flicks` of 600 px, then `jumps` to spread-out places of the list
 * (the last one to the very end).
 */
function driveScript(small: number, flicks: number, jumps: number): string {
  return `(() => {
  const s = document.querySelector('.scroller');
  s.scrollTop = 0;
  let i = 0;
  return window.__startDrive(() => {
    window.__phase = i < ${small} ? 'wheel' : i < ${small + flicks} ? 'flick' : 'jump';
    if (i < ${small}) s.scrollTop += 66;
    else if (i < ${small + flicks}) s.scrollTop += 600;
    else if (i < ${small + flicks + jumps}) {
      const k = i - ${small + flicks};
      const f = k === ${jumps - 1} ? 1 : ((k * 7919) % 1000) / 1000;
      s.scrollTop = (s.scrollHeight - s.clientHeight) * f;
    } else if (i > ${small + flicks + jumps}) {
      window.__phase = '';
      return false;  // one frame more, to paint the last jump
    }
    i++;
    return true;
  });
})()`;
}

function fmt(v: number): string {
  return v.toFixed(1);
}

/** Frames measured in full (their interval, work and timeline time), paired up. */
function measured(log: FrameLog): { iv: number[]; work: number[]; ours: number[] } {
  const n = Math.min(log.intervals.length, log.work.length);
  return { iv: log.intervals.slice(0, n), work: log.work.slice(0, n), ours: log.ours.slice(0, n) };
}

/** The frame lines: uncapped, the interval is the cost; at 60 Hz, count the vsyncs missed. */
function frameLines(log: FrameLog, uncapped: boolean): { lines: string[]; p95: number } {
  const f = measured(log);
  let first: string;
  if (uncapped) {
    const over = f.iv.filter((x) => x > VSYNC_MS).length;
    first = `frame interval ${summary(f.iv)}; ${over} of ${f.iv.length} took longer than a 60 Hz vsync`;
  } else {
    const dropped = f.iv.reduce((n, x) => n + Math.max(0, Math.round(x / VSYNC_MS) - 1), 0);
    first = `frame interval ${summary(f.iv)}; dropped frames at 60 Hz: ${dropped} (after ${f.iv.length} frames that painted)`;
  }
  const second = `work per frame (first rAF callback -> style, layout, paint done) p50=${fmt(percentile(f.work, 50))} p95=${fmt(percentile(f.work, 95))} ms;`
    + ` of it in the timeline's rAF p50=${fmt(percentile(f.ours, 50))} p95=${fmt(percentile(f.ours, 95))} ms; long animation frames (>50 ms): ${log.longFrames}`;
  return { lines: [first, second], p95: percentile(f.iv, 95) };
}

function targetLine(what: string, p95: number): string {
  return `${what} p95 ${fmt(p95)} ms   target <= ${TARGET_P95_MS} ms   ${p95 <= TARGET_P95_MS ? 'ok' : 'MISSED'}`;
}

/** The list really scrolled: through the rows, new ones on most frames, to the end. */
function scrolledLine(log: FrameLog, count: number): { text: string; ok: boolean } {
  const shown = log.firstRows.filter((r) => r >= 0);
  const distinct = new Set(shown).size;
  const last = shown.length > 0 ? Math.max(...shown) : -1;
  const withPending = log.pendingRows.filter((n) => n > 0).length;
  const ok = shown.length > 0 && distinct >= shown.length * 0.9 && last >= count - 100 && log.maxTop > log.minTop;
  return {
    ok,
    text: `scrolled: scrollTop ${fmt(log.minTop)} -> ${fmt(log.maxTop)} px, ${distinct} distinct first rows in ${shown.length} frames,`
      + ` rows ${Math.min(...shown) + 1}..${last + 1} of ${count} reached; ${withPending} frames showed placeholder rows`,
  };
}

async function frames(page: Page): Promise<FrameLog> {
  return page.evaluate('window.__frames') as Promise<FrameLog>;
}

async function reset(page: Page): Promise<void> {
  await page.evaluate('window.__resetFrames()');
}

async function open(file: string, count: number, uncapped: boolean): Promise<Harness> {
  const t0 = Date.now();
  const h = await openHarness({
    target: { path: file, origin: 'file', live: false }, width: 1440, height: 900,
    chromiumArgs: uncapped ? UNCAPPED_ARGS : [],
  });
  await h.page.locator('.status', { hasText: `${count.toLocaleString('en-US')} packets` }).waitFor({ timeout: 60_000 });
  await h.page.locator('.row:not(.pending)').first().waitFor({ timeout: 10_000 });
  console.log(`${uncapped ? 'uncapped frame rate' : '60 Hz (vsync)'}: ${count.toLocaleString('en-US')} packets indexed and first rows shown in ${Date.now() - t0} ms`);
  await h.page.evaluate(INSTRUMENT);
  return h;
}

/** The in-page drive: one scroll step per frame. Returns whether the list really scrolled. */
async function driven(h: Harness, count: number, uncapped: boolean): Promise<boolean> {
  await reset(h.page);
  await h.page.evaluate(driveScript(400, 400, 200));
  const log = await frames(h.page);
  const f = frameLines(log, uncapped);
  const s = scrolledLine(log, count);
  console.log(`  scrolling every frame (400 wheel steps, 400 flicks, 200 jumps):`);
  for (const l of f.lines) console.log(`    ${l}`);
  console.log(`    ${s.text}${s.ok ? '' : '  <- DID NOT SCROLL THROUGH THE LIST'}`);
  const byPhase = ['wheel', 'flick', 'jump'].map((phase) => {
    const iv = log.intervals.filter((_, i) => log.phases[i] === phase);
    return `${phase} n=${iv.length} p50=${fmt(percentile(iv, 50))} p95=${fmt(percentile(iv, 95))}`;
  });
  console.log(`    frame interval by kind of step: ${byPhase.join('; ')} ms`);
  // A stress case, not the target: uncapped it scrolls 200-300 steps a second, one every
  // frame, which no hand does; the 16 ms target is held to the mouse wheel below (and
  // bench/timeline/README.md says so).
  if (uncapped) console.log(`    uncapped frame interval, scrolling every frame (stress, no target), p95 ${fmt(f.p95)} ms`);
  return s.ok;
}

/** Scrolling as a person does, through Playwright's input events. */
async function byHand(h: Harness, count: number, uncapped: boolean): Promise<void> {
  const page = h.page;
  const box = await page.locator('.scroller').boundingBox();
  if (box === null) throw new Error('no list on screen');
  await page.evaluate('document.querySelector(".scroller").scrollTop = 0');
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  const firstRow = async (): Promise<number> => Number(await page.evaluate(`document.querySelector('.main').dataset.firstRow`));

  // Wheel: 600 steps of 3 rows' worth... then faster flicks.
  await reset(page);
  const before = await firstRow();
  for (let i = 0; i < 600; i++) {
    await page.mouse.wheel(0, i < 300 ? 66 : 600);
    await page.evaluate('new Promise(window.__raf)');
  }
  const wheel = frameLines(await frames(page), uncapped);
  console.log(`  mouse wheel (600 steps, rows ${before + 1} -> ${(await firstRow()) + 1} of ${count}):`);
  for (const l of wheel.lines) console.log(`    ${l}`);
  if (uncapped) console.log(`    ${targetLine('uncapped frame interval, mouse wheel,', wheel.p95)}`);

  // Keyboard: PageDown 200 times with the grid focused (selection + details follow).
  await page.locator('.main').focus();
  await reset(page);
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('PageDown');
    await page.evaluate('new Promise(window.__raf)');
  }
  console.log(`  PageDown (200):`);
  for (const l of frameLines(await frames(page), uncapped).lines) console.log(`    ${l}`);

  // Jumps: the scrollbar dragged to 100 places; time until every visible row has data.
  await reset(page);
  const fill: number[] = [];
  for (let i = 0; i < 100; i++) {
    const fraction = ((i * 7919) % 1000) / 1000;
    const ms = (await page.evaluate(`(async () => {
      const s = document.querySelector('.scroller');
      const grid = document.querySelector('.main');
      const before = grid.dataset.firstRow;
      const t = performance.now();
      s.scrollTop = (s.scrollHeight - s.clientHeight) * ${fraction};
      for (;;) {
        await new Promise(window.__raf);
        if (grid.dataset.firstRow !== before && grid.dataset.pendingRows === '0') return performance.now() - t;
        if (performance.now() - t > 5000) return -1;
      }
    })()`)) as number;
    fill.push(ms);
  }
  console.log(`  scrollbar jumps (100):`);
  for (const l of frameLines(await frames(page), uncapped).lines) console.log(`    ${l}`);
  console.log(`    jump -> all visible rows filled from the host: ${summary(fill.filter((x) => x >= 0))}${fill.some((x) => x < 0) ? `, ${fill.filter((x) => x < 0).length} timed out` : ''}`);
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-scroll-'));
  const file = path.join(dir, 'million.pcap');
  fs.writeFileSync(file, captureOf(count));
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(file, old, old);
  console.log(`scroll frames: ${count.toLocaleString('en-US')} packets (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);
  let ok = true;
  try {
    for (const uncapped of [true, false]) {
      const h = await open(file, count, uncapped);
      try {
        ok = (await driven(h, count, uncapped)) && ok;
        await byHand(h, count, uncapped);
        if (!uncapped) {
          const dom = await h.page.locator('.row').count();
          console.log(`  row elements in the DOM: ${dom}; memory: host index ${(h.controller as unknown as { source: { capture: { index: { memoryBytes: number } } } }).source.capture.index.memoryBytes / 1e6} MB`);
        }
      } finally {
        await h.close();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (!ok) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
