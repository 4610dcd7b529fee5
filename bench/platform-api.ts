import { setTimeout as sleep } from 'node:timers/promises';
import { type Strategy } from './options';

/** The few admin calls the harness makes, over the public REST API (API.md), as an admin would. */
export class PlatformApi {
  constructor(
    readonly origin: string,
    private adminToken = '',
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown, token = this.adminToken): Promise<T> {
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async logInAsAdmin(email: string, password: string): Promise<void> {
    const answer = await this.call<{ accessToken: string }>(
      'POST',
      '/api/auth/login',
      { email, password },
      '',
    );
    this.adminToken = answer.accessToken;
  }

  get token(): string {
    return this.adminToken;
  }

  /** A product and a sale of it opening in `opensInMs`, warmed; resolves once the sale is open. */
  async openSale(input: {
    title: string;
    stock: number;
    strategy: Strategy;
    bucketCount?: number;
    perUserLimit?: number;
    opensInMs?: number;
  }): Promise<{ saleId: string; startsAt: number }> {
    const product = await this.call<{ id: string }>('POST', '/api/admin/products', {
      name: `Bench sneaker (${input.title})`,
      description: 'A numbered pair',
      priceCents: 20000,
    });
    const startsAt = Date.now() + (input.opensInMs ?? 1500);
    const sale = await this.call<{ id: string }>('POST', '/api/admin/flash-sales', {
      productId: product.id,
      title: input.title,
      salePriceCents: 9900,
      stock: input.stock,
      perUserLimit: input.perUserLimit ?? 1,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 3_600_000).toISOString(),
      strategy: input.strategy,
      ...(input.strategy === 'bucketed' ? { bucketCount: input.bucketCount ?? 8 } : {}),
      paymentTimeoutSeconds: 3600,
    });
    await this.call('POST', `/api/admin/flash-sales/${sale.id}/warm-up`);
    const wait = startsAt - Date.now() + 50;
    if (wait > 0) await sleep(wait);
    return { saleId: sale.id, startsAt };
  }

  summary(saleId: string): Promise<{ consistent: boolean; drift?: string[]; [key: string]: unknown }> {
    return this.call('GET', `/api/admin/flash-sales/${saleId}/summary`);
  }
}
