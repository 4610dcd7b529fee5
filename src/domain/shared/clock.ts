/**
 * Port: the time of the business (when a sale opens, when a ban or an order expires). Executors ask it instead of
 * `new Date()`, so a unit spec can give them a fixed time; the system clock is the binding everywhere else.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
