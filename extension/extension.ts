// Activation entry point: wires each concern's host module and nothing else.
// Every concern lives in its own folder; its `host/` part is the only code that touches the
// VS Code API, the rest is the engine shared with the swdebug CLI.
import * as vscode from 'vscode';
import { createLog } from './common/host/log';
import { registerNativeStatus } from './common/host/nativeStatus';
import { registerLaunch } from './launch/host/register';
import type { SessionRegistry } from './launch/sessionRegistry';
import { countCaptureRecords } from './launch/captureCount';
import { bundledTracerPath, registerFds } from './fdtrace/host/register';
import { TraceFeed } from './fdtrace/traceFeed';
import { registerTimeline } from './panel/host/register';
import { timelineEngines } from './capture/timelineEngines';
import { registerSockets } from './sockets/host/register';

/** What activate() returns: used by the VS Code test suite and by other extensions. */
export interface SwdebugApi {
  /** Whether the native addon loaded in this extension host, and why not. */
  readonly native: { readonly ok: boolean; readonly detail: string };
  /** The running socket_wrapper sessions (directories, captures, processes). */
  readonly sessions: SessionRegistry;
}

export function activate(context: vscode.ExtensionContext): SwdebugApi {
  const log = createLog(context);
  const native = registerNativeStatus(context, log);
  const sessions = registerLaunch(context, log, {
    tracerPath: bundledTracerPath(context),
    countPackets: countCaptureRecords,
  });
  // One follower of the sessions' fd traces for the three views that read them.
  const traces = new TraceFeed(sessions.registry, (line) => log.warn(line));
  context.subscriptions.push({ dispose: () => traces.dispose() });
  registerTimeline(context, log, sessions.registry, timelineEngines(), traces);
  registerSockets(context, log, sessions.registry, traces);
  registerFds(context, log, traces);
  log.info(`socket_wrapper Debug ${context.extension.packageJSON.version as string} activated`);
  return { native, sessions: sessions.registry };
}

export function deactivate(): void {
  // Sessions end (and stop their processes) through context.subscriptions.
}
