export class FollowMyNotificationsQry {
  constructor(
    readonly userId: string,
    /** When the credential that opened the stream expires: the stream ends then. */
    readonly expiresAtMs: number,
  ) {}
}
