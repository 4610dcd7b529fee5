export class BanAddressCmd {
  constructor(
    readonly ip: string,
    /** Defaults to "banned by an administrator". */
    readonly reason: string | undefined,
    /** Undefined: until lifted. */
    readonly ttlSeconds: number | undefined,
    /** The admin's user id; null for an automatic ban. */
    readonly createdBy: string | null,
  ) {}
}
