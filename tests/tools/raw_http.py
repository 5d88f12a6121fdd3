#!/usr/bin/env python3
"""raw_http.py SOCKET REQUEST [TIMES]: sends REQUEST (with \\r, \\n and \\xNN escapes) to the unix socket
SOCKET on a connection of its own, TIMES times one after the other (default 1), reads each answer to the
end of the connection, and prints the last. Exits 1 if an answer's first line differs from the first's.
For the guard's end-to-end tests: what no docker client sends."""
import socket
import sys


def exchange(path, request):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.sendall(request)
    s.settimeout(10)
    out = b""
    while True:
        d = s.recv(65536)
        if not d:
            break
        out += d
    s.close()
    return out


def main():
    path, request = sys.argv[1], sys.argv[2].encode().decode("unicode_escape").encode("latin-1")
    times = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    first = last = None
    for _ in range(times):
        last = exchange(path, request)
        first = first if first is not None else last.split(b"\r\n", 1)[0]
        if last.split(b"\r\n", 1)[0] != first:
            sys.stdout.write(last.decode("latin-1"))
            return 1
    sys.stdout.write(last.decode("latin-1"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
