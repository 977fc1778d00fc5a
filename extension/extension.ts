// Activation entry point: wires each concern's host module and nothing else.
// Every concern lives in its own folder; its `host/` part is the only code that touches the
// VS Code API, the rest is the engine shared with the swdebug CLI.
import * as vscode from 'vscode';
import { createLog } from './common/host/log';
import { registerNativeStatus } from './common/host/nativeStatus';

export interface SwdebugApi {
  /** Whether the native addon loaded in this extension host, and why not. */
  readonly native: { readonly ok: boolean; readonly detail: string };
}

export function activate(context: vscode.ExtensionContext): SwdebugApi {
  const log = createLog(context);
  const native = registerNativeStatus(context, log);
  log.info(`socket_wrapper Debug ${context.extension.packageJSON.version as string} activated`);
  return { native };
}

export function deactivate(): void {
  // Sessions dispose their processes through context.subscriptions.
}
