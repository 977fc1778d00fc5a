// The Packet Timeline's real webview bundle (dist/webview.js) in headless Chromium, talking to
// a real TimelineController in this Node process: the host side of VS Code replaced by a
// small bridge (acquireVsCodeApi -> page.exposeFunction, host -> window 'message' events).
// Used by the benchmarks, and to look at the UI quickly without starting code-server.
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostToWebview, PaintedMessage } from '../../extension/panel/protocol';
import { TimelineController, type TimelineTarget } from '../../extension/panel/timelineController';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The variables VS Code puts on a webview's <html> for its default dark theme (the ones the timeline uses). */
export const DARK_THEME: Record<string, string> = {
  'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  'editor-font-size': '14px', foreground: '#cccccc', 'editor-background': '#1f1f1f', 'descriptionForeground': '#9d9d9d',
  'panel-border': '#2b2b2b', 'focusBorder': '#0078d4', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
  'button-hoverBackground': '#026ec1', 'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc',
  'button-secondaryHoverBackground': '#3c3c3c', 'button-border': '#ffffff12', 'input-background': '#313131',
  'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'input-placeholderForeground': '#989898',
  'list-hoverBackground': '#2a2d2e', 'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff',
  'list-inactiveSelectionBackground': '#37373d', 'list-focusOutline': '#0078d4', 'errorForeground': '#f85149',
  'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100', 'charts-blue': '#3794ff',
  'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7', 'charts-red': '#f14c4c',
  'charts-yellow': '#cca700', 'terminal-ansiCyan': '#11a8cd', 'terminal-ansiMagenta': '#bc3fbc',
  'terminal-ansiBrightBlue': '#3b8eea', 'terminal-ansiBrightGreen': '#23d18b', 'editorGroupHeader-tabsBackground': '#181818',
  'panelTitle-activeForeground': '#cccccc', 'panelTitle-inactiveForeground': '#9d9d9d', 'panelTitle-activeBorder': '#0078d4',
  'editor-selectionBackground': '#264f78', 'debugTokenExpression-string': '#ce9178', 'editorLineNumber-foreground': '#6e7681',
  'editorIndentGuide-background1': '#404040', 'testing-iconPassed': '#73c991', 'editorWarning-foreground': '#cca700',
  'sash-hoverBorder': '#0078d4', 'widget-shadow': '#0000005c', 'icon-foreground': '#cccccc',
};

export interface Harness {
  readonly page: Page;
  readonly controller: TimelineController;
  /** Every `painted` report, as the controller received it. */
  readonly painted: PaintedMessage[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly target: TimelineTarget;
  readonly width?: number;
  readonly height?: number;
  readonly theme?: Record<string, string>;
  readonly onPainted?: (m: PaintedMessage) => void;
  /** Extra Chromium flags (scrollFrames.ts uncaps the frame rate with them). */
  readonly chromiumArgs?: readonly string[];
}

function page(nonce: string, theme: Record<string, string>): string {
  const vars = Object.entries(theme).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'`;
  // The bridge stands in for VS Code's acquireVsCodeApi; it is the only extra script.
  return `<!DOCTYPE html><html lang="en" style='${vars}'><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}"></head>
<body class="vscode-dark"><div id="app" class="timeline" aria-busy="true"></div>
<script nonce="${nonce}">
let state; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(m), getState: () => state, setState: (s) => { state = s; } });
</script>
<script nonce="${nonce}" src="/webview.js"></script></body></html>`;
}

export async function openHarness(options: HarnessOptions): Promise<Harness> {
  const nonce = 'bench' + Math.random().toString(36).slice(2);
  const bundle = fs.readFileSync(path.join(REPO, 'dist', 'webview.js'));
  const server = http.createServer((req, res) => {
    if (req.url === '/webview.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page(nonce, options.theme ?? DARK_THEME));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const browser: Browser = await chromium.launch({ executablePath: process.env.SWDEBUG_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, ...(options.chromiumArgs ?? [])] });
  const p = await browser.newPage({ viewport: { width: options.width ?? 1440, height: options.height ?? 900 } });
  const painted: PaintedMessage[] = [];
  let ready = false;
  const queue: HostToWebview[] = [];
  // Host messages go over as JSON text, parsed in the page: what VS Code's webview messaging
  // costs (JSON between the processes; byte arrays arrive as objects, which bytes.ts reads).
  // Playwright's own argument serialization of the same object blocked the page's main thread
  // for about 17 ms per 60 KB batch of rows (seen in a Chromium trace), a cost VS Code does not
  // have, which delayed the frames the benchmarks measure.
  const deliver = (m: HostToWebview): void => {
    void p.evaluate((json) => window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(json) as unknown })), JSON.stringify(m)).catch(() => undefined);
  };
  const controller = new TimelineController(options.target, {
    post: (m) => (ready ? deliver(m) : queue.push(m)),
    onPainted: (m) => {
      painted.push(m);
      options.onPainted?.(m);
    },
  });
  await p.exposeFunction('__toHost', (m: unknown) => controller.handle(m));
  p.on('pageerror', (e) => console.error(`[webview] ${e.message}`));
  p.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && console.error(`[webview console] ${m.text()}`));
  await p.goto(`http://127.0.0.1:${port}/`);
  ready = true;
  queue.splice(0).forEach(deliver);
  return {
    page: p,
    controller,
    painted,
    close: async () => {
      controller.dispose();
      await browser.close();
      server.close();
    },
  };
}
