// How a socket row reads as text, shared by the Sockets view and `swdebug sockets`:
// "TCP 127.0.0.10:7777 ← 127.0.0.11:40001 established", "3 bytes unread", and the CLI table.
import type { SocketRow } from './rows';

const ARROWS = { in: '←', out: '→' } as const;

export function protoLabel(row: SocketRow): string {
  return row.proto.toUpperCase();
}

/** The endpoints: `local ← remote` for accepted, `local → remote` for outgoing connections. */
export function endpointsLabel(row: SocketRow): string {
  const local = row.local ?? row.unixPath ?? '*';
  if (row.remote === null) {
    return local;
  }
  return `${local} ${row.direction ? ARROWS[row.direction] : '—'} ${row.remote}`;
}

export function rowLabel(row: SocketRow): string {
  return `${protoLabel(row)} ${endpointsLabel(row)} ${row.state}`;
}

/** "3 bytes unread" when data waits to be read; undefined otherwise. */
export function unreadLabel(row: SocketRow): string | undefined {
  if (row.rq === null || row.rq <= 0) {
    return undefined;
  }
  return `${row.rq} ${row.rq === 1 ? 'byte' : 'bytes'} unread`;
}

/** "2 connections waiting for accept()" for listeners with a non-empty queue. */
export function pendingLabel(row: SocketRow): string | undefined {
  if (row.pendingAccepts === null || row.pendingAccepts <= 0) {
    return undefined;
  }
  return `${row.pendingAccepts} waiting for accept()`;
}

export function processLabel(pid: number | null, program: string | null): string {
  return pid === null ? 'no process (in flight or not readable)' : `${program ?? '?'} (pid ${pid})`;
}

const COLUMNS: readonly { title: string; value: (r: SocketRow) => string }[] = [
  { title: 'PID', value: (r) => (r.pid === null ? '-' : String(r.pid)) },
  { title: 'FD', value: (r) => (r.fd === null ? '-' : String(r.fd)) },
  { title: 'PROGRAM', value: (r) => r.program ?? '-' },
  { title: 'PROTO', value: protoLabel },
  { title: 'LOCAL', value: (r) => r.local ?? '*' },
  { title: 'REMOTE', value: (r) => r.remote ?? '*' },
  { title: 'STATE', value: (r) => r.state },
  { title: 'RQ', value: (r) => (r.pendingAccepts !== null ? `${r.pendingAccepts}p` : r.rq === null ? '?' : String(r.rq)) },
  { title: 'WQ', value: (r) => (r.backlog !== null ? `${r.backlog}b` : r.wq === null ? '?' : String(r.wq)) },
  { title: 'PEER', value: (r) => (r.peerPid === null ? '-' : String(r.peerPid)) },
  { title: 'INODE', value: (r) => String(r.inode) },
];

/**
 * A fixed-width table, one socket per line. For listeners RQ/WQ show the pending
 * connections ("1p") and the backlog ("5b") instead of bytes, as `ss` does without saying so.
 */
export function rowsTable(rows: readonly SocketRow[]): string {
  const cells = rows.map((r) => COLUMNS.map((c) => c.value(r)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...cells.map((line) => line[i].length)));
  const format = (line: readonly string[]): string =>
    line
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [format(COLUMNS.map((c) => c.title)), ...cells.map(format)].map((l) => `${l}\n`).join('');
}
