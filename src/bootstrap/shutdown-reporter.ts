import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

/** Logs the end of a shutdown, after the HTTP server, the workers and the pools have closed. */
@Injectable()
export class ShutdownReporter implements OnApplicationShutdown {
  onApplicationShutdown(signal?: string): void {
    new Logger('Shutdown').log(`Stopped cleanly (${signal ?? 'close'})`);
  }
}
