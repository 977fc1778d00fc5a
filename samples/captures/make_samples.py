#!/usr/bin/env python3
"""Writes the sample captures used by the Packet Timeline's tests and demos.

  hostile-payload.pcap  a TCP echo conversation (as socket_wrapper writes it: raw IP, µs
                        timestamps) whose payloads are HTML and script text, plus UDP over
                        IPv6 and an ICMP "port unreachable": the timeline must show every
                        byte of it as text, never as markup.
  truncated.pcap        the same capture cut in the middle of its last record, as a killed
                        writer leaves it: the timeline shows every packet before the cut and
                        names the byte offset of the damage.

Run it again to regenerate both files: python3 make_samples.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = ("127.0.0.10", 7777)
CLIENT = ("127.0.0.11", 40001)
HOSTILE = [
    b"<img src=x onerror=alert(1)>",
    b"<script>alert(2)</script>",
    b'"><svg onload=alert(3)>',
    b"\x1b[31mred\x1b[0m \x00\x07 javascript:alert(4)",
]


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(src: str, dst: str, proto: int, payload: bytes, ident: int) -> bytes:
    addr = lambda a: bytes(int(x) for x in a.split("."))
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0x4000, 64, proto, 0, addr(src), addr(dst))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + payload


def ipv6(src: bytes, dst: bytes, next_header: int, payload: bytes) -> bytes:
    return struct.pack("!IHBB", 6 << 28, len(payload), next_header, 64) + src + dst + payload


def tcp(sport: int, dport: int, seq: int, ack: int, flags: int, payload: bytes = b"") -> bytes:
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 32767, 0, 0) + payload


def udp(sport: int, dport: int, payload: bytes) -> bytes:
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def packets() -> list:
    SYN, FIN, PSH, ACK = 0x02, 0x01, 0x08, 0x10
    out = []
    c, s = CLIENT, SERVER
    cs, ss = 1000, 5000

    def seg(frm, to, seq, ack, flags, data=b""):
        out.append(ipv4(frm[0], to[0], 6, tcp(frm[1], to[1], seq, ack, flags, data), len(out) + 1))

    seg(c, s, cs, 0, SYN)
    seg(s, c, ss, cs + 1, SYN | ACK)
    cs, ss = cs + 1, ss + 1
    seg(c, s, cs, ss, ACK)
    for data in HOSTILE:
        seg(c, s, cs, ss, PSH | ACK, data)
        cs += len(data)
        seg(s, c, ss, cs, PSH | ACK, data)
        ss += len(data)
    v6a = bytes.fromhex("fd00000000000000000000005357" + "5f0a")
    v6b = bytes.fromhex("fd00000000000000000000005357" + "5f0b")
    out.append(ipv6(v6b, v6a, 17, udp(5353, 53, b"<b>bold?</b> query")))
    out.append(ipv6(v6a, v6b, 17, udp(53, 5353, b"<i>answer</i>")))
    # Nobody listens on 127.0.0.10:9999: socket_wrapper answers a UDP send with ICMP port unreachable.
    lost = ipv4("127.0.0.11", "127.0.0.10", 17, udp(40002, 9999, b"<marquee>lost</marquee>"), 99)
    out.append(lost)
    out.append(ipv4("127.0.0.10", "127.0.0.11", 1, struct.pack("!BBHI", 3, 3, 0, 0) + lost[:28], 100))
    seg(c, s, cs, ss, FIN | ACK)
    seg(s, c, ss, cs + 1, FIN | ACK)
    seg(c, s, cs + 1, ss + 1, ACK)
    return out


def pcap(frames: list) -> bytes:
    data = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101)
    t = 1_764_072_000 * 1_000_000 + 125_000  # 2025-11-25 12:00:00.125 UTC
    for i, frame in enumerate(frames):
        t += 180 if i % 2 else 1350
        data += struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(frame), len(frame)) + frame
    return data


def main() -> None:
    whole = pcap(packets())
    with open(os.path.join(HERE, "hostile-payload.pcap"), "wb") as f:
        f.write(whole)
    with open(os.path.join(HERE, "truncated.pcap"), "wb") as f:
        f.write(whole[:-17])


if __name__ == "__main__":
    main()
