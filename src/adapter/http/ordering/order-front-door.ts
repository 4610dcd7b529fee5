import { type CanActivate, Logger } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { type FastifyAdapter } from '@nestjs/platform-fastify';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { PlaceOrderCmd } from '../../../app/ordering/executor/place-order.cmd';
import { type PlaceOrderCmdExe } from '../../../app/ordering/executor/place-order.cmd-exe';
import { type AccessTokens } from '../../../domain/identity/access-tokens';
import { type Principal } from '../../../domain/identity/principal';
import { type BannedAddresses } from '../../../domain/risk/banned-addresses';
import { type DomainError } from '../../../domain/shared/domain-error';
import { bearerToken } from '../common/access-token.guard';
import { toErrorResponse } from '../common/error-response';
import { sendErrorReply } from '../common/http-error.filter';
import { clientAddress } from '../risk/client-address';
import { OrderResponseDto, OrderTicketResponseDto } from './order-response.dto';
import { PLACE_ORDER_ROUTE } from './order-routes';
import { OrdersController } from './orders.controller';
import { MAX_UNITS_PER_ORDER } from './place-order-request.dto';

/** `{"quantity":100}` and some white space: anything longer is not a plain attempt. */
const MAX_PLAIN_BODY_BYTES = 64;

export interface OrderFrontDoorDeps {
  placeOrder: PlaceOrderCmdExe;
  tokens: AccessTokens;
  banned: BannedAddresses;
  /**
   * The route's rate limits as Nest runs them, in its order: the global per-address guard, then the order
   * route's per-user guard (the same instances' logic, store and keys; a refusal throws TOO_MANY_REQUESTS).
   */
  rateLimits: readonly CanActivate[];
}

/**
 * The order attempt is the platform's hot path: a spike is tens of thousands of them in a second. A plain
 * attempt (a bearer token, a body of at most `{ quantity }`, no Idempotency-Key) is answered here, ahead of
 * Nest's pipeline: the sold-out crowd from process memory without counting it (a refusal costs less than
 * counting it would), every other attempt after the same two rate-limit guards the controller's route runs,
 * through the same use case, with the same answer bodies and error table. Nest's router, guard chain, pipes and
 * parameter decorators cost an accepted attempt a third of its API time (bench/README.md), and the body is read
 * here with no parser. Anything unusual (a larger or odd body, an Idempotency-Key, a bad or missing token, a
 * banned address) takes the full path, which then answers it as it always has.
 *
 * Where it sits: when request logs are off, in the adapter's first `onRequest` hook, ahead of Nest's middleware
 * (the per-request logger and its async context) and of Fastify's body parser, reading the few bytes of the body
 * itself; a body read there that turns out not to be plain is handed back to the parser. When every request
 * must be logged, after the middleware and the parser, so that these answers are logged like any other.
 */
export function answerOrderAttempts(
  adapter: FastifyAdapter,
  deps: OrderFrontDoorDeps,
  { beforeMiddleware }: { beforeMiddleware: boolean },
): void {
  const frontDoor = new OrderFrontDoor(deps);
  const fastify = adapter.getInstance();
  if (!beforeMiddleware) {
    fastify.addHook('preHandler', async (request, reply) => {
      if (isOrderAttempt(request)) await frontDoor.answer(request, reply, () => request.body);
    });
    return;
  }
  const bodies = new WeakMap<IncomingMessage, Buffer>();
  adapter.setOnRequestHook((request, reply, done) => {
    if (!isOrderAttempt(request)) return done();
    const readBody = () => readSmallJsonBody(request.raw, bodies);
    frontDoor.answer(request, reply, readBody).then(
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

class OrderFrontDoor {
  private readonly logger = new Logger('HttpError');
  /** Refusal bodies are the same for every shopper: serialized once each. */
  private readonly payloads = new Map<string, { statusCode: number; payload: string }>();

  constructor(private readonly deps: OrderFrontDoorDeps) {}

  /** True when the attempt was answered here; false leaves it to the full path. */
  async answer(request: FastifyRequest, reply: FastifyReply, body: () => unknown): Promise<boolean> {
    const saleId = (request.params as { id?: string }).id;
    const token = bearerToken(request.headers.authorization);
    if (!saleId || !token || request.headers['idempotency-key'] !== undefined) return false;
    if (this.deps.banned.isBanned(clientAddress(request))) return false;
    const principal = await this.verified(token);
    const quantity = principal === null ? null : plainQuantity(await body());
    if (principal === null || quantity === null) return false;
    const cmd = new PlaceOrderCmd(saleId, principal.userId, quantity, null, {});
    // Answered here from now on: the id hook (create-http-app.ts) may not have run before this one.
    void reply.header('X-Request-Id', request.id);
    if (this.deps.placeOrder.knowsSoldOut(saleId)) {
      const refusal = await this.deps.placeOrder.refuseAtOnce(cmd);
      if (refusal) {
        this.sendRefusal(reply, refusal);
        return true;
      }
    }
    (request as FastifyRequest & { principal?: Principal }).principal = principal;
    try {
      await this.passRateLimits(request, reply);
      const placement = await this.deps.placeOrder.execute(cmd);
      if (placement.kind === 'queued') {
        void reply.code(202).send(OrderTicketResponseDto.from(placement.ticketId));
      } else {
        void reply.code(201).send(OrderResponseDto.from(placement.order));
      }
    } catch (error) {
      sendErrorReply(request, reply, error, this.logger);
    }
    return true;
  }

  /** The guards as Nest would call them for OrdersController.place (their reflector reads its metadata). */
  private async passRateLimits(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const context = new ExecutionContextHost([request, reply, undefined], OrdersController, PLACE);
    for (const guard of this.deps.rateLimits) await guard.canActivate(context);
  }

  private async verified(token: string): Promise<Principal | null> {
    try {
      return await this.deps.tokens.verify(token);
    } catch {
      return null;
    }
  }

  private sendRefusal(reply: FastifyReply, refusal: DomainError): void {
    const key = `${refusal.code}\n${refusal.message}`;
    let answer = this.payloads.get(key);
    if (answer === undefined) {
      const { body } = toErrorResponse(refusal, '');
      answer = { statusCode: body.statusCode, payload: JSON.stringify(body) };
      this.payloads.set(key, answer);
    }
    void reply
      .code(answer.statusCode)
      .header('Content-Type', 'application/json; charset=utf-8')
      .send(answer.payload);
  }
}

// eslint-disable-next-line @typescript-eslint/unbound-method -- the handler's identity, for metadata lookups only
const PLACE = OrdersController.prototype.place;

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
