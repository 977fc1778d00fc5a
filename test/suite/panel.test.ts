// The Packet Timeline in a real extension host: a socket_wrapper session started with
// vscode.debug.startDebugging opens the timeline by itself, the timeline waits for the
// capture without creating it, then receives and paints the packets live while the
// programs run; a capture file opens in the read-only custom editor. What the webview
// painted comes back through the (uncontributed) snapshot command.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { echoPair, folder, sessionEvent } from './support';
import type { SwdebugApi } from '../../extension/extension';
import type { TimelineSnapshot } from '../../extension/panel/timelineController';

const EXTENSION_ID = 'swdebug.socket-wrapper-debug';
const SNAPSHOT_COMMAND = '_socketWrapper.timelineSnapshot';

type PanelSnapshot = TimelineSnapshot & { kind: 'panel' | 'editor'; visible: boolean; title: string };

async function snapshots(): Promise<PanelSnapshot[]> {
  return (await vscode.commands.executeCommand<PanelSnapshot[]>(SNAPSHOT_COMMAND)) ?? [];
}

/** Polls the open timelines until one satisfies `check`; returns it. */
async function waitForTimeline(what: string, check: (s: PanelSnapshot) => boolean, timeoutMs = 30_000): Promise<PanelSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: PanelSnapshot[] = [];
  for (;;) {
    last = await snapshots();
    const found = last.find(check);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; timelines: ${JSON.stringify(last, null, 1)}`);
    await new Promise((r) => setTimeout(r, 100)); // polling the panel's state, not a fixed sleep
  }
}

describe('Packet Timeline', function () {
  this.timeout(120_000);
  let api: SwdebugApi;
  let extensionPath: string;

  before(async () => {
    const ext = vscode.extensions.getExtension<SwdebugApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    extensionPath = ext.extensionPath;
  });

  it('registers Open Packet Timeline and Open Capture File…', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('socketWrapper.openTimeline'));
    assert.ok(commands.includes('socketWrapper.openCaptureFile'));
  });

  it('opens when a session with a capture starts, waits for the file, then paints its packets live', async () => {
    const session = `suite-timeline-${Date.now()}`;
    const { server, client } = echoPair(session, 7003, { server: 'timeline server', client: 'timeline client' }, 2);
    const ended = sessionEvent(api, 'ended', session);
    assert.strictEqual(await vscode.debug.startDebugging(folder(), server), true);
    const opened = await waitForTimeline('the timeline of the new session', (s) => s.capture.session === session && s.attached);
    assert.strictEqual(opened.kind, 'panel');
    assert.strictEqual(opened.capture.origin, 'session');
    const capture = api.sessions.get(session)?.pcapFile;
    assert.ok(capture, 'the session has a capture');
    assert.strictEqual(opened.capture.path, capture);
    if (opened.status.state === 'waiting') {
      assert.ok(!fs.existsSync(capture), 'the timeline must not create the capture file');
    }

    assert.strictEqual(await vscode.debug.startDebugging(folder(), client), true);
    // Live: the session still runs (the server waits for a second client) and the webview
    // has painted the newest packet, which it only gets by following the growing capture.
    const live = await waitForTimeline(
      'the live packets painted',
      (s) => s.capture.session === session && s.status.state === 'live' && s.status.packets >= 20 && s.painted?.newest === s.status.packets - 1,
    );
    assert.ok(live.rowsSent > 0, 'rows were sent to the webview');
    assert.ok(live.updatesSent > 1, 'the webview got updates as the capture grew');
    assert.ok(live.lanes >= 2, `lanes: ${live.lanes}`);
    assert.ok(live.painted !== null && live.painted.domRows < 200, 'only visible rows are in the DOM');

    await vscode.commands.executeCommand('socketWrapper.stopSession', session);
    await ended;
    const done = await waitForTimeline('the ended state', (s) => s.capture.session === session && s.status.state === 'ended');
    assert.strictEqual(done.status.error, undefined, `the capture should end cleanly: ${JSON.stringify(done.status.error)}`);
  });

  it('opens a capture file in the read-only capture editor', async () => {
    const file = path.join(folder().uri.fsPath, 'suite-hostile.pcap');
    fs.copyFileSync(path.join(extensionPath, 'samples', 'captures', 'hostile-payload.pcap'), file);
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), 'socketWrapper.captureViewer');
    const shown = await waitForTimeline('the capture editor', (s) => s.kind === 'editor' && s.capture.path === file && s.status.packets === 18 && s.painted?.newest !== null && s.painted !== null);
    assert.strictEqual(shown.capture.origin, 'file');
    assert.strictEqual(shown.status.state, 'file');
    assert.strictEqual(shown.status.flows, 4);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('"Open Packet Timeline" given a capture path opens a timeline for it', async () => {
    const file = path.join(folder().uri.fsPath, 'suite-truncated.pcap');
    fs.copyFileSync(path.join(extensionPath, 'samples', 'captures', 'truncated.pcap'), file);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    await vscode.commands.executeCommand('socketWrapper.openTimeline', file);
    const shown = await waitForTimeline('the damaged capture reported', (s) => s.kind === 'panel' && s.capture.path === file && s.status.error !== undefined);
    assert.strictEqual(shown.status.error?.kind, 'truncated-record');
    assert.strictEqual(shown.status.error?.offset, 1272);
    assert.strictEqual(shown.status.packets, 17);
  });
});
