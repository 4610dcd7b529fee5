import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { PlaceOrderCmd } from '../../../app/ordering/place-order.cmd';
import { type PlaceOrderCmdExe } from '../../../app/ordering/place-order.cmd-exe';
import { type AccessTokens } from '../../../domain/identity/access-tokens';
import { bearerToken } from '../common/access-token.guard';
import { toErrorResponse } from '../common/error-response';
import { MAX_UNITS_PER_ORDER } from './place-order-request.dto';

const PLACE_ORDER_ROUTE = '/api/flash-sales/:id/orders';

/**
 * Once a sale is sold out, nearly every attempt is a loser, and answering it is the platform's busiest job. This
 * hook answers those attempts from process memory right after the token check, before Nest's guards, pipes and
 * the rate limiter's Redis round trips: a refusal costs less than counting it would. Bans still apply (they run
 * earlier). Anything unusual (a body beyond `{ quantity }`, an Idempotency-Key, a bad token, a sale this process
 * has not seen sell out) takes the full path, so the answers are the same either way.
 */
export function answerSoldOutAtOnce(
  fastify: FastifyInstance,
  placeOrder: PlaceOrderCmdExe,
  tokens: AccessTokens,
): void {
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== PLACE_ORDER_ROUTE) return;
    const cmd = await plainAttempt(request, tokens);
    const refusal = cmd && (await placeOrder.refuseAtOnce(cmd));
    if (!refusal) return;
    const { body } = toErrorResponse(refusal, request.id);
    return reply.code(body.statusCode).header('Content-Type', 'application/json; charset=utf-8').send(body);
  });
}

/** The attempt, when it is a signed-in shopper's plain one; otherwise null (the full path decides). */
async function plainAttempt(request: FastifyRequest, tokens: AccessTokens): Promise<PlaceOrderCmd | null> {
  const quantity = plainQuantity(request.body);
  const saleId = (request.params as { id?: string }).id;
  const token = bearerToken(request.headers.authorization);
  if (quantity === null || !saleId || !token || request.headers['idempotency-key'] !== undefined) return null;
  try {
    const principal = await tokens.verify(token);
    return new PlaceOrderCmd(saleId, principal.userId, quantity, null, {});
  } catch {
    return null;
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
