// The Sockets concern's error: a `code` callers can branch on (the errno name from the
// addon or from fs, such as 'ENOENT' or 'EPERM') and a message that names the problem.
export class SocketsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SocketsError';
  }
}

/** The `code` of a Node or addon system error, if it has one. */
export function systemErrorCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
