// The one place that reads the extension's settings (socketWrapper.*), typed, with defaults.
import * as vscode from 'vscode';

export interface Settings {
  /** socketWrapper.libraryPath, or undefined when empty. */
  readonly libraryPath?: string;
  /** socketWrapper.tracerPath, or undefined when empty. */
  readonly tracerPath?: string;
  readonly stopGracePeriodMs: number;
  readonly openTimelineOnStart: boolean;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('socketWrapper', scope);
  const nonEmpty = (v: string | undefined): string | undefined => (v && v.trim() ? v.trim() : undefined);
  return {
    libraryPath: nonEmpty(c.get<string>('libraryPath')),
    tracerPath: nonEmpty(c.get<string>('tracerPath')),
    stopGracePeriodMs: Math.max(0, c.get<number>('stopGracePeriodMs', 2000)),
    openTimelineOnStart: c.get<boolean>('openTimelineOnStart', true),
  };
}
