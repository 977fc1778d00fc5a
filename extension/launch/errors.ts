// Launch failures the user can act on. Every check in the launch engine throws a LaunchError
// with a stable code (the host picks a notification and buttons by it, the CLI prints the
// message and exits 2) instead of a raw exception that would read like a crash.

export type LaunchErrorCode =
  | 'library-not-found'
  | 'program-not-found'
  | 'cwd-missing'
  | 'dir-too-long'
  | 'invalid-config'
  | 'debugger-not-installed'
  | 'untrusted-workspace'
  | 'env-file';

export class LaunchError extends Error {
  readonly code: LaunchErrorCode;
  /** One sentence on what to do about it, shown under the message. */
  readonly hint?: string;

  constructor(code: LaunchErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'LaunchError';
    this.code = code;
    if (hint !== undefined) {
      this.hint = hint;
    }
  }
}

export function isLaunchError(err: unknown): err is LaunchError {
  return err instanceof LaunchError;
}
