import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { QueueNames } from '../../../config/queue-names';
import { AccessTokens } from '../../../domain/identity/access-tokens';
import { ProducerQueues } from '../../../infrastructure/queue/producer-queues';
import { ForbiddenError, UnauthenticatedError } from '../../../domain/identity/identity.errors';
import { toErrorResponse } from '../common/error-response';

export const QUEUE_BOARD_PATH = '/admin/queues';
/** Set by POST /api/admin/console-session: the admin's access token, sent back only to the board. */
export const CONSOLE_COOKIE = 'fs_console';

/**
 * Bull Board at /admin/queues. It has no sign-in of its own, so every request to it must carry the console
 * cookie (HttpOnly, SameSite=Strict, Path=/admin/queues) holding a valid admin token; anyone else gets 401/403.
 */
export async function installQueueBoard(
  app: NestFastifyApplication,
  fastify: FastifyInstance,
): Promise<void> {
  const queues = app.get(ProducerQueues);
  const tokens = app.get(AccessTokens);
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueNames).map((name) => new BullMQAdapter(queues.get(name))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Flash sale queues' } },
  });
  await fastify.register(
    async (board) => {
      board.addHook('onRequest', async (request, reply) => {
        const token = cookie(request, CONSOLE_COOKIE);
        if (!token) {
          return refuse(reply, new UnauthenticatedError('Sign in to the console first'));
        }
        const principal = await tokens.verify(token).catch(() => undefined);
        if (!principal) {
          return refuse(reply, new UnauthenticatedError('The console session has expired'));
        }
        if (principal.role !== 'admin') {
          return refuse(reply, new ForbiddenError('This needs an administrator'));
        }
      });
      await board.register(serverAdapter.registerPlugin() as never);
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}

export function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function refuse(reply: FastifyReply, error: Error): FastifyReply {
  const { body } = toErrorResponse(error, '');
  return reply.code(body.statusCode).header('Cache-Control', 'no-store').send(body);
}
