// The Passed FDs tree as plain data: sessions, a "Handoffs" section (grouped by the sending
// process, or in time order) and a "Processes" section (the process tree with parents,
// command lines and exit status). The host turns these nodes into TreeItems; building them
// here keeps the shape unit-testable without VS Code.
import type { Handoff } from './handoffs';
import type { ProcessInfo } from './processes';
import type { SessionTrace } from './sessionTraces';
import { argumentsText, clockText, exitLabel, handoffLabel, handoffLine, processLabel } from './text';
import { handoffFilter } from './timelineFilter';

export type GroupMode = 'process' | 'time';

interface NodeBase {
  /** Stable across refreshes, so expanded nodes stay expanded. */
  readonly id: string;
  readonly session: string;
  readonly label: string;
  readonly description: string;
  readonly children: readonly FdsNode[];
}

export interface SessionNode extends NodeBase {
  readonly kind: 'session';
  readonly running: boolean;
}
export interface SectionNode extends NodeBase {
  readonly kind: 'section';
  readonly section: 'handoffs' | 'processes';
}
export interface SenderNode extends NodeBase {
  readonly kind: 'sender';
  readonly pid: number | null;
}
export interface HandoffNode extends NodeBase {
  readonly kind: 'handoff';
  readonly handoff: Handoff;
  /** The Packet Timeline filter for a passed IP socket. */
  readonly filter: string | null;
}
export interface ProcessNode extends NodeBase {
  readonly kind: 'process';
  readonly process: ProcessInfo;
}
export interface NoticeNode extends NodeBase {
  readonly kind: 'notice';
}

export type FdsNode = SessionNode | SectionNode | SenderNode | HandoffNode | ProcessNode | NoticeNode;

function notice(session: string, id: string, label: string): NoticeNode {
  return { kind: 'notice', id: `${session}/${id}`, session, label, description: '', children: [] };
}

function handoffNode(session: string, h: Handoff, withSender: boolean): HandoffNode {
  return {
    kind: 'handoff',
    id: `${session}/h/${h.id}`,
    session,
    label: withSender ? handoffLine(h) : handoffLabel(h),
    description: clockText(h.time),
    children: [],
    handoff: h,
    filter: handoffFilter(h) ?? null,
  };
}

function senders(trace: SessionTrace): SenderNode[] {
  const byPid = new Map<number | null, Handoff[]>();
  for (const h of trace.analysis.handoffs) {
    const list = byPid.get(h.fromPid) ?? [];
    list.push(h);
    byPid.set(h.fromPid, list);
  }
  return [...byPid].map(([pid, handoffs]) => {
    const p = pid === null ? undefined : trace.analysis.processes.find((x) => x.pid === pid);
    return {
      kind: 'sender',
      id: `${trace.name}/s/${pid ?? '-'}`,
      session: trace.name,
      pid,
      label: p ? processLabel(p) : pid === null ? 'untraced process' : `pid ${pid}`,
      description: `${handoffs.length} passed`,
      children: handoffs.map((h) => handoffNode(trace.name, h, false)),
    };
  });
}

function handoffsSection(trace: SessionTrace, mode: GroupMode): SectionNode {
  const { handoffs } = trace.analysis;
  const children: FdsNode[] =
    handoffs.length === 0
      ? [notice(trace.name, 'h/none', trace.running ? 'No fds passed yet' : 'No fds were passed')]
      : mode === 'process'
        ? senders(trace)
        : handoffs.map((h) => handoffNode(trace.name, h, true));
  const open = handoffs.filter((h) => h.state === 'in-flight').length;
  const lost = handoffs.filter((h) => h.state === 'lost' || h.state === 'truncated').length;
  const counts = [`${handoffs.length} passed`, open > 0 ? `${open} in flight` : '', lost > 0 ? `${lost} lost` : ''].filter(Boolean);
  return { kind: 'section', section: 'handoffs', id: `${trace.name}/handoffs`, session: trace.name, label: 'Handoffs', description: counts.join(', '), children };
}

/** A process's children: started by it, after it started and before it ended (pids are reused). */
function processTree(trace: SessionTrace): ProcessNode[] {
  const all = trace.analysis.processes;
  const parentOf = (p: ProcessInfo): ProcessInfo | undefined =>
    all.find((q) => q !== p && q.pid === p.ppid && q.startTime <= p.startTime && (q.exitTime === null || p.startTime <= q.exitTime));
  const node = (p: ProcessInfo): ProcessNode => ({
    kind: 'process',
    id: `${trace.name}/p/${p.pid}/${p.startTime}`,
    session: trace.name,
    label: processLabel(p),
    description: [exitLabel(p.exit, p.exitTime !== null), argumentsText(p)].filter(Boolean).join(' · '),
    process: p,
    children: all.filter((c) => parentOf(c) === p).map(node),
  });
  return all.filter((p) => parentOf(p) === undefined).map(node);
}

function processesSection(trace: SessionTrace): SectionNode {
  const { processes } = trace.analysis;
  const running = processes.filter((p) => p.exitTime === null).length;
  return {
    kind: 'section',
    section: 'processes',
    id: `${trace.name}/processes`,
    session: trace.name,
    label: 'Processes',
    description: trace.running && running > 0 ? `${processes.length}, ${running} running` : `${processes.length}`,
    children: processes.length === 0 ? [notice(trace.name, 'p/none', 'No traced process yet')] : processTree(trace),
  };
}

function sessionChildren(trace: SessionTrace, mode: GroupMode): FdsNode[] {
  return [handoffsSection(trace, mode), processesSection(trace)];
}

/** The roots: the sections of the one session, or a node per session when there are several. */
export function buildTree(traces: readonly SessionTrace[], mode: GroupMode): FdsNode[] {
  if (traces.length === 1) {
    return sessionChildren(traces[0], mode);
  }
  return traces.map((t) => ({
    kind: 'session',
    id: `${t.name}/`,
    session: t.name,
    running: t.running,
    label: t.name,
    description: `${t.running ? 'running' : 'ended'} · ${t.analysis.handoffs.length} passed`,
    children: sessionChildren(t, mode),
  }));
}

/** "session prefork, running": the view's header when one session is shown. */
export function viewDescription(traces: readonly SessionTrace[]): string | undefined {
  if (traces.length !== 1) {
    return undefined;
  }
  return `${traces[0].name} · ${traces[0].running ? 'running' : 'ended'}`;
}
