import { type Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { QueueNames } from '../../config/queue-names';
import { CircuitBreakers } from '../resilience/circuit-breakers';
import { NotReadyState, ReadinessProbe, ReadinessProbes } from '../../domain/shared/readiness-probe';
import { ProducerQueues } from '../queue/producer-queues';
import { FLASH_SALE_REDIS, type FlashSaleRedis } from '../redis/redis-clients';
import { withTimeout } from '../resilience/with-timeout';

const PROBE_TIMEOUT_MS = 1500;

export class MysqlReadinessProbe extends ReadinessProbe {
  readonly name = 'mysql';
  constructor(private readonly dataSource: DataSource) {
    super();
  }
  async check(): Promise<void> {
    await withTimeout(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS, 'MySQL');
  }
}

/** Runs a Lua script, as the stock gate does: a Redis that answers PING but cannot script is not ready. */
export class RedisReadinessProbe extends ReadinessProbe {
  readonly name = 'redis';
  constructor(private readonly redis: FlashSaleRedis) {
    super();
  }
  async check(): Promise<void> {
    const nonce = randomUUID();
    const echoed = await withTimeout(this.redis.eval('return ARGV[1]', 0, nonce), PROBE_TIMEOUT_MS, 'Redis');
    if (echoed !== nonce) throw new Error('Redis ran the script but answered something else');
  }
}

export class QueueReadinessProbe extends ReadinessProbe {
  readonly name = 'queue';
  constructor(private readonly queue: Queue) {
    super();
  }
  async check(): Promise<void> {
    await withTimeout(this.queue.getJobCounts('waiting'), PROBE_TIMEOUT_MS, 'The queue');
  }
}

/** Down while a circuit of the order path is open: this instance turns orders away until it closes. */
export class CircuitReadinessProbe extends ReadinessProbe {
  readonly name = 'circuits';
  constructor(private readonly breakers: CircuitBreakers) {
    super();
  }
  check(): Promise<void> {
    const open = Object.entries(this.breakers.states()).filter(([, state]) => state === 'open');
    if (open.length === 0) return Promise.resolve();
    return Promise.reject(new NotReadyState(`open: ${open.map(([dependency]) => dependency).join(', ')}`));
  }
}

export const readinessProbesProvider: Provider = {
  provide: ReadinessProbes,
  inject: [getDataSourceToken(), FLASH_SALE_REDIS, ProducerQueues, CircuitBreakers],
  useFactory: (
    dataSource: DataSource,
    redis: FlashSaleRedis,
    queues: ProducerQueues,
    breakers: CircuitBreakers,
  ) =>
    new ReadinessProbes([
      new MysqlReadinessProbe(dataSource),
      new RedisReadinessProbe(redis),
      new QueueReadinessProbe(queues.get(QueueNames.notifications)),
      new CircuitReadinessProbe(breakers),
    ]),
};
