#!/usr/bin/env python3
"""A small TCP echo server for the socket_wrapper sample workspace.

Under socket_wrapper it listens on the emulated address 127.0.0.10 (its
SOCKET_WRAPPER_DEFAULT_IFACE); without it, on the real loopback. It serves
`--count` connections (0 = forever) and prints what it does.
"""
import argparse
import socket


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.10")
    parser.add_argument("--port", type=int, default=7777)
    parser.add_argument("--count", type=int, default=0)
    opts = parser.parse_args()

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((opts.host, opts.port))
        listener.listen(8)
        print(f"server: listening on {opts.host}:{opts.port}", flush=True)
        served = 0
        while opts.count == 0 or served < opts.count:
            conn, peer = listener.accept()
            with conn:
                print(f"server: connection from {peer[0]}:{peer[1]}", flush=True)
                while True:
                    data = conn.recv(4096)
                    if not data:
                        break
                    conn.sendall(data)
                    print(f"server: echoed {len(data)} bytes", flush=True)
            served += 1
    print("server: done", flush=True)


if __name__ == "__main__":
    main()
