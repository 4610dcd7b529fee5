import { randomInt } from 'node:crypto';
import { HttpClient, type HttpResult, type RequestOptions } from '../support/http-client';

/**
 * A client that always comes from `address`: the test plays the one trusted load balancer (the app runs with
 * TRUST_PROXY=1), which tells the platform the address it saw.
 */
export class AddressedClient extends HttpClient {
  constructor(
    baseUrl: string,
    readonly address: string,
  ) {
    super(baseUrl);
  }

  override request<T>(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions,
  ): Promise<HttpResult<T>> {
    return super.request(method, path, body, {
      ...options,
      headers: { ...options.headers, 'x-forwarded-for': this.address },
    });
  }
}

/** A client that comes from a fresh address on every request, so per-address limits never touch it. */
export class RoamingClient extends HttpClient {
  override request<T>(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions,
  ): Promise<HttpResult<T>> {
    return super.request(method, path, body, {
      ...options,
      headers: { ...options.headers, 'x-forwarded-for': randomAddress() },
    });
  }
}

/** An address from the 100.64.0.0/10 range, unlikely to repeat within a suite. */
export function randomAddress(): string {
  return `100.${64 + randomInt(64)}.${randomInt(256)}.${1 + randomInt(254)}`;
}

export const IP_BANNED_BODY = {
  statusCode: 403,
  code: 'IP_BANNED',
  message: expect.any(String),
  details: [],
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
