import { type FastifyAdapter } from '@nestjs/platform-fastify';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { PlaceOrderCmd } from '../../../app/ordering/executor/place-order.cmd';
import { type PlaceOrderCmdExe } from '../../../app/ordering/executor/place-order.cmd-exe';
import { type AccessTokens } from '../../../domain/identity/access-tokens';
import { type BannedAddresses } from '../../../domain/risk/banned-addresses';
import { type DomainError } from '../../../domain/shared/domain-error';
import { bearerToken } from '../common/access-token.guard';
import { toErrorResponse } from '../common/error-response';
import { clientAddress } from '../risk/client-address';
import { PLACE_ORDER_ROUTE } from './order-routes';
import { MAX_UNITS_PER_ORDER } from './place-order-request.dto';

/** `{"quantity":100}` and some white space: anything longer is not a plain attempt. */
const MAX_PLAIN_BODY_BYTES = 64;

export interface SoldOutFastPathDeps {
  placeOrder: PlaceOrderCmdExe;
  tokens: AccessTokens;
  banned: BannedAddresses;
}

/**
 * Once a sale is sold out, nearly every attempt is a loser, and answering it is the platform's busiest job. This
 * answers those attempts from process memory before Nest's pipeline and the rate limiter's Redis round trips: a
 * refusal costs less than counting it would. Anything unusual (a body beyond `{ quantity }`, an Idempotency-Key,
 * a bad token, a banned address, a sale this process has not seen sell out) takes the full path, so the answers
 * are the same either way.
 *
 * Where it sits: when request logs are off, in the adapter's first `onRequest` hook, ahead of Nest's middleware
 * (the per-request logger and its async context) and of Fastify's body parser, reading the few bytes of the body
 * itself; a body read there that turns out not to be plain is handed back to the parser. When every request
 * must be logged, after the middleware and the parser, so that these answers are logged like any other.
 */
export function answerSoldOutAtOnce(
  adapter: FastifyAdapter,
  deps: SoldOutFastPathDeps,
  { beforeMiddleware }: { beforeMiddleware: boolean },
): void {
  const fastPath = new SoldOutFastPath(deps);
  const fastify = adapter.getInstance();
  if (!beforeMiddleware) {
    fastify.addHook('preHandler', async (request, reply) => {
      if (isOrderAttempt(request)) await fastPath.answer(request, reply, () => request.body);
    });
    return;
  }
  const bodies = new WeakMap<IncomingMessage, Buffer>();
  adapter.setOnRequestHook((request, reply, done) => {
    if (!isOrderAttempt(request)) return done();
    const readBody = () => readSmallJsonBody(request.raw, bodies);
    fastPath.answer(request, reply, readBody).then(
      (answered) => {
        if (!answered) done();
      },
      () => done(),
    );
  });
  // The bytes a declined attempt's body had are handed to Fastify's parser as if they came off the socket.
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const body = bodies.get(request.raw);
    if (!body) return done(null, payload);
    bodies.delete(request.raw);
    done(null, Readable.from([body], { objectMode: false }));
  });
}

function isOrderAttempt(request: FastifyRequest): boolean {
  return request.method === 'POST' && request.routeOptions.url === PLACE_ORDER_ROUTE;
}

class SoldOutFastPath {
  /** Refusal bodies are the same for every shopper: serialized once each. */
  private readonly payloads = new Map<string, { statusCode: number; payload: string }>();

  constructor(private readonly deps: SoldOutFastPathDeps) {}

  /** True when the attempt was answered here; false leaves it to the full path. */
  async answer(request: FastifyRequest, reply: FastifyReply, body: () => unknown): Promise<boolean> {
    const saleId = (request.params as { id?: string }).id;
    const token = bearerToken(request.headers.authorization);
    if (!saleId || !token || request.headers['idempotency-key'] !== undefined) return false;
    if (!this.deps.placeOrder.knowsSoldOut(saleId)) return false;
    if (this.deps.banned.isBanned(clientAddress(request))) return false;
    const userId = await this.verifiedUser(token);
    const quantity = userId === null ? null : plainQuantity(await body());
    if (userId === null || quantity === null) return false;
    const refusal = await this.deps.placeOrder.refuseAtOnce(
      new PlaceOrderCmd(saleId, userId, quantity, null, {}),
    );
    if (!refusal) return false;
    const { statusCode, payload } = this.payloadOf(refusal);
    void reply
      .code(statusCode)
      .header('Content-Type', 'application/json; charset=utf-8')
      .header('X-Request-Id', request.id)
      .send(payload);
    return true;
  }

  private async verifiedUser(token: string): Promise<string | null> {
    try {
      return (await this.deps.tokens.verify(token)).userId;
    } catch {
      return null;
    }
  }

  private payloadOf(refusal: DomainError): { statusCode: number; payload: string } {
    const key = `${refusal.code}\n${refusal.message}`;
    let answer = this.payloads.get(key);
    if (answer === undefined) {
      const { body } = toErrorResponse(refusal, '');
      answer = { statusCode: body.statusCode, payload: JSON.stringify(body) };
      this.payloads.set(key, answer);
    }
    return answer;
  }
}

/**
 * The body of a plain attempt, read off the socket ahead of Fastify's parser: small, JSON, of a known length.
 * Undefined for anything else (left to the parser, which then reports what is wrong with it).
 */
function readSmallJsonBody(raw: IncomingMessage, bodies: WeakMap<IncomingMessage, Buffer>): Promise<unknown> {
  const length = Number(raw.headers['content-length']);
  const json = raw.headers['content-type']?.startsWith('application/json') ?? false;
  const chunked = raw.headers['transfer-encoding'] !== undefined;
  if (!json || chunked || !(length > 0 && length <= MAX_PLAIN_BODY_BYTES)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A client gone mid-body ends the read too (resolving twice is a no-op), so no attempt waits forever.
    raw.once('error', () => resolve(undefined));
    raw.once('close', () => resolve(undefined));
    raw.once('end', () => {
      const bytes = Buffer.concat(chunks);
      // Kept until the attempt is answered here, or handed to the parser when it is not.
      bodies.set(raw, bytes);
      resolve(parseJson(bytes));
    });
  });
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

function plainQuantity(body: unknown): number | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const keys = Object.keys(body);
  if (keys.length === 0) return 1;
  const { quantity } = body as { quantity?: unknown };
  const valid =
    keys.length === 1 &&
    Number.isInteger(quantity) &&
    (quantity as number) >= 1 &&
    (quantity as number) <= MAX_UNITS_PER_ORDER;
  return valid ? (quantity as number) : null;
}
