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
// Prints `open` or `error: ...`. The server is server_h2.mjs's.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { LOOPBACK_ONLY_ARGS, openSocket } from './chromium.mjs';
import { startH2Server } from './server_h2.mjs';

const outDir = process.argv[2];
const lines = (pairs) => pairs.map(([n, v]) => `${n}: ${v}\n`).join('');
let wire = null;
const server = await startH2Server((text) => { wire = text; });
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
}
