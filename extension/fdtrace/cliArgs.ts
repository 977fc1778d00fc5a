// Arguments of `swdebug fds FILE [--json] [--processes]`. Pure, so usage errors are
// unit-tested without running the command.

export interface FdsArgs {
  readonly file: string;
  readonly json: boolean;
  /** The process table instead of the handoffs. */
  readonly processes: boolean;
}

export const FDS_USAGE = `usage: swdebug fds FILE [--json] [--processes]

Lists every file descriptor passed over a unix socket (SCM_RIGHTS) in an fd trace written
by \`swdebug run --fd-trace FILE\` (or a session with "fdTrace": true): one line per passed
fd, with who sent it, who received it, over which socket, what it was and its state
(received, in-flight, lost, truncated).
  --json        one JSON object per line: time, fromPid, fromFd, toPid, toFd, via, kind,
                local, remote, path, state (and more)
  --processes   the process table instead: pid, parent, command line, exit status
`;

export function parseFdsArgs(args: readonly string[]): FdsArgs | { readonly help: true } | { readonly error: string } {
  let file: string | undefined;
  let json = false;
  let processes = false;
  for (const arg of args) {
    if (arg === '--help' || arg === '-h') {
      return { help: true };
    } else if (arg === '--json') {
      json = true;
    } else if (arg === '--processes') {
      processes = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { error: `unknown option ${JSON.stringify(arg)}` };
    } else if (file === undefined) {
      file = arg;
    } else {
      return { error: `one trace file only (got ${JSON.stringify(file)} and ${JSON.stringify(arg)})` };
    }
  }
  if (file === undefined) {
    return { error: 'no trace file given' };
  }
  return { file, json, processes };
}
