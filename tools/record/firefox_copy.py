#!/usr/bin/env python3
"""Records Firefox DevTools' "Copy Request Headers" and "Copy Response Headers", its Headers tab's
Raw view, and its "Copy as cURL" (POSIX and Windows), with the wire bytes of the same handshakes.

Firefox (Debian's firefox-esr) runs headless with Marionette, its remote protocol, allowed
system access, so that a script can run in the browser's own (chrome) scope. It opens the
Network panel on a tab, the tab opens a WebSocket through a recording relay (record.py's) to a
real server, and the panel's own context-menu code (RequestListContextMenu) copies the
request's and the response's headers and the curl commands; the text is read back from the
clipboard DevTools wrote. The Raw view's text is read from its text boxes.
Everything stays on 127.0.0.1; each process is stopped by its PID.

    python3 tools/record/firefox_copy.py [OUT]   (default: the fixtures' captured/ folder)

The cases: Node ws (101), a raw server's wrong accept and 403, and a WebSocket over HTTP/2
(RFC 8441) to server_h2.mjs, which Firefox shows as a rebuilt `GET ... HTTP/2` Upgrade.
Writes, in formats/: firefox-copy-<case>.txt (the request copy, then on the next line the
response copy, as a user pastes one under the other), firefox-raw-<case>.txt (the Raw view's two
texts, the same way), firefox-devtools-<case>.curl-posix.txt and .curl-windows.txt, and
firefox-devtools-<case>.wire.txt. On
Linux Firefox removes every CR from the copies, and each copy stops after its last header line,
with no blank line.
"""
import http.server
import json
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import firefox_har  # noqa: E402  (the quiet preferences, the page server, set-up helpers)
import record  # noqa: E402  (the relay, ports and process helpers)


class Marionette:
    """The few Marionette commands this needs: length-prefixed JSON over TCP."""

    def __init__(self, port):
        deadline = time.monotonic() + 30
        while True:
            try:
                self.sock = socket.create_connection((record.LOOPBACK, port), timeout=30)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.buffer = b""
        self.last_id = 0
        self._read()  # the server's greeting

    def _read(self):
        while b":" not in self.buffer:
            self.buffer += self._recv()
        size, rest = self.buffer.split(b":", 1)
        while len(rest) < int(size):
            rest += self._recv()
        self.buffer = rest[int(size):]
        return json.loads(rest[: int(size)])

    def _recv(self):
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("Marionette closed the connection")
        return data

    def command(self, name, params=None):
        self.last_id += 1
        data = json.dumps([0, self.last_id, name, params or {}]).encode()
        self.sock.sendall(str(len(data)).encode() + b":" + data)
        while True:
            kind, reply_id, error, result = self._read()
            if kind == 1 and reply_id == self.last_id:
                if error:
                    raise RuntimeError(f"{name}: {error.get('message') or error.get('error')}")
                return result

    def run(self, context, script, *args):
        """Runs an async script (it calls `done(value)`) in the chrome or content scope."""
        self.command("Marionette:SetContext", {"value": context})
        body = "const done = arguments[arguments.length - 1];\n" + script
        return self.command("WebDriver:ExecuteAsyncScript", {"script": body, "args": list(args)})["value"]


OPEN_NETMONITOR = """
const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
const { gDevTools } = require("devtools/client/framework/devtools");
gDevTools.showToolboxForTab(gBrowser.selectedTab, { toolId: "netmonitor" })
  .then(() => done("ok"), (e) => done("error: " + e));
"""

# Resolves once the server echoes, or (arguments[1] false, for the HTTP/2 server, which speaks
# no frames) once the socket opens.
OPEN_SOCKET = """
const ws = new WebSocket(arguments[0], ["chat", "superchat"]);
ws.onopen = () => { if (!arguments[1]) done("open"); else ws.send("hello"); };
ws.onmessage = () => { done("open"); setTimeout(() => ws.close(1000, "bye"), 200); };
ws.onclose = (e) => done("error: close code " + e.code);
setTimeout(() => done("error: timeout"), 4000);
"""

# The panel's own "Copy Request Headers" and "Copy Response Headers", as its context menu calls
# them (id, then the request or its response headers), for the socket with this URL.
COPY_HEADERS = """
(async () => {
  const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
  const { gDevTools } = require("devtools/client/framework/devtools");
  const toolbox = await gDevTools.getToolboxForTab(gBrowser.selectedTab);
  const win = toolbox.getPanel("netmonitor").panelWin;
  const requests = win.store.getState().requests.requests;
  const request = (Array.isArray(requests) ? requests : [...requests.values()])
    .find((r) => r.url === arguments[0]);
  if (!request) return done(null);
  const Menu = win.windowRequire("devtools/client/netmonitor/src/widgets/RequestListContextMenu");
  const clipboard = win.windowRequire("devtools/shared/platform/clipboard");
  const menu = new Menu({ connector: win.connector });
  const copied = {};
  await menu.copyRequestHeaders(request.id, request);
  copied.request = clipboard.getText();
  await menu.copyResponseHeaders(request.id, request.responseHeaders);
  copied.response = clipboard.getText();
  // "Copy as cURL (POSIX)" and "(Windows)".
  for (const [key, platform] of [["curlPosix", "Linux"], ["curlWindows", "WINNT"]]) {
    await menu.copyAsCurl(request.id, request.url, request.method, request.httpVersion,
      request.requestHeaders, request.requestPostData, request.responseHeaders, platform);
    copied[key] = clipboard.getText();
  }
  // The Headers tab's Raw view: select the request, turn Raw on, read its two text boxes.
  const Actions = win.windowRequire("devtools/client/netmonitor/src/actions/index");
  win.store.dispatch(Actions.selectRequest(request.id));
  await new Promise((r) => win.setTimeout(r, 1000));
  for (const part of ["request", "response"]) {
    const toggle = win.document.getElementById(`raw-${part}Headers-checkbox`);
    if (toggle && !toggle.checked) toggle.click();
  }
  await new Promise((r) => win.setTimeout(r, 1000));
  for (const box of win.document.querySelectorAll("textarea.raw-headers")) {
    const part = box.closest("[id]")?.id;
    if (part === "requestHeaders") copied.rawRequest = box.value;
    if (part === "responseHeaders") copied.rawResponse = box.value;
  }
  done(copied);
})().catch((e) => done("error: " + e));
"""


