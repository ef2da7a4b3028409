// Records a packet capture of a WebSocket that crosses an application-level proxy, one that
// opens its own WebSocket to the backend (as socket.io gateways, websockify and most "ws
// relays" do) and so sends a new Sec-WebSocket-Key on the second hop.
// Usage: node relay_new_key.mjs OUT_PCAP
// headless Chromium -> relay (Node ws server + ws client) -> backend (Node ws); tcpdump on lo
// captures both hops. Everything stays on 127.0.0.1 and is stopped before exit.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { WebSocketServer, WebSocket } from 'ws';
import { launchChromium, openSocket, servePage } from './chromium.mjs';

const out = process.argv[2];
const listen = (server) => new Promise((r) => server.on('listening', r));

// The backend: echoes, picks the first offered subprotocol, permessage-deflate on.
const backend = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: true,
  handleProtocols: (protocols) => [...protocols][0] ?? false });
await listen(backend);
backend.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));

// The relay: answers the browser, opens its own socket to the backend with the same
// subprotocols (ws makes a new key), and forwards messages both ways, holding the browser's
// first messages until the backend socket is open.
const relay = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false,
  handleProtocols: (protocols) => [...protocols][0] ?? false });
await listen(relay);
relay.on('connection', (client, request) => {
  const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const upstream = new WebSocket(`ws://127.0.0.1:${backend.address().port}${request.url}`, protocols);
  upstream.on('message', (data, binary) => client.send(data, { binary }));
  const early = [];
  upstream.on('open', () => early.splice(0).forEach(([data, binary]) => upstream.send(data, { binary })));
  client.on('message', (data, binary) => {
    if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary });
    else early.push([data, binary]);
  });
  const close = () => { client.terminate(); upstream.terminate(); };
  client.on('close', close);
  upstream.on('close', close);
  upstream.on('error', close);
});

const ports = [relay.address().port, backend.address().port];
const page = await servePage();
const browser = await launchChromium();

/** One capture: tcpdump on both ports while Chromium opens a socket through the relay. */
async function capture() {
  const tcpdump = spawn('tcpdump', ['-i', 'lo', '-U', '-w', out, ports.map((p) => `tcp port ${p}`).join(' or ')],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  tcpdump.stderr.on('data', (d) => { said += d; });
  for (let i = 0; i < 100 && !said.includes('istening on'); i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 1000));
  let result = 'error: not run';
  const tab = await browser.newPage();
  try {
    await tab.goto(`http://127.0.0.1:${page.address().port}/`);
    result = await openSocket(tab, `ws://127.0.0.1:${ports[0]}/chat`);
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await tab.close();
    tcpdump.kill('SIGTERM');
    await once(tcpdump, 'exit');
  }
  // Both hops' requests must be in the file.
  const hops = fs.readFileSync(out).toString('latin1').split('Sec-WebSocket-Key:').length - 1;
  return { result, hops };
}

// tcpdump sometimes misses a short connection right after it says it listens (see record.py):
// capture again, three times at most, until both hops are in the file.
let outcome = { result: 'error: not run', hops: 0 };
try {
  for (let attempt = 0; attempt < 3 && outcome.hops < 2; attempt++) outcome = await capture();
} finally {
  await browser.close();
  page.close();
  relay.close();
  backend.close();
}
console.log(`${out}: chromium says ${outcome.result} (${fs.statSync(out).size} bytes, ${outcome.hops} of 2 requests)`);
if (outcome.hops < 2) {
  console.error('the capture missed a hop three times');
  process.exitCode = 1;
}
