// Shows a launch failure to the user: one error notification naming the problem, with the
// action that fixes it where there is one (open the library setting, find the debugger...).
import * as vscode from 'vscode';
import { LaunchError } from '../errors';
import type { Log } from '../../common/host/log';

export async function reportLaunchError(err: unknown, log: Log, extraDebuggerId?: string): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  const hint = err instanceof LaunchError && err.hint ? ` ${err.hint}` : '';
  log.error(`launch failed: ${message}${hint}`);
  const actions: string[] = [];
  const code = err instanceof LaunchError ? err.code : undefined;
  if (code === 'library-not-found') {
    actions.push('Open Setting');
  }
  if (code === 'debugger-not-installed' && extraDebuggerId) {
    actions.push('Show Extension');
  }
  if (code === 'untrusted-workspace') {
    actions.push('Manage Workspace Trust');
  }
  const choice = await vscode.window.showErrorMessage(`socket_wrapper: ${message}${hint}`, ...actions);
  if (choice === 'Open Setting') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'socketWrapper.libraryPath');
  } else if (choice === 'Show Extension' && extraDebuggerId) {
    await vscode.commands.executeCommand('workbench.extensions.search', `@id:${extraDebuggerId}`);
  } else if (choice === 'Manage Workspace Trust') {
    await vscode.commands.executeCommand('workbench.trust.manage');
  }
}
