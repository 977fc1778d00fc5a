// Lanes by process, the host's part: turns an fd trace analysis (extension/fdtrace) into
// what the Packet Timeline's webview needs to draw lanes per process: the processes that
// held an emulated socket or passed an fd, who owned each socket when, and the handoffs.
//
// Ownership: the trace gives, per socket, the intervals during which each (pid, fd) held it
// (extension/fdtrace/holders.ts). Several processes hold a socket at once after a fork or
// while a handoff is under way (the sender closes its copy after the receiver has its own),
// but a packet is drawn in one lane, so the holder is chosen like this, at every moment:
//   0. a process that passed the socket to another one gave it away when the other received
//      it: the copy it keeps until it closes it no longer counts (socket_wrapper even writes
//      a second teardown when that copy is closed, which goes to the new owner);
//   1. a process that got the socket by its own doing (socket, accept, connect, received it
//      over a unix socket) wins over one that inherited it (fork, exec): a forked child still
//      holding its parent's listener does not take the parent's packets;
//   2. among those, the one that acquired it most recently: a connection moves to the worker
//      as soon as the worker has received it, before the master closes its copy;
//   3. on a tie, the lowest pid.
// Once the last holder let go, the socket stays with it for LINGER_US more (until the pair's
// next socket, if one comes sooner): socket_wrapper writes the packets of a connection's end
// as each side closes, and the other side's part comes after this side's close.
// A packet's end is then looked up by its endpoints and time (laneOwnership.ts), first the
// socket connected to the other end, then a listener or unconnected socket of that endpoint.
import type { TraceAnalysis } from '../fdtrace/analyze';
import type { Handoff } from '../fdtrace/handoffs';
import type { HoldInterval } from '../fdtrace/holders';
import type { ProcessInfo } from '../fdtrace/processes';
import { objectLabel, programName, receiverLabel } from '../fdtrace/text';
import { handoffFilter } from '../fdtrace/timelineFilter';
import { endpointOf, OwnerIndex } from './laneOwnership';
import { MAX_HANDOFF_EVENTS, type HandoffEvent, type OwnerSpan, type ProcessLane, type ProcessView, type SocketOwners } from './protocol';

/** How long a closed socket's packets still go to its last holder. */
export const LINGER_US = 1_000_000;

/** Finds the process a pid named at a time (pids are reused: each use is its own entry). */
class ProcessLookup {
  private readonly byPid = new Map<number, { p: ProcessInfo; id: number }[]>();

  constructor(processes: readonly ProcessInfo[]) {
    processes.forEach((p, id) => {
      const list = this.byPid.get(p.pid) ?? [];
      list.push({ p, id });
      this.byPid.set(p.pid, list);
    });
  }

  /** The lane id (index in the process table) of `pid` at `time`: the latest process with that pid started by then. */
  at(pid: number, time: number): number | null {
    const list = this.byPid.get(pid);
    if (list === undefined) return null;
    let best = list[0];
    for (const e of list) if (e.p.startTime <= time) best = e;
    return best.id;
  }
}

function better(a: HoldInterval, b: HoldInterval): boolean {
  if (a.inherited !== b.inherited) return !a.inherited;
  if (a.from !== b.from) return a.from > b.from;
  return a.pid < b.pid;
}

/** Non-overlapping owner spans from the holds of the sockets of one endpoint pair. */
export function ownerSpans(holds: readonly HoldInterval[], laneOf: (pid: number, time: number) => number | null): OwnerSpan[] {
  const points = [...new Set(holds.flatMap((h) => (h.to === null ? [h.from] : [h.from, h.to])))].sort((a, b) => a - b);
  const spans: { from: number; to: number | null; lane: number }[] = [];
  for (let i = 0; i < points.length; i++) {
    const from = points[i];
    const to = i + 1 < points.length ? points[i + 1] : null;
    let winner: HoldInterval | undefined;
    for (const h of holds) {
      if (h.from <= from && (h.to === null || from < h.to) && (winner === undefined || better(h, winner))) winner = h;
    }
    if (winner === undefined) continue;
    const lane = laneOf(winner.pid, from);
    if (lane === null) continue;
    const prev = spans[spans.length - 1];
    if (prev !== undefined && prev.lane === lane && prev.to === from) prev.to = to;
    else spans.push({ from, to, lane });
  }
  return spans;
}

/** A hold ends, for ownership, when its process handed the socket over (`gaveAway`: pid -> times the receivers got it). */
function ownHold(h: HoldInterval, gaveAway: ReadonlyMap<number, readonly number[]> | undefined): HoldInterval {
  const at = gaveAway?.get(h.pid)?.find((t) => h.from <= t && (h.to === null || t < h.to));
  return at === undefined ? h : { ...h, to: at };
}

/** Spans that ended keep their lane for `lingerUs` more, or until the next span starts. */
export function withLinger(spans: readonly OwnerSpan[], lingerUs: number): OwnerSpan[] {
  const out: { from: number; to: number | null; lane: number }[] = [];
  spans.forEach((s, i) => {
    const next = spans[i + 1];
    const to = s.to === null ? null : Math.max(s.to, Math.min(s.to + lingerUs, next?.from ?? Infinity));
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.lane === s.lane && prev.to === s.from) prev.to = to;
    else out.push({ from: s.from, to, lane: s.lane });
  });
  return out;
}

