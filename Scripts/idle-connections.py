#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What each idle keep-alive connection costs a server (BENCHMARKS.md "Storage server", Scripts/bench-server.sh).

  idle-connections.py URL COUNTS PID...

Opens connections to URL one at a time up to each count in COUNTS (comma-separated, increasing); each sends one
GET with `Range: bytes=65536-131071`, reads the whole answer and stays open. After each step (and 0.5 s) it prints
one line: the count, the summed VmRSS of PID... (KiB) and its growth per connection since before the first
connection. Ends with every connection closed. Exits 1 if an answer is not 206 with 65,536 bytes.
"""
import socket
import sys
import time
import urllib.parse


def rss(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as status:
            total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
    return total


def ranged_read(connection, request):
    connection.sendall(request)
    received = b""
    while b"\r\n\r\n" not in received:
        piece = connection.recv(65536)
        if not piece:
            raise SystemExit("the server closed the connection before its answer's head")
        received += piece
    head, body = received.split(b"\r\n\r\n", 1)
    if not head.startswith(b"HTTP/1.1 206"):
        raise SystemExit(f"answered {head.split(b' ', 2)[1].decode()}, not 206")
    left = 65536 - len(body)
    while left > 0:
        piece = connection.recv(min(left, 65536))
        if not piece:
            raise SystemExit("the server closed the connection mid-answer")
        left -= len(piece)


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    url = urllib.parse.urlsplit(argv[1])
    counts = [int(count) for count in argv[2].split(",")]
    pids = argv[3:]
    request = (f"GET {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\nRange: bytes=65536-131071\r\n\r\n").encode()
    address = (url.hostname, url.port)
    for _ in range(8):  # warm: the first answers' one-time allocations are not the connections'
        with socket.create_connection(address) as warm:
            ranged_read(warm, request)
    time.sleep(0.5)
    before = rss(pids)
    open_connections = []
    try:
        for count in counts:
            while len(open_connections) < count:
                connection = socket.create_connection(address)
                open_connections.append(connection)
                ranged_read(connection, request)
            time.sleep(0.5)
            now = rss(pids)
            print(f"{count} {now} {(now - before) / count:.1f}", flush=True)
    finally:
        for connection in open_connections:
            connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
