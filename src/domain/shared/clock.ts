/** Port: the time. Tests and the benchmark may move it; the system clock is the default. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
