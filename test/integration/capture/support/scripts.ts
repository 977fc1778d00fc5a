// The Python programs the integration tests run under socket_wrapper.

/** server.py FAMILY HOST TCPPORT UDPPORT CONNECTIONS DATAGRAMS: echoes upper-cased TCP, reversed UDP. */
export const SERVER = `
import socket, sys
fam = socket.AF_INET6 if sys.argv[1] == '6' else socket.AF_INET
host, tport, uport, conns, grams = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
t = socket.socket(fam, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind((host, tport)); t.listen(16)
u = socket.socket(fam, socket.SOCK_DGRAM); u.bind((host, uport))
print('ready', flush=True)
for _ in range(conns):
    c, _a = t.accept()
    while True:
        d = c.recv(4096)
        if not d: break
        c.sendall(d.upper())
    c.close()
for _ in range(grams):
    d, a = u.recvfrom(4096); u.sendto(d[::-1], a)
`;

/**
 * client.py FAMILY HOST TCPPORT UDPPORT MESSAGE [ACTIONS...]: one TCP exchange, then
 * actions: "udp" (one datagram and its reply), "closed-udp" (a datagram to a port nobody
 * listens on: socket_wrapper writes an ICMP unreachable), "closed-tcp" (connect to one).
 */
export const CLIENT = `
import socket, sys
fam = socket.AF_INET6 if sys.argv[1] == '6' else socket.AF_INET
host, tport, uport, msg = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].encode()
s = socket.socket(fam, socket.SOCK_STREAM); s.connect((host, tport))
s.sendall(msg)
got = b''
while len(got) < len(msg): got += s.recv(4096)
assert got == msg.upper(), got
s.close()
for action in sys.argv[6:]:
    if action == 'udp':
        u = socket.socket(fam, socket.SOCK_DGRAM); u.sendto(msg, (host, uport))
        d, _a = u.recvfrom(4096); assert d == msg[::-1], d
    elif action == 'closed-udp':
        u = socket.socket(fam, socket.SOCK_DGRAM)
        try: u.sendto(b'x', (host, 9))
        except OSError: pass
    elif action == 'closed-tcp':
        c = socket.socket(fam, socket.SOCK_STREAM)
        try: c.connect((host, 9))
        except OSError: pass
print('done', flush=True)
`;
