// Shared by the Chromium clients: Debian's /usr/bin/chromium through playwright-core, with the
// flags that keep it on loopback, and a page served on 127.0.0.1 to open WebSockets from.
import { chromium } from 'playwright-core';
import http from 'node:http';

export const LOOPBACK_ONLY_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1', '--disable-extensions', '--disable-default-apps',
  '--no-default-browser-check', '--disable-domain-reliability', '--disable-client-side-phishing-detection',
  '--no-pings', '--dns-prefetch-disable', '--metrics-recording-only'];

export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: LOOPBACK_ONLY_ARGS });
}

/** Serves an empty page on 127.0.0.1; resolves to the server, whose address() gives the port. */
export async function servePage() {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>wslens recorder</title>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

/**
 * Opens a WebSocket from `page` and sends `hello`; resolves to `open` once the server echoes
 * (or, with `echo: false`, once it opens), or to `error: ...`. Closes it with 1000 `bye`.
 */
export function openSocket(page, url, { protocols = ['chat', 'superchat'], echo = true } = {}) {
  return page.evaluate(([u, p, waitForEcho]) => new Promise((resolve) => {
    const ws = new WebSocket(u, p);
    const done = () => { resolve('open'); setTimeout(() => ws.close(1000, 'bye'), 200); };
    ws.onopen = () => { ws.send('hello'); if (!waitForEcho) done(); };
    ws.onmessage = done;
    ws.onclose = (e) => resolve(`error: close code ${e.code}`);
    setTimeout(() => resolve('error: timeout'), 4000);
  }), [url, protocols, echo]);
}
