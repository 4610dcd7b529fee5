import { type FastifyRequest } from 'fastify';
import { type IncomingMessage } from 'node:http';
import { type TrustProxy } from '../../../config/app-config';
import {
  canonicalAddress,
  clientSubject,
  parseAddress,
  parseBanText,
  type ParsedAddress,
} from '../../../domain/risk/ip-address';

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

/**
 * Fastify's `trustProxy` from TRUST_PROXY: false, a hop count (Fastify's own rule), or, for a list of addresses
 * and CIDR ranges, a trust function over pre-parsed ranges (proxy-addr's own list matching re-parses every
 * candidate with ipaddr.js: about 5 µs a request, against a fraction of that here).
 */
export function fastifyTrustProxy(
  trust: TrustProxy,
): false | number | ((address: string, hop: number) => boolean) {
  if (trust === false || typeof trust === 'number') return trust;
  const ranges = trust.map((entry) => {
    const range = parseBanText(entry.toLowerCase());
    if (range === null) throw new Error(`TRUST_PROXY: not an address or CIDR range: ${entry}`);
    return range;
  });
  return (address: string) => {
    const parsed = parseAddress(address);
    return parsed !== null && ranges.some((range) => inRange(parsed, range.address, range.prefix));
  };
}

function inRange(address: ParsedAddress, network: ParsedAddress, prefix: number): boolean {
  if (address.version === 4) {
    if (network.version !== 4) return false;
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return (address.value & mask) >>> 0 === (network.value & mask) >>> 0;
  }
  if (network.version !== 6) return false;
  for (let i = 0, bits = prefix; bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((address.hextets[i] & mask) !== (network.hextets[i] & mask)) return false;
  }
  return true;
}
