import { type FastifyRequest } from 'fastify';
import { canonicalAddress } from '../../../domain/risk/ip-address';

/**
 * API.md "Client address": behind a load balancer (TRUST_PROXY=true) Fastify's request.ip is the first
 * X-Forwarded-For entry, otherwise the socket's peer. Canonical, so it matches bans however they were written.
 */
export function clientAddress(request: Pick<FastifyRequest, 'ip'>): string {
  return canonicalAddress(request.ip) ?? request.ip;
}
