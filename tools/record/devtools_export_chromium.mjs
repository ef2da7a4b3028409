// Records what Chrome's own DevTools exports for WebSocket handshakes, next to the bytes on the
// wire of the same handshakes: "Copy request headers" + "Copy response headers", "Copy as cURL
// (bash)" and "(cmd)", and "Save all as HAR (with sensitive data)".
// Usage: node devtools_export_chromium.mjs OUT_DIR
//
// Headless Chromium opens sockets to three servers on 127.0.0.1, each behind a recording TCP
// relay: Node ws (101), a raw server whose accept hashes the decoded key, and a server that
// answers 403. The DevTools front end that ships inside Chromium is loaded from Chromium's own
// remote-debugging server, attached to the tab, and its menu actions are called as the Network
// panel calls them; the clipboard is read where DevTools writes it (InspectorFrontendHost).
// Writes, for each CASE in node-ws, wrong-accept, forbidden:
//   devtools-export-CASE.wire.txt         the request head, then the response head (and, after a
//                                         101, the first frame bytes), from the relay
//   devtools-copy-export-CASE.txt         DevTools' request headers copy, then its response one
//                                         (not for a failed handshake: DevTools copies nothing)
//   devtools-export-CASE.curl-bash.txt    Copy as cURL (bash)
//   devtools-export-CASE.curl-cmd.txt     Copy as cURL (cmd)
//   devtools-export-CASE.har.json         the saved HAR, with only this case's socket
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { LOOPBACK_ONLY_ARGS, openSocket, servePage } from './chromium.mjs';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: node devtools_export_chromium.mjs OUT_DIR');
const listen = (server) => new Promise((r) => server.listen(0, '127.0.0.1', r));
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

// The three servers.
const nodeWs = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: true,
  handleProtocols: (protocols) => [...protocols][0] ?? false });
await new Promise((r) => nodeWs.on('listening', r));
nodeWs.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));

// The accept of the key's decoded bytes, a real server bug (RULES.md §2.C4).
const wrongAccept = net.createServer((socket) => {
  let head = '';
  socket.on('data', (d) => {
    head += d.toString('latin1');
    if (!head.includes('\r\n\r\n')) return;
    const key = /^sec-websocket-key:\s*(\S+)/im.exec(head)?.[1] ?? '';
    const accept = crypto.createHash('sha1')
      .update(Buffer.concat([Buffer.from(key, 'base64'), Buffer.from(GUID)])).digest('base64');
    const protocol = /^sec-websocket-protocol:\s*([^,\r\n]+)/im.exec(head)?.[1];
    socket.end(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade',
      `Sec-WebSocket-Accept: ${accept}`, ...(protocol ? [`Sec-WebSocket-Protocol: ${protocol}`] : []),
      '', ''].join('\r\n'));
  });
});
await listen(wrongAccept);

// An Origin check that refuses the page.
const forbidden = http.createServer((_req, res) => { res.writeHead(404); res.end(); });
forbidden.on('upgrade', (_req, socket) => {
  socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 18\r\nConnection: close\r\n\r\norigin not allowed');
});
await listen(forbidden);

// Records the first connection's bytes in each direction while forwarding them.
async function recordingRelay(port) {
  const relay = { sent: [], received: [] };
  relay.server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    client.on('data', (d) => { relay.sent.push(d); upstream.write(d); });
    upstream.on('data', (d) => { relay.received.push(d); client.write(d); });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    relay.server.close();
  });
  await listen(relay.server);
  return relay;
}

/** The request head, then the response head and up to 64 bytes after it. */
function wireText(relay) {
  const request = Buffer.concat(relay.sent);
  const answer = Buffer.concat(relay.received);
  const requestEnd = request.indexOf('\r\n\r\n') + 4;
  const answerEnd = answer.indexOf('\r\n\r\n') + 4;
  return Buffer.concat([request.subarray(0, requestEnd), answer.subarray(0, answerEnd + 64)]);
}

