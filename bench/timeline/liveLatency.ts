// Live latency of the Packet Timeline, in the standalone harness (the real controller and
// the real webview bundle in headless Chromium; see webviewHarness.ts): a writer appends
// one pcap record per write(), as socket_wrapper does, and we measure for each packet
//   host:    write() -> the controller has read and indexed it (CaptureFile.follow)
//   painted: write() -> the webview has rendered a frame showing it (its `painted` report)
// Usage: node out/bench/timeline/liveLatency.js [packets=300] [intervalMs=20] [burst=1]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { summary } from './stats';
import { PCAP_HEADER, record } from './syntheticCapture';
import { openHarness } from './webviewHarness';

const now = (): number => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 300);
  const intervalMs = Number(process.argv[3] ?? 20);
  const burst = Number(process.argv[4] ?? 1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-latency-'));
  const file = path.join(dir, 'live.pcap');
  const written: number[] = [];
  const hostHas: number[] = [];
  const painted: number[] = [];
  const h = await openHarness({
    target: { path: file, origin: 'session', session: 'bench', live: true },
    height: 900,
    onPainted: (m) => {
      if (m.newest === null) return;
      for (let i = painted.length; i <= m.newest; i++) painted[i] = m.at;
    },
  });
  // Read events come from the controller's follow loop (the onRead hook).
  const controllerOptions = (h.controller as unknown as { options: { onRead?: (n: number) => void } }).options;
  Object.assign(controllerOptions, {
    onRead: (n: number) => {
      const t = now();
      for (let i = hostHas.length; i < n; i++) hostHas[i] = t;
    },
  });
  try {
    await h.page.locator('.status', { hasText: 'Waiting for capture' }).waitFor({ timeout: 10_000 });
    // socket_wrapper's first writer creates the file with O_EXCL and writes the header first.
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_APPEND, 0o600);
    fs.writeSync(fd, PCAP_HEADER);
    const start = Date.now() * 1000;
    for (let i = 0; i < count; i += burst) {
      for (let k = i; k < Math.min(count, i + burst); k++) {
        const r = record(k, start + k * 1000);
        written[k] = now();
        fs.writeSync(fd, r);
      }
      await new Promise((r) => setTimeout(r, intervalMs)); // the writer's own pacing
    }
    fs.closeSync(fd);
    const deadline = Date.now() + 10_000;
    while (painted.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const host = written.map((w, i) => hostHas[i] - w).filter(Number.isFinite);
    const paint = written.map((w, i) => painted[i] - w).filter(Number.isFinite);
    console.log(`live latency, ${count} packets, ${burst} per write burst every ${intervalMs} ms (standalone harness)`);
    console.log(`  write -> host indexed : ${summary(host)}`);
    console.log(`  write -> webview paint: ${summary(paint)}${paint.length < count ? ` (${count - paint.length} never painted)` : ''}`);
  } finally {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
