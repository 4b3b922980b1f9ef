// The load command's Node peer (--peer node): the same events as this project's feed, posted
// to /pub by the load command's publisher, fanned out over SSE (/sse) and WebSocket (/ws).
// PORT: where to listen (127.0.0.1); DEFLATE=on: accept permessage-deflate for every message
// (ws's default threshold of 1 kB would leave the ~460-byte events uncompressed).
import http from 'node:http';
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT);
const deflate = process.env.DEFLATE === 'on';
const streams = new Set();

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'POST' && path === '/pub') {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      publish(Buffer.concat(chunks));
      res.writeHead(202).end();
    });
    return;
  }
  if (req.method === 'GET' && path === '/sse') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    res.write(': connected\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  res.writeHead(404).end();
});

const sockets = new WebSocketServer({
  server,
  path: '/ws',
  perMessageDeflate: deflate ? { threshold: 0 } : false,
});

// each event's bytes are made once and written to every subscriber
function publish(json) {
  const seq = /"seq":(\d+)/.exec(json.toString('latin1'))?.[1] ?? '';
  const frame = Buffer.concat([Buffer.from(`id: ${seq}\ndata: `), json, Buffer.from('\n\n')]);
  for (const res of streams) res.write(frame);
  for (const socket of sockets.clients) {
    if (socket.readyState === 1) socket.send(json, { binary: false });
  }
}

server.listen(port, '127.0.0.1', () => console.log(`node peer on 127.0.0.1:${port}, deflate ${deflate}`));
process.on('SIGTERM', () => process.exit(0));
