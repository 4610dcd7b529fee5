import { BENCH_TRUST_PROXY } from '../../bench/environment';
import { AddressBook } from '../../bench/shoppers';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The benchmark's shoppers stay distinct clients under the rightmost-untrusted rule: the harness names each
 * shopper's address, and in the scale-out run nginx (scripts/topology.sh) appends the harness's own (loopback)
 * address after it, as `$proxy_add_x_forwarded_for` does.
 * A tight per-address limit shows who the platform counts each request against.
 */
describe("benchmark's client addresses (real HTTP)", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: BENCH_TRUST_PROXY, RATE_LIMIT_PER_ADDRESS: '2' });
  });
  afterAll(() => t.close());

  /** An address book that starts at shopper `n` (each case its own shoppers). */
  const bookFrom = (n: number): AddressBook => {
    const book = new AddressBook();
    (book as unknown as { next: number }).next = n;
    return book;
  };

  it.each([
    ['straight to the platform', (address: string) => address, 1],
    ['through nginx, which appends the harness address', (address: string) => `${address}, 127.0.0.1`, 1000],
  ])('%s: distinct shoppers are distinct clients, one shopper is one', async (_how, forwardedFor, first) => {
    const book = bookFrom(first);
    const from = (address: string) =>
      t.http.get('/api/auth/me', { headers: { 'x-forwarded-for': forwardedFor(address) } });
    const distinct = [];
    for (let i = 0; i < 6; i++) distinct.push((await from(book.take())).status);
    expect(distinct).toEqual([401, 401, 401, 401, 401, 401]);
    const same = book.take();
    expect([(await from(same)).status, (await from(same)).status, (await from(same)).status]).toEqual([
      401, 401, 429,
    ]);
    // The IPv6 part of the book gives each shopper its own /64.
    const v6 = bookFrom(200_000 + first);
    const sixes = [];
    for (let i = 0; i < 4; i++) sixes.push((await from(v6.take())).status);
    expect(sixes).toEqual([401, 401, 401, 401]);
  });
});
