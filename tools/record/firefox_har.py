#!/usr/bin/env python3
"""Records HAR exports from Firefox's own DevTools, with the wire bytes of the same handshakes.

Firefox (Debian's firefox-esr) runs headless with DevTools open (`--devtools`) and the Network
panel's automatic HAR export on (`devtools.netmonitor.har.enableAutoExportToFile`), which writes
the page's log shortly after the page has loaded. The first page loads while DevTools is still
opening, so it moves to a second page, which opens the WebSocket through a recording relay
(record.py's) to a real server. Everything stays on 127.0.0.1; each process is stopped by PID.

    python3 tools/record/firefox_har.py [OUT]   (default: the fixtures' captured/ folder)

Writes formats/har-firefox-<case>.har.json and formats/har-firefox-<case>.wire.txt.
"""
import http.server
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import record  # noqa: E402  (the relay, ports and process helpers)

PREFS = {
    "devtools.netmonitor.har.enableAutoExportToFile": True,
    "devtools.netmonitor.har.defaultFileName": "firefox",
    "devtools.toolbox.selectedTool": "netmonitor",
    "devtools.toolbox.host": "window",
    # Quiet: no first-run pages, updates, telemetry or other traffic off loopback.
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.aboutwelcome.enabled": False,
    "browser.startup.page": 0,
    "browser.newtabpage.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.enabled": False,
    "app.update.enabled": False,
    "app.normandy.enabled": False,
    "extensions.update.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "services.settings.server": "http://127.0.0.1:9/",
    "network.proxy.type": 0,
}

START = b"""<!doctype html><title>start</title>
<script>setTimeout(() => { location.href = "/ws" + location.search; }, 4000)</script>"""
WS_PAGE = """<!doctype html><title>ws</title><script>
const ws = new WebSocket(new URLSearchParams(location.search).get("u"), ["chat", "superchat"]);
ws.onopen = () => ws.send("hello");
ws.onmessage = () => setTimeout(() => ws.close(1000, "bye"), 300);
</script>"""


BLANK = b"<!doctype html><title>wslens recorder</title>"


class Page(http.server.BaseHTTPRequestHandler):
    """The start page (which moves on to /ws), the page that opens the socket, and /blank, a
    page for a driven browser to open sockets from."""

    def do_GET(self):  # noqa: N802 (the handler's name)
        body = WS_PAGE.encode() if self.path.startswith("/ws") else START
        if self.path.startswith("/blank"):
            body = BLANK
        if self.path.startswith("/favicon"):
            body = b""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def firefox_har(url, har_dir, profile, procs):
    """Runs Firefox on `url` until its HAR export holds a WebSocket entry (20 s at most)."""
    for old in har_dir.glob("*.har"):
        old.unlink()
    proc = procs.start("firefox-esr", "--headless", "--no-remote", "--profile", str(profile), "--devtools", url)
    found = None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and found is None:
        time.sleep(0.2)
        for har in har_dir.glob("*.har"):
            text = har.read_text(errors="replace")
            if '"ws://' in text and text.rstrip().endswith("}"):
                time.sleep(0.5)  # let the writer finish
                found = har.read_text()
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    return found


def formats_dir():
    """The formats/ folder under argv[1] (default: the fixtures' captured/), once Firefox is
    known to be installed."""
    if not shutil.which("firefox-esr"):
        sys.exit("firefox-esr is not installed (apt-get install firefox-esr)")
    out = (pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else record.OUT) / "formats"
    out.mkdir(parents=True, exist_ok=True)
    return out


def start_servers(procs):
    """Starts Node ws and the raw server on free ports; returns the three cases every Firefox
    recorder plays: (name, port, path)."""
    ws_port, raw_port = record.free_port(), record.free_port()
    procs.start("node", str(HERE / "server_ws.mjs"), str(ws_port), "120")
    procs.start(sys.executable, str(HERE / "server_raw.py"), str(raw_port), "120")
    record.wait_port(ws_port)
    record.wait_port(raw_port)
    return [("node-ws", ws_port, "/chat"), ("wrong-accept", raw_port, "/wrong-accept"), ("forbidden", raw_port, "/forbidden")]


def write_profile(profile, prefs):
    """A new Firefox profile folder whose user.js sets `prefs`."""
    profile.mkdir()
    (profile / "user.js").write_text(
        "".join(f'user_pref("{k}", {str(v).lower() if isinstance(v, bool) else repr(v) if isinstance(v, int) else chr(34) + v + chr(34)});\n' for k, v in prefs.items())
    )


def main():
    out = formats_dir()
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="wslens-firefox-"))
    procs = record.Processes()
    page = http.server.ThreadingHTTPServer((record.LOOPBACK, 0), Page)
    threading.Thread(target=page.serve_forever, daemon=True).start()
    try:
        cases = start_servers(procs)
        profile, har_dir = tmp / "profile", tmp / "har"
        har_dir.mkdir()
        write_profile(profile, {**PREFS, "devtools.netmonitor.har.defaultLogDir": str(har_dir)})
        for name, port, path in cases:
            relay = record.Relay(port)
            url = f"http://{record.LOOPBACK}:{page.server_address[1]}/?u=ws://{record.LOOPBACK}:{relay.port}{path}"
            har = firefox_har(url, har_dir, profile, procs)
            if har is None:
                print(f"har-firefox-{name}: Firefox exported no HAR with the WebSocket", file=sys.stderr)
                continue
            (out / f"har-firefox-{name}.har.json").write_text(har)
            (out / f"har-firefox-{name}.wire.txt").write_bytes(relay.transcript())
            print(f"formats/har-firefox-{name}.har.json")
    finally:
        page.shutdown()
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
