// Node ws echo server for fixture recording: picks the first offered subprotocol, permessage-deflate on.
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: true,
  handleProtocols: (protocols) => [...protocols][0] ?? false,
});
wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
setTimeout(() => process.exit(0), Number(process.argv[3] ?? 120) * 1000);
