import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';

/**
 * A processor whose worker's own trouble (Redis gone, a lost lock, a job pulled from under it when another
 * instance re-schedules a repeating job: "Missing key for job") is logged as a warning, never left as an
 * unhandled `error` event.
 */
export abstract class LoggedWorkerHost extends WorkerHost {
  private readonly workerLogger = new Logger(this.constructor.name);

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.workerLogger.warn(`Worker: ${error.message}`);
  }
}
