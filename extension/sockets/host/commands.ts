// The Sockets view's commands: Copy Address, Filter Packet Timeline to This Flow, Refresh,
// and `socketWrapper.sockets.list`, which returns the current rows of every running session
// (or one) to tests and other extensions without going through the tree.
import * as vscode from 'vscode';
import { filterTimelineOrOfferCopy } from '../../common/host/timelineFilter';
import { flowFilter } from '../flowFilter';
import type { SocketListing } from '../listing';
import type { SocketsPoller } from '../poller';
import type { SocketRow } from '../rows';
import type { SocketsNode } from './nodes';

export const COMMANDS = {
  copyAddress: 'socketWrapper.sockets.copyAddress',
  filterTimeline: 'socketWrapper.sockets.filterTimeline',
  refresh: 'socketWrapper.sockets.refresh',
  list: 'socketWrapper.sockets.list',
} as const;

/** Built by another concern (the Packet Timeline); used only when it is registered. */

/** What `socketWrapper.sockets.list` returns for each session. */
export interface SessionSocketsResult {
  readonly session: string;
  readonly dir: string;
  readonly source: SocketListing['source'] | null;
  readonly notice: string | null;
  readonly error: string | null;
  readonly rows: readonly SocketRow[];
}

function rowOf(node: unknown): SocketRow | undefined {
  const n = node as Partial<SocketsNode> | undefined;
  return n?.kind === 'socket' ? n.row : undefined;
}

/** The local emulated address, else the unix path. */
export function addressOf(row: SocketRow): string {
  return row.local ?? row.unixPath ?? `inode ${row.inode}`;
}

async function copyAddress(node: unknown): Promise<void> {
  const row = rowOf(node);
  if (row) {
    await vscode.env.clipboard.writeText(addressOf(row));
    vscode.window.setStatusBarMessage(`Copied ${addressOf(row)}`, 2000);
  }
}

async function filterTimeline(node: unknown): Promise<void> {
  const row = rowOf(node);
  const filter = row ? flowFilter(row) : undefined;
  if (filter === undefined) {
    await vscode.window.showInformationMessage('This socket has no emulated IP address to filter the Packet Timeline on.');
    return;
  }
  await filterTimelineOrOfferCopy(filter);
}

async function list(poller: SocketsPoller, session?: unknown): Promise<SessionSocketsResult[]> {
  await poller.pollNow();
  return poller
    .states()
    .filter((s) => session === undefined || s.target.name === session)
    .map((s) => ({
      session: s.target.name,
      dir: s.target.dir,
      source: s.listing?.source ?? null,
      notice: s.listing?.notice ?? null,
      error: s.error ?? null,
      rows: s.listing?.rows ?? [],
    }));
}

export function registerSocketsCommands(poller: SocketsPoller): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.copyAddress, copyAddress),
    vscode.commands.registerCommand(COMMANDS.filterTimeline, filterTimeline),
    vscode.commands.registerCommand(COMMANDS.refresh, () => poller.pollNow()),
    vscode.commands.registerCommand(COMMANDS.list, (session?: unknown) => list(poller, session)),
  );
}
