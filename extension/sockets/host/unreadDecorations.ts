// Colours the label of a socket holding unread bytes in the warning colour, through a
// FileDecorationProvider: tree items take decorations only from their resourceUri, so
// such items carry a `socketwrapper-socket:` URI that means "this one has unread data".
import * as vscode from 'vscode';

export const SOCKET_URI_SCHEME = 'socketwrapper-socket';

/** The URI a socket tree item with unread data carries. */
export function unreadUri(session: string, inode: number, pid: number | null, fd: number | null, unread: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SOCKET_URI_SCHEME, path: `/${encodeURIComponent(session)}/${inode}/${pid ?? '-'}/${fd ?? '-'}`, query: unread });
}

export class UnreadDecorations implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== SOCKET_URI_SCHEME || uri.query === '') {
      return undefined;
    }
    return new vscode.FileDecoration('!', uri.query, new vscode.ThemeColor('list.warningForeground'));
  }
}
