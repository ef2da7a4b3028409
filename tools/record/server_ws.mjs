// Node ws echo server for fixture recording and the probe's tests: picks the first offered
// subprotocol, permessage-deflate on.
//   node tools/record/server_ws.mjs PORT [SECONDS] [MODE]
// MODE `no-context-takeover` answers permessage-deflate with server_no_context_takeover and
// client_no_context_takeover; `no-protocol` selects no subprotocol whatever is offered.
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const mode = process.argv[4] ?? 'default';
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: mode === 'no-context-takeover'
    ? { serverNoContextTakeover: true, clientNoContextTakeover: true }
    : true,
  handleProtocols: (protocols) => (mode === 'no-protocol' ? false : [...protocols][0] ?? false),
});
wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
setTimeout(() => process.exit(0), Number(process.argv[3] ?? 120) * 1000);
