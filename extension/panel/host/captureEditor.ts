// The read-only custom editor for *.pcap, *.pcapng and *.cap: opening a capture from the
// explorer (or with "Open Capture File…") shows it in the Packet Timeline. The document is
// just the file's URI: the timeline reads the file itself, by offset, as it needs it.
import * as vscode from 'vscode';
import type { Timelines } from './timelines';

export const CAPTURE_EDITOR_VIEW_TYPE = 'socketWrapper.captureViewer';

export class CaptureEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly timelines: Timelines) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, webviewPanel: vscode.WebviewPanel): void {
    if (document.uri.scheme !== 'file') {
      // The engine reads files by offset on the extension host's disk; other schemes would need a copy.
      webviewPanel.webview.options = { enableScripts: false };
      webviewPanel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>The Packet Timeline opens capture files on the extension host's disk only (this one is a ${escape(document.uri.scheme)}: resource).</p></body></html>`;
      return;
    }
    this.timelines.adopt(webviewPanel, 'editor', this.timelines.targetFor(document.uri.fsPath));
  }
}

function escape(s: string): string {
  return s.replace(/[^\w.-]/g, '');
}
