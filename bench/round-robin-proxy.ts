/**
 * A small round-robin HTTP load balancer for the scale-out run, standing in for nginx (bench/nginx.conf is
 * the same set-up for a machine that has it): each request goes to the next upstream in turn over kept-alive
 * connections, and the client's address is appended to X-Forwarded-For as nginx's
 * `proxy_add_x_forwarded_for` does. The platform takes the rightmost entry that is not a trusted proxy
 * (bench/environment.ts trusts loopback, where the harness and this proxy run), so each shopper's address
 * written by the harness still arrives as that shopper's.
 *
 * Run: `node -r ts-node/register/transpile-only bench/round-robin-proxy.ts --port 8080 \
 *        --upstream http://127.0.0.1:3001 --upstream http://127.0.0.1:3002`
 */
import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
]);

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    upstream: { type: 'string', multiple: true, default: [] },
    connections: { type: 'string', default: '128' },
  },
});
const upstreams = values.upstream.map(
  (origin) =>
    new Pool(origin, {
      connections: Number(values.connections),
      pipelining: 1,
      keepAliveTimeout: 60_000,
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
    }),
);
if (upstreams.length === 0) throw new Error('round-robin-proxy: give at least one --upstream');
let turn = 0;

function forwardedHeaders(headers: IncomingHttpHeaders, clientAddress: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const previous = out['x-forwarded-for'];
  out['x-forwarded-for'] = previous ? `${previous}, ${clientAddress}` : clientAddress;
  return out;
}

const server = createServer((request, response) => {
  const upstream = upstreams[turn];
  turn = (turn + 1) % upstreams.length;
  const method = request.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  upstream
    .request({
      method,
      path: request.url ?? '/',
      headers: forwardedHeaders(request.headers, request.socket.remoteAddress ?? '127.0.0.1'),
      body: hasBody ? request : undefined,
    })
    .then(async (answer) => {
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
      }
      response.writeHead(answer.statusCode, headers);
      await pipeline(answer.body, response);
    })
    .catch((cause) => {
      if (!response.headersSent) {
        const body = JSON.stringify({
          statusCode: 502,
          code: 'BAD_GATEWAY',
          message: String(cause),
          details: [],
        });
        response.writeHead(502, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
        response.end(body);
      } else {
        response.destroy();
      }
    });
});
server.keepAliveTimeout = 65_000;

server.listen(Number(values.port), values.host, () => {
  const address = server.address();
  console.log(
    `round-robin proxy listening on ${typeof address === 'object' && address ? address.port : '?'} -> ${values.upstream.join(', ')}`,
  );
});

process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void Promise.all(upstreams.map((pool) => pool.close())).finally(() => process.exit(0));
});
