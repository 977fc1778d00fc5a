// One Packet Timeline on screen: a webview (an editor tab or the custom editor of a .pcap)
// joined to its TimelineController. Moves messages both ways and tells the controller when
// the webview goes away: panels do not retain their context when hidden; the webview keeps
// its view state with setState and the controller re-sends everything on `ready`.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Log } from '../../common/host/log';
import type { PanelEngines } from '../engines';
import { TimelineController, type TimelineSnapshot, type TimelineTarget } from '../timelineController';
import { timelineHtml, webviewOptions } from './webviewHtml';

export type PanelKind = 'panel' | 'editor';

export class TimelinePanel implements vscode.Disposable {
  readonly controller: TimelineController;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    readonly kind: PanelKind,
    target: TimelineTarget,
    extensionUri: vscode.Uri,
    log: Log,
    engines: PanelEngines,
    private readonly onDisposed: (panel: TimelinePanel) => void,
  ) {
    const webview = webviewPanel.webview;
    webview.options = webviewOptions(extensionUri);
    this.controller = new TimelineController(target, {
      post: (message) => void webview.postMessage(message),
      engines,
      log: (line) => log.info(line),
    });
    this.setTitle(target);
    webview.html = timelineHtml(webview, extensionUri, webviewPanel.title);
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => this.controller.handle(m)),
      webviewPanel.onDidChangeViewState(() => {
        if (!webviewPanel.visible) this.controller.detach();
      }),
      webviewPanel.onDidDispose(() => this.dispose()),
    );
  }

  get target(): { path: string; origin: 'session' | 'file'; session?: string; live: boolean } {
    const c = this.controller;
    return { path: c.capturePath, origin: c.origin, session: c.sessionName, live: c.isLive };
  }

  /** Shows another capture here (reusing the tab of an ended session). */
  retarget(target: TimelineTarget): void {
    this.controller.retarget(target);
    this.setTitle(target);
  }

  reveal(preserveFocus: boolean): void {
    this.webviewPanel.reveal(undefined, preserveFocus);
  }

  snapshot(): TimelineSnapshot & { kind: PanelKind; visible: boolean; title: string } {
    return { ...this.controller.snapshot(), kind: this.kind, visible: this.webviewPanel.visible, title: this.webviewPanel.title };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.controller.dispose();
    this.disposables.forEach((d) => d.dispose());
    this.onDisposed(this);
  }

  private setTitle(target: TimelineTarget): void {
    // A custom editor's tab shows the file name already; a panel names what it follows.
    if (this.kind === 'panel') {
      this.webviewPanel.title = target.session !== undefined ? `Packet Timeline: ${target.session}` : `Packet Timeline: ${path.basename(target.path)}`;
    }
  }
}