def write_case(out, name, copies, wire, curl=True):
    """Writes one case's copies, Raw view, curl commands (unless `curl` is false) and wire bytes."""
    (out / f"firefox-copy-{name}.txt").write_text(copies["request"] + "\n" + copies["response"])
    if "rawRequest" in copies and "rawResponse" in copies:
        (out / f"firefox-raw-{name}.txt").write_text(copies["rawRequest"] + "\n" + copies["rawResponse"])
    else:
        print(f"firefox-raw-{name}: the Raw view did not show both heads", file=sys.stderr)
    if curl:
        (out / f"firefox-devtools-{name}.curl-posix.txt").write_text(copies["curlPosix"] + "\n")
        (out / f"firefox-devtools-{name}.curl-windows.txt").write_text(copies["curlWindows"] + "\r\n")
    (out / f"firefox-devtools-{name}.wire.txt").write_bytes(wire)


def main():
    out = firefox_har.formats_dir()
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="wslens-firefox-"))
    procs = record.Processes()
    page = http.server.ThreadingHTTPServer((record.LOOPBACK, 0), firefox_har.Page)
    threading.Thread(target=page.serve_forever, daemon=True).start()
    try:
        cases = firefox_har.start_servers(procs)
        marionette_port = record.free_port()
        prefs = {k: v for k, v in firefox_har.PREFS.items() if "har" not in k}
        firefox_har.write_profile(tmp / "profile", {**prefs, "marionette.port": marionette_port})
        procs.start("firefox-esr", "--headless", "--no-remote", "--marionette", "-remote-allow-system-access", "--profile", str(tmp / "profile"))
        # WebSocket over HTTP/2 (RFC 8441): Node's http2 server, TLS with a self-signed
        # certificate (Firefox speaks HTTP/2 only over TLS).
        h2_wire = tmp / "h2-wire.txt"
        h2 = subprocess.Popen(["node", str(HERE / "server_h2.mjs"), str(h2_wire), "120"], stdout=subprocess.PIPE, text=True)
        procs.procs.append(h2)
        h2_port = int(h2.stdout.readline())
        browser = Marionette(marionette_port)
        browser.command("WebDriver:NewSession", {"acceptInsecureCerts": True})
        browser.command("WebDriver:Navigate", {"url": f"http://{record.LOOPBACK}:{page.server_address[1]}/blank"})
        opened = browser.run("chrome", OPEN_NETMONITOR)
        if opened != "ok":
            sys.exit(f"the Network panel did not open: {opened}")
        for name, port, path in cases:
            relay = record.Relay(port)
            url = f"ws://{record.LOOPBACK}:{relay.port}{path}"
            said = browser.run("content", OPEN_SOCKET, url, name == "node-ws")
            time.sleep(1)  # the panel receives the response headers after the page's event
            copies = browser.run("chrome", COPY_HEADERS, url)
            if not isinstance(copies, dict):
                print(f"firefox-copy-{name}: nothing to copy ({copies})", file=sys.stderr)
                continue
            write_case(out, name, copies, relay.transcript())
            print(f"formats/firefox-copy-{name}.txt: firefox says {said}")
        # The HTTP/2 socket opens from a page of the same origin, whose connection it shares.
        browser.command("Marionette:SetContext", {"value": "content"})
        browser.command("WebDriver:Navigate", {"url": f"https://{record.LOOPBACK}:{h2_port}/"})
        url = f"wss://{record.LOOPBACK}:{h2_port}/chat"
        said = browser.run("content", OPEN_SOCKET, url, False)
        time.sleep(1)
        copies = browser.run("chrome", COPY_HEADERS, url)
        if isinstance(copies, dict) and h2_wire.exists():
            # Its curl commands describe the HTTP/1.1 Upgrade curl would send instead: not kept.
            write_case(out, "h2-node-http2", copies, h2_wire.read_bytes(), curl=False)
            print(f"formats/firefox-copy-h2-node-http2.txt: firefox says {said}")
        else:
            print(f"firefox-copy-h2-node-http2: nothing to copy ({copies}, wire: {h2_wire.exists()})", file=sys.stderr)
        browser.command("WebDriver:DeleteSession")
    finally:
        page.shutdown()
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
