// The session commands in a real extension host: a terminal inside a session, its
// environment as shell export lines, Stop Session, and the socket_wrapper task type.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SwdebugApi } from '../../extension/extension';
import { folder, sessionEvent, swdebugApi } from './support';


/** Resolves when `file` exists and is non-empty, polling the file system (no event for it). */
async function fileWithContent(file: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (fs.existsSync(file) && fs.statSync(file).size > 0) {
      return fs.readFileSync(file, 'utf8');
    }
    if (Date.now() > deadline) {
      throw new Error(`${file} was not written within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('session commands', function () {
  this.timeout(90_000);
  let api: SwdebugApi;

  before(async () => {
    api = await swdebugApi();
  });

  it('New Terminal Under socket_wrapper gives the shell the session environment; closing it ends the session', async () => {
    assert.strictEqual(api.sessions.all().length, 0, 'no session may be running before this test');
    const started = sessionEvent(api, 'started');
    const terminal = (await vscode.commands.executeCommand('socketWrapper.newTerminal')) as vscode.Terminal | undefined;
    assert.ok(terminal, 'the command returned no terminal');
    const session = await started;
    const out = path.join(folder().uri.fsPath, `terminal-env-${Date.now()}.txt`);
    terminal.sendText(`echo "dir=$SOCKET_WRAPPER_DIR preload=$LD_PRELOAD" > ${out}`);
    const text = await fileWithContent(out);
    assert.match(text, new RegExp(`dir=${session.dir} preload=\\S*libsocket_wrapper\\.so`));
    const ended = sessionEvent(api, 'ended', session.name);
    terminal.dispose();
    await ended;
    assert.ok(!fs.existsSync(session.dir), 'the terminal session directory should be removed');
  });

  it('Copy Environment for Shell reproduces a running session in any shell; Stop Session ends it', async () => {
    const name = `suite-copy-${Date.now()}`;
    const started = sessionEvent(api, 'started', name);
    assert.ok(
      await vscode.debug.startDebugging(folder(), {
        type: 'socket_wrapper',
        request: 'launch',
        name: 'copy env server',
        program: 'python3',
        args: ['server.py', '--port', '7201'],
        cwd: folder().uri.fsPath,
        socketWrapper: { session: name, pcap: false },
      }),
    );
    const session = await started;
    const text = (await vscode.commands.executeCommand('socketWrapper.copyEnvironment')) as string;
    assert.strictEqual(await vscode.env.clipboard.readText(), text);
    // A shell that evaluates the lines joins the network: its client reaches the server.
    const client = path.join(folder().uri.fsPath, 'client.py');
    const output = execFileSync('bash', ['-c', `${text}\nexport SOCKET_WRAPPER_DEFAULT_IFACE=12\npython3 ${client} --port 7201`], { encoding: 'utf8', timeout: 60_000 });
    assert.match(output, /client: connected from 127\.0\.0\.12:\d+ to 127\.0\.0\.10:7201/);

    const pids = [...session.pids];
    assert.strictEqual(pids.length, 1, 'the server process is not known to the session');
    const ended = sessionEvent(api, 'ended', name);
    await vscode.commands.executeCommand('socketWrapper.stopSession', name);
    await ended;
    assert.ok(!fs.existsSync(`/proc/${pids[0]}`) || /^State:\s+Z/m.test(fs.readFileSync(`/proc/${pids[0]}/status`, 'utf8')), 'the server is still running');
    assert.ok(!fs.existsSync(session.dir));
  });

  it('a socket_wrapper task from tasks.json runs a shell command inside a session', async () => {
    const out = path.join(folder().uri.fsPath, `task-out-${Date.now()}.txt`);
    const label = 'echo in one session';
    const tasksJson = path.join(folder().uri.fsPath, '.vscode', 'tasks.json');
    fs.writeFileSync(
      tasksJson,
      JSON.stringify({
        version: '2.0.0',
        tasks: [{ label, type: 'socket_wrapper', command: `python3 server.py --count 1 --port 7202 & python3 client.py --port 7202 > ${out}; wait`, socketWrapper: { pcap: false } }],
      }),
    );
    const task = await configuredTask(label);
    const done = new Promise<void>((resolve) => {
      const sub = vscode.tasks.onDidEndTask((e) => {
        if (e.execution.task.name === label) {
          sub.dispose();
          resolve();
        }
      });
    });
    await vscode.tasks.executeTask(task);
    await done;
    assert.match(fs.readFileSync(out, 'utf8'), /client: connected from 127\.0\.0\.10:\d+ to 127\.0\.0\.10:7202[\s\S]*client: done/);
    fs.rmSync(tasksJson);
  });
});

/**
 * The task VS Code resolved (through our provider's resolveTask) from tasks.json. The
 * configuration reloads the file asynchronously after it changes, with no event for it.
 */
async function configuredTask(label: string, timeoutMs = 30_000): Promise<vscode.Task> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = (await vscode.tasks.fetchTasks({ type: 'socket_wrapper' })).find((t) => t.name === label);
    if (task) {
      return task;
    }
    if (Date.now() > deadline) {
      throw new Error(`tasks.json's "${label}" never appeared in fetchTasks`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
