import { type FastifyRequest } from 'fastify';
import { type IncomingMessage } from 'node:http';
import { canonicalAddress, clientSubject } from '../../../domain/risk/ip-address';

const RESOLVED = Symbol('clientAddress');
type Resolved = IncomingMessage & { [RESOLVED]?: string };

/** The peer's address could not be read (a socket already gone): one shared, harmless name. */
const UNKNOWN_PEER = '0.0.0.0';

/**
 * API.md "Client address". Fastify's request.ip applies TRUST_PROXY (a hop count or the proxies' addresses, see
 * create-http-app.ts): it walks X-Forwarded-For from the right past the trusted proxies and stops at the first
 * entry that is not one, so whatever a client writes to the left is never believed. That entry is validated and
 * put in canonical form here; anything that is not an address (junk, an 8,000-character header) falls back to the
 * socket's peer, so only an address ever becomes a key. Resolved once per request.
 */
export function clientAddress(request: Pick<FastifyRequest, 'ip' | 'raw'>): string {
  const raw = request.raw as Resolved;
  let address = raw[RESOLVED];
  if (address === undefined) {
    address =
      canonicalAddress(request.ip) ?? canonicalAddress(raw.socket?.remoteAddress ?? '') ?? UNKNOWN_PEER;
    raw[RESOLVED] = address;
  }
  return address;
}

/** Who the limits and automatic bans count the request against: the address, or an IPv6 address's /64. */
export function clientRateSubject(request: Pick<FastifyRequest, 'ip' | 'raw'>): string {
  return clientSubject(clientAddress(request));
}
