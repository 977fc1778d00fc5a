// The open Packet Timelines and which capture each shows: opening a timeline for a capture
// that already has one reveals it; a new session's capture reuses the tab of a session that
// has ended rather than piling up tabs on every F5. Session start and end events from the
// SessionRegistry reach the controllers from here, and so do the sessions' fd traces (lanes by
// process): each panel of a session gets its trace's analysis whenever it changes, and the
// traces are polled while a panel shows a running session.
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { Log } from '../../common/host/log';
import type { TraceFeed } from '../../fdtrace/traceFeed';
import type { SessionRegistry, WrapperSession } from '../../launch/sessionRegistry';
import type { PanelEngines } from '../engines';
import type { TimelineTarget } from '../timelineController';
import { TimelinePanel, type PanelKind } from './timelinePanel';

export const TIMELINE_VIEW_TYPE = 'socketWrapper.timeline';

export class Timelines implements vscode.Disposable {
  private readonly panels = new Set<TimelinePanel>();
  private readonly subscription: { dispose(): void };
  private readonly traceChanges: { dispose(): void } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly registry: SessionRegistry,
    private readonly engines: PanelEngines,
    private readonly traces?: TraceFeed,
  ) {
    this.subscription = registry.onEvent((e) => {
      if (e.kind === 'ended') this.sessionEnded(e.session);
      this.demandTraces();
    });
    this.traceChanges = traces?.onChange(() => {
      for (const p of this.panels) this.giveTrace(p);
    });
  }

  /** The target for a capture path: a running session's when one writes it, else a file. */
  targetFor(file: string): TimelineTarget {
    const session = this.registry.all().find((s) => s.pcapFile !== undefined && samePath(s.pcapFile, file));
    return session !== undefined
      ? { path: file, origin: 'session', session: session.name, live: true }
      : { path: file, origin: 'file', live: false };
  }

  /** Opens (or reveals) the timeline of a session's capture in an editor tab. */
  showSession(session: WrapperSession, preserveFocus: boolean): TimelinePanel | undefined {
    if (session.pcapFile === undefined) return undefined;
    const target: TimelineTarget = { path: session.pcapFile, origin: 'session', session: session.name, live: true };
    const existing = this.find(session.pcapFile);
    if (existing !== undefined) {
      existing.reveal(preserveFocus);
      return existing;
    }
    // Reuse a tab whose session is over: one timeline per F5 loop, not one more each time.
    const reusable = [...this.panels].find((p) => p.kind === 'panel' && p.target.origin === 'session' && !p.target.live);
    if (reusable !== undefined) {
      reusable.retarget(target);
      this.giveTrace(reusable);
      this.demandTraces();
      reusable.reveal(preserveFocus);
      return reusable;
    }
    return this.createPanel(target, preserveFocus);
  }

  /** Opens a panel for any capture path (used by the command when given a path). */
  showFile(file: string, preserveFocus = false): TimelinePanel {
    const existing = this.find(file);
    if (existing !== undefined) {
      existing.reveal(preserveFocus);
      return existing;
    }
    return this.createPanel(this.targetFor(file), preserveFocus);
  }

  /** Wires a webview VS Code created (custom editor, restored panel) to a capture. */
  adopt(webviewPanel: vscode.WebviewPanel, kind: PanelKind, target: TimelineTarget): TimelinePanel {
    const panel = new TimelinePanel(webviewPanel, kind, target, this.extensionUri, this.log, this.engines, (p) => {
      this.panels.delete(p);
      this.demandTraces();
    });
    this.panels.add(panel);
    this.giveTrace(panel);
    this.demandTraces();
    return panel;
  }

  all(): TimelinePanel[] {
    return [...this.panels];
  }

  dispose(): void {
    this.subscription.dispose();
    this.traceChanges?.dispose();
    this.traces?.demand('timeline', false);
    for (const p of [...this.panels]) p.webviewPanel.dispose();
  }

  private createPanel(target: TimelineTarget, preserveFocus: boolean): TimelinePanel {
    // Beside the code when some is open, so the program and its packets show together.
    const column = vscode.window.activeTextEditor !== undefined ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const webviewPanel = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, 'Packet Timeline', { viewColumn: column, preserveFocus }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
      retainContextWhenHidden: false,
    });
    return this.adopt(webviewPanel, 'panel', target);
  }

  private find(file: string): TimelinePanel | undefined {
    return [...this.panels].find((p) => p.kind === 'panel' && samePath(p.target.path, file));
  }

  /** The panel's session's fd trace as analysed now (none for a capture opened on its own). */
  private giveTrace(panel: TimelinePanel): void {
    const t = panel.target;
    const analysis = t.origin === 'session' ? (this.traces?.analysisOf(t.session) ?? null) : null;
    // An ended session's trace leaves the feed when the next session starts: its panel keeps the last one.
    if (analysis !== null || t.live || t.origin !== 'session') panel.controller.setTrace(analysis);
  }

  /** Running traces are polled while a panel follows a running session. */
  private demandTraces(): void {
    this.traces?.demand('timeline', [...this.panels].some((p) => p.target.origin === 'session' && p.target.live));
  }

  private sessionEnded(session: WrapperSession): void {
    for (const p of this.panels) {
      if (p.target.origin === 'session' && p.target.session === session.name) p.controller.sessionEnded();
    }
  }
}

function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}
