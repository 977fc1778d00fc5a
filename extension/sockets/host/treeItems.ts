// Renders the Sockets tree's nodes as TreeItems: state icons, the "3 bytes unread" warning,
// tooltips with everything the row knows, and stable ids so expansion survives refreshes.
import * as vscode from 'vscode';
import { flowFilter } from '../flowFilter';
import { pendingLabel, processLabel, rowLabel, unreadLabel } from '../format';
import type { SocketRow, SocketState } from '../rows';
import type { MessageNode, ProcessNode, SessionNode, SocketNode, SocketsNode } from './nodes';
import { unreadUri } from './unreadDecorations';

const STATE_ICONS: Readonly<Record<SocketState, { icon: string; color?: string }>> = {
  listen: { icon: 'radio-tower', color: 'charts.blue' },
  established: { icon: 'plug', color: 'charts.green' },
  connecting: { icon: 'watch', color: 'charts.yellow' },
  closed: { icon: 'circle-slash', color: 'disabledForeground' },
  unconnected: { icon: 'circle-outline' },
  bound: { icon: 'broadcast', color: 'charts.blue' },
  connected: { icon: 'arrow-swap', color: 'charts.green' },
};

const STATE_HELP: Readonly<Record<SocketState, string>> = {
  listen: 'listening for connections',
  established: 'connected',
  connecting: 'connect() returned, but the server has not accept()ed the connection yet',
  closed: 'the other end closed; data already received can still be read',
  unconnected: 'not bound or connected yet',
  bound: 'bound to its address, receiving from anyone',
  connected: 'connected to one peer',
};

function icon(state: SocketState, warn: boolean): vscode.ThemeIcon {
  if (warn) {
    return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  }
  const { icon: id, color } = STATE_ICONS[state];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

function bytes(n: number | null, unit = 'bytes'): string {
  return n === null ? 'unknown' : `${n} ${unit}`;
}

function socketTooltip(row: SocketRow): vscode.MarkdownString {
  const lines: string[] = [`**${rowLabel(row)}**`, '', `_${STATE_HELP[row.state]}_`, '', '| | |', '|---|---|'];
  lines.push(`| process | ${processLabel(row.pid, row.program)}${row.fd === null ? '' : `, fd ${row.fd}`} |`);
  if (row.remote !== null || row.peerPid !== null) {
    lines.push(`| other end | ${row.remote ?? 'unnamed'}${row.peerPid === null ? '' : `, pid ${row.peerPid}`} |`);
  }
  if (row.state === 'listen') {
    lines.push(`| waiting for accept() | ${row.pendingAccepts ?? 'unknown'} of backlog ${row.backlog ?? 'unknown'} |`);
  } else {
    lines.push(`| received, unread | ${bytes(row.rq)} |`);
    lines.push(`| sent, not read by the peer | ${row.wq === null ? 'unknown' : `${row.wq} bytes of kernel memory`} |`);
  }
  lines.push(`| unix socket | \`${row.unixPath ?? 'unnamed'}\` (inode ${row.inode}) |`);
  const filter = flowFilter(row);
  if (filter) {
    lines.push(`| timeline filter | \`${filter}\` |`);
  }
  const md = new vscode.MarkdownString(lines.join('\n'));
  md.supportHtml = false;
  return md;
}

function socketItem(node: SocketNode): vscode.TreeItem {
  const { row } = node;
  const item = new vscode.TreeItem(rowLabel(row), vscode.TreeItemCollapsibleState.None);
  item.id = `socket:${node.session}:${row.pid ?? '-'}:${row.fd ?? '-'}:${row.inode}`;
  const unread = unreadLabel(row);
  const parts = [unread, pendingLabel(row), row.fd === null ? undefined : `fd ${row.fd}`].filter((p): p is string => p !== undefined);
  item.description = parts.join(' · ');
  item.iconPath = icon(row.state, unread !== undefined);
  if (unread !== undefined) {
    item.resourceUri = unreadUri(node.session, row.inode, row.pid, row.fd, unread);
  }
  item.tooltip = socketTooltip(row);
  item.contextValue = flowFilter(row) === undefined ? 'socket' : 'socket.ip';
  item.accessibilityInformation = { label: `${rowLabel(row)}${unread ? `, ${unread}` : ''}` };
  return item;
}

function processItem(node: ProcessNode): vscode.TreeItem {
  const item = new vscode.TreeItem(processLabel(node.pid, node.program), vscode.TreeItemCollapsibleState.Expanded);
  item.id = `process:${node.session}:${node.pid ?? '-'}`;
  const count = node.rows.length;
  item.description = `${count} ${count === 1 ? 'socket' : 'sockets'}`;
  item.tooltip = node.command ?? undefined;
  // Without this, a string tooltip (the command line) would be what screen readers announce.
  item.accessibilityInformation = { label: `${item.label as string}, ${item.description}` };
  item.iconPath = new vscode.ThemeIcon(node.pid === null ? 'question' : 'server-process');
  item.contextValue = 'process';
  return item;
}

function sessionItem(node: SessionNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.state.target.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `session:${node.state.target.name}`;
  item.description = node.state.target.dir;
  item.iconPath = new vscode.ThemeIcon('plug');
  item.contextValue = 'session';
  return item;
}

function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.id = `message:${node.session}`;
  item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'loading~spin', node.error ? new vscode.ThemeColor('errorForeground') : undefined);
  item.tooltip = node.text;
  return item;
}

export function treeItem(node: SocketsNode): vscode.TreeItem {
  switch (node.kind) {
    case 'socket':
      return socketItem(node);
    case 'process':
      return processItem(node);
    case 'session':
      return sessionItem(node);
    case 'message':
      return messageItem(node);
  }
}
