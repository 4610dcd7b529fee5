import Fastify from 'fastify';
import { type TrustProxy } from '../../../config/app-config';
import { clientAddress, clientRateSubject, fastifyTrustProxy } from './client-address';

/** Fastify's own request.ip under each TRUST_PROXY, as the platform reads it (inject: no socket needed). */
async function resolve(trust: TrustProxy, peer: string, forwarded?: string): Promise<string> {
  const app = Fastify({ trustProxy: fastifyTrustProxy(trust) });
  app.get('/', (request) => ({ address: clientAddress(request), subject: clientRateSubject(request) }));
  const res = await app.inject({
    url: '/',
    remoteAddress: peer,
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  });
  await app.close();
  return res.json<{ address: string }>().address;
}

describe('clientAddress', () => {
  it('is the peer when no proxy is trusted, whatever the header says', async () => {
    expect(await resolve(false, '203.0.113.9', '1.2.3.4')).toBe('203.0.113.9');
    expect(await resolve(false, '::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('with a hop count, is the entry that many hops from the right; leftmost entries are never believed', async () => {
    expect(await resolve(1, '10.0.0.1', '1.2.3.4, 203.0.113.9')).toBe('203.0.113.9');
    expect(await resolve(2, '10.0.0.1', '1.2.3.4, 203.0.113.9, 10.0.0.2')).toBe('203.0.113.9');
    expect(await resolve(1, '10.0.0.1')).toBe('10.0.0.1');
  });

  it('with a list, is the rightmost entry that is not a trusted proxy', async () => {
    const trust = ['10.0.0.0/8', '::1', '2001:db8:ffff::/48'];
    expect(await resolve(trust, '10.0.0.1', '1.2.3.4, 203.0.113.9, 10.9.9.9')).toBe('203.0.113.9');
    expect(await resolve(trust, '::1', '203.0.113.9, 2001:db8:ffff::1')).toBe('203.0.113.9');
    expect(await resolve(trust, '::ffff:10.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
    // An untrusted peer is the client, whatever it forwards.
    expect(await resolve(trust, '198.51.100.1', '203.0.113.9')).toBe('198.51.100.1');
  });

  it('falls back to the peer when the entry is no address, and writes addresses in one spelling', async () => {
    expect(await resolve(1, '10.0.0.1', 'x'.repeat(8000))).toBe('10.0.0.1');
    expect(await resolve(1, '10.0.0.1', 'unknown')).toBe('10.0.0.1');
    expect(await resolve(1, '10.0.0.1', '2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
  });
});
