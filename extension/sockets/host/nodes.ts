// The Sockets tree's nodes, grouped session (only when several run) -> process -> socket.
// Plain data built from the poller's states; treeItems.ts renders them.
import type { SocketRow } from '../rows';
import type { TargetState } from '../poller';

export interface SessionNode {
  readonly kind: 'session';
  readonly state: TargetState;
}

export interface ProcessNode {
  readonly kind: 'process';
  readonly session: string;
  readonly pid: number | null;
  readonly program: string | null;
  readonly command: string | null;
  readonly rows: readonly SocketRow[];
}

export interface SocketNode {
  readonly kind: 'socket';
  readonly session: string;
  readonly row: SocketRow;
}

export interface MessageNode {
  readonly kind: 'message';
  readonly session: string;
  readonly text: string;
  readonly error: boolean;
}

export type SocketsNode = SessionNode | ProcessNode | SocketNode | MessageNode;

/** A session's content: its processes, or why there are none. */
export function sessionChildren(state: TargetState): SocketsNode[] {
  const session = state.target.name;
  if (state.error !== undefined) {
    return [{ kind: 'message', session, text: state.error, error: true }];
  }
  if (state.listing === undefined) {
    return [{ kind: 'message', session, text: 'reading sockets…', error: false }];
  }
  const byPid = new Map<number | null, SocketRow[]>();
  for (const row of state.listing.rows) {
    const list = byPid.get(row.pid) ?? [];
    list.push(row);
    byPid.set(row.pid, list);
  }
  return [...byPid.entries()].map(([pid, rows]) => ({ kind: 'process', session, pid, program: rows[0].program, command: rows[0].command, rows }));
}

export function processChildren(node: ProcessNode): SocketNode[] {
  return node.rows.map((row) => ({ kind: 'socket', session: node.session, row }));
}
