#!/usr/bin/env python3
"""Records more real clients over every scenario of the recorders: tungstenite (Rust), gorilla
and nhooyr (Go, the library that became coder/websocket), and Firefox ESR (headless, driven
through Marionette from a page on 127.0.0.1; its verdict is the page's `open` or `close` event).

Each client connects through record.py's recording relay to each scenario: every answer of
the raw server (broken handshakes, and good ones in broken HTTP syntax), Python websockets,
Node ws, and nginx as a correct proxy and as one that strips Upgrade. The bytes go to
clients/<client>-<scenario>.txt and the client's own verdict (`open`, or its error verbatim)
is merged into outcomes.json, which `client_profiles_agree_with_recorded_clients` compares
with wslens' client profiles.

The clients are built here first, from crates.io (tungstenite, clients/tungstenite/) and from
Debian's packaged Go sources (GOPATH=/usr/share/gocode, no module proxy):

    apt-get install golang-go golang-github-gorilla-websocket-dev golang-nhooyr-websocket-dev nginx firefox-esr
    python3 tools/record/clients.py [--only CLIENT] [OUTPUT_DIR]
    (default: the fixtures' captured/ folder; --only tungstenite, gorilla, nhooyr or firefox
    records that client alone)

Everything listens on 127.0.0.1, every loop is bounded, every process is stopped by its PID.
Needs what record.py needs for its servers: python3 with websockets, node with the
repository's node_modules, nginx.
"""
import http.server
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading

ONLY = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
if ONLY:  # record.py reads the output folder from argv[1]
    del sys.argv[sys.argv.index("--only"):sys.argv.index("--only") + 2]

from record import HERE, LOOPBACK, OUT, ROOT, Processes, Relay, free_port, nginx_config, wait_port  # noqa: E402
import firefox_har  # noqa: E402
from firefox_copy import OPEN_SOCKET, Marionette  # noqa: E402

BUILD = ROOT / "target" / "record-clients"

# The raw server's paths: broken answers, then good answers in broken HTTP syntax.
RAW = [
    "wrong-accept", "no-connection", "unoffered-protocol", "no-protocol", "bad-deflate",
    "duplicate-accept", "connection-list", "http10", "spa", "forbidden", "unauthorized",
    "redirect", "upgrade-required", "no-colon", "bare-lf", "lowercase-version", "tab-status",
    "no-reason", "space-before-colon", "obs-fold", "bad-field-name", "control-char",
]

# client -> (its wslens profile, the command that runs it on a URL)
CLIENTS = {
    "tungstenite": ("tungstenite", [str(ROOT / "target/release/wslens-record-tungstenite")]),
    "gorilla": ("gorilla", [str(BUILD / "gorilla-client")]),
    "nhooyr": ("coder", [str(BUILD / "nhooyr-client")]),
}


def build():
    """Builds the three clients; prints their versions."""
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=HERE / "clients/tungstenite",
                   env={**os.environ, "CARGO_TARGET_DIR": str(ROOT / "target")}, check=True, timeout=900)
    BUILD.mkdir(parents=True, exist_ok=True)
    go_env = {**os.environ, "GO111MODULE": "off", "GOPATH": "/usr/share/gocode", "GOCACHE": str(BUILD / "cache"),
              "GOFLAGS": "", "GOPROXY": "off"}
    for name in ("gorilla", "nhooyr"):
        subprocess.run(["go", "build", "-o", str(BUILD / f"{name}-client"), str(HERE / f"clients/{name}.go")],
                       env=go_env, check=True, timeout=600)
    go = subprocess.run(["go", "version"], capture_output=True, text=True).stdout.strip()
    print(f"built with {go}")


