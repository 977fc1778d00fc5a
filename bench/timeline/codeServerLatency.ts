// Live latency of the Packet Timeline in the real VS Code (code-server 4.100.3, the packaged
// VSIX, headless Chromium): F5 starts a socket_wrapper configuration whose program appends
// pcap records to the session's capture one write() at a time (writer.py, standing in for
// socket_wrapper so that each write's time is known); inside the timeline's webview a
// MutationObserver notes when each packet number first appears in a painted frame, on the
// list's canvas and in its ARIA rows.
// Reports write -> on screen and write -> in the ARIA rows, p50/p95. Usage: node out/bench/timeline/codeServerLatency.js [count=200] [intervalMs=20]
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { openInstalledWorkbench } from '../../test/e2e/installedWorkbench';
import { REPO_ROOT } from '../../test/e2e/vsix';
import { startWithF5, waitForContributions } from '../../test/e2e/workbench';
import { summary } from './stats';

const CONFIG = 'Latency benchmark writer';

async function timelineFrame(page: Page, text: string): Promise<Frame> {
  for (let i = 0; i < 240; i++) {
    for (const frame of page.frames()) {
      const status = frame.locator('.timeline .status .path');
      if ((await status.isVisible().catch(() => false)) && ((await status.textContent().catch(() => '')) ?? '').includes(text)) return frame;
    }
    await page.waitForTimeout(250); // polling for the webview to exist
  }
  throw new Error(`no timeline shows ${text}`);
}

// Runs in the webview: after every DOM change, on the next frame, note the highest packet
// number shown: on the canvas, which the list publishes as the grid's data-newest-packet
// when it paints, and in the transparent ARIA rows screen readers read.
const OBSERVE = `
(() => {
  const seen = { canvas: [], aria: [] };
  window.__seen = seen;
  const best = { canvas: 0, aria: 0 };
  let pending = false;
  const note = (kind, max, at) => { if (max > best[kind]) { best[kind] = max; seen[kind].push([max, at]); } };
  const check = () => {
    pending = false;
    const at = performance.timeOrigin + performance.now();
    note('canvas', Number(document.querySelector('.main')?.dataset.newestPacket ?? 0), at);
    let max = 0;
    for (const e of document.querySelectorAll('.row:not(.pending) > .no')) max = Math.max(max, Number(e.textContent));
    note('aria', max, at);
  };
  new MutationObserver(() => { if (!pending) { pending = true; requestAnimationFrame(check); } })
    .observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-newest-packet'] });
})();`;

/** Per written packet, how long until a frame showed it (or a later one). */
function latencies(seen: Array<[number, number]>, written: number[]): number[] {
  const out: number[] = [];
  for (let k = 1; k <= written.length; k++) {
    const first = seen.find(([n]) => n >= k);
    if (first !== undefined) out.push(first[1] - written[k - 1] * 1000);
  }
  return out;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 200);
  const interval = Number(process.argv[3] ?? 20);
  const wb = await openInstalledWorkbench('swdebug-bench-latency-');
  try {
    const capture = path.join(wb.workspace, 'bench-live.pcap');
    const times = path.join(wb.workspace, 'bench-times.json');
    fs.copyFileSync(path.join(REPO_ROOT, 'bench', 'timeline', 'writer.py'), path.join(wb.workspace, 'writer.py'));
    fs.writeFileSync(path.join(wb.workspace, '.vscode', 'launch.json'), JSON.stringify({
      version: '0.2.0',
      configurations: [{
        type: 'socket_wrapper', request: 'launch', name: CONFIG, program: 'python3',
        args: ['writer.py', capture, String(count), String(interval), times, '4'], cwd: '${workspaceFolder}',
        socketWrapper: { session: 'bench', pcap: capture },
      }],
    }, null, 2));
    await waitForContributions(wb.page, 'socket_wrapper: Open Packet Timeline');
    await startWithF5(wb.page, CONFIG);
    const frame = await timelineFrame(wb.page, 'session "bench"');
    await frame.evaluate(OBSERVE);
    await wb.page.keyboard.press('Control+j'); // the timeline gets the height, as when reading it
    const deadline = Date.now() + 60_000 + count * interval;
    while (!fs.existsSync(times) && Date.now() < deadline) await wb.page.waitForTimeout(200);
    await frame.locator('.status', { hasText: `${count} packets` }).waitFor({ timeout: 30_000 });
    await wb.page.waitForTimeout(500); // the last frames
    const seen = (await frame.evaluate('window.__seen')) as { canvas: Array<[number, number]>; aria: Array<[number, number]> };
    const written = JSON.parse(fs.readFileSync(times, 'utf8')) as number[];
    await wb.screenshot('bench-timeline-live.png');
    for (const [kind, what] of [['canvas', 'on screen (the list\'s canvas)'], ['aria', 'in the ARIA rows'] ] as const) {
      const latency = latencies(seen[kind], written);
      console.log(`code-server live latency, ${count} packets ${interval} ms apart: write -> ${what} ${summary(latency)}${latency.length < count ? ` (${count - latency.length} never seen)` : ''}`);
    }
  } finally {
    await wb.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
