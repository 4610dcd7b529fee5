import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyInstance } from 'fastify';
import { QUEUE_BOARD_PATH, requireConsoleCookie } from '../adapter/http/web/console-cookie';
import { QueueNames } from '../config/queue-names';
import { AccessTokens } from '../domain/identity/access-tokens';
import { AccountDirectory } from '../domain/identity/account-directory';
import { ProducerQueues } from '../infrastructure/queue/producer-queues';

/** Bull Board at /admin/queues over this process's queues, behind the console's admin cookie. */
export async function installQueueBoard(
  app: NestFastifyApplication,
  fastify: FastifyInstance,
): Promise<void> {
  const queues = app.get(ProducerQueues);
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueNames).map((name) => new BullMQAdapter(queues.get(name))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Flash sale queues' } },
  });
  await fastify.register(
    async (board) => {
      requireConsoleCookie(board, app.get(AccessTokens), app.get(AccountDirectory));
      await board.register(serverAdapter.registerPlugin() as never);
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}