def firefox(procs, tmp):
    """Headless Firefox ESR on a blank page served from 127.0.0.1, driven through Marionette."""
    page = http.server.ThreadingHTTPServer((LOOPBACK, 0), firefox_har.Page)
    threading.Thread(target=page.serve_forever, daemon=True).start()
    port = free_port()
    prefs = {k: v for k, v in firefox_har.PREFS.items() if "har" not in k and "devtools" not in k}
    firefox_har.write_profile(tmp / "firefox-profile", {**prefs, "marionette.port": port})
    procs.start("firefox-esr", "--headless", "--no-remote", "--marionette", "--profile", str(tmp / "firefox-profile"))
    browser = Marionette(port)
    browser.command("WebDriver:NewSession", {})
    browser.command("WebDriver:Navigate", {"url": f"http://{LOOPBACK}:{page.server_address[1]}/blank"})
    version = subprocess.run(["firefox-esr", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"recording {version}")
    return browser


def run(command, url):
    try:
        done = subprocess.run(command + [url], cwd=ROOT, capture_output=True, text=True, timeout=20)
        lines = done.stdout.strip().splitlines()
        return lines[-1] if lines else f"error: exit {done.returncode}: {done.stderr.strip()[-200:]}"
    except subprocess.TimeoutExpired:
        return "error: client timed out"


def main():
    if ONLY in (None, "tungstenite", "gorilla", "nhooyr"):
        build()
    procs = Processes()
    tmp = tempfile.mkdtemp(prefix="wslens-record-clients-")
    outcomes_file = OUT / "outcomes.json"
    outcomes = json.loads(outcomes_file.read_text()) if outcomes_file.exists() else {}
    try:
        py_port, ws_port, raw_port = free_port(), free_port(), free_port()
        procs.start(sys.executable, str(HERE / "server_py.py"), str(py_port), "600")
        procs.start("node", str(HERE / "server_ws.mjs"), str(ws_port), "600")
        procs.start(sys.executable, str(HERE / "server_raw.py"), str(raw_port), "600")
        for port in (py_port, ws_port, raw_port):
            wait_port(port)
        scenarios = [(f"raw-{path}", raw_port, f"/{path}", "raw") for path in RAW]
        scenarios += [("python-websockets", py_port, "/chat", "python-websockets"), ("node-ws", ws_port, "/chat", "node-ws")]
        if shutil.which("nginx") or os.path.exists("/usr/sbin/nginx"):
            correct, stripping = free_port(), free_port()
            conf = pathlib.Path(tmp) / "nginx.conf"
            conf.write_text(nginx_config(tmp, correct, stripping, ws_port, py_port))
            procs.start(shutil.which("nginx") or "/usr/sbin/nginx", "-p", tmp, "-c", str(conf))
            wait_port(correct)
            scenarios += [("nginx-correct", correct, "/chat", "nginx-correct"), ("nginx-stripping", stripping, "/chat", "nginx-stripping")]
        def save(client, profile, scenario, server, relay, verdict):
            name = f"clients/{client}-{scenario}.txt"
            target = OUT / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(relay.transcript())
            outcomes[name] = {"client": client, "profile": profile, "server": server, "outcome": verdict}
            print(f"{name}: {client} says {verdict}")

        for client, (profile, command) in CLIENTS.items():
            if ONLY not in (None, client):
                continue
            for scenario, port, path, server in scenarios:
                relay = Relay(port)
                save(client, profile, scenario, server, relay, run(command, f"ws://{LOOPBACK}:{relay.port}{path}"))
        if ONLY in (None, "firefox") and shutil.which("firefox-esr"):
            browser = firefox(procs, pathlib.Path(tmp))
            for scenario, port, path, server in scenarios:
                relay = Relay(port)
                said = browser.run("content", OPEN_SOCKET, f"ws://{LOOPBACK}:{relay.port}{path}", False)
                save("firefox", "firefox", scenario, server, relay, said)
            browser.command("WebDriver:DeleteSession")
        outcomes_file.write_text(json.dumps(outcomes, indent=2, sort_keys=True) + "\n")
    finally:
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
