#!/usr/bin/env python3
"""A small TCP echo client for the socket_wrapper sample workspace.

Connects to the echo server on the emulated network, sends a few lines and checks that
each comes back. Under socket_wrapper, connecting where nothing listens fails with
EHOSTUNREACH ("No route to host"), not ECONNREFUSED; the client retries briefly so a
server started by the same compound has time to listen.
"""
import argparse
import socket
import sys
import time


def connect(host: str, port: int, attempts: int) -> socket.socket:
    for attempt in range(attempts):
        try:
            return socket.create_connection((host, port))
        except OSError as err:
            if attempt == attempts - 1:
                raise
            print(f"client: {host}:{port} not ready ({err.strerror}), retrying", flush=True)
            time.sleep(0.2)
    raise AssertionError("unreachable")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.10")
    parser.add_argument("--port", type=int, default=7777)
    parser.add_argument("--attempts", type=int, default=25)
    opts = parser.parse_args()

    with connect(opts.host, opts.port, opts.attempts) as sock:
        local = sock.getsockname()
        print(f"client: connected from {local[0]}:{local[1]} to {opts.host}:{opts.port}", flush=True)
        for line in ("hello socket_wrapper", "second line", "bye"):
            sock.sendall(line.encode())
            reply = sock.recv(4096).decode()
            print(f"client: sent {line!r}, got {reply!r}", flush=True)
            if reply != line:
                print("client: echo mismatch", file=sys.stderr, flush=True)
                return 1
    print("client: done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
