#!/usr/bin/env python3
"""Records real WebSocket handshakes on 127.0.0.1 into wslens fixtures.

Real servers (Python websockets, Node ws, a raw socket server with broken answers, nginx as a
correct and as a stripping proxy) meet real clients (curl, Python websockets, Node ws, headless
Chromium). A recording relay sits in front of each server (and between nginx and its backend)
and saves the bytes from the wire: the request head as the client sent it, then what the server
sent back (its head and the first frames). Each client's own verdict goes to outcomes.json, so
tests can compare wslens' client profiles with what the real clients did.

Everything listens on 127.0.0.1, every loop is bounded, and every process started is stopped by
its PID. Needs: python3 with websockets, node with the repository's node_modules (ws,
playwright-core), curl, nginx, chromium.

Usage: python3 tools/record/record.py [OUTPUT_DIR]
(default: crates/wslens-core/tests/fixtures/captured)
"""
import base64
import json
import os
import pathlib
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "crates/wslens-core/tests/fixtures/captured"
FRAME_BYTES = 64  # how much of the server's post-handshake bytes to keep
LOOPBACK = "127.0.0.1"


def free_port():
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def wait_port(port, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection((LOOPBACK, port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


class Relay:
    """Accepts connections on a port, forwards them to a target, and records the first one."""

    def __init__(self, target_port, ipv6=False):
        self.target = target_port
        if ipv6:
            self.server = socket.create_server(("::1", 0), family=socket.AF_INET6)
        else:
            self.server = socket.create_server((LOOPBACK, 0))
        self.port = self.server.getsockname()[1]
        self.client_bytes = b""
        self.server_bytes = b""
        self.done = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        self.server.settimeout(15)
        try:
            client, _ = self.server.accept()
        except OSError:
            self.done.set()
            return
        upstream = socket.create_connection((LOOPBACK, self.target), timeout=5)
        deadline = time.monotonic() + 6
        open_sides = {client: upstream, upstream: client}
        while open_sides and time.monotonic() < deadline:
            readable, _, _ = select.select(list(open_sides), [], [], 0.5)
            for sock in readable:
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    other = open_sides.pop(sock)
                    try:
                        other.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    continue
                if sock is client:
                    self.client_bytes += data
                else:
                    self.server_bytes += data
                try:
                    open_sides.get(sock, None) and open_sides[sock].sendall(data)
                except OSError:
                    pass
        for s in (client, upstream):
            s.close()
        self.server.close()
        self.done.set()

    def transcript(self):
        self.done.wait(10)
        request = self.client_bytes.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
        head, sep, rest = self.server_bytes.partition(b"\r\n\r\n")
        return request + head + sep + rest[:FRAME_BYTES]


class Processes:
    """Starts processes and stops each one by its PID."""

    def __init__(self):
        self.procs = []

    def start(self, *argv, cwd=ROOT):
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.procs.append(proc)
        return proc

    def stop_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def nginx_config(tmp, listen_correct, listen_stripping, backend_correct, backend_stripping):
    return f"""
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    # A correct WebSocket proxy: HTTP/1.1 upstream, Upgrade and Connection forwarded.
    server {{
        listen {LOOPBACK}:{listen_correct};
        location / {{
            proxy_pass http://{LOOPBACK}:{backend_correct};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host $host;
        }}
    }}
    # The default proxy set-up: the hop-by-hop Upgrade and Connection are not forwarded.
    server {{
        listen {LOOPBACK}:{listen_stripping};
        location / {{
            proxy_pass http://{LOOPBACK}:{backend_stripping};
        }}
    }}
}}
"""


def run_client(kind, url, protocols=None):
    """Runs one real client against `url`; returns its own verdict line."""
    if kind == "curl":
        key = base64.b64encode(os.urandom(16)).decode()
        cmd = ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--http1.1", "--max-time", "2",
               "-H", "Connection: Upgrade", "-H", "Upgrade: websocket", "-H", "Sec-WebSocket-Version: 13",
               "-H", f"Sec-WebSocket-Key: {key}", url.replace("ws://", "http://")]
    elif kind == "python":
        cmd = [sys.executable, str(HERE / "client_py.py"), url]
    elif kind == "node":
        cmd = ["node", str(HERE / "client_ws.mjs"), url]
    elif kind == "chromium":
        cmd = ["node", str(HERE / "client_chromium.mjs"), url, json.dumps(protocols or ["chat", "superchat"])]
    else:
        raise ValueError(kind)
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=30)
        out = done.stdout.strip().splitlines()
        return out[-1] if out else f"error: exit {done.returncode}: {done.stderr.strip()[-200:]}"
    except subprocess.TimeoutExpired:
        return "error: client timed out"


PROFILE = {"python": "python-websockets", "node": "node-ws", "chromium": "chrome", "curl": None}


def curl_output(url, flags, extra_headers=()):
    """Runs curl with `flags` (-v, -i...) and returns what it printed, stdout and stderr together,
    as a user who copies the terminal gets it."""
    key = base64.b64encode(os.urandom(16)).decode()
    headers = ["Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13", f"Sec-WebSocket-Key: {key}", *extra_headers]
    cmd = ["curl", *flags, "--http1.1", "--max-time", "2"]
    for h in headers:
        cmd += ["-H", h]
    done = subprocess.run(cmd + [url.replace("ws://", "http://")], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
    return done.stdout


def main():
    procs = Processes()
    tmp = tempfile.mkdtemp(prefix="wslens-record-")
    outcomes = {}
    try:
        py_port, ws_port, raw_port = free_port(), free_port(), free_port()
        procs.start(sys.executable, str(HERE / "server_py.py"), str(py_port), "300")
        procs.start("node", str(HERE / "server_ws.mjs"), str(ws_port), "300")
        procs.start(sys.executable, str(HERE / "server_raw.py"), str(raw_port), "300")
        for port in (py_port, ws_port, raw_port):
            wait_port(port)
        servers = {"python-websockets": py_port, "node-ws": ws_port, "raw": raw_port}

        def capture(folder, name, client, server, path="/chat", protocols=None):
            relay = Relay(servers[server])
            verdict = run_client(client, f"ws://{LOOPBACK}:{relay.port}{path}", protocols)
            data = relay.transcript()
            target = OUT / folder / f"{name}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            outcomes[f"{folder}/{name}.txt"] = {"client": client, "profile": PROFILE[client], "server": server, "outcome": verdict}
            print(f"{folder}/{name}.txt: {client} says {verdict}")

        # Working handshakes between real peers.
        capture("valid", "curl-node-ws", "curl", "node-ws")
        # python-websockets configured with subprotocols refuses clients that offer none.
        capture("failing", "WS204-curl-python-websockets-missing-subprotocol", "curl", "python-websockets")
        capture("valid", "python-python-websockets", "python", "python-websockets")
        capture("valid", "node-ws-node-ws", "node", "node-ws")
        capture("valid", "python-node-ws", "python", "node-ws")
        capture("valid", "node-ws-python-websockets", "node", "python-websockets")
        capture("valid", "chromium-node-ws", "chromium", "node-ws")
        capture("valid", "chromium-python-websockets", "chromium", "python-websockets")
        # Answers from the raw server, each named after the rule it breaks: failing/ where the
        # handshake fails, interop/ where it is legal but some real clients fail.
        capture("failing", "WS226-chromium-wrong-accept", "chromium", "raw", "/wrong-accept")
        capture("failing", "WS226-python-wrong-accept", "python", "raw", "/wrong-accept")
        capture("failing", "WS222-node-ws-no-connection", "node", "raw", "/no-connection")
        capture("failing", "WS222-chromium-no-connection", "chromium", "raw", "/no-connection")
        capture("failing", "WS302-python-unoffered-protocol", "python", "raw", "/unoffered-protocol")
        capture("failing", "WS302-chromium-unoffered-protocol", "chromium", "raw", "/unoffered-protocol")
        capture("interop", "WS306-chromium-no-protocol", "chromium", "raw", "/no-protocol")
        capture("interop", "WS306-python-no-protocol", "python", "raw", "/no-protocol")
        capture("failing", "PMD414-chromium-bad-deflate", "chromium", "raw", "/bad-deflate")
        capture("failing", "PMD414-node-ws-bad-deflate", "node", "raw", "/bad-deflate")
        capture("failing", "WS225-python-duplicate-accept", "python", "raw", "/duplicate-accept")
        capture("failing", "WS225-chromium-duplicate-accept", "chromium", "raw", "/duplicate-accept")
        capture("interop", "INT501-chromium-connection-list", "chromium", "raw", "/connection-list")
        capture("failing", "WS227-python-http10", "python", "raw", "/http10")
        capture("failing", "WS202-chromium-spa-fallback", "chromium", "raw", "/spa")
        capture("failing", "WS206-curl-forbidden", "curl", "raw", "/forbidden")
        capture("failing", "WS231-node-ws-unauthorized", "node", "raw", "/unauthorized")
        capture("failing", "WS203-chromium-redirect", "chromium", "raw", "/redirect")

        # curl's own output, paired with the wire bytes of the same handshake, so that tests can
        # check that both formats give the same verdicts.
        def capture_curl(name, server, path, flags, extra_headers=()):
            relay = Relay(servers[server])
            printed = curl_output(f"ws://{LOOPBACK}:{relay.port}{path}", flags, extra_headers)
            folder = OUT / "formats"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.curl.txt").write_bytes(printed)
            (folder / f"{name}.wire.txt").write_bytes(relay.transcript())
            print(f"formats/{name}: curl {' '.join(flags)}")

        capture_curl("curl-v-node-ws", "node-ws", "/chat", ["-v"], ["Sec-WebSocket-Protocol: chat", "Origin: http://127.0.0.1"])
        capture_curl("curl-v-i-node-ws", "node-ws", "/chat", ["-v", "-i"])
        capture_curl("curl-v-wrong-accept", "raw", "/wrong-accept", ["-v"])
        capture_curl("curl-v-i-forbidden", "raw", "/forbidden", ["-v", "-i"])
        capture_curl("curl-v-python-missing-subprotocol", "python-websockets", "/chat", ["-v", "-s"])

        # Playwright's recordHar (headless Chromium), paired with the wire bytes.
        def capture_har(name, server, path):
            relay = Relay(servers[server])
            folder = OUT / "formats"
            folder.mkdir(parents=True, exist_ok=True)
            har = folder / f"{name}.har.json"
            cmd = ["node", str(HERE / "client_har.mjs"), f"ws://{LOOPBACK}:{relay.port}{path}", str(har)]
            done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
            (folder / f"{name}.wire.txt").write_bytes(relay.transcript())
            print(f"formats/{name}: playwright recordHar, chromium says {done.stdout.strip()}")

        capture_har("har-playwright-node-ws", "node-ws", "/chat")
        capture_har("har-playwright-wrong-accept", "raw", "/wrong-accept")
        capture_har("har-playwright-forbidden", "raw", "/forbidden")
        capture_har("har-playwright-spa", "raw", "/spa")
        capture_har("har-playwright-no-protocol", "raw", "/no-protocol")

        # Packet captures of the client-to-relay leg (tcpdump, and dumpcap for pcapng), paired
        # with the wire bytes. The relay forwards bytes unchanged, so both legs carry the same.
        def sniff(path, ports, tool="tcpdump", iface="lo", extra=()):
            expr = " or ".join(f"tcp port {p}" for p in ports)
            if tool == "tcpdump":
                cmd = ["tcpdump", "-i", iface, "-U", "-w", str(path), *extra, expr]
            else:
                cmd = ["dumpcap", "-i", iface, "-w", str(path), "-f", expr]
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            procs.procs.append(proc)
            # Wait until it says it is capturing ("listening on" / "Capturing on"), 10 s at most.
            deadline = time.monotonic() + 10
            seen = b""
            while time.monotonic() < deadline and b"istening on" not in seen and b"apturing on" not in seen:
                ready, _, _ = select.select([proc.stderr], [], [], 0.2)
                if ready:
                    seen += os.read(proc.stderr.fileno(), 4096)
            time.sleep(1.0)
            return proc

        def capture_pcap(*args, **kwargs):
            # tcpdump sometimes misses a short connection right after it attaches: retry a
            # capture that holds no packet (only the 24-byte file header).
            for _ in range(3):
                path = capture_pcap_once(*args, **kwargs)
                if path.stat().st_size > 24:
                    return
            raise RuntimeError(f"{path} captured no packet")

        def capture_pcap_once(name, server, path, client, tool="tcpdump", iface="lo", extra=(), suffix="pcap", ipv6=False, tls_noise=False):
            folder = OUT / "formats"
            folder.mkdir(parents=True, exist_ok=True)
            relay = Relay(servers[server], ipv6=ipv6)
            noise = Relay(servers[server]) if tls_noise else None
            ports = [relay.port] + ([noise.port] if noise else [])
            pcap = folder / f"{name}.{suffix}"
            proc = sniff(pcap, ports, tool, iface, extra)
            host = "[::1]" if ipv6 else LOOPBACK
            verdict = run_client(client, f"ws://{host}:{relay.port}{path}")
            if noise:  # a TLS ClientHello on another connection, as wss:// would send
                subprocess.run(["curl", "-sk", "--max-time", "2", f"https://{LOOPBACK}:{noise.port}/"], capture_output=True, timeout=10)
            (folder / f"{name}.wire.txt").write_bytes(relay.transcript())
            time.sleep(0.5)
            proc.terminate()
            proc.wait(timeout=10)
            print(f"formats/{name}.{suffix}: {client} says {verdict}")
            return pcap

        capture_pcap("pcap-lo-ethernet-chromium-node-ws", "node-ws", "/chat", "chromium")
        capture_pcap("pcap-any-sll2-python-wrong-accept", "raw", "/wrong-accept", "python", iface="any")
        capture_pcap("pcap-any-sll-node-ws-no-connection", "raw", "/no-connection", "node", iface="any", extra=["-y", "LINUX_SLL"])
        capture_pcap("pcap-ipv6-curl-node-ws", "node-ws", "/chat", "curl", ipv6=True)
        capture_pcap("pcap-lo-python-node-ws-with-tls", "node-ws", "/chat", "python", tls_noise=True)
        if shutil.which("dumpcap"):
            capture_pcap("pcapng-dumpcap-chromium-forbidden", "raw", "/forbidden", "chromium", tool="dumpcap", suffix="pcapng")

        # nginx: a correct proxy in front of Node ws, a stripping proxy in front of Python websockets.
        # A relay sits on each hop: client -> relay -> nginx -> relay -> backend.
        if shutil.which("nginx"):
            back_correct, back_stripping = Relay(ws_port), Relay(py_port)
            front_correct, front_stripping = free_port(), free_port()
            conf = pathlib.Path(tmp) / "nginx.conf"
            conf.write_text(nginx_config(tmp, front_correct, front_stripping, back_correct.port, back_stripping.port))
            procs.start("nginx", "-p", tmp, "-c", str(conf))
            wait_port(front_correct)
            servers["nginx-correct"], servers["nginx-stripping"] = front_correct, front_stripping
            capture("valid", "chromium-nginx-node-ws-hop1", "chromium", "nginx-correct")
            (OUT / "valid/chromium-nginx-node-ws-hop2.txt").write_bytes(back_correct.transcript())
            # nginx's default proxies as HTTP/1.0 with Connection: close; the backend answers 505.
            capture("failing", "WS210-chromium-nginx-stripping-hop1", "chromium", "nginx-stripping")
            (OUT / "failing/WS110-chromium-nginx-stripping-hop2.txt").write_bytes(back_stripping.transcript())

            # Both hops in one capture: a second nginx straight in front of the servers, and a
            # capture of its front port and the backend's port.
            tmp2 = tempfile.mkdtemp(prefix="wslens-record-")
            front2_correct, front2_stripping = free_port(), free_port()
            conf2 = pathlib.Path(tmp2) / "nginx.conf"
            conf2.write_text(nginx_config(tmp2, front2_correct, front2_stripping, ws_port, py_port))
            procs.start("nginx", "-p", tmp2, "-c", str(conf2))
            wait_port(front2_correct)
            for name, front, backend in [("correct", front2_correct, ws_port), ("stripping", front2_stripping, py_port)]:
                pcap = OUT / "formats" / f"pcap-nginx-{name}-two-hops.pcap"
                for _ in range(3):  # retry a capture that holds no packet, as above
                    proc = sniff(pcap, [front, backend])
                    verdict = run_client("chromium", f"ws://{LOOPBACK}:{front}/chat")
                    time.sleep(0.5)
                    proc.terminate()
                    proc.wait(timeout=10)
                    if pcap.stat().st_size > 24:
                        break
                print(f"formats/pcap-nginx-{name}-two-hops.pcap: chromium says {verdict}")
            shutil.rmtree(tmp2, ignore_errors=True)
        (OUT / "outcomes.json").write_text(json.dumps(outcomes, indent=2, sort_keys=True) + "\n")
    finally:
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