function handoffEvent(h: Handoff, lookup: ProcessLookup): HandoffEvent {
  const fromLane = h.fromPid === null ? null : lookup.at(h.fromPid, h.sentTime ?? h.time);
  const toLane = h.toPid === null ? null : lookup.at(h.toPid, h.receivedTime ?? h.time);
  const object = objectLabel(h);
  const to = h.toPid === null ? receiverLabel(h) : `fd ${h.toFd ?? '?'}`;
  return {
    id: h.id,
    time: h.time,
    receivedTime: h.receivedTime,
    fromLane,
    toLane,
    fromPid: h.fromPid,
    fromFd: h.fromFd,
    toPid: h.toPid,
    toFd: h.toFd,
    kind: h.kind,
    local: h.kind === 'tcp' || h.kind === 'udp' ? h.local : null,
    remote: h.kind === 'tcp' || h.kind === 'udp' ? h.remote : null,
    object,
    label: `fd ${h.fromFd ?? '?'} → ${to}: ${object}${h.state === 'received' ? '' : ` (${h.state})`}`,
    via: h.via,
    state: h.state,
    filter: handoffFilter(h) ?? null,
  };
}

/** The process view of a trace; `version` tells the webview it changed. */
export function buildProcessView(analysis: Pick<TraceAnalysis, 'processes' | 'sockets' | 'handoffs'>, version: number): ProcessView {
  const lookup = new ProcessLookup(analysis.processes);
  const laneOf = (pid: number, time: number): number | null => lookup.at(pid, time);

  // Who handed which socket over when: obj -> sender pid -> times it was received.
  const gaveAway = new Map<string, Map<number, number[]>>();
  for (const h of analysis.handoffs) {
    if (h.obj === null || h.fromPid === null || h.receivedTime === null || (h.state !== 'received' && h.state !== 'truncated')) continue;
    const byPid = gaveAway.get(h.obj) ?? new Map<number, number[]>();
    byPid.set(h.fromPid, [...(byPid.get(h.fromPid) ?? []), h.receivedTime]);
    gaveAway.set(h.obj, byPid);
  }

  // Sockets with emulated addresses, by endpoint pair (a port reused later is the same pair).
  const holdsByPair = new Map<string, { local: string; remote: string | null; holds: HoldInterval[] }>();
  for (const s of analysis.sockets) {
    if ((s.kind !== 'tcp' && s.kind !== 'udp') || s.local === null) continue;
    const k = `${s.local}\u0000${s.remote ?? ''}`;
    const entry = holdsByPair.get(k) ?? { local: s.local, remote: s.remote, holds: [] };
    entry.holds.push(...s.holds.map((h) => ownHold(h, gaveAway.get(s.obj))));
    holdsByPair.set(k, entry);
  }
  const owners: SocketOwners[] = [];
  for (const { local, remote, holds } of holdsByPair.values()) {
    const spans = withLinger(ownerSpans(holds, laneOf), LINGER_US);
    if (spans.length > 0) owners.push({ local, remote, spans });
  }

  const sorted = [...analysis.handoffs].sort((a, b) => a.time - b.time);
  const handoffs = sorted.slice(0, MAX_HANDOFF_EVENTS).map((h) => handoffEvent(h, lookup));

  // Lanes for the processes that owned a socket or passed or received an fd.
  const used = new Set<number>();
  for (const o of owners) for (const s of o.spans) used.add(s.lane);
  for (const h of handoffs) {
    if (h.fromLane !== null) used.add(h.fromLane);
    if (h.toLane !== null) used.add(h.toLane);
  }
  const lanes: ProcessLane[] = [];
  analysis.processes.forEach((p, id) => {
    if (used.has(id)) lanes.push({ id, pid: p.pid, name: programName(p), start: p.startTime, end: p.exitTime });
  });
  return { version, lanes, owners, handoffs, totalHandoffs: sorted.length };
}

/** A conversation of the capture, as far as attribution cares: its two endpoints and its time span. */
export interface FlowSpan {
  readonly client: { readonly addr: string; readonly port: number | null };
  readonly server: { readonly addr: string; readonly port: number | null };
  /** Epoch seconds. */
  readonly firstTime: number;
  readonly lastTime: number;
}

/**
 * Endpoints with packets no traced process owned: each side of a flow that some moment of
 * the flow's span finds without an owner (a port-less endpoint never has one). Sorted.
 */
export function unattributedEndpoints(index: OwnerIndex, flows: Iterable<FlowSpan>): string[] {
  const out = new Set<string>();
  for (const f of flows) {
    const from = Math.round(f.firstTime * 1_000_000);
    const to = Math.round(f.lastTime * 1_000_000);
    const client = endpointOf(f.client.addr, f.client.port);
    const server = endpointOf(f.server.addr, f.server.port);
    if (f.client.port === null || !index.covers(client, server, from, to)) out.add(client);
    if (f.server.port === null || !index.covers(server, client, from, to)) out.add(server);
  }
  return [...out].sort();
}
