// Restart (the debug toolbar's ⟳) on a "debugger": "none" session: the old process tree
// ends, the program starts again in the same socket_wrapper session, and it is wrapped.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { SwdebugApi } from '../../extension/extension';
import { folder, sessionEvent, swdebugApi } from './support';

/** The next pid the session reports, polled from the registry's change events. */
function nextPid(api: SwdebugApi, name: string, not: number[]): Promise<number> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const pid = [...(api.sessions.get(name)?.pids ?? [])].find((p) => !not.includes(p));
      if (pid !== undefined) {
        sub.dispose();
        resolve(pid);
        return true;
      }
      return false;
    };
    const sub = api.sessions.onEvent(() => void check());
    check();
  });
}

describe('Restart under socket_wrapper', function () {
  this.timeout(90_000);

  it('restarts the program inside the same session, wrapped, and ends the old one', async () => {
    const api = await swdebugApi();
    const name = `suite-restart-${Date.now()}`;
    assert.ok(
      await vscode.debug.startDebugging(folder(), {
        type: 'socket_wrapper',
        request: 'launch',
        name: 'restart server',
        program: 'python3',
        args: ['server.py', '--port', '7401'],
        cwd: folder().uri.fsPath,
        socketWrapper: { session: name, pcap: false },
      }),
    );
    const first = await nextPid(api, name, []);
    const dir = api.sessions.get(name)?.dir;
    assert.ok(dir);
    await vscode.commands.executeCommand('workbench.action.debug.restart');
    const second = await nextPid(api, name, [first]);
    assert.ok(!fs.existsSync(`/proc/${first}`) || /^State:\s+Z/m.test(fs.readFileSync(`/proc/${first}/status`, 'utf8')), 'the first server survived Restart');
    const environ = fs.readFileSync(`/proc/${second}/environ`, 'utf8').split('\0');
    const swDir = environ.find((e) => e.startsWith('SOCKET_WRAPPER_DIR='))?.slice('SOCKET_WRAPPER_DIR='.length);
    assert.strictEqual(swDir, api.sessions.get(name)?.dir, 'the restarted server is not in its session');
    assert.ok(swDir && fs.existsSync(swDir), `the session directory ${swDir} is gone`);
    const ended = sessionEvent(api, 'ended', name);
    await vscode.commands.executeCommand('socketWrapper.stopSession', name);
    await ended;
  });
});
