// Loads the native addon once and says so once: a failure is logged with its reason and
// the rest of the extension keeps working without native features.
import * as vscode from 'vscode';
import { loadAddon } from '../../native/addon';
import type { Log } from './log';

export function registerNativeStatus(context: vscode.ExtensionContext, log: Log): { ok: boolean; detail: string } {
  const loaded = loadAddon(context.extensionPath);
  const status = loaded.ok
    ? { ok: true, detail: `${loaded.file} (kernel ${loaded.addon.kernelRelease() ?? 'unknown'}, sun_path ${loaded.addon.sunPathMax()} bytes)` }
    : { ok: false, detail: loaded.reason };
  if (status.ok) {
    log.info(`native addon loaded: ${status.detail}`);
  } else {
    log.warn(`native addon unavailable, native features are off: ${status.detail}`);
  }
  context.subscriptions.push(
    vscode.commands.registerCommand('socketWrapper.showNativeStatus', async () => {
      const text = status.ok ? `socket_wrapper: native addon loaded from ${status.detail}` : `socket_wrapper: native addon unavailable: ${status.detail}`;
      await (status.ok ? vscode.window.showInformationMessage(text) : vscode.window.showWarningMessage(text));
    }),
  );
  return status;
}
