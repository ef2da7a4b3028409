// An HTTP/2 server on 127.0.0.1 that accepts WebSockets by extended CONNECT (RFC 8441): it
// sends SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, answers `:status: 200` with the first offered
// subprotocol, and records the fields as it decoded them (HPACK order), then its answer, as
// pseudo-header lines. It speaks no WebSocket frames. Other requests get an empty page.
// TLS with a self-signed certificate made by openssl in a temp dir (browsers speak HTTP/2 only
// over TLS).
//   import { startH2Server } from './server_h2.mjs'   (h2_chromium.mjs)
//   node server_h2.mjs WIRE_FILE SECONDS              (firefox_copy.py: prints the port, writes
//                                                      the last handshake's fields to WIRE_FILE,
//                                                      stops after SECONDS)
import http2 from 'node:http2';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const lines = (pairs) => pairs.map(([n, v]) => `${n}: ${v}\n`).join('');

/** Starts the server; `onWire(text)` gets each WebSocket handshake's fields. */
export async function startH2Server(onWire) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wslens-h2-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', path.join(tmp, 'key.pem'), '-out', path.join(tmp, 'cert.pem')], { stdio: 'ignore' });
  const server = http2.createSecureServer({
    key: fs.readFileSync(path.join(tmp, 'key.pem')),
    cert: fs.readFileSync(path.join(tmp, 'cert.pem')),
    settings: { enableConnectProtocol: true },
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  server.on('stream', (stream, headers, _flags, rawHeaders) => {
    if (headers[':method'] === 'CONNECT' && headers[':protocol'] === 'websocket') {
      const offered = (headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const answer = [[':status', '200']];
      if (offered.length) answer.push(['sec-websocket-protocol', offered[0]]);
      const received = [];
      for (let i = 0; i < rawHeaders.length; i += 2) received.push([rawHeaders[i], rawHeaders[i + 1]]);
      onWire(lines(received) + '\n' + lines(answer));
      stream.respond(Object.fromEntries(answer));
      setTimeout(() => stream.close(), 1000);
      return;
    }
    stream.respond({ ':status': 200, 'content-type': 'text/html' });
    stream.end('<!doctype html><title>wslens h2 recorder</title>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [wireFile, seconds] = process.argv.slice(2);
  const server = await startH2Server((text) => fs.writeFileSync(wireFile, text));
  console.log(server.address().port);
  setTimeout(() => server.close(() => process.exit(0)), Number(seconds) * 1000).unref();
  setTimeout(() => process.exit(0), Number(seconds) * 1000 + 2000);
}
