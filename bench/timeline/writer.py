#!/usr/bin/env python3
"""Appends pcap records to a capture the way socket_wrapper does, for the latency benchmark.

usage: writer.py CAPTURE COUNT INTERVAL_MS TIMES_JSON [DELAY_S]

Waits DELAY_S (the timeline opens meanwhile), creates CAPTURE with O_CREAT|O_EXCL, writes the
24-byte header, then COUNT UDP records, one write() each, INTERVAL_MS apart, and finally the
epoch time of every write to TIMES_JSON.
"""
import json
import os
import struct
import sys
import time


def record(i: int) -> bytes:
    payload = f"bench packet {i}".encode()
    udp = struct.pack("!HHHH", 40000 + i % 4, 7777, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xFFFF, 0, 64, 17, 0, bytes([127, 0, 0, 11]), bytes([127, 0, 0, 10])) + udp
    now = time.time()
    return struct.pack("<IIII", int(now), int((now % 1) * 1e6), len(ip), len(ip)) + ip


def main() -> None:
    capture, count, interval, times_file = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]) / 1000, sys.argv[4]
    time.sleep(float(sys.argv[5]) if len(sys.argv) > 5 else 3)
    fd = os.open(capture, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
    os.write(fd, struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101))
    times = []
    for i in range(count):
        r = record(i)
        times.append(time.time())
        os.write(fd, r)
        time.sleep(interval)
    os.close(fd)
    with open(times_file, "w") as f:
        json.dump(times, f)
    print(f"writer: {count} records written", flush=True)


if __name__ == "__main__":
    main()
