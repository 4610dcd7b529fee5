/** Port: one dependency the service needs to do its work (MySQL, Redis, the queue). */
export abstract class ReadinessProbe {
  abstract readonly name: string;
  /** Resolves when the dependency answers; rejects with the reason otherwise. */
  abstract check(): Promise<void>;
}

/**
 * A probe's refusal whose message is a state safe to show anyone (`open: mysql`), unlike a driver's error text,
 * which /health/ready never shows.
 */
export class NotReadyState extends Error {}

/** Every probe the running process registered, checked together for readiness. */
export class ReadinessProbes {
  constructor(readonly all: readonly ReadinessProbe[]) {}
}
