"""Servers that are not WebSocket servers at all, for the probe's failure tests.

    python3 tools/record/server_odd.py PORT MODE [SECONDS]

MODE `silent` accepts connections and never answers; `ssh` answers like an SSH server (a
banner that is not HTTP); `trickle` starts a status line and then sends one byte every half
second, for as long as it is read. Listens on 127.0.0.1 only; stops after SECONDS (default 60).
"""
import socket
import sys
import threading
import time


def handle(conn, mode):
    with conn:
        if mode == "ssh":
            conn.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
        if mode == "trickle":
            try:
                conn.sendall(b"HTTP/1.1 101 ")
                for _ in range(240):
                    time.sleep(0.5)
                    conn.sendall(b"x")
            except OSError:
                pass
            return
        try:
            conn.settimeout(30)
            conn.recv(4096)
            time.sleep(30 if mode == "silent" else 0)
        except OSError:
            pass


def main():
    port, mode = int(sys.argv[1]), sys.argv[2]
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 60
    srv = socket.create_server(("127.0.0.1", port))
    srv.settimeout(seconds)
    try:
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=handle, args=(conn, mode), daemon=True).start()
    except socket.timeout:
        pass


main()
