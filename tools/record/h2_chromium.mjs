// Records a WebSocket over HTTP/2 (RFC 8441) between headless Chromium and Node's http2
// server on 127.0.0.1, which sends SETTINGS_ENABLE_CONNECT_PROTOCOL = 1.
// Usage: node h2_chromium.mjs OUT_DIR
// Writes, for the same handshake:
//   h2-chromium-node-http2.wire.txt   the fields as the server decoded them (HPACK order), then
//                                     the fields it answered, as pseudo-header lines
//   h2-devtools-chromium-node-http2.txt  the heads as Chrome DevTools reports them (CDP
//                                     Network.webSocketHandshakeResponseReceived's texts)
//   h2-chromium-node-http2.har.json   Playwright's recordHar of the page
// Chrome rebuilds both views as an HTTP/1.1 Upgrade; the wire file is what was sent.
// Prints `open` or `error: ...`. A self-signed certificate is made with openssl in a temp dir.
import http2 from 'node:http2';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { LOOPBACK_ONLY_ARGS, openSocket } from './chromium.mjs';

const outDir = process.argv[2];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wslens-h2-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
  '-keyout', path.join(tmp, 'key.pem'), '-out', path.join(tmp, 'cert.pem')], { stdio: 'ignore' });

const lines = (pairs) => pairs.map(([n, v]) => `${n}: ${v}\n`).join('');
let wire = null;
const server = http2.createSecureServer({
  key: fs.readFileSync(path.join(tmp, 'key.pem')),
  cert: fs.readFileSync(path.join(tmp, 'cert.pem')),
  settings: { enableConnectProtocol: true },
});
server.on('stream', (stream, headers, _flags, rawHeaders) => {
  if (headers[':method'] === 'CONNECT' && headers[':protocol'] === 'websocket') {
    const offered = (headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const answer = [[':status', '200']];
    if (offered.length) answer.push(['sec-websocket-protocol', offered[0]]);
    const received = [];
    for (let i = 0; i < rawHeaders.length; i += 2) received.push([rawHeaders[i], rawHeaders[i + 1]]);
    wire = lines(received) + '\n' + lines(answer);
    stream.respond(Object.fromEntries(answer));
    setTimeout(() => stream.close(), 1000);
    return;
  }
  stream.respond({ ':status': 200, 'content-type': 'text/html' });
  stream.end('<!doctype html><title>wslens h2 recorder</title>');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: [...LOOPBACK_ONLY_ARGS, '--ignore-certificate-errors'] });
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true,
    recordHar: { path: path.join(outDir, 'h2-chromium-node-http2.har.json') } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const devtools = {};
  cdp.on('Network.webSocketWillSendHandshakeRequest', (e) => { devtools.request = e.request.headers; });
  cdp.on('Network.webSocketHandshakeResponseReceived', (e) => { devtools.response = e.response; });
  await page.goto(`https://127.0.0.1:${port}/`);
  // Node's http2 stream answers the CONNECT but does not speak WebSocket frames: no echo.
  const result = await openSocket(page, `wss://127.0.0.1:${port}/chat`, { echo: false });
  await page.waitForTimeout(500);
  await context.close();
  if (wire) fs.writeFileSync(path.join(outDir, 'h2-chromium-node-http2.wire.txt'), wire);
  if (devtools.request && devtools.response) {
    // Chrome's own text of both heads (it ends each with a blank line), as DevTools' raw view
    // shows them; the header objects only when it has none.
    const response = devtools.response.headersText
      ?? `${lines([[':status', String(devtools.response.status)], ...Object.entries(devtools.response.headers)])}\n`;
    const request = devtools.response.requestHeadersText ?? `${lines(Object.entries(devtools.request))}\n`;
    fs.writeFileSync(path.join(outDir, 'h2-devtools-chromium-node-http2.txt'), request + response);
  }
  console.log(result, wire ? 'over HTTP/2' : 'not over HTTP/2');
} finally {
  await browser.close();
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
