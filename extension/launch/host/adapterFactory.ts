// Hosts the inline runner (RunAdapter) for `"debugger": "none"` sessions and connects it to
// VS Code: the integrated terminal when asked for, the session's process list, and the
// socket_wrapper log lines on stderr, whose errors and warnings become notifications.
import * as vscode from 'vscode';
import { RunAdapter, type RunTarget } from '../runAdapter';
import { startProgram } from '../processTree';
import { explainErrno, parseWrapperLogLine } from '../wrapperLog';
import { readSettings } from '../../common/host/settings';
import type { Log } from '../../common/host/log';
import { SESSION_ATTRIBUTE, type SessionHost } from './sessionHost';
import { TARGET_ATTRIBUTE } from './configurationProvider';
import { createProcessTerminal } from './terminalSink';

export class RunAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(
    private readonly sessions: SessionHost,
    private readonly log: Log,
  ) {}

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const target = session.configuration[TARGET_ATTRIBUTE] as RunTarget | undefined;
    const sessionName = session.configuration[SESSION_ATTRIBUTE] as string | undefined;
    if (!target || !sessionName) {
      // Only configurations resolved by our provider carry a target; anything else was aborted there.
      throw new Error('socket_wrapper: this configuration was not prepared (see the "socket_wrapper" output for why).');
    }
    // The terminal forwards typed input to the adapter, which is created after it.
    const late: { adapter?: RunAdapter } = {};
    const terminal =
      session.configuration.console === 'integratedTerminal'
        ? createProcessTerminal(session.name, (data) => late.adapter?.writeInput(data), () => void vscode.debug.stopDebugging(session))
        : undefined;
    let warned = false;
    let explained: string | undefined;
    const adapter = new RunAdapter({
      target,
      start: startProgram,
      graceMs: readSettings().stopGracePeriodMs,
      terminal,
      onLine: (stream, line) => {
        const hint = explained ? undefined : explainErrno(line);
        if (hint) {
          // Once per session, in the Debug Console: clients often retry until their server
          // listens. Only a program that then fails also gets a notification (below).
          explained = `It printed "${line.trim().slice(0, 120)}". ${hint}`;
          this.log.info(`${session.name}: ${line.trim()} — ${hint}`);
          late.adapter?.note(`socket_wrapper: ${hint}`);
        }
        // socket_wrapper logs to stderr only.
        const parsed = stream === 'stderr' ? parseWrapperLogLine(line) : undefined;
        if (!parsed) {
          return;
        }
        if (parsed.level === 'error' || parsed.level === 'warn') {
          this.log.warn(`${session.name}: socket_wrapper ${parsed.level} in ${parsed.prog} (pid ${parsed.pid}) ${parsed.func}: ${parsed.text}`);
          if (!warned) {
            warned = true;
            const show = parsed.level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
            void show(`socket_wrapper ${parsed.level} in ${parsed.prog} (pid ${parsed.pid}): ${parsed.func}: ${parsed.text}`);
          }
        }
      },
      onProcess: (e) => {
        if (e.kind === 'started') {
          this.sessions.registry.processStarted(sessionName, e.pid);
        } else {
          this.sessions.registry.processExited(sessionName, e.pid);
          if (explained && e.exitCode !== 0) {
            void vscode.window.showWarningMessage(`socket_wrapper: "${session.name}" exited with code ${e.exitCode}. ${explained}`);
          }
        }
      },
    });
    late.adapter = adapter;
    return new vscode.DebugAdapterInlineImplementation(adapter);
  }
}
