// The Sockets view's data: the poller's latest states as a tree. Sessions appear as top
// level nodes only when more than one runs; otherwise the processes are the top level.
import * as vscode from 'vscode';
import type { SocketsPoller } from '../poller';
import { processChildren, sessionChildren, type SocketsNode } from './nodes';
import { treeItem } from './treeItems';

export class SocketsTreeProvider implements vscode.TreeDataProvider<SocketsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly poller: SocketsPoller) {
    this.subscription = poller.onChange(() => this.changed.fire());
  }

  getTreeItem(node: SocketsNode): vscode.TreeItem {
    return treeItem(node);
  }

  getChildren(node?: SocketsNode): SocketsNode[] {
    if (node === undefined) {
      const states = this.poller.states();
      if (states.length === 1) {
        return sessionChildren(states[0]);
      }
      return states.map((state) => ({ kind: 'session', state }));
    }
    switch (node.kind) {
      case 'session':
        return sessionChildren(node.state);
      case 'process':
        return processChildren(node);
      default:
        return [];
    }
  }

  /** The notices of the current listings (fallback source, ...), for the view's message. */
  notice(): string | undefined {
    const notices = new Set(this.poller.states().flatMap((s) => (s.listing?.notice ? [s.listing.notice] : [])));
    return notices.size > 0 ? [...notices].join(' ') : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
