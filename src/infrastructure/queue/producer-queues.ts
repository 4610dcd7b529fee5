import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { QueueNames } from '../../config/queue-names';
import { queueConnection, queuePrefix } from '../../config/redis-url';

type QueueName = (typeof QueueNames)[keyof typeof QueueNames];

/**
 * The queues this process adds jobs to. Unlike a worker's connection, theirs fail at once while Redis is gone
 * (no offline queue), so a request answers 503 or carries on instead of hanging for as long as the outage lasts.
 * Created up front so they are connected before the first request.
 */
@Injectable()
export class ProducerQueues implements OnApplicationShutdown {
  private readonly queues: ReadonlyMap<QueueName, Queue>;
  private readonly connection: ReturnType<typeof queueConnection>;

  constructor(config: AppConfig) {
    const connection = (this.connection = queueConnection(config.redis, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    }));
    const prefix = queuePrefix(config.redis);
    this.queues = new Map(
      Object.values(QueueNames).map((name) => [name, new Queue(name, { connection, prefix })] as const),
    );
  }

  get(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`No producer queue named ${name}`);
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    // A cluster client is shared by the queues, which leave it open.
    if (this.connection instanceof Cluster) await this.connection.quit().catch(() => undefined);
  }
}
