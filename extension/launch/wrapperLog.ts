// Recognises socket_wrapper's own log lines on a program's stderr and explains the network
// errors that socket_wrapper produces differently from a real network.
//
// The format is socket_wrapper's `"%s[%s (%u)] - %s: %s"` with the prefix SWRAP_ERROR,
// SWRAP_WARN, SWRAP_DEBUG or SWRAP_TRACE (SOCKET_WRAPPER_DEBUGLEVEL 0..3), the program's short
// name, its pid, the C function and the text, e.g.
//   SWRAP_WARN[python3 (8859)] - convert_in_un_remote: str[8.8.8.8] prt[53]
// (checked against libsocket_wrapper 1.3.5; test/fixtures/wrapper-log holds a captured run).

export interface WrapperLogLine {
  level: 'error' | 'warn' | 'debug' | 'trace' | 'info';
  prog: string;
  pid: number;
  func: string;
  text: string;
}

const LEVELS: Record<string, WrapperLogLine['level']> = {
  ERROR: 'error',
  WARN: 'warn',
  WARNING: 'warn',
  INFO: 'info',
  DEBUG: 'debug',
  TRACE: 'trace',
};

// The program name may itself contain " (" or "] - ", so the pid part is matched last.
const LINE = /^SWRAP_([A-Z]+)\[(.*) \((\d+)\)\] - ([^\s:]+): ?(.*)$/;

export function parseWrapperLogLine(line: string): WrapperLogLine | undefined {
  const m = LINE.exec(line.replace(/[\r\n]+$/, ''));
  if (!m) {
    return undefined;
  }
  const level = LEVELS[m[1]];
  if (level === undefined) {
    return undefined;
  }
  return { level, prog: m[2], pid: Number(m[3]), func: m[4], text: m[5] };
}

/**
 * A hint for error text whose meaning differs under socket_wrapper, or undefined.
 * EHOSTUNREACH is what a connect() to an emulated address where nothing listens gives (a real
 * network says ECONNREFUSED); ENETUNREACH is any address outside the emulated network.
 */
export function explainErrno(text: string): string | undefined {
  if (/EHOSTUNREACH|No route to host|Errno 113\b/.test(text)) {
    return 'Under socket_wrapper, "No route to host" (EHOSTUNREACH) means nothing listens on that emulated address and port ' +
      '(on a real network it would be ECONNREFUSED): start the server first, in the same session, and check its address and port.';
  }
  if (/ENETUNREACH|Network is unreachable|Errno 101\b/.test(text)) {
    return 'Under socket_wrapper, "Network is unreachable" (ENETUNREACH) means the address is outside the emulated network: ' +
      'only 127.0.0.x (or 10.53.57.x with ipv4Network) and fd00::5357:5fXX are reachable; real hosts are not.';
  }
  return undefined;
}
