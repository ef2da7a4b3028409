// Node ws client: connects offering chat/superchat, prints `open` or `error: <reason>`.
import WebSocket from 'ws';

const ws = new WebSocket(process.argv[2], ['chat', 'superchat'], { origin: 'http://127.0.0.1', handshakeTimeout: 3000 });
let finished = false;
const done = (line) => { if (!finished) { finished = true; console.log(line); } process.exit(0); };
ws.on('open', () => { if (!finished) { finished = true; console.log('open'); } ws.send('hello'); setTimeout(() => { ws.close(); process.exit(0); }, 300); });
ws.on('error', (e) => done(`error: ${e.message}`));
ws.on('unexpected-response', (_req, res) => done(`error: Unexpected server response: ${res.statusCode}`));
setTimeout(() => done('error: timeout'), 5000);
