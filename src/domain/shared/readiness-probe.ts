/** Port: one dependency the service needs to do its work (MySQL, Redis, the queue). */
export abstract class ReadinessProbe {
  abstract readonly name: string;
  /** Resolves when the dependency answers; rejects with the reason otherwise. */
  abstract check(): Promise<void>;
}

/** Every probe the running process registered, checked together for readiness. */
export class ReadinessProbes {
  constructor(readonly all: readonly ReadinessProbe[]) {}
}
