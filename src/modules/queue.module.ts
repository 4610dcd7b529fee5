import { Global, Module } from '@nestjs/common';
import { ProducerQueues } from '../infrastructure/queue/producer-queues';

/** The producer side of every queue, shared by the modules that add jobs. */
@Global()
@Module({ providers: [ProducerQueues], exports: [ProducerQueues] })
export class QueueModule {}
