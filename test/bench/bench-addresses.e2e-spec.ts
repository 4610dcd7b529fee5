import { spawn } from 'node:child_process';
import { BENCH_TRUST_PROXY } from '../../bench/environment';
import { freePort } from '../../bench/processes';
import { AddressBook } from '../../bench/shoppers';
import { eventually } from '../support/accounts';
import { HttpClient } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The benchmark's shoppers stay distinct clients under the rightmost-untrusted rule: the harness names each
 * shopper's address, and in the scale-out run the round-robin proxy appends the harness's own (loopback) address.
 * A tight per-address limit shows who the platform counts each request against.
 */
describe("benchmark's client addresses (real HTTP, the bench's proxy)", () => {
  let t: TestApp;
  let proxyUrl: string;
  let stopProxy: () => void;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: BENCH_TRUST_PROXY, RATE_LIMIT_PER_ADDRESS: '2' });
    const port = await freePort();
    const proxy = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        'bench/round-robin-proxy.ts',
        '--port',
        String(port),
        '--upstream',
        t.baseUrl,
      ],
      { stdio: 'ignore' },
    );
    stopProxy = () => proxy.kill('SIGTERM');
    proxyUrl = `http://127.0.0.1:${port}`;
    await eventually(
      () =>
        fetch(`${proxyUrl}/health/live`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        ),
      20_000,
    );
  }, 30_000);
  afterAll(async () => {
    stopProxy();
    await t.close();
  });

  /** An address book that starts at shopper `n` (each case its own shoppers). */
  const bookFrom = (n: number): AddressBook => {
    const book = new AddressBook();
    (book as unknown as { next: number }).next = n;
    return book;
  };

  it.each([
    ['straight to the platform', () => t.baseUrl, 1],
    ['through the round-robin proxy', () => proxyUrl, 1000],
  ])('%s: distinct shoppers are distinct clients, one shopper is one', async (_how, origin, first) => {
    const http = new HttpClient(origin());
    const book = bookFrom(first);
    const from = (address: string) => http.get('/api/auth/me', { headers: { 'x-forwarded-for': address } });
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
