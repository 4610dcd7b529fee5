export class RecordRateLimitViolationCmd {
  constructor(
    /** The client address that was answered 429. */
    readonly ip: string,
  ) {}
}
