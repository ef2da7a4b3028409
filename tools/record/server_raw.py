"""A raw socket server that answers each path with a particular broken (or odd) handshake response.

Each path stands for a real server bug or proxy behaviour (see RULES.md's pain points); the answer is
computed from the request like a real server would, then broken in one way.
"""
import base64
import hashlib
import socket
import sys
import threading
import time

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
HTML = b"<!doctype html><html><head><title>App</title></head><body><div id=root></div><script src=/app.js></script></body></html>\n"


def header(head, name):
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == name.lower():
            return v.strip()
    return None


def answer(path, head, port):
    key = header(head, b"Sec-WebSocket-Key") or b""
    good = base64.b64encode(hashlib.sha1(key + GUID).digest())
    offered = [p.strip() for p in (header(head, b"Sec-WebSocket-Protocol") or b"").split(b",") if p.strip()]
    ok = [b"HTTP/1.1 101 Switching Protocols", b"Upgrade: websocket", b"Connection: Upgrade"]
    proto = [b"Sec-WebSocket-Protocol: " + offered[0]] if offered else []
    if path == b"/lenient":  # opens whatever it is sent: no check at all (for the suite's tests)
        return ok + [b"Sec-WebSocket-Accept: " + good] + proto, True
    if path == b"/picky":  # a careful server with a few quirks, each there to break one suite case
        lines = head.split(b"\r\n")
        names = [line.partition(b":")[0] for line in lines[1:]]
        value = lambda name: header(head, name)
        refuse = [b"HTTP/1.1 400 Bad Request", b"Content-Length: 0"], False
        if len(head) > 4096 or len(lines) > 100 or value(b"Origin") is None:
            return None, False  # never answers: the limit cases and a client without Origin
        if not lines[0].startswith(b"GET /picky ") or not lines[0].endswith(b" HTTP/1.1") or value(b"Host") is None:
            return refuse
        if value(b"Sec-WebSocket-Version") != b"13":
            if value(b"Sec-WebSocket-Version") in (None, b"13, 8"):
                return refuse
            return [b"HTTP/1.1 426 Upgrade Required", b"Sec-WebSocket-Version: 13", b"Content-Length: 0"], False
        keys = [line for line in lines if line.lower().startswith(b"sec-websocket-key:")]
        try:
            decoded = len(base64.b64decode(key, validate=True))
        except ValueError:
            decoded = -1
        if len(keys) != 1 or decoded != 16 or key == b"dGhlIHNhbXBsZSBub25jZQ==":
            return refuse  # (it also refuses RFC 6455's sample key, a valid one)
        if b"Connection: Upgrade" not in lines or b"Upgrade: websocket" not in lines or names.count(b"Connection") > 1:
            return refuse  # only Chrome's exact spelling, once
        if b"attacker" in (value(b"Origin") or b""):
            return [b"HTTP/1.1 403 Forbidden", b"Content-Length: 0"], False
        return ok + [b"Sec-WebSocket-Accept: " + good] + proto, True
    if path == b"/always-protocol":  # selects chat, offered or not (breaks the suite's subprotocol cases)
        choice = offered[0] if b"chat" in offered else b"chat"
        return ok + [b"Sec-WebSocket-Accept: " + good, b"Sec-WebSocket-Protocol: " + choice], True
    if path in (b"/wrong-deflate", b"/wrong-deflate-window"):
        # Answers one offer right (plain permessage-deflate; with -window, Chrome's offer with a
        # bare client_max_window_bits) and every other one wrongly.
        offer = header(head, b"Sec-WebSocket-Extensions") or b""
        right = b"permessage-deflate; client_max_window_bits" if path.endswith(b"-window") else b"permessage-deflate"
        if offer == right:
            answer_ext = b"permessage-deflate"
        elif offer == b"permessage-deflate":
            answer_ext = b"permessage-deflate; client_max_window_bits=15"
        elif b"client_max_window_bits" in offer:
            answer_ext = b"permessage-deflate; client_max_window_bits"
        else:
            answer_ext = b"permessage-deflate; client_max_window_bits=15"
        return ok + [b"Sec-WebSocket-Accept: " + good] + proto + ([b"Sec-WebSocket-Extensions: " + answer_ext] if offer else []), True
    if path == b"/echo-extensions":  # accepts any extension offer by echoing it (breaks the suite's decline cases)
        offer = header(head, b"Sec-WebSocket-Extensions")
        return ok + [b"Sec-WebSocket-Accept: " + good] + proto + ([b"Sec-WebSocket-Extensions: " + offer] if offer else []), True
    if path == b"/wrong-accept":  # the key base64-decoded before hashing
        bad = base64.b64encode(hashlib.sha1(base64.b64decode(key) + GUID).digest())
        return ok + [b"Sec-WebSocket-Accept: " + bad] + proto, True
    if path == b"/no-connection":
        return [ok[0], ok[1], b"Sec-WebSocket-Accept: " + good] + proto, True
    if path == b"/unoffered-protocol":
        return ok + [b"Sec-WebSocket-Accept: " + good, b"Sec-WebSocket-Protocol: graphql-ws"], True
    if path == b"/no-protocol":
        return ok + [b"Sec-WebSocket-Accept: " + good], True
    if path == b"/bad-deflate":  # client_max_window_bits without a value in a response
        return ok + [b"Sec-WebSocket-Accept: " + good] + proto + [b"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"], True
    if path == b"/duplicate-accept":
        return ok + [b"Sec-WebSocket-Accept: " + good, b"Sec-WebSocket-Accept: " + good] + proto, True
    if path == b"/connection-list":
        return [ok[0], ok[1], b"Connection: Upgrade, keep-alive", b"Sec-WebSocket-Accept: " + good] + proto, True
    if path == b"/http10":
        return [b"HTTP/1.0 101 Switching Protocols"] + ok[1:] + [b"Sec-WebSocket-Accept: " + good] + proto, True
    # Good answers written in broken HTTP syntax: how each client's HTTP parser takes them.
    if path == b"/no-colon":
        return ok + [b"Sec-WebSocket-Accept: " + good, b"X-Powered-By Express"] + proto, True
    if path == b"/lowercase-version":
        return [b"http/1.1 101 Switching Protocols"] + ok[1:] + [b"Sec-WebSocket-Accept: " + good] + proto, True
    if path == b"/no-reason":
        return [b"HTTP/1.1 101"] + ok[1:] + [b"Sec-WebSocket-Accept: " + good] + proto, True
    if path == b"/tab-status":
        return [b"HTTP/1.1\t101 Switching Protocols"] + ok[1:] + [b"Sec-WebSocket-Accept: " + good] + proto, True
    if path == b"/space-before-colon":
        return ok + [b"Sec-WebSocket-Accept: " + good, b"X-Request-Id : 42"] + proto, True
    if path == b"/obs-fold":
        return ok + [b"Sec-WebSocket-Accept: " + good, b"X-Note: one", b" two"] + proto, True
    if path == b"/bad-field-name":
        return ok + [b"Sec-WebSocket-Accept: " + good, b"X@Note: 1"] + proto, True
    if path == b"/control-char":
        return ok + [b"Sec-WebSocket-Accept: " + good, b"X-Note: a\x01b"] + proto, True
    if path == b"/bare-lf":  # handled in `handle`: the same good answer, lines ended by LF
        return ok + [b"Sec-WebSocket-Accept: " + good] + proto, True
    if path == b"/spa":
        return [b"HTTP/1.1 200 OK", b"Content-Type: text/html; charset=utf-8", b"Content-Length: %d" % len(HTML), b"", HTML.rstrip(b"\n")], False
    if path == b"/forbidden":
        return [b"HTTP/1.1 403 Forbidden", b"Content-Length: 0"], False
    if path == b"/unauthorized":  # a 401 with no challenge
        return [b"HTTP/1.1 401 Unauthorized", b"Content-Length: 0"], False
    if path == b"/upgrade-required":  # a server that speaks another WebSocket version
        return [b"HTTP/1.1 426 Upgrade Required", b"Sec-WebSocket-Version: 8", b"Content-Length: 0"], False
    if path == b"/redirect":
        return [b"HTTP/1.1 302 Found", b"Location: ws://127.0.0.1:%d/elsewhere" % port, b"Content-Length: 0"], False
    return [b"HTTP/1.1 404 Not Found", b"Content-Length: 0"], False


