// "debugger": "node" hands the program to VS Code's built-in JavaScript debugger with the
// socket_wrapper environment: a breakpoint in the sample's Node echo server is hit while the
// server listens on the emulated address and a wrapped Python client talks to it.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { folder } from './support';

/** Resolves with the first debug session that stops, and the top frame's line (1-based). */
function firstStop(): { stopped: Promise<{ session: vscode.DebugSession; line: number; source: string }>; dispose(): void } {
  let resolve!: (v: { session: vscode.DebugSession; line: number; source: string }) => void;
  const stopped = new Promise<{ session: vscode.DebugSession; line: number; source: string }>((r) => (resolve = r));
  const registration = vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (m: { type: string; event?: string; body?: { threadId?: number } }) => {
        if (m.type === 'event' && m.event === 'stopped') {
          void (async () => {
            const trace = (await session.customRequest('stackTrace', { threadId: m.body?.threadId ?? 0, startFrame: 0, levels: 1 })) as {
              stackFrames: { line: number; source?: { path?: string } }[];
            };
            const top = trace.stackFrames[0];
            resolve({ session, line: top.line, source: top.source?.path ?? '' });
          })();
        }
      },
    }),
  });
  return { stopped, dispose: () => registration.dispose() };
}

describe('Debug under socket_wrapper with the built-in Node debugger', function () {
  this.timeout(120_000);

  it('stops at a breakpoint in a wrapped Node server that a wrapped client talks to', async () => {
    const file = path.join(folder().uri.fsPath, 'echo-server.js');
    const text = (await vscode.workspace.openTextDocument(file)).getText().split('\n');
    const line = text.findIndex((l) => l.includes('a good place for a breakpoint'));
    assert.ok(line >= 0);
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(file), new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    const watch = firstStop();
    const session = `suite-node-${Date.now()}`;
    try {
      const started = await vscode.debug.startDebugging(folder(), {
        type: 'socket_wrapper',
        request: 'launch',
        name: 'suite node server',
        program: file,
        args: ['--count', '1', '--port', '7101'],
        debugger: 'node',
        socketWrapper: { session, defaultIface: 10 },
      });
      assert.strictEqual(started, true, 'the delegated Node session did not start');
      const client = await vscode.debug.startDebugging(folder(), {
        type: 'socket_wrapper',
        request: 'launch',
        name: 'suite node client',
        program: 'python3',
        args: ['client.py', '--host', '127.0.0.10', '--port', '7101'],
        cwd: folder().uri.fsPath,
        socketWrapper: { session, defaultIface: 11 },
      });
      assert.strictEqual(client, true);
      const stop = await watch.stopped;
      assert.strictEqual(path.basename(stop.source), 'echo-server.js');
      assert.strictEqual(stop.line, line + 1, `stopped at line ${stop.line}, expected ${line + 1}`);
      await vscode.debug.stopDebugging();
    } finally {
      watch.dispose();
      vscode.debug.removeBreakpoints([breakpoint]);
    }
  });
});
