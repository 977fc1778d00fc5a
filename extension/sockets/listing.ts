// One call for "the sockets of this socket directory, as rows": snapshot (addon or
// /proc fallback) then join. What the CLI and the view both run on every refresh.
import { joinRows, type JoinOptions, type SocketRow } from './rows';
import { readSocketSnapshot, type SnapshotOptions } from './source';
import type { SnapshotSource } from './snapshot';

export interface SocketListing {
  readonly source: SnapshotSource;
  readonly rows: readonly SocketRow[];
  /** What the user should know about gaps in the rows (fallback source, unreadable processes); null if none. */
  readonly notice: string | null;
}

export async function listSockets(dir: string, options: SnapshotOptions & JoinOptions = {}): Promise<SocketListing> {
  const snapshot = await readSocketSnapshot(dir, options);
  const rows = joinRows(snapshot, options);
  const notices = snapshot.notice === null ? [] : [snapshot.notice];
  if (snapshot.unreadableProcesses > 0 && rows.some((r) => r.pid === null)) {
    notices.push(`${snapshot.unreadableProcesses} processes could not be inspected (another user's), so some sockets show no process`);
  }
  return { source: snapshot.source, rows, notice: notices.length > 0 ? notices.join('; ') : null };
}