def handle(conn, port):
    with conn:
        conn.settimeout(3)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        head = data.split(b"\r\n\r\n")[0]
        path = head.split(b" ")[1].split(b"?")[0]
        if b"://" in path:  # an absolute-form target: its path
            path = b"/" + path.split(b"://", 1)[1].partition(b"/")[2]
        lines, switched = answer(path, head, port)
        if path == b"/picky" and (data.partition(b"\r\n\r\n")[2] or lines is None):
            if lines is None:  # never answer: wait for the client to give up
                time.sleep(10)
                return
            return  # bytes after the head: closes without a word
        if path == b"/bare-lf":
            conn.sendall(b"\n".join(lines) + b"\n\n")
        elif b"" in lines:
            i = lines.index(b"")
            conn.sendall(b"\r\n".join(lines[:i]) + b"\r\n\r\n" + b"\r\n".join(lines[i + 1:]))
        else:
            conn.sendall(b"\r\n".join(lines) + b"\r\n\r\n")
        if switched and path == b"/echo-extensions":
            # It accepted whatever was offered but implements none of it: a compressed frame
            # (RSV1) gets a close with 1002, protocol error.
            try:
                frame = conn.recv(4096)
                if frame and frame[0] & 0x40:
                    conn.sendall(b"\x88\x02\x03\xea")
            except OSError:
                pass
            return
        if switched:
            conn.sendall(b"\x81\x02hi")  # an unmasked text frame "hi" from the server
        try:
            conn.recv(4096)
        except OSError:
            pass


def main():
    port = int(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 120
    srv = socket.create_server(("127.0.0.1", port))
    srv.settimeout(seconds)
    try:
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=handle, args=(conn, port), daemon=True).start()
    except socket.timeout:
        pass


main()
