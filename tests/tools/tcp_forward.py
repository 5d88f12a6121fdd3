#!/usr/bin/env python3
"""tcp_forward.py SOCKET: a daemon reached over TCP, for the guard's tests. Listens on 127.0.0.1 (a port of
the kernel's choosing, printed on the first line of stdout) and passes every connection on to the unix
socket SOCKET, both ways, until it is killed."""
import socket
import sys
import threading


def pipe(src, dst):
    try:
        while data := src.recv(65536):
            dst.sendall(data)
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def main():
    server = socket.create_server(("127.0.0.1", 0))
    print(server.getsockname()[1], flush=True)
    while True:
        client, _ = server.accept()
        upstream = socket.socket(socket.AF_UNIX)
        upstream.connect(sys.argv[1])
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=pipe, args=(a, b), daemon=True).start()


main()
