// Wires the launch concern into VS Code: the "socket_wrapper" debug type (configuration
// provider and inline runner), the task type, the commands and the session status bar.
import * as vscode from 'vscode';
import type { Log } from '../../common/host/log';
import { readSettings } from '../../common/host/settings';
import { SessionHost } from './sessionHost';
import { DEBUG_TYPE, SocketWrapperConfigurationProvider, WorkspaceProgramConfigurations } from './configurationProvider';
import { RunAdapterFactory } from './adapterFactory';
import { registerLaunchCommands } from './commands';
import { SocketWrapperTaskProvider, TASK_TYPE } from './taskProvider';
import { SessionStatusBar } from './statusBar';

export interface LaunchHooks {
  /** The fd tracer preload library, when one is available (the Passed FDs concern). */
  readonly tracerPath: () => string | undefined;
  /** Packets in a capture file so far, for the status bar. */
  readonly countPackets: (file: string) => number | undefined;
}

export function registerLaunch(context: vscode.ExtensionContext, log: Log, hooks: LaunchHooks): SessionHost {
  const sessions = new SessionHost(context, log);
  const tracerPath = (): string | undefined => readSettings().tracerPath ?? hooks.tracerPath();
  const provider = new SocketWrapperConfigurationProvider(sessions, log, tracerPath);
  context.subscriptions.push(
    sessions,
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new WorkspaceProgramConfigurations(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new RunAdapterFactory(sessions, log)),
    vscode.tasks.registerTaskProvider(TASK_TYPE, new SocketWrapperTaskProvider(sessions, log, tracerPath)),
    new SessionStatusBar(sessions, hooks.countPackets),
  );
  registerLaunchCommands(context, sessions, log, tracerPath);
  return sessions;
}
