// The Passed FDs TreeDataProvider: rebuilds the tree (extension/fdtrace/tree.ts) from the
// followed traces whenever they change or the grouping toggles.
import * as vscode from 'vscode';
import type { SessionTraces } from '../sessionTraces';
import { buildTree, type FdsNode, type GroupMode } from '../tree';
import { treeItem } from './treeItems';

export class FdsTreeProvider implements vscode.TreeDataProvider<FdsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FdsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: FdsNode[] = [];

  constructor(
    private readonly traces: SessionTraces,
    private mode: GroupMode,
  ) {
    this.rebuild();
  }

  get groupMode(): GroupMode {
    return this.mode;
  }

  setGroupMode(mode: GroupMode): void {
    this.mode = mode;
    this.refresh();
  }

  refresh(): void {
    this.rebuild();
    this.changed.fire(undefined);
  }

  getTreeItem(node: FdsNode): vscode.TreeItem {
    return treeItem(node);
  }

  getChildren(node?: FdsNode): FdsNode[] {
    return node === undefined ? this.roots : [...node.children];
  }

  dispose(): void {
    this.changed.dispose();
  }

  private rebuild(): void {
    this.roots = buildTree(this.traces.list(), this.mode);
  }
}
