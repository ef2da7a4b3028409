// Records what Chrome's DevTools shows for a WebSocket handshake over HTTP/1.1 (the raw
// request and response heads its "Copy request headers" / "Copy response headers" give),
// next to the bytes on the wire, for the same handshake.
// Usage: node devtools_chromium.mjs OUT_DIR
// Headless Chromium -> a recording TCP relay -> Node ws, all on 127.0.0.1. Writes
//   devtools-copy-chromium-node-ws.txt      the request head, then the response head, as CDP
//                                           (Network.webSocketHandshakeResponseReceived) gives
//                                           DevTools their texts
//   devtools-chromium-node-ws.wire.txt      the same handshake's bytes, from the relay
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { launchChromium, openSocket, servePage } from './chromium.mjs';

const outDir = process.argv[2];
const listen = (server) => new Promise((r) => server.listen(0, '127.0.0.1', r));

const backend = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: true,
  handleProtocols: (protocols) => [...protocols][0] ?? false });
await new Promise((r) => backend.on('listening', r));
backend.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));

// Records the first connection's bytes in each direction while forwarding them.
const sent = [];
const received = [];
const relay = net.createServer((client) => {
  const upstream = net.connect(backend.address().port, '127.0.0.1');
  client.on('data', (d) => { sent.push(d); upstream.write(d); });
  upstream.on('data', (d) => { received.push(d); client.write(d); });
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  relay.close();
});
await listen(relay);

const page = await servePage();
const browser = await launchChromium();
let result = 'error: not run';
try {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  let response = null;
  cdp.on('Network.webSocketHandshakeResponseReceived', (e) => { response = e.response; });
  await tab.goto(`http://127.0.0.1:${page.address().port}/`);
  result = await openSocket(tab, `ws://127.0.0.1:${relay.address().port}/chat`);
  await tab.waitForTimeout(300);
  if (response?.requestHeadersText && response?.headersText) {
    fs.writeFileSync(path.join(outDir, 'devtools-copy-chromium-node-ws.txt'), response.requestHeadersText + response.headersText);
  }
  // The wire: the request head, then the response head and the first frame bytes.
  const request = Buffer.concat(sent);
  const answer = Buffer.concat(received);
  const end = answer.indexOf('\r\n\r\n') + 4;
  fs.writeFileSync(path.join(outDir, 'devtools-chromium-node-ws.wire.txt'),
    Buffer.concat([request.subarray(0, request.indexOf('\r\n\r\n') + 4), answer.subarray(0, end + 64)]));
} finally {
  await browser.close();
  page.close();
  backend.close();
}
console.log(`devtools-chromium-node-ws: chromium says ${result}`);
