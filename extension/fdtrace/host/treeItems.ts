// Renders the Passed FDs tree's nodes (extension/fdtrace/tree.ts) as TreeItems: state icons
// for handoffs, exit-status icons for processes, tooltips with everything a node knows, and
// a click on a passed IP socket that filters the Packet Timeline to its flow.
import * as vscode from 'vscode';
import type { HandoffState } from '../handoffs';
import type { ProcessInfo } from '../processes';
import { clockText, commandLine, exitLabel, objectLabel, receiverLabel } from '../text';
import type { FdsNode, HandoffNode, ProcessNode } from '../tree';
import { COMMANDS } from './commands';

const STATE_ICONS: Readonly<Record<HandoffState, { icon: string; color: string }>> = {
  received: { icon: 'pass', color: 'charts.green' },
  'in-flight': { icon: 'watch', color: 'charts.yellow' },
  lost: { icon: 'error', color: 'errorForeground' },
  truncated: { icon: 'warning', color: 'list.warningForeground' },
};

const STATE_HELP: Readonly<Record<HandoffState, string>> = {
  received: 'received by the other process',
  'in-flight': 'sent, not received yet: it waits in the socket',
  lost: 'sent, and nobody will receive it',
  truncated: 'the receiver got the message but not this fd: its control buffer was too small',
};

function themeIcon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color === undefined ? undefined : new vscode.ThemeColor(color));
}

function markdown(lines: string[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(lines.join('\n'));
  md.supportHtml = false;
  return md;
}

/** Table cells: a `|` or a newline would end the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function handoffTooltip(node: HandoffNode): vscode.MarkdownString {
  const h = node.handoff;
  const lines = [`**${cell(node.label)}**`, '', `_${STATE_HELP[h.state]}_`, '', '| | |', '|---|---|'];
  lines.push(`| passed | ${cell(objectLabel(h))} |`);
  if (h.sentTime !== null) {
    lines.push(`| sent | ${clockText(h.sentTime)} by pid ${h.fromPid}${h.fromTid !== h.fromPid ? ` (thread ${h.fromTid})` : ''}, fd ${h.fromFd} |`);
  }
  lines.push(`| received | ${h.receivedTime === null ? receiverLabel(h) : `${clockText(h.receivedTime)} by pid ${h.toPid}, fd ${h.toFd ?? '—'}`} |`);
  lines.push(`| via | \`${cell(h.via)}\` |`);
  if (h.count > 1) {
    lines.push(`| message | fd ${h.index + 1} of ${h.count} |`);
  }
  if (h.reason !== null) {
    lines.push(`| why | ${cell(h.reason)} |`);
  }
  if (h.obj !== null) {
    lines.push(`| device:inode | ${h.obj} |`);
  }
  if (node.filter !== null) {
    lines.push(`| timeline filter | \`${node.filter}\` (click to apply) |`);
  }
  return markdown(lines);
}

function handoffItem(node: HandoffNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  const { icon, color } = STATE_ICONS[node.handoff.state];
  item.iconPath = themeIcon(icon, color);
  item.tooltip = handoffTooltip(node);
  item.contextValue = node.filter === null ? 'handoff' : 'handoff.ip';
  if (node.filter !== null) {
    item.command = { command: COMMANDS.filterTimeline, title: 'Filter Packet Timeline to This Flow', arguments: [node] };
  }
  return item;
}

function processIcon(p: ProcessInfo): vscode.ThemeIcon {
  if (p.exitTime === null) {
    return themeIcon('server-process', 'charts.green');
  }
  const failed = p.exit !== null && (p.exit.kind === 'killed' || p.exit.code !== 0);
  return themeIcon('server-process', failed ? 'errorForeground' : 'disabledForeground');
}

function processItem(node: ProcessNode): vscode.TreeItem {
  const p = node.process;
  const item = new vscode.TreeItem(node.label, node.children.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.iconPath = processIcon(p);
  const lines = [`**${cell(node.label)}**`, '', '| | |', '|---|---|', `| parent | ${p.ppid ?? 'unknown'} |`, `| command line | \`${cell(commandLine(p))}\` |`];
  if (p.exe !== null) {
    lines.push(`| executable | \`${cell(p.exe)}\` |`);
  }
  lines.push(`| started | ${clockText(p.startTime)} |`, `| status | ${exitLabel(p.exit, p.exitTime !== null)}${p.exitTime === null ? '' : ` at ${clockText(p.exitTime)}`} |`);
  if (p.execs > 0) {
    lines.push(`| exec'd | ${p.execs} time${p.execs === 1 ? '' : 's'} |`);
  }
  item.tooltip = markdown(lines);
  item.contextValue = 'process';
  return item;
}

export function treeItem(node: FdsNode): vscode.TreeItem {
  let item: vscode.TreeItem;
  switch (node.kind) {
    case 'handoff':
      item = handoffItem(node);
      break;
    case 'process':
      item = processItem(node);
      break;
    case 'notice':
      item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.iconPath = themeIcon('info');
      break;
    case 'section':
      item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = themeIcon(node.section === 'handoffs' ? 'arrow-swap' : 'type-hierarchy');
      break;
    case 'sender':
      item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = themeIcon('server-process');
      break;
    case 'session':
      item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = themeIcon(node.running ? 'debug-start' : 'debug-stop', node.running ? 'charts.green' : undefined);
      break;
  }
  item.id = node.id;
  // The label alone: it says everything (the description is a time or a count).
  item.accessibilityInformation = { label: node.label };
  if (node.description !== '') {
    item.description = node.description;
  }
  return item;
}
