// HTTP/2 servers for the probe's --http2 tests, on 127.0.0.1 (Node's http2, a real HTTP/2
// stack). TLS with a self-signed certificate made by openssl in a temp dir, or cleartext with
// prior knowledge (h2c).
//   node tools/record/server_h2_probe.mjs PORT MODE [SECONDS]
// MODE: `ok` sends SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 and answers the extended CONNECT
// with 200 and the first offered subprotocol; `refuses` advertises the setting and answers
// 400 (a WebSocket handler that only knows the HTTP/1.1 Upgrade behind an HTTP/2 layer that
// advertises it); `off` does not send the setting; `ok-cleartext` is `ok` without TLS;
// `tunnel` is `ok` that also answers 200 to a CONNECT without :protocol.
import http2 from 'node:http2';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const [port, mode, seconds] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4] ?? 60)];
const settings = { enableConnectProtocol: mode !== 'off' };
let server;
if (mode === 'ok-cleartext') {
  server = http2.createServer({ settings });
} else {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wslens-h2-probe-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', path.join(tmp, 'key.pem'), '-out', path.join(tmp, 'cert.pem')], { stdio: 'ignore' });
  server = http2.createSecureServer({
    key: fs.readFileSync(path.join(tmp, 'key.pem')),
    cert: fs.readFileSync(path.join(tmp, 'cert.pem')),
    settings,
  });
  fs.rmSync(tmp, { recursive: true, force: true });
}
server.on('stream', (stream, headers) => {
  if (headers[':method'] === 'CONNECT' && (headers[':protocol'] === 'websocket' || mode === 'tunnel') && mode !== 'refuses') {
    const offered = (headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const answer = { ':status': 200 };
    if (offered.length) answer['sec-websocket-protocol'] = offered[0];
    stream.respond(answer);
    stream.write(Buffer.from([0x81, 0x02, 0x68, 0x69])); // a text frame "hi"
    stream.on('data', () => {});
    return;
  }
  stream.respond({ ':status': 400, 'content-type': 'text/plain; charset=utf-8' });
  stream.end('Bad Request\n');
});
server.on('sessionError', () => {});
server.listen(port, '127.0.0.1');
setTimeout(() => process.exit(0), seconds * 1000).unref();
