// Task type "socket_wrapper": runs any shell command (`make test`, a test suite) inside a
// session, so everything it starts shares the session's emulated network and capture.
//   { "type": "socket_wrapper", "command": "make test", "socketWrapper": { "session": "tests" } }
import * as vscode from 'vscode';
import { normalizeLaunchConfig } from '../options';
import { startProgram } from '../processTree';
import { describeExit, exitCodeOf } from '../runAdapter';
import { readSettings } from '../../common/host/settings';
import type { Log } from '../../common/host/log';
import type { SessionHost } from './sessionHost';

export const TASK_TYPE = 'socket_wrapper';

interface SocketWrapperTaskDefinition extends vscode.TaskDefinition {
  command: string;
  cwd?: string;
  env?: Record<string, string>;
  socketWrapper?: Record<string, unknown>;
}

let taskSerial = 0;

export class SocketWrapperTaskProvider implements vscode.TaskProvider {
  constructor(
    private readonly sessions: SessionHost,
    private readonly log: Log,
    private readonly tracerPath: () => string | undefined,
  ) {}

  provideTasks(): vscode.Task[] {
    return [];
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as SocketWrapperTaskDefinition;
    if (typeof definition.command !== 'string' || !definition.command.trim()) {
      return undefined;
    }
    const scope = task.scope ?? vscode.TaskScope.Workspace;
    const folder = typeof scope === 'object' ? scope : vscode.workspace.workspaceFolders?.[0];
    const resolved = new vscode.Task(
      definition,
      scope,
      task.name,
      TASK_TYPE,
      new vscode.CustomExecution(async (substituted) => this.pty(substituted as SocketWrapperTaskDefinition, folder?.uri.fsPath ?? process.cwd(), task.name)),
    );
    resolved.presentationOptions = task.presentationOptions;
    resolved.group = task.group;
    return resolved;
  }

  /** The terminal the task runs in: prepares the session, runs `sh -c command`, reports the exit. */
  private pty(definition: SocketWrapperTaskDefinition, defaultCwd: string, name: string): vscode.Pseudoterminal {
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number>();
    const out = (text: string): void => write.fire(text.replace(/\r?\n/g, '\r\n'));
    let stop: (() => Promise<void>) | undefined;
    const member = `task:${++taskSerial}`;
    const open = async (): Promise<void> => {
      try {
        const cfg = normalizeLaunchConfig(
          { program: '/bin/sh', args: ['-c', definition.command], cwd: definition.cwd ?? defaultCwd, env: definition.env ?? {}, socketWrapper: definition.socketWrapper ?? {} },
          { cwd: defaultCwd },
        );
        const { prepared, sessionName } = await this.sessions.prepareMember(cfg, `task ${name}`, this.tracerPath());
        out(`socket_wrapper session "${sessionName}" (SOCKET_WRAPPER_DIR=${prepared.dir})\n$ ${definition.command}\n`);
        const program = startProgram(prepared.programPath, prepared.args, prepared.cwd, prepared.env);
        const grace = readSettings().stopGracePeriodMs;
        stop = () => program.stop(grace);
        this.sessions.addMember(sessionName, member, () => program.stop(grace));
        this.sessions.registry.processStarted(sessionName, program.pid);
        program.onOutput((_stream, text) => out(text));
        const { code, signal } = await program.exit;
        this.sessions.registry.processExited(sessionName, program.pid);
        out(`\n[${definition.command}: ${describeExit(code, signal)}]\n`);
        this.sessions.removeMember(member);
        close.fire(exitCodeOf(code, signal));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.log.error(`task "${name}": ${message}`);
        out(`socket_wrapper: ${message}\n`);
        this.sessions.removeMember(member);
        close.fire(2);
      }
    };
    return {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: () => void open(),
      close: () => void stop?.(),
    };
  }
}
