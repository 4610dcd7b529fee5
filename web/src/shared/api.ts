/** The platform's REST API (docs/API.md), from the same origin. */

export interface FieldProblem {
  field: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: FieldProblem[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly retryAfterMs: number | undefined,
  ) {
    super(body.message);
  }
  get code(): string {
    return this.body.code;
  }
}

export interface Product {
  id: string;
  name: string;
  description: string | null;
  imageUrl: string | null;
  priceCents: number;
  createdAt?: string;
}

export interface Sale {
  id: string;
  title: string;
  product: Product;
  salePriceCents: number;
  stock: number;
  remaining: number;
  perUserLimit: number;
  startsAt: string;
  endsAt: string;
  status: 'upcoming' | 'active' | 'ended';
  captchaRequired: boolean;
  captchaKind?: 'pow' | 'image';
  serverTime: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface Order {
  id: string;
  saleId: string;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  status: 'pending_payment' | 'paid' | 'cancelled' | 'expired';
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
}

export interface OrderTicket {
  ticketId: string;
  status: 'queued' | 'succeeded' | 'failed';
  orderId?: string;
  reason?: string;
  pollUrl?: string;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: 'customer' | 'admin';
}

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  data?: Record<string, unknown>;
}

const TOKEN_KEY = 'flash-sale-token';

/** The access token, kept for the tab's lifetime and across reloads (per page: storefront or console). */
export const session = {
  key: TOKEN_KEY,
  get(): string | null {
    return localStorage.getItem(this.key);
  },
  set(token: string | null): void {
    if (token) localStorage.setItem(this.key, token);
    else localStorage.removeItem(this.key);
  },
};

/**
 * The server's clock, never the device's: each `serverTime` (and each response's Date header, to the second)
 * is anchored to performance.now(), a monotonic clock the user cannot set.
 */
export const serverClock = {
  anchorMs: 0,
  anchorPerf: 0,
  precise: false,
  set(serverMs: number, precise: boolean): void {
    if (!precise && this.precise) return;
    this.anchorMs = serverMs;
    this.anchorPerf = performance.now();
    this.precise = precise;
  },
  now(): number {
    if (this.anchorPerf === 0) return Number.NaN;
    return this.anchorMs + (performance.now() - this.anchorPerf);
  },
};

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Busy (503) and rate-limited (429) answers are retried this many times, honouring Retry-After. */
  retries?: number;
  onRetry?: (attempt: number, delayMs: number) => void;
  token?: string | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with full jitter, never sooner than the server's Retry-After. */
export function retryDelay(attempt: number, retryAfterMs: number | undefined): number {
  const backoff = Math.min(8000, 250 * 2 ** attempt);
  const jittered = backoff / 2 + Math.random() * (backoff / 2);
  return Math.max(retryAfterMs ?? 0, jittered);
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const retries = options.retries ?? 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await once<T>(path, options);
    } catch (error) {
      const retriable = error instanceof ApiError && (error.status === 503 || error.status === 429);
      if (!retriable || attempt >= retries) throw error;
      const delay = retryDelay(attempt, error.retryAfterMs);
      options.onRetry?.(attempt + 1, delay);
      await sleep(delay);
    }
  }
}

async function once<T>(path: string, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const token = options.token === undefined ? session.get() : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? 'GET', headers, body });
  } catch {
    throw new ApiError(0, networkError(), 1000);
  }
  const date = response.headers.get('date');
  if (date) serverClock.set(Date.parse(date), false);
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(
      response.status,
      isErrorBody(parsed)
        ? parsed
        : { statusCode: response.status, code: 'HTTP', message: response.statusText, details: [] },
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    );
  }
  return parsed as T;
}

function networkError(): ErrorBody {
  return { statusCode: 0, code: 'NETWORK', message: 'The network is unreachable', details: [] };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

/** A refusal in words a shopper understands. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'SOLD_OUT':
      return 'Sold out: every unit has been sold.';
    case 'INSUFFICIENT_STOCK': {
      const left = error.body.details.find((d) => d.field === 'quantity')?.message;
      return `Not enough left for that quantity${left ? ` (${left})` : ''}. Try fewer.`;
    }
    case 'LIMIT_EXCEEDED':
      return 'You have reached the limit per shopper for this sale.';
    case 'SALE_NOT_STARTED':
      return 'The sale has not started yet.';
    case 'SALE_ENDED':
      return 'The sale has ended.';
    case 'IP_BANNED':
      return 'Your network address is blocked from this shop. Contact support if this is a mistake.';
    case 'CAPTCHA_INVALID':
      return 'The check did not match. Please try again.';
    case 'TOO_MANY_REQUESTS':
      return 'Too many tries in a short time. Please wait a moment.';
    case 'BUSY':
      return 'The shop is very busy right now. Please try again in a moment.';
    case 'UNAUTHENTICATED':
      return 'Please sign in again.';
    case 'PAYMENT_DECLINED':
      return 'The payment was declined. The order is still yours: try another payment.';
    case 'ORDER_NOT_PAYABLE':
      return 'This order can no longer be paid (it expired or was cancelled).';
    case 'NETWORK':
      return 'You seem to be offline. Check your connection.';
    default:
      return error.message;
  }
}

export function money(cents: number): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(cents / 100);
}

/** "2d 03:04:05" / "04:05" */
export function duration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = h > 0 || days > 0 ? `${pad(h)}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}
