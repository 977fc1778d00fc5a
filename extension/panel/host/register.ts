// Wires the Packet Timeline into VS Code: the commands "Open Packet Timeline" and "Open
// Capture File…", the read-only custom editor for capture files, restoring panels after a
// window reload, and opening the timeline when a session with a capture starts (setting
// socketWrapper.openTimelineOnStart). Returns the open timelines for tests.
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { Log } from '../../common/host/log';
import { readSettings } from '../../common/host/settings';
import type { TraceFeed } from '../../fdtrace/traceFeed';
import type { SessionRegistry, WrapperSession } from '../../launch/sessionRegistry';
import type { PanelEngines } from '../engines';
import { CAPTURE_EDITOR_VIEW_TYPE, CaptureEditorProvider } from './captureEditor';
import { TIMELINE_VIEW_TYPE, Timelines } from './timelines';

export const OPEN_TIMELINE_COMMAND = 'socketWrapper.openTimeline';
export const OPEN_CAPTURE_COMMAND = 'socketWrapper.openCaptureFile';
/**
 * Filters the timeline of the running session (or the active one) with a display-filter
 * expression; called by the Sockets view. Registered only when a filter engine exists, so
 * callers can tell (the Sockets view falls back to offering the filter text).
 */
export const FILTER_COMMAND = 'socketWrapper.timeline.filter';
/** Not contributed (no palette entry): the VS Code suite reads what the open timelines hold. */
export const SNAPSHOT_COMMAND = '_socketWrapper.timelineSnapshot';

const CAPTURE_FILTERS = { 'Packet captures': ['pcap', 'pcapng', 'cap'], 'All files': ['*'] };

export function registerTimeline(context: vscode.ExtensionContext, log: Log, registry: SessionRegistry, engines: PanelEngines = {}, traces?: TraceFeed): Timelines {
  const timelines = new Timelines(context.extensionUri, log, registry, engines, traces);
  const autoOpen = registry.onEvent((e) => {
    if (e.kind === 'started' && e.session.pcapFile !== undefined && readSettings().openTimelineOnStart) {
      timelines.showSession(e.session, true);
    }
  });
  context.subscriptions.push(
    timelines,
    { dispose: () => autoOpen.dispose() },
    vscode.window.registerCustomEditorProvider(CAPTURE_EDITOR_VIEW_TYPE, new CaptureEditorProvider(timelines), {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => restore(timelines, panel, state),
    }),
    vscode.commands.registerCommand(OPEN_TIMELINE_COMMAND, (arg?: unknown) => openTimeline(timelines, registry, arg)),
    vscode.commands.registerCommand(OPEN_CAPTURE_COMMAND, () => openCaptureFile()),
    // `{ attribution: true }` adds where each packet goes with lanes by process.
    vscode.commands.registerCommand(SNAPSHOT_COMMAND, (options?: { attribution?: unknown }) =>
      timelines.all().map((p) => ({ ...p.snapshot(), ...(options?.attribution === true ? { attribution: p.controller.attribution() } : {}) }))),
  );
  if (engines.filter !== undefined) {
    context.subscriptions.push(vscode.commands.registerCommand(FILTER_COMMAND, (expression: unknown) => {
      if (typeof expression !== 'string') return;
      const session = registry.latest();
      const panel = session?.pcapFile !== undefined ? timelines.showSession(session, false) : timelines.all().find((p) => p.webviewPanel.active);
      panel?.controller.applyFilter(expression);
    }));
  }
  return timelines;
}

/**
 * "Open Packet Timeline": the running session's capture (a choice when several run), a
 * session name or capture path given as argument, or else a capture file the person picks.
 */
async function openTimeline(timelines: Timelines, registry: SessionRegistry, arg: unknown): Promise<void> {
  if (typeof arg === 'string' && arg !== '') {
    const session = registry.get(arg);
    if (session?.pcapFile !== undefined) timelines.showSession(session, false);
    else timelines.showFile(arg);
    return;
  }
  const withCapture = registry.all().filter((s): s is WrapperSession & { pcapFile: string } => s.pcapFile !== undefined);
  if (withCapture.length === 1) {
    timelines.showSession(withCapture[0], false);
    return;
  }
  if (withCapture.length > 1) {
    const pick = await vscode.window.showQuickPick(
      withCapture.map((s) => ({ label: s.name, description: s.pcapFile, session: s })),
      { title: 'Open Packet Timeline', placeHolder: 'Which session\'s capture?' },
    );
    if (pick !== undefined) timelines.showSession(pick.session, false);
    return;
  }
  await openCaptureFile('No socket_wrapper session with a capture is running: open a capture file');
}

/** "Open Capture File…": a file dialog, then the capture editor. */
async function openCaptureFile(title = 'Open Capture File'): Promise<void> {
  const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: CAPTURE_FILTERS, openLabel: 'Open in Packet Timeline' });
  if (picked?.[0] !== undefined) await vscode.commands.executeCommand('vscode.openWith', picked[0], CAPTURE_EDITOR_VIEW_TYPE);
}

/** A timeline panel that was open before a window reload: its webview state names the capture. */
function restore(timelines: Timelines, panel: vscode.WebviewPanel, state: unknown): void {
  const file = (state as { capturePath?: unknown } | undefined)?.capturePath;
  if (typeof file !== 'string' || !fs.existsSync(file)) {
    panel.dispose();
    return;
  }
  timelines.adopt(panel, 'panel', timelines.targetFor(file));
}
