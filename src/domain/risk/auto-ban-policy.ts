/** When an address that keeps running into the rate limits is banned, and for how long. */
export class AutoBanPolicy {
  constructor(
    /** Violations (429 answers) within the window that earn a ban. */
    readonly afterViolations: number,
    readonly windowSeconds: number,
    readonly banSeconds: number,
  ) {}

  earnsBan(violationsInWindow: number): boolean {
    return violationsInWindow >= this.afterViolations;
  }
}
