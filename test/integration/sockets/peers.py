#!/usr/bin/env python3
"""Programs whose sockets the Sockets integration tests inspect, run under socket_wrapper.

server HOST4 HOST6: a TCP listener on HOST4:7777, a UDP socket on HOST4:5353, a TCP/IPv6
    listener on [HOST6]:8888; accepts one TCP connection and then never reads anything, so
    whatever the client sends stays queued in the kernel.
client HOST4 HOST6: connects to the TCP listener and sends 3 bytes (accepted, unread), opens a
    second connection that waits in the accept queue, sends a 7-byte datagram over a
    connected UDP socket, and connects to the IPv6 listener (waits in its queue too).
Each prints one JSON line once its sockets are in place, then sleeps until killed.
"""
import json
import socket
import sys
import time


def endpoint(sock):
    name = sock.getsockname()
    return f"[{name[0]}]:{name[1]}" if sock.family == socket.AF_INET6 else f"{name[0]}:{name[1]}"


def server(host4, host6):
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.bind((host4, 7777))
    tcp.listen(5)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind((host4, 5353))
    tcp6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    tcp6.bind((host6, 8888))
    tcp6.listen(3)
    print(json.dumps({"listening": True, "fds": {"tcp": tcp.fileno(), "udp": udp.fileno(), "tcp6": tcp6.fileno()}}), flush=True)
    conn, peer = tcp.accept()
    print(json.dumps({"accepted": f"{peer[0]}:{peer[1]}", "fd": conn.fileno()}), flush=True)
    hold = [tcp, udp, tcp6, conn]  # keep every socket open
    while hold:
        time.sleep(60)


def client(host4, host6):
    first = socket.create_connection((host4, 7777))
    first.sendall(b"abc")
    second = socket.create_connection((host4, 7777))
    second.sendall(b"hello")
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.connect((host4, 5353))
    udp.send(b"dgram!!")
    six = socket.create_connection((host6, 8888))
    socks = {"tcp": first, "pending": second, "udp": udp, "tcp6": six}
    print(json.dumps({"ready": {k: endpoint(s) for k, s in socks.items()}, "fds": {k: s.fileno() for k, s in socks.items()}}), flush=True)
    while socks:
        time.sleep(60)


if __name__ == "__main__":
    {"server": server, "client": client}[sys.argv[1]](sys.argv[2], sys.argv[3])
