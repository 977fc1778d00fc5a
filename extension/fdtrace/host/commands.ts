// The Passed FDs view's commands: group by process or in time order, refresh, open the raw
// trace, Copy Line, Filter Packet Timeline to This Flow (also a click on a passed IP
// socket), and `socketWrapper.fds.list`, which returns what the view shows to tests and
// other extensions without going through the tree.
import * as vscode from 'vscode';
import { filterTimelineOrOfferCopy } from '../../common/host/timelineFilter';
import { handoffJson, processJson, type HandoffJson, type ProcessJson } from '../json';
import type { TraceStats } from '../reader';
import type { SessionTraces } from '../sessionTraces';
import { handoffLabel, handoffLine } from '../text';
import type { GroupMode, HandoffNode } from '../tree';

export const COMMANDS = {
  groupByProcess: 'socketWrapper.fds.groupByProcess',
  groupByTime: 'socketWrapper.fds.groupByTime',
  refresh: 'socketWrapper.fds.refresh',
  openTrace: 'socketWrapper.fds.openTrace',
  copy: 'socketWrapper.fds.copy',
  filterTimeline: 'socketWrapper.fds.filterTimeline',
  list: 'socketWrapper.fds.list',
} as const;

/** Built by another concern (the Packet Timeline); used only when it is registered. */

/** What `socketWrapper.fds.list` returns for each session. */
export interface SessionFdsResult {
  readonly session: string;
  readonly traceFile: string;
  readonly running: boolean;
  readonly stats: TraceStats;
  readonly error: string | null;
  /** The --json objects of `swdebug fds`, with the view's own label and its time-order line. */
  readonly handoffs: readonly (HandoffJson & { readonly label: string; readonly line: string })[];
  readonly processes: readonly ProcessJson[];
}

export interface FdsCommandHost {
  readonly traces: SessionTraces;
  setGroupMode(mode: GroupMode): void;
}

function handoffOf(node: unknown): HandoffNode | undefined {
  const n = node as Partial<HandoffNode> | undefined;
  return n?.kind === 'handoff' ? (n as HandoffNode) : undefined;
}

async function filterTimeline(node: unknown): Promise<void> {
  const filter = handoffOf(node)?.filter ?? null;
  if (filter === null) {
    await vscode.window.showInformationMessage('Only a passed TCP or UDP socket has an emulated flow to filter the Packet Timeline on.');
    return;
  }
  await filterTimelineOrOfferCopy(filter);
}

async function copy(node: unknown): Promise<void> {
  const h = handoffOf(node);
  if (h) {
    await vscode.env.clipboard.writeText(handoffLine(h.handoff));
    vscode.window.setStatusBarMessage('Copied the handoff', 2000);
  }
}

async function openTrace(host: FdsCommandHost): Promise<void> {
  const [latest] = host.traces.list();
  if (latest === undefined) {
    await vscode.window.showInformationMessage('No session has an fd trace yet.');
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(latest.file), { preview: true });
}

async function list(host: FdsCommandHost, session?: unknown): Promise<SessionFdsResult[]> {
  await host.traces.poll();
  return host.traces
    .list()
    .filter((t) => session === undefined || t.name === session)
    .map((t) => ({
      session: t.name,
      traceFile: t.file,
      running: t.running,
      stats: t.stats,
      error: t.error,
      handoffs: t.analysis.handoffs.map((h) => ({ ...handoffJson(h), label: handoffLabel(h), line: handoffLine(h) })),
      processes: t.analysis.processes.map(processJson),
    }));
}

export function registerFdsCommands(host: FdsCommandHost): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.groupByProcess, () => host.setGroupMode('process')),
    vscode.commands.registerCommand(COMMANDS.groupByTime, () => host.setGroupMode('time')),
    vscode.commands.registerCommand(COMMANDS.refresh, () => host.traces.poll()),
    vscode.commands.registerCommand(COMMANDS.openTrace, () => openTrace(host)),
    vscode.commands.registerCommand(COMMANDS.copy, copy),
    vscode.commands.registerCommand(COMMANDS.filterTimeline, filterTimeline),
    vscode.commands.registerCommand(COMMANDS.list, (session?: unknown) => list(host, session)),
  );
}
