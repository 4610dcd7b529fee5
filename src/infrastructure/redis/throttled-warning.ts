import { type Logger } from '@nestjs/common';

/** Logs a warning at most once per interval, counting the ones it held back: an outage must not flood the log. */
export class ThrottledWarning {
  private lastAt = Number.NEGATIVE_INFINITY;
  private held = 0;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
  ) {}

  warn(message: string): void {
    const now = Date.now();
    if (now - this.lastAt < this.intervalMs) {
      this.held++;
      return;
    }
    this.logger.warn(this.held > 0 ? `${message} (and ${this.held} similar warnings held back)` : message);
    this.lastAt = now;
    this.held = 0;
  }
}
