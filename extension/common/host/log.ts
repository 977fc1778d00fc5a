// The extension's one output channel ("socket_wrapper"), as a LogOutputChannel so the
// user's log level applies.
import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

export function createLog(context: vscode.ExtensionContext): Log {
  const channel = vscode.window.createOutputChannel('socket_wrapper', { log: true });
  context.subscriptions.push(channel);
  return channel;
}
