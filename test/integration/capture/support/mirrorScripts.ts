// Programs for the de-duplication, filter and report integration tests, and a way to run
// any program (not just python scripts) wrapped, optionally with the fd tracer in front of
// socket_wrapper. Every step is synchronised through the sockets themselves (a reply, an
// end of file, a marker datagram), never by sleeping.
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { LIBRARY, Session } from './wrapper';

/**
 * mserver.py FAMILY HOST TCPPORT UDPPORT: four scenes with mclient.py, in order.
 *  1 echo: upper-cases what it reads until end of file.
 *  2 partial reads: recv(10) of the client's 100 bytes, "ok", the other 90, "go"; then the
 *    client sends "never read" and a UDP marker; the server takes the marker and closes the
 *    connection without reading "never read".
 *  3 UDP: recvfrom(4) of a 20-byte datagram (a short read), reply "got4".
 *  4 the server accepts and exits at once, never reading "before exit".
 */
export const MSERVER = `
import os, socket, sys
fam = socket.AF_INET6 if sys.argv[1] == '6' else socket.AF_INET
host, tport, uport = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
t = socket.socket(fam, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind((host, tport)); t.listen(16)
u = socket.socket(fam, socket.SOCK_DGRAM); u.bind((host, uport))
print('ready', flush=True)
c, _a = t.accept()
while True:
    d = c.recv(4096)
    if not d: break
    c.sendall(d.upper())
c.close()
c, _a = t.accept()
first = c.recv(10)
assert len(first) == 10, first
c.sendall(b'ok')
rest = b''
while len(rest) < 90: rest += c.recv(90 - len(rest))
c.sendall(b'go')
marker, peer = u.recvfrom(100)
assert marker == b'sent', marker
c.close()
d, peer = u.recvfrom(4)
assert d == b'x' * 4, d
u.sendto(b'got4', peer)
c, _a = t.accept()
os._exit(0)
`;

export const MCLIENT = `
import socket, sys
fam = socket.AF_INET6 if sys.argv[1] == '6' else socket.AF_INET
host, tport, uport = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def recv_exactly(s, n):
    got = b''
    while len(got) < n:
        d = s.recv(n - len(got))
        if not d: raise SystemExit('early end of file')
        got += d
    return got
s = socket.socket(fam, socket.SOCK_STREAM); s.connect((host, tport))
for word in (b'hello', b'world!'):
    s.sendall(word)
    assert recv_exactly(s, len(word)) == word.upper()
s.close()
s = socket.socket(fam, socket.SOCK_STREAM); s.connect((host, tport))
s.sendall(b'A' * 40 + b'B' * 60)
assert recv_exactly(s, 4) == b'okgo'
s.sendall(b'never read')
u = socket.socket(fam, socket.SOCK_DGRAM)
u.sendto(b'sent', (host, uport))
try:
    while s.recv(100): pass
except ConnectionResetError:
    pass  # closed with unread data: the peer resets
s.close()
u.sendto(b'x' * 20, (host, uport))
assert u.recvfrom(100)[0] == b'got4'
s = socket.socket(fam, socket.SOCK_STREAM); s.connect((host, tport))
try:
    s.sendall(b'before exit')
    while s.recv(100): pass
except OSError:
    pass
print('done', flush=True)
`;

/** A C echo server that accepts with accept(fd, NULL, NULL): socket_wrapper writes no handshake for it. */
export const NULL_ACCEPT_SERVER_C = `
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
int main(int argc, char **argv) {
  struct sockaddr_in sa;
  int one = 1, ls = socket(AF_INET, SOCK_STREAM, 0);
  if (argc < 3 || ls < 0) return 2;
  memset(&sa, 0, sizeof(sa));
  sa.sin_family = AF_INET;
  sa.sin_port = htons((unsigned short)atoi(argv[2]));
  if (inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1) return 2;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(ls, 4) < 0) return 3;
  printf("ready\\n");
  fflush(stdout);
  int cs = accept(ls, NULL, NULL);
  if (cs < 0) return 4;
  char buf[4096];
  for (;;) {
    ssize_t n = read(cs, buf, sizeof(buf));
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
    if (write(cs, buf, (size_t)n) != n) return 5;
  }
  close(cs);
  return 0;
}
`;

/** echo_client.py HOST PORT WORDS...: sends each word, reads its echo. */
export const ECHO_CLIENT = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM); s.connect((sys.argv[1], int(sys.argv[2])))
for w in sys.argv[3:]:
    s.sendall(w.encode())
    got = b''
    while len(got) < len(w): got += s.recv(4096)
    assert got == w.upper().encode(), got
s.close()
print('done', flush=True)
`;

export interface Spawned {
  readonly child: ChildProcess;
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  done(timeoutMs?: number): Promise<string>;
}

/**
 * Runs `argv` wrapped on interface `iface` in session `s` (its socket directory and pcap);
 * `tracer`: the fd tracer library to put in front of socket_wrapper, writing to `trace`.
 */
export function spawnWrapped(s: Session, iface: number, argv: string[], fd?: { tracer: string; trace: string }): Spawned {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LD_PRELOAD: fd === undefined ? LIBRARY : `${fd.tracer}:${LIBRARY}`,
    SOCKET_WRAPPER_DIR: path.join(s.root, 'd'),
    SOCKET_WRAPPER_PCAP_FILE: s.pcap,
    SOCKET_WRAPPER_DEFAULT_IFACE: String(iface),
  };
  if (fd !== undefined) env.SWDEBUG_FD_TRACE = fd.trace;
  const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const name = path.basename(argv[argv.length > 1 && argv[0].endsWith('python3') ? 1 : 0]);
  return {
    child,
    waitFor(text, timeoutMs = 10000) {
      // Resolves on the output event that brings the text, not by polling.
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not print "${text}" in ${timeoutMs} ms: ${err}`)), timeoutMs);
        const check = (): void => {
          if (out.includes(text)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout?.on('data', check);
        child.on('exit', (code) => {
          if (out.includes(text)) return;
          clearTimeout(timer);
          reject(new Error(`${name} exited ${code} before "${text}": ${err}`));
        });
        check();
      });
    },
    async done(timeoutMs = 20000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); });
      const code = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        throw new Error(`${name} did not finish in ${timeoutMs} ms: ${err}`);
      }
      if (code !== 0) throw new Error(`${name} exited ${code}: ${err}`);
      return out;
    },
  };
}
