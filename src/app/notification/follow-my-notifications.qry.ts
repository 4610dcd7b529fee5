export class FollowMyNotificationsQry {
  constructor(readonly userId: string) {}
}
