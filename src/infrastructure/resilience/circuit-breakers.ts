export type Dependency = 'mysql' | 'redis';
export type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * Circuit breakers around the dependencies of the order path: a call that takes too long fails; after repeated
 * failures the circuit opens and calls fail at once (503 BUSY with Retry-After) instead of piling up, until a
 * trial call succeeds and it closes again by itself. Infrastructure's own token, not a domain port: only the
 * guarded repository and gate (and the health probes) use it, and it names infrastructure's dependencies.
 */
export abstract class CircuitBreakers {
  abstract run<T>(dependency: Dependency, work: () => Promise<T>): Promise<T>;
  abstract states(): Record<Dependency, CircuitState>;
}
