/** Port: how often an address ran into a rate limit (answered 429) lately. */
export abstract class RateLimitViolations {
  /**
   * Counts one more violation by `ip` in a window of `windowSeconds` that opens with its first violation;
   * returns the count within the window.
   */
  abstract record(ip: string, windowSeconds: number): Promise<number>;
  /** Starts the address's count afresh (after a ban, or when an admin lifts one). */
  abstract forget(ip: string): Promise<void>;
}
