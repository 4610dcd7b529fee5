/**
 * The machine's own limit: a bare `node:http` hello server, the least a Node process can do for a request on
 * this host (no framework, no routing, no guards, no Redis). The benchmark drives it with the same load
 * generator, the same connections and the same requests as the platform's ceiling, in the same run, so every
 * scenario can also be read against what the machine can do at all rather than only against the platform
 * itself. It answers `/health/live`'s body to any request.
 *
 * Run: BARE_PORT=<port> node -r ts-node/register/transpile-only bench/bare-server.ts
 */
import { createServer } from 'node:http';

const BODY = JSON.stringify({ status: 'ok' });
const LENGTH = String(Buffer.byteLength(BODY));

const server = createServer((request, response) => {
  // Reads (and drops) a body, so a POST is answered the same way; a GET has none.
  request.resume();
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': LENGTH });
  response.end(BODY);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.BARE_PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
