// What the VS Code suite's tests share: the opened sample folder, the extension's API, the
// sample echo server and client as socket_wrapper configurations, and session events.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SwdebugApi } from '../../extension/extension';
import type { WrapperSession } from '../../extension/launch/sessionRegistry';

export const EXTENSION_ID = 'swdebug.socket-wrapper-debug';

/** The sample workspace the runner opened (a temporary copy of samples/echo). */
export function folder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the suite needs the sample workspace open');
  return f;
}

export async function swdebugApi(): Promise<SwdebugApi> {
  const ext = vscode.extensions.getExtension<SwdebugApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this extension host`);
  return ext.activate();
}

/** The sample's server and client on `port`, in one named session (server .10, client .11). */
export function echoPair(session: string, port: number, names: { server: string; client: string }, serverCount = 1): { server: vscode.DebugConfiguration; client: vscode.DebugConfiguration } {
  const base = { type: 'socket_wrapper', request: 'launch', cwd: folder().uri.fsPath, program: 'python3' };
  return {
    server: { ...base, name: names.server, args: ['server.py', '--count', String(serverCount), '--port', String(port)], socketWrapper: { session, defaultIface: 10 } },
    client: { ...base, name: names.client, args: ['client.py', '--host', '127.0.0.10', '--port', String(port)], socketWrapper: { session, defaultIface: 11 } },
  };
}

/** The next `kind` event of the session called `name` (any session when undefined). */
export function sessionEvent(api: SwdebugApi, kind: 'started' | 'ended', name?: string): Promise<WrapperSession> {
  return new Promise((resolve) => {
    const sub = api.sessions.onEvent((e) => {
      if (e.kind === kind && (name === undefined || e.session.name === name)) {
        sub.dispose();
        resolve(e.session);
      }
    });
  });
}