/** A free port on 127.0.0.1 for Chromium's remote-debugging server. */
async function freePort() {
  const probe = net.createServer();
  await listen(probe);
  const { port } = probe.address();
  await new Promise((r) => probe.close(r));
  return port;
}

const cases = [
  ['node-ws', nodeWs.address().port, '/chat'],
  ['wrong-accept', wrongAccept.address().port, '/wrong-accept'],
  ['forbidden', forbidden.address().port, '/forbidden'],
];
const page = await servePage();
const debugPort = await freePort();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: [...LOOPBACK_ONLY_ARGS, `--remote-debugging-port=${debugPort}`] });
try {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`http://127.0.0.1:${page.address().port}/`);
  const targets = await (await fetch(`http://127.0.0.1:${debugPort}/json/list`)).json();
  const target = targets.find((t) => t.type === 'page' && t.url.includes(`:${page.address().port}/`));
  // The DevTools front end bundled in Chromium, attached to the tab.
  const devtools = await context.newPage();
  await devtools.goto(`http://127.0.0.1:${debugPort}/devtools/inspector.html?ws=127.0.0.1:${debugPort}/devtools/page/${target.id}`);
  await devtools.waitForFunction(async () => {
    const { SDK } = await import('./core/sdk/sdk.js').then((m) => ({ SDK: m }));
    return SDK.TargetManager.TargetManager.instance().primaryPageTarget() !== null;
  }, null, { timeout: 20000 });
  await devtools.waitForTimeout(500);

  for (const [name, port, urlPath] of cases) {
    const relay = await recordingRelay(port);
    const url = `ws://127.0.0.1:${relay.server.address().port}${urlPath}`;
    const result = await openSocket(tab, url, { echo: name === 'node-ws' });
    await tab.waitForTimeout(500);
    const exported = await devtools.evaluate(async (socketUrl) => {
      const Host = await import('./core/host/host.js');
      const Logs = await import('./models/logs/logs.js');
      const Network = await import('./panels/network/network.js');
      const HAR = await import('./models/har/har.js');
      const clipboard = [];
      Host.InspectorFrontendHost.InspectorFrontendHostInstance.copyText = (text) => clipboard.push(text);
      const request = Logs.NetworkLog.NetworkLog.instance().requests().find((r) => r.url() === socketUrl);
      if (!request) return null;
      const view = Network.NetworkLogView.NetworkLogView;
      view.copyRequestHeaders(request);
      view.copyResponseHeaders(request);
      const headers = clipboard.join('');
      const curlBash = await view.generateCurlCommand(request, 'unix');
      const curlCmd = await view.generateCurlCommand(request, 'win');
      // What "Save all as HAR (with sensitive data)" writes, for this socket's entry.
      const progress = { createSubProgress: () => ({}) };
      const har = await HAR.Writer.Writer.harStringForRequests([request], { sanitize: false }, progress);
      return { headers, curlBash, curlCmd, har };
    }, url);
    if (!exported) throw new Error(`${name}: DevTools has no request for ${url}`);
    const stem = path.join(outDir, `devtools-export-${name}`);
    fs.writeFileSync(`${stem}.wire.txt`, wireText(relay));
    // DevTools keeps no header text for a socket whose handshake failed: the copy is empty.
    if (exported.headers) {
      fs.writeFileSync(path.join(outDir, `devtools-copy-export-${name}.txt`), exported.headers);
    }
    fs.writeFileSync(`${stem}.curl-bash.txt`, `${exported.curlBash}\n`);
    fs.writeFileSync(`${stem}.curl-cmd.txt`, `${exported.curlCmd}\r\n`);
    fs.writeFileSync(`${stem}.har.json`, exported.har);
    console.log(`devtools-export-${name}: chromium says ${result}${exported.headers ? '' : '; DevTools has no headers to copy'}`);
  }
} finally {
  await browser.close();
  page.close();
  nodeWs.close();
  wrongAccept.close();
  forbidden.close();
}
