#!/usr/bin/env python3
"""Records real clients over every scenario of the recorders: headless Chromium, Python
websockets and Node ws (record.py's clients), tungstenite (Rust), gorilla and nhooyr (Go, the
library that became coder/websocket), Firefox ESR (headless, driven through Marionette) and
WebKitGTK (its MiniBrowser under Xvfb, driven through WebKitWebDriver). A browser opens the
socket from a page on 127.0.0.1; its verdict is the page's `open` or `close` event.

Each client connects through record.py's recording relay to each scenario: every answer of
the raw server (broken handshakes, and good ones in broken HTTP syntax), Python websockets,
Node ws, and nginx as a correct proxy and as one that strips Upgrade. The bytes go to
clients/<client>-<scenario>.txt and the client's own verdict (`open`, or its error verbatim)
is merged into outcomes.json, which `client_profiles_agree_with_recorded_clients` compares
with wslens' client profiles.

The clients are built here first, from crates.io (tungstenite, clients/tungstenite/) and from
Debian's packaged Go sources (GOPATH=/usr/share/gocode, no module proxy):

    apt-get install golang-go golang-github-gorilla-websocket-dev golang-nhooyr-websocket-dev nginx \
        firefox-esr webkit2gtk-driver xvfb
    python3 tools/record/clients.py [--only CLIENT] [OUTPUT_DIR]
    (default: the fixtures' captured/ folder; --only CLIENT records that client alone:
    chromium, python, node, tungstenite, tungstenite-no-offer, gorilla, nhooyr, firefox or
    webkitgtk)

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
import select
import threading
import urllib.request

KNOWN = ("chromium", "python", "node", "tungstenite", "tungstenite-no-offer", "gorilla", "nhooyr", "firefox", "webkitgtk")
ONLY = None
if "--only" in sys.argv:
    at = sys.argv.index("--only")
    if at + 1 >= len(sys.argv) or sys.argv[at + 1] not in KNOWN:
        sys.exit(f"--only takes one of {', '.join(KNOWN)}")
    ONLY = sys.argv[at + 1]
    del sys.argv[at:at + 2]  # record.py reads the output folder from argv[1]

from record import (  # noqa: E402
    HERE, LOOPBACK, OUT, PROFILE, ROOT, Processes, Relay, free_port, nginx_config, run_client, wait_port,
)
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
    # The same client offering no subprotocol.
    "tungstenite-no-offer": ("tungstenite", [str(ROOT / "target/release/wslens-record-tungstenite"), "--no-offer"]),
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
    procs.start("firefox-esr", "--headless", "--no-remote", "--marionette", "-remote-allow-system-access",
                "--profile", str(tmp / "firefox-profile"))
    browser = Marionette(port)
    browser.command("WebDriver:NewSession", {})
    browser.command("WebDriver:Navigate", {"url": f"http://{LOOPBACK}:{page.server_address[1]}/blank"})
    version = subprocess.run(["firefox-esr", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"recording {version}")
    return browser


# The last console message that names this URL (Firefox logs why a WebSocket failed there).
CONSOLE = """
const url = arguments[0];
const found = Services.console.getMessageArray().map((m) => m.errorMessage || m.message || "")
  .filter((text) => text.includes(url));
done(found.length ? found[found.length - 1].trim() : null);
"""

MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"


class WebKit:
    """WebKitGTK's MiniBrowser under its own Xvfb, driven through WebKitWebDriver (W3C
    WebDriver over HTTP on 127.0.0.1)."""

    def __init__(self, procs, page_url):
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        procs.procs.append(xvfb)
        ready, _, _ = select.select([xvfb.stdout], [], [], 30)
        if not ready:
            raise RuntimeError("Xvfb gave no display number in 30 s")
        display = xvfb.stdout.readline().strip()
        self.port = free_port()
        driver = subprocess.Popen(["WebKitWebDriver", f"--port={self.port}"], env={**os.environ, "DISPLAY": f":{display}"},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.procs.append(driver)
        wait_port(self.port)
        options = {"binary": MINIBROWSER, "args": ["--automation"]}
        session = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {"webkitgtk:browserOptions": options}}})
        self.session = session["value"]["sessionId"]
        print(f"recording WebKitGTK {session['value']['capabilities'].get('browserVersion')}")
        self.call("POST", f"/session/{self.session}/url", {"url": page_url})

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://{LOOPBACK}:{self.port}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def open_socket(self, url):
        script = "const done = arguments[arguments.length - 1];\n" + OPEN_SOCKET
        return self.call("POST", f"/session/{self.session}/execute/async", {"script": script, "args": [url, False]})["value"]

    def close(self):
        self.call("DELETE", f"/session/{self.session}")


def run(command, url):
    try:
        done = subprocess.run(command + [url], cwd=ROOT, capture_output=True, text=True, timeout=20)
        lines = done.stdout.strip().splitlines()
        return lines[-1] if lines else f"error: exit {done.returncode}: {done.stderr.strip()[-200:]}"
    except subprocess.TimeoutExpired:
        return "error: client timed out"


def main():
    if ONLY in (None, "tungstenite", "tungstenite-no-offer", "gorilla", "nhooyr"):
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
        for client in ("chromium", "python", "node"):
            if ONLY not in (None, client):
                continue
            for scenario, port, path, server in scenarios:
                relay = Relay(port)
                said = run_client(client, f"ws://{LOOPBACK}:{relay.port}{path}")
                save(client, PROFILE[client], scenario, server, relay, said)
        if ONLY in (None, "webkitgtk") and shutil.which("WebKitWebDriver"):
            page = http.server.ThreadingHTTPServer((LOOPBACK, 0), firefox_har.Page)
            threading.Thread(target=page.serve_forever, daemon=True).start()
            browser = WebKit(procs, f"http://{LOOPBACK}:{page.server_address[1]}/blank")
            for scenario, port, path, server in scenarios:
                relay = Relay(port)
                save("webkitgtk", "webkitgtk", scenario, server, relay, browser.open_socket(f"ws://{LOOPBACK}:{relay.port}{path}"))
            browser.close()
            page.shutdown()
        if ONLY in (None, "firefox") and shutil.which("firefox-esr"):
            browser = firefox(procs, pathlib.Path(tmp))
            for scenario, port, path, server in scenarios:
                relay = Relay(port)
                url = f"ws://{LOOPBACK}:{relay.port}{path}"
                said = browser.run("content", OPEN_SOCKET, url, False)
                if said != "open":
                    # What Firefox's console says about this socket, as a user would read it.
                    console = browser.run("chrome", CONSOLE, url)
                    said = f"{said}; console: {console}" if console else said
                save("firefox", "firefox", scenario, server, relay, said)
            browser.command("WebDriver:DeleteSession")
        outcomes_file.write_text(json.dumps(outcomes, indent=2, sort_keys=True) + "\n")
    finally:
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
